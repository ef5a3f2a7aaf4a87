"""`faststream run services.<stage>.main:create_app --factory` with a bad setting: one line and exit 2.

FastStream prints a factory's exception as a traceback; a user who mistyped a CLAIMWATCH_ variable or
pointed at a missing webhooks file gets the same one-line message as from `claimwatch`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run_factory(app: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMWATCH_")}
    return subprocess.run(
        [sys.executable, "-m", "faststream", "run", f"services.{app}.main:create_app", "--factory"],
        cwd=ROOT,
        env={**clean, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("app", ["extractor", "detector", "notifier"])
def test_a_bad_setting_is_one_line_and_exit_2(app: str, tmp_path: Path) -> None:
    result = _run_factory(app, {"CLAIMWATCH_BATCH_SIZE": "many"}, tmp_path)
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [lines[0]] and lines[0].startswith("claimwatch: invalid settings: CLAIMWATCH_BATCH_SIZE")
    assert "Traceback" not in result.stderr


def test_a_missing_webhooks_file_stops_the_notifier_in_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-webhooks.yaml"
    result = _run_factory("notifier", {"CLAIMWATCH_WEBHOOKS_FILE": str(missing)}, tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"claimwatch: {missing}: cannot read the webhooks file" in result.stderr
