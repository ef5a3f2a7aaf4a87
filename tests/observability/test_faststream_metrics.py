"""FastStream's Prometheus middleware on the workers' brokers counts into the process's one registry."""

from __future__ import annotations

import asyncio
import subprocess

import httpx
import redis.asyncio as aioredis
from faststream.redis import RedisBroker

from schemas import Article
from services.common.metrics import REGISTRY
from services.common.observability import serve_observability
from services.common.settings import Settings
from services.common.worker import run_until_stopped
from services.detector.main import create_app as detector_app
from services.extractor.main import build_extractor
from services.extractor.main import create_app as extractor_app
from services.notifier.main import create_app as notifier_app
from tests.observability.conftest import redis_test_url

DEADLINE_S = 20.0


def worker_settings(prefix: str) -> Settings:
    return Settings(
        redis_url=redis_test_url(),
        articles_stream=f"{prefix}:articles",
        claims_stream=f"{prefix}:claims",
        alerts_stream=f"{prefix}:alerts",
        dlq_stream=f"{prefix}:dlq",
        key_prefix=prefix,
        consumer_name=f"{prefix}-c1",
        block_ms=50,
        http_host="127.0.0.1",
        stream_stats_interval_s=0.05,
    )


def test_every_worker_broker_carries_the_prometheus_middleware(prefix: str) -> None:
    from services.common.http import prometheus_middleware

    settings = worker_settings(prefix)
    brokers = [
        app.broker for app in (extractor_app(settings), detector_app(settings), notifier_app(settings))
    ]
    for broker in brokers:
        assert broker is not None
        assert prometheus_middleware() in broker.middlewares


async def test_worker_metrics_hold_faststream_series_beside_claimwatch_ones(
    redis: aioredis.Redis, prefix: str, promtool: str
) -> None:
    settings = worker_settings(prefix)
    articles = f"{prefix}:articles"
    labels = {"app_name": "claimwatch", "broker": "redis", "destination": articles, "status": "success"}
    published_before = (
        REGISTRY.get_sample_value("claimwatch_faststream_published_messages_total", labels) or 0
    )
    consumed_before = REGISTRY.get_sample_value("claimwatch_articles_consumed_total") or 0

    # A producer publishing through the extractor app's own broker (FastStream envelope).
    broker = extractor_app(settings).broker
    assert isinstance(broker, RedisBroker)
    article = Article(id=f"{prefix}-a1", source="Example Wire", title="Talks", body="The minister spoke.")
    async with broker:
        await broker.publish(article, stream=articles)

    # The reliable loop consumes it; wait for the extractor's counter, with a deadline.
    stop = asyncio.Event()
    consumer = asyncio.create_task(run_until_stopped(build_extractor(settings, redis), stop))
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + DEADLINE_S
        while (REGISTRY.get_sample_value("claimwatch_articles_consumed_total") or 0) <= consumed_before:
            assert loop.time() < deadline, "the extractor did not consume the published article"
            assert not consumer.done(), consumer
            await asyncio.sleep(0.02)
    finally:
        stop.set()
        await consumer

    async with (
        serve_observability(
            settings, redis, [(articles, settings.extractor_group)], [], stages=["extractor"], http_port=0
        ) as observability,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{observability.port}") as client,
    ):
        metrics = await client.get("/metrics")
    assert metrics.status_code == 200
    published = REGISTRY.get_sample_value("claimwatch_faststream_published_messages_total", labels)
    assert published == published_before + 1
    text = metrics.text
    assert f'destination="{articles}"' in text
    assert "# TYPE claimwatch_faststream_published_messages_total counter" in text
    assert "# TYPE claimwatch_faststream_received_messages_total counter" in text
    assert "claimwatch_articles_consumed_total " in text
    lint = subprocess.run(
        [promtool, "check", "metrics"], input=metrics.content, capture_output=True, timeout=30
    )
    assert lint.returncode == 0, lint.stdout.decode() + lint.stderr.decode()
