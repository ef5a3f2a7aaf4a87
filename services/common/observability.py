"""One call for a worker process: HTTP endpoint, stream gauges refresher and worker_up, for its lifetime.

Usage in a worker (or in `claimwatch run`, once for all its workers)::

    configure_logging(settings)
    async with serve_observability(settings, redis, [(stream, group), ...], stages=["extractor"]):
        await run_the_workers()
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from faststream.specification import Specification

from services.common.http import HttpServer, ObservabilityApp, redis_readiness_probe
from services.common.logging import get_logger
from services.common.metrics import WORKER_UP, initialise_known_series
from services.common.settings import Settings
from services.common.stage import RouteHandler
from services.common.stream_stats import StreamStatsRefresher

log = get_logger(__name__)


@dataclass
class Observability:
    """What `serve_observability` started: the bound HTTP port (None when not serving) and the refresher."""

    port: int | None
    refresher: StreamStatsRefresher


@contextlib.asynccontextmanager
async def serve_observability(
    settings: Settings,
    redis: Any,
    stream_groups: Sequence[tuple[str, str]],
    apps: Sequence[Any] = (),
    *,
    specification: Callable[[], Specification] | None = None,
    routes: Mapping[str, RouteHandler] | None = None,
    stages: Sequence[str] = (),
    http_port: int | None = None,
) -> AsyncIterator[Observability]:
    """Serve /metrics, /healthz, /readyz and /docs and refresh the stream gauges while the block runs.

    `redis` is the worker's redis.asyncio client; `stream_groups` the (stream, group) pairs the
    process consumes (readiness requires each group to exist; lag and pending are exported for
    each); `specification` builds the AsyncAPI specification served at /docs (else `apps`, FastStream
    apps or brokers, are documented); `routes` are the stages' extra GET routes; `stages` the worker
    stages run here (extractor, detector, notifier), exported as `claimwatch_worker_up`.  The
    port is `http_port`, else `settings.http_port`; when both are None no HTTP server starts
    (the gauges are still refreshed).  Port 0 binds a free port, reported in `.port`.
    """
    port = http_port if http_port is not None else settings.http_port
    initialise_known_series(stages)  # before the first scrape: counters read 0, not "no data"
    refresher = StreamStatsRefresher(
        redis, stream_groups, dlq_stream=settings.dlq_stream, interval_s=settings.stream_stats_interval_s
    )
    refresher.start()
    server: HttpServer | None = None
    bound_port: int | None = None
    try:
        if port is not None:
            app = ObservabilityApp(
                readiness=redis_readiness_probe(redis, stream_groups),
                apps=apps,
                specification=specification,
                routes=routes,
            )
            server = HttpServer(app, host=settings.http_host, port=port)
            bound_port = await server.start()
            log.info(
                "http_listening",
                host=settings.http_host,
                port=bound_port,
                endpoints=["/metrics", "/healthz", "/readyz", "/docs", *(routes or {})],
            )
        for stage in stages:
            WORKER_UP.labels(stage=stage).set(1)
        yield Observability(port=bound_port, refresher=refresher)
    finally:
        for stage in stages:
            WORKER_UP.labels(stage=stage).set(0)
        await refresher.stop()
        if server is not None:
            await server.stop()
