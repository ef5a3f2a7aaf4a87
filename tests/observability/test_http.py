"""The worker HTTP endpoint against a real Redis (DB 5): metrics, health, readiness, docs."""

from __future__ import annotations

import signal
import subprocess

import httpx
import pytest
import redis.asyncio as aioredis
from faststream import FastStream
from faststream.redis import RedisBroker, StreamSub

from schemas import Article, Claim
from services.common.http import HttpServer, ObservabilityApp, prometheus_middleware
from services.common.metrics import REGISTRY
from services.common.observability import serve_observability
from services.common.settings import Settings
from tests.observability.conftest import redis_test_url


def documented_app(prefix: str) -> FastStream:
    """A FastStream app shaped like a worker: reads articles, publishes claims."""
    broker = RedisBroker(redis_test_url(), middlewares=[prometheus_middleware()])

    @broker.subscriber(stream=StreamSub(f"{prefix}:articles", group="extractor", consumer="docs"))
    @broker.publisher(stream=f"{prefix}:claims")
    async def extract(article: Article) -> Claim:  # pragma: no cover - documented, never run here
        raise NotImplementedError

    return FastStream(broker)


def settings_for(prefix: str) -> Settings:
    return Settings(dlq_stream=f"{prefix}:dlq", stream_stats_interval_s=0.05, http_host="127.0.0.1")


async def test_health_readiness_metrics_and_docs(redis: aioredis.Redis, prefix: str, promtool: str) -> None:
    articles = f"{prefix}:articles"
    async with (
        serve_observability(
            settings_for(prefix),
            redis,
            [(articles, "extractor")],
            [documented_app(prefix)],
            stages=["extractor"],
            http_port=0,
        ) as observability,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{observability.port}") as client,
    ):
        assert (await client.get("/healthz")).json() == {"status": "alive"}

        not_ready = await client.get("/readyz")
        assert not_ready.status_code == 503
        assert f"stream {articles} does not exist" in not_ready.json()["problems"][0]

        await redis.xgroup_create(articles, "other-group", id="0", mkstream=True)
        missing_group = await client.get("/readyz")
        assert missing_group.status_code == 503
        assert missing_group.json()["problems"] == [
            f"consumer group extractor does not exist on stream {articles}"
        ]

        await redis.xgroup_create(articles, "extractor", id="0")
        ready = await client.get("/readyz")
        assert (ready.status_code, ready.json()["status"]) == (200, "ready")

        metrics = await client.get("/metrics")
        assert metrics.status_code == 200
        assert metrics.headers["content-type"].startswith("text/plain")
        assert 'claimwatch_worker_up{stage="extractor"} 1.0' in metrics.text
        assert f'claimwatch_stream_length{{stream="{articles}"}}' in metrics.text
        lint = subprocess.run(
            [promtool, "check", "metrics"], input=metrics.content, capture_output=True, timeout=30
        )
        assert lint.returncode == 0, lint.stdout.decode() + lint.stderr.decode()

        docs = await client.get("/docs")
        assert docs.status_code == 200 and docs.headers["content-type"].startswith("text/html")
        assert "AsyncApiStandalone.render" in docs.text and articles in docs.text
        document = (await client.get("/docs/asyncapi.json")).json()
        assert document["info"]["title"] == "claimwatch"
        addresses = {channel["address"] for channel in document["channels"].values()}
        assert addresses == {articles, f"{prefix}:claims"}

        assert (await client.get("/nowhere")).status_code == 404
        assert (await client.post("/metrics")).status_code == 405
    assert REGISTRY.get_sample_value("claimwatch_worker_up", {"stage": "extractor"}) == 0


async def test_readiness_reports_redis_unreachable(prefix: str) -> None:
    unreachable = aioredis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    settings = settings_for(prefix)
    try:
        async with (
            serve_observability(
                settings, unreachable, [(f"{prefix}:articles", "extractor")], [], http_port=0
            ) as obs,
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{obs.port}", timeout=10) as client,
        ):
            response = await client.get("/readyz")
            assert response.status_code == 503
            assert response.json()["problems"][0].startswith(
                ("redis unreachable", "readiness probe timed out")
            )
            assert (await client.get("/healthz")).status_code == 200
    finally:
        await unreachable.aclose()


async def test_server_leaves_sigterm_to_the_worker_and_reports_a_busy_port() -> None:
    before = signal.getsignal(signal.SIGTERM)
    server = HttpServer(ObservabilityApp(), host="127.0.0.1", port=0)
    port = await server.start()
    try:
        assert signal.getsignal(signal.SIGTERM) is before
        clash = HttpServer(ObservabilityApp(), host="127.0.0.1", port=port)
        with pytest.raises(OSError, match="failed to start"):
            await clash.start()
    finally:
        await server.stop()


async def test_no_http_port_serves_nothing_but_still_refreshes(redis: aioredis.Redis, prefix: str) -> None:
    settings = settings_for(prefix)
    await redis.xadd(f"{prefix}:articles", {"n": "1"})
    async with serve_observability(
        settings, redis, [(f"{prefix}:articles", "extractor")], []
    ) as observability:
        assert observability.port is None
        await observability.refresher.refresh_once()
        assert REGISTRY.get_sample_value("claimwatch_stream_length", {"stream": f"{prefix}:articles"}) == 1


async def test_faststream_middleware_counts_into_the_process_registry(prefix: str) -> None:
    from faststream.redis import TestRedisBroker

    broker = RedisBroker(redis_test_url(), middlewares=[prometheus_middleware()])
    seen: list[str] = []

    @broker.subscriber(stream=f"{prefix}:wired")
    async def handle(body: str) -> None:
        seen.append(body)

    async with TestRedisBroker(broker) as test_broker:
        await test_broker.publish("hello", stream=f"{prefix}:wired")
    assert seen == ["hello"]
    assert prometheus_middleware() is prometheus_middleware()  # one per process: one set of series
    received = REGISTRY.get_sample_value(
        "claimwatch_faststream_received_messages_total",
        {"app_name": "claimwatch", "broker": "redis", "handler": f"{prefix}:wired"},
    )
    assert received == 1


def test_the_http_endpoint_binds_loopback_unless_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMWATCH_HTTP_HOST", raising=False)
    assert Settings().http_host == "127.0.0.1"
    monkeypatch.setenv("CLAIMWATCH_HTTP_HOST", "0.0.0.0")
    assert Settings().http_host == "0.0.0.0"


async def test_a_default_server_is_not_reachable_on_other_interfaces() -> None:
    server = HttpServer(ObservabilityApp())
    port = await server.start()
    try:
        bound = {sock.getsockname()[0] for listener in server._server.servers for sock in listener.sockets}
        assert bound == {"127.0.0.1"}
        async with httpx.AsyncClient() as client:
            assert (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200
    finally:
        await server.stop()
