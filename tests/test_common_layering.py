"""Shared plumbing (services/common) never imports a service: the CLI composes the stages.

Every import statement of every module under services/common (also those inside functions)
is read from the source; relative imports are resolved.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
COMMON = REPO_ROOT / "services" / "common"
SERVICES = ("services.extractor", "services.detector", "services.notifier", "services.cli")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module an import statement in `path` names, with its line (relative imports resolved)."""
    package = ["services", "common"]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from services import extractor` imports services.extractor.
            found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names)
    return found


def names_a_service(module: str) -> bool:
    return any(module == service or module.startswith(service + ".") for service in SERVICES)


def common_modules() -> list[Path]:
    return sorted(COMMON.rglob("*.py"))


def test_the_scan_reads_common_and_recognises_a_service_import(tmp_path: Path) -> None:
    assert COMMON / "worker.py" in common_modules() and len(common_modules()) > 10
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def later():\n    from services.extractor.main import run_extractor\n"
        "from services import notifier\nimport services.cli.stages\nfrom services.common import stage\n"
    )
    flagged = sorted(name for _, name in imported_modules(sample) if names_a_service(name))
    assert flagged == ["services.cli.stages", "services.extractor.main.run_extractor", "services.notifier"]


@pytest.mark.parametrize("path", common_modules(), ids=lambda path: path.name)
def test_common_imports_no_service(path: Path) -> None:
    offending = [f"line {line}: {name}" for line, name in imported_modules(path) if names_a_service(name)]
    assert offending == [], f"{path.relative_to(REPO_ROOT)} imports {offending}"
