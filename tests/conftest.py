"""Fixtures shared by every test folder, and the strict mode CI runs the tests in.

Strict mode (``CLAIMWATCH_TEST_STRICT=1``, set by ``.ci/run``): a test that skips because a
service is missing (Redis, redis-server, redis-cli, Prometheus, promtool) fails instead, so a
broken install cannot hide behind a row of "s".  A skip counts as a missing service when the
test is marked ``redis`` or ``prometheus``, or its reason names one of them.  Skips for data
that is not committed (``../shared`` absent: realnews, PolNeAR, the corpus) stay skips.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Generator, Iterator

import pytest

STRICT_ENV = "CLAIMWATCH_TEST_STRICT"
SERVICE_MARKERS = ("redis", "prometheus")
MISSING_SERVICE = re.compile(r"no redis server|redis-server|redis-cli|prometheus|promtool", re.IGNORECASE)
MISSING_DATA = re.compile(r"\.\./shared|\bshared/|realnews|polnear|corpus", re.IGNORECASE)


def strict_mode() -> bool:
    """True when missing services must fail the run (CLAIMWATCH_TEST_STRICT=1)."""
    return os.environ.get(STRICT_ENV, "").strip().lower() not in {"", "0", "false", "no"}


def skip_hides_missing_service(item: pytest.Item, reason: str) -> bool:
    """True for a skip that strict mode turns into a failure: a missing service, not missing data."""
    if MISSING_DATA.search(reason):
        return False
    marked = any(item.get_closest_marker(name) is not None for name in SERVICE_MARKERS)
    return marked or bool(MISSING_SERVICE.search(reason))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if (
        report.skipped
        and not hasattr(report, "wasxfail")
        and call.excinfo is not None
        and call.excinfo.errisinstance(pytest.skip.Exception)
        and strict_mode()
    ):
        reason = str(call.excinfo.value.msg if hasattr(call.excinfo.value, "msg") else call.excinfo.value)
        if skip_hides_missing_service(item, reason):
            report.outcome = "failed"
            report.longrepr = f"{STRICT_ENV}=1: a missing service fails instead of skipping: {reason}"
    return report


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes a test starts (workers, servers): whatever still runs is killed afterwards."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
