"""Fixtures for the notifier tests: Redis DB 4 with a key prefix of their own, a receiver, alerts."""

from __future__ import annotations

import asyncio
import base64
import os
import secrets
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis.asyncio as aioredis

from schemas import Alert, Evidence
from services.common.settings import Settings
from services.notifier.main import run_notifier
from services.notifier.subscriptions import Subscription, parse_subscriptions
from tests.notifier.receiver import WebhookReceiver

TEST_DB = 4


def redis_test_url() -> str:
    """The test Redis server with DB 4 (the notifier tests' own)."""
    base = os.environ.get("CLAIMWATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379")
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{TEST_DB}", parts.query, ""))


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


@pytest.fixture
async def redis() -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(redis_test_url())
    try:
        await client.ping()
    except Exception as error:
        pytest.skip(f"no Redis server for the tests ({type(error).__name__})")
    yield client
    await client.aclose()


@pytest.fixture
async def prefix(redis: aioredis.Redis) -> AsyncIterator[str]:
    """A key prefix of this test's own; every key containing it is deleted afterwards."""
    value = f"cwtest-h4-{uuid.uuid4().hex[:10]}"
    yield value
    keys = [key async for key in redis.scan_iter(match=f"*{value}*", count=500)]
    if keys:
        await redis.delete(*keys)


@pytest.fixture
def settings(prefix: str) -> Settings:
    return make_settings(prefix)


def make_settings(prefix: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "redis_url": redis_test_url(),
        "key_prefix": prefix,
        "alerts_stream": f"{prefix}:alerts",
        "dlq_stream": f"{prefix}:dlq",
        "block_ms": 50,
        "claim_idle_ms": 1000,
        "consumer_name": f"{prefix}-consumer-{uuid.uuid4().hex[:6]}",
        "webhook_max_attempts": 4,
        "webhook_backoff_base_s": 0.05,
        "webhook_backoff_max_s": 0.4,
        "webhook_connect_timeout_s": 0.5,
        "webhook_read_timeout_s": 1.0,
        "webhook_poll_interval_s": 0.05,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
async def receiver() -> AsyncIterator[WebhookReceiver]:
    server = WebhookReceiver()
    await server.start()
    yield server
    await server.stop()


def subscriptions(*webhooks: dict[str, Any]) -> list[Subscription]:
    """Validate webhook entries exactly as the YAML file would be."""
    return parse_subscriptions({"webhooks": list(webhooks)}, "test")


def make_alert(
    alert_id: str | None = None,
    *,
    kind: str = "contradiction",
    severity: str = "high",
    topic: str = "ceasefire",
    actors: tuple[str, ...] = ("example-minister",),
    parties: tuple[str, ...] = ("XX",),
) -> Alert:
    """A hand-written alert (not produced by the detector under test)."""
    return Alert(
        alert_id=alert_id or f"a-{uuid.uuid4().hex[:12]}",
        kind=kind,
        severity=severity,
        topic=topic,
        actors=list(actors),
        parties=list(parties),
        claim_ids=["c-1", "c-2"],
        summary="The minister backed a ceasefire on Monday and rejected one on Thursday.",
        evidence=[
            Evidence(claim_id="c-1", source="Example Times", text="He said a ceasefire is possible."),
            Evidence(
                claim_id="c-2", source="Daily Example", text="He ruled out any ceasefire.", quote="no truce"
            ),
        ],
        detected_at=datetime(2025, 3, 6, 12, 0, tzinfo=UTC),
    )


async def publish_alert(redis: aioredis.Redis, settings: Settings, alert: Alert) -> None:
    """Add an alert to the alerts stream as the detector does (one `data` field of JSON)."""
    await redis.xadd(settings.alerts_stream, {"data": alert.model_dump_json()})


@asynccontextmanager
async def running_notifier(
    settings: Settings, redis: aioredis.Redis, subs: list[Subscription]
) -> AsyncIterator[Callable[[], None]]:
    """Run the whole notifier worker (consumer + dispatcher) for the block; yields a stop function."""
    stop = asyncio.Event()
    task = asyncio.create_task(run_notifier(settings, stop, redis=redis, subscriptions=subs))
    try:
        yield stop.set
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=15)
