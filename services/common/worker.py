"""Run workers: as coroutines in one process, or inside a FastStream app.

`run_workers` is what `claimwatch run` and `claimwatch worker ...` execute: the chosen
stages over one Redis client, with the observability endpoint and stream gauges, until the
stop event is set (SIGINT/SIGTERM); each stage then finishes the batch in hand (published
and acked) before returning.  `worker_app` wraps the same thing in a FastStream app for
``faststream run services.<stage>.main:create_app --factory``.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

from faststream import FastStream
from faststream.redis import RedisBroker, RedisRouter

from services.common.consumer import StreamConsumer
from services.common.http import prometheus_middleware
from services.common.logging import broker_logger, configure_logging, get_logger
from services.common.observability import serve_observability
from services.common.redis import EmbeddedRedis, broker_url, connect, resolve_url
from services.common.settings import Settings
from services.common.stream_docs import consumed_docs_broker, consumed_router
from services.common.streams import StreamLayout

log = get_logger(__name__)

STAGES = ("extractor", "detector", "notifier")


async def run_until_stopped(consumer: StreamConsumer, stop_event: asyncio.Event) -> None:
    """Run `consumer` until `stop_event` is set (graceful) or it fails (the error propagates)."""
    consume = asyncio.create_task(consumer.run(), name=f"claimwatch-{consumer.stage}")
    stop_wait = asyncio.create_task(stop_event.wait())
    try:
        done, _ = await asyncio.wait({consume, stop_wait}, return_when=asyncio.FIRST_COMPLETED)
        if consume in done:
            consume.result()  # ended on its own: surface its error
    finally:
        consumer.stop()
        stop_wait.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await consume


async def run_stage_consumer(
    settings: Settings,
    stop_event: asyncio.Event,
    build: Callable[[Settings, Any], StreamConsumer],
    *,
    redis: Any = None,
) -> None:
    """Run the consumer `build(settings, redis)` returns until `stop_event` is set.

    `redis` defaults to a client for settings.redis_url (the embedded server when unset),
    closed on return; a client passed in is left open for its owner.
    """
    own_redis = redis is None
    if redis is None:
        url, _ = resolve_url(settings)
        redis = connect(url)
    try:
        await run_until_stopped(build(settings, redis), stop_event)
    finally:
        if own_redis:
            with contextlib.suppress(Exception):
                await redis.aclose()


Runner = Callable[[Settings, asyncio.Event, Any], Awaitable[None]]


def _runner(stage: str) -> Runner:
    # Imported on demand: `worker notifier` must not need the engine, nor `publish` the notifier.
    if stage == "extractor":
        from services.extractor.main import run_extractor

        return lambda settings, stop, redis: run_extractor(settings, stop, redis=redis)
    if stage == "detector":
        from services.detector.main import run_detector

        return lambda settings, stop, redis: run_detector(settings, stop, redis=redis)
    from services.notifier.main import run_notifier

    return lambda settings, stop, redis: run_notifier(settings, stop, redis=redis)


def stage_groups(settings: Settings, stage: str) -> list[tuple[str, str]]:
    """The (stream, group) pairs a stage consumes."""
    layout = StreamLayout.from_settings(settings)
    if stage == "extractor":
        return [(stream, settings.extractor_group) for stream in layout.articles]
    if stage == "detector":
        return [(stream, settings.detector_group) for stream in layout.claims]
    return [(layout.alerts, settings.notifier_group)]


def worker_broker(url: str) -> RedisBroker:
    """A FastStream broker for `url` with the process's logger and Prometheus middleware.

    Every broker a worker builds goes through here, so whatever passes through FastStream is
    counted (`claimwatch_faststream_*`) in the one registry /metrics serves.
    """
    return RedisBroker(broker_url(url), logger=broker_logger(), middlewares=[prometheus_middleware()])


def docs_broker(settings: Settings, url: str, stages: Sequence[str] = STAGES) -> RedisBroker:
    """A never-started broker documenting `stages` at /docs: what they consume and what they publish."""
    broker = worker_broker(url)
    for stage in stages:
        broker.include_router(_publisher_router(settings, stage))
    broker.include_router(consumed_router(settings, stages))
    return broker


def _publisher_router(settings: Settings, stage: str) -> RedisRouter:
    # Imported on demand, like `_runner`: documenting the notifier must not load the engine.
    if stage == "extractor":
        from services.extractor.handlers import build_router as extractor_router

        return extractor_router(settings)
    if stage == "detector":
        from services.detector.handlers import build_router as detector_router

        return detector_router(settings)
    from services.notifier.handlers import build_router as notifier_router

    return notifier_router(settings)


@contextlib.asynccontextmanager
async def redis_session(settings: Settings) -> AsyncIterator[tuple[Settings, Any]]:
    """Yield (settings pinned to the server's URL, client); the embedded server when no URL is set."""
    url, embedded = resolve_url(settings)
    redis = connect(url)
    try:
        yield settings.model_copy(update={"redis_url": url}), redis
    finally:
        with contextlib.suppress(Exception):
            await redis.aclose()
        if isinstance(embedded, EmbeddedRedis):
            embedded.stop()


def install_stop_signals(stop: asyncio.Event) -> None:
    """SIGINT and SIGTERM set `stop`: workers finish and ack the batch in hand, then exit."""
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)


