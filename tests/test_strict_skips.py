"""CLAIMWATCH_TEST_STRICT=1 turns skips for a missing service into failures, and only those.

Runs pytest in a subprocess on a small test file, with this project's tests/conftest.py as its
conftest, once without the flag and once with it, and compares the outcomes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent

SAMPLE = """
import pytest

@pytest.mark.redis
def test_redis_marked_without_a_server():
    pytest.skip("no Redis server for the tests (ConnectionError)")

def test_unmarked_needing_promtool():
    pytest.skip("promtool is not installed (apt-get install prometheus)")

@pytest.mark.redis
def test_redis_marked_but_data_missing():
    pytest.skip("../shared/realnews-dev is absent")

def test_data_missing():
    pytest.skip("../shared/corpus/news_bodies.csv is absent")

def test_other_reason():
    pytest.skip("no Compose client: install docker compose")

@pytest.mark.skipif(True, reason="redis-server is not installed")
def test_skipif_naming_a_service():
    pass

@pytest.mark.redis
@pytest.mark.xfail(reason="known")
def test_expected_failure():
    assert False

def test_passes():
    assert True
"""

PYTEST_INI = """[pytest]
markers =
    redis: needs Redis
    prometheus: needs Prometheus
"""


def outcomes(folder: Path, strict: str | None) -> tuple[dict[str, int], str]:
    env = {name: value for name, value in os.environ.items() if name != "CLAIMWATCH_TEST_STRICT"}
    if strict is not None:
        env["CLAIMWATCH_TEST_STRICT"] = strict
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", "-p", "no:randomly", "."],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    summary = result.stdout.strip().splitlines()[-1]
    counts = {word: int(number) for number, word in re.findall(r"(\d+) (\w+)", summary)}
    return counts, result.stdout


def sample_folder(tmp_path: Path) -> Path:
    shutil.copy(TESTS_DIR / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text(PYTEST_INI, encoding="utf-8")
    (tmp_path / "test_sample.py").write_text(SAMPLE, encoding="utf-8")
    return tmp_path


def test_without_the_flag_every_skip_stays_a_skip(tmp_path: Path) -> None:
    counts, output = outcomes(sample_folder(tmp_path), None)
    assert counts == {"passed": 1, "skipped": 6, "xfailed": 1}, output
    counts, output = outcomes(tmp_path, "0")
    assert counts == {"passed": 1, "skipped": 6, "xfailed": 1}, output


def test_with_the_flag_missing_services_fail_and_missing_data_skips(tmp_path: Path) -> None:
    counts, output = outcomes(sample_folder(tmp_path), "1")
    # A skip in the test body fails it; one at setup (a fixture, skipif) is an error: both fail the run.
    assert counts == {"failed": 2, "error": 1, "passed": 1, "skipped": 3, "xfailed": 1}, output
    failed = set(re.findall(r"^(?:FAILED|ERROR) test_sample.py::(\w+)", output, flags=re.MULTILINE))
    assert failed == {
        "test_redis_marked_without_a_server",
        "test_unmarked_needing_promtool",
        "test_skipif_naming_a_service",
    }
    assert "CLAIMWATCH_TEST_STRICT=1: a missing service fails instead of skipping" in output


def test_ci_runs_the_readme_command_in_strict_mode() -> None:
    script = (TESTS_DIR.parent / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    readme = (TESTS_DIR.parent / "README.md").read_text(encoding="utf-8")
    command = 'pip install -e ".[test]" && python -m pytest -q'
    assert command in readme
    assert script[-1] == command
    assert "export CLAIMWATCH_TEST_STRICT=1" in script[:-1]
