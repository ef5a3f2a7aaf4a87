"""Helpers shared by the streaming tests (settings with a prefix, waiting on a condition)."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis.asyncio as aioredis

from schemas import Alert, Article, Claim
from services.common.settings import Settings


def redis_test_url(db: int) -> str:
    """The test Redis server with database `db`."""
    base = os.environ.get("CLAIMWATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379")
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, ""))


def make_settings(prefix: str, url: str, **overrides: Any) -> Settings:
    """Settings whose every stream and key carries `prefix`, tuned for quick tests."""
    values: dict[str, Any] = {
        "redis_url": url,
        "key_prefix": prefix,
        "articles_stream": f"{prefix}:articles",
        "claims_stream": f"{prefix}:claims",
        "alerts_stream": f"{prefix}:alerts",
        "dlq_stream": f"{prefix}:dlq",
        "block_ms": 50,
        "claim_idle_ms": 400,
        "max_deliveries": 3,
        "batch_size": 16,
    }
    values.update(overrides)
    return Settings(**values)


async def wait_for(
    condition: Callable[[], Awaitable[bool]], *, timeout: float = 20.0, what: str = "condition"
) -> None:
    """Poll `condition` until it holds; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        if await condition():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.05)


SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"


def seed_articles(copies: int = 1) -> list[Article]:
    """The seed articles; with copies > 1, each again under another id and outlet (a re-report)."""
    from services.cli.publishing import read_input_articles

    articles, errors = read_input_articles([SEEDS_DIR])
    assert articles and not errors
    result = list(articles)
    for copy in range(1, copies):
        result += [
            a.model_copy(update={"id": f"{a.id}~{copy}", "source": f"{a.source}-{copy}"}) for a in articles
        ]
    return result


def comparable_alerts(alerts: list[Alert]) -> list[dict[str, Any]]:
    """Alerts without the time they were detected, sorted by id."""
    dumped = [alert.model_dump(mode="json", exclude={"detected_at"}) for alert in alerts]
    return sorted(dumped, key=lambda alert: alert["alert_id"])


def comparable_claims(claims: list[Claim]) -> list[dict[str, Any]]:
    return sorted((claim.model_dump(mode="json") for claim in claims), key=lambda claim: claim["claim_id"])


async def stream_records(redis: Any, streams: list[str], model: type[Any]) -> list[Any]:
    """Every record the streams hold, decoded from their `data` field."""
    records = []
    for stream in streams:
        records += [model.model_validate_json(fields[b"data"]) for _, fields in await redis.xrange(stream)]
    return records


@asynccontextmanager
async def running_pipeline(
    settings: Settings, redis: Any, stages: tuple[str, ...] = ("extractor", "detector")
) -> AsyncIterator[None]:
    """Run `stages` in this process for the block; stop them gracefully after it."""
    from services.cli.stages import stages_named
    from services.common.worker import run_workers

    stop = asyncio.Event()
    task = asyncio.create_task(run_workers(settings, redis, stages_named(stages), stop))
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=30)


async def until_idle(redis: Any, settings: Settings, stages: tuple[str, ...], timeout: float = 60) -> None:
    """Wait until every group of `stages` has nothing undelivered or unacked."""
    from services.cli.publishing import pipeline_idle

    await wait_for(lambda: pipeline_idle(redis, settings, stages), timeout=timeout, what="pipeline idle")


def alert_keys(alerts: list[Alert]) -> list[tuple[str, str]]:
    """(alert_id, kind) of each alert, sorted.

    Used where claims reach the detector in another order than `analyze` gives them (several
    partitions or replicas): the engine keeps alert ids stable across orders, but an alert's
    evidence is the pair of claims that raised it first, which depends on the order.
    """
    return sorted((alert.alert_id, alert.kind.value) for alert in alerts)


def free_redis_port() -> int:
    """A port in 6390-6489 nothing listens on, for a redis-server of a test's own (skips if none)."""
    for port in range(6390, 6490):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip("no free port in 6390-6489 for a Redis of our own")


def start_redis_server(port: int) -> subprocess.Popen[bytes]:
    """Start a redis-server without persistence on `port` (a restart loses everything); skips if absent."""
    executable = next(
        (p for p in ("/usr/bin/redis-server", shutil.which("redis-server")) if p and Path(p).exists()), None
    )
    if executable is None:
        pytest.skip("redis-server is not installed")
    return subprocess.Popen(
        [executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def redis_answers(url: str) -> bool:
    """Whether a Redis server answers PING at `url` (a probe for wait_for: any failure is a no)."""
    client = aioredis.Redis.from_url(url)
    try:
        return bool(await client.ping())
    except Exception:
        return False
    finally:
        await client.aclose()