async def run_workers(
    settings: Settings,
    redis: Any,
    stages: Sequence[str],
    stop: asyncio.Event,
    *,
    after_start: Callable[[], Awaitable[None]] | None = None,
    docs: Sequence[Any] | None = None,
) -> None:
    """Run `stages` until `stop` is set or one of them fails (its error is re-raised).

    `docs` are the FastStream apps or brokers described at /docs (default: a never-started
    broker declaring what `stages` consume and publish).
    """
    groups = [pair for stage in stages for pair in stage_groups(settings, stage)]
    apps = list(docs) if docs is not None else [docs_broker(settings, settings.redis_url or "", stages)]
    async with serve_observability(settings, redis, groups, apps, stages=stages):
        tasks: list[asyncio.Task[None]] = [
            asyncio.create_task(_as_coroutine(_runner(stage)(settings, stop, redis)), name=stage)
            for stage in stages
        ]
        log.info("workers_started", stages=list(stages), streams=[stream for stream, _ in groups])
        try:
            if after_start is not None:
                await after_start()
            stop_wait = asyncio.create_task(stop.wait())
            await asyncio.wait({*tasks, stop_wait}, return_when=asyncio.FIRST_COMPLETED)
            stop_wait.cancel()
        finally:
            stop.set()
            results = await asyncio.gather(*tasks, return_exceptions=True)
        for stage, result in zip(stages, results, strict=True):
            if isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError):
                log.error("worker_failed", stage=stage, error=repr(result))
                raise result
    log.info("workers_stopped", stages=list(stages))


def consumer_app(
    url: str, router: RedisRouter, runner: Callable[[asyncio.Event], Awaitable[None]]
) -> FastStream:
    """A FastStream app documenting `router`, whose lifecycle runs `runner(stop_event)`.

    The broker only declares what the worker publishes; consuming is the reliable loop's job
    (see services.common.consumer for why).  SIGTERM makes FastStream call the shutdown hook,
    which sets the stop event and waits for the batch in hand to be published and acked.  A
    runner that fails makes the app exit: a worker that cannot consume must not look alive.
    """
    broker = worker_broker(url)
    broker.include_router(router)
    app = FastStream(broker)
    stop = asyncio.Event()
    running: list[asyncio.Task[None]] = []

    def finished(task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("worker_failed", error=repr(task.exception()))
            app.exit()

    async def start() -> None:
        task = asyncio.create_task(_as_coroutine(runner(stop)), name="claimwatch-worker")
        task.add_done_callback(finished)
        running.append(task)

    async def shutdown() -> None:
        stop.set()
        if running:
            with contextlib.suppress(Exception):
                await running.pop()

    app.after_startup(start)
    app.on_shutdown(shutdown)
    return app


async def _as_coroutine(awaitable: Awaitable[None]) -> None:
    await awaitable


def worker_app(settings: Settings, stage: str, router: RedisRouter) -> FastStream:
    """The FastStream app of one stage: `run_workers` for that stage inside the app's lifecycle."""
    configure_logging(settings)
    url, _embedded = resolve_url(settings)
    pinned = settings.model_copy(update={"redis_url": url})

    async def runner(stop: asyncio.Event) -> None:
        client = connect(url)
        try:
            # Runs after `app` is bound.  The app's broker documents what the stage publishes;
            # what it consumes is declared on a broker that is never started (see stream_docs).
            docs = [app, consumed_docs_broker(pinned, url, [stage])]
            await run_workers(pinned, client, [stage], stop, docs=docs)
        finally:
            await client.aclose()

    app = consumer_app(url, router, runner)
    return app
