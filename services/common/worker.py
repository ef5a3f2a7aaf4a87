"""Run stages: as coroutines in one process, or inside a FastStream app.

`run_workers` is what `claimwatch run` and `claimwatch worker ...` execute: the given stage
declarations (services.common.stage, composed by services.cli.stages) over one Redis client,
with the observability endpoint and stream gauges, until the stop event is set
(SIGINT/SIGTERM); each stage then finishes the batch in hand (published and acked) before
returning.  `worker_app` wraps the same thing in a FastStream app for
``faststream run services.<stage>.main:create_app --factory``.  Nothing here imports a service.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

from faststream import FastStream
from faststream.redis import RedisBroker

from services.common.asyncapi import stages_specification
from services.common.consumer import StreamConsumer
from services.common.errors import ConfigurationError
from services.common.http import prometheus_middleware
from services.common.logging import broker_logger, configure_logging, get_logger
from services.common.observability import serve_observability
from services.common.redis import EmbeddedRedis, broker_url, connect, resolve_url
from services.common.settings import Settings, load_settings
from services.common.stage import RouteHandler, StageDeclaration, stream_groups

log = get_logger(__name__)

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


def worker_broker(url: str) -> RedisBroker:
    """The FastStream broker of a worker app, for `url`, with the process's logger and Prometheus middleware.

    It declares nothing (see `worker_app`); a Python producer may publish articles with it, and
    what it publishes is counted (`claimwatch_faststream_*`) in the one registry /metrics serves.
    """
    return RedisBroker(broker_url(url), logger=broker_logger(), middlewares=[prometheus_middleware()])


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
    stages: Sequence[StageDeclaration],
    stop: asyncio.Event,
    *,
    after_start: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Run `stages` until `stop` is set or one of them fails (its error is re-raised).

    The endpoint's readiness (each consumer group exists), its stream gauges, its /docs and its
    extra routes are all built from the same declarations.
    """
    groups = stream_groups(settings, list(stages))
    names = [stage.name for stage in stages]
    routes: dict[str, RouteHandler] = {}
    for stage in stages:
        if stage.routes is not None:
            routes.update(stage.routes(settings, redis))
    async with serve_observability(
        settings,
        redis,
        groups,
        specification=lambda: stages_specification(settings, stages).to_specification(),
        stages=names,
        routes=routes,
    ):
        tasks: list[asyncio.Task[None]] = [
            asyncio.create_task(_as_coroutine(stage.run(settings, stop, redis)), name=stage.name)
            for stage in stages
        ]
        log.info("workers_started", stages=names, streams=[stream for stream, _ in groups])
        try:
            if after_start is not None:
                await after_start()
            stop_wait = asyncio.create_task(stop.wait())
            await asyncio.wait({*tasks, stop_wait}, return_when=asyncio.FIRST_COMPLETED)
            stop_wait.cancel()
        finally:
            stop.set()
            results = await asyncio.gather(*tasks, return_exceptions=True)
        for name, result in zip(names, results, strict=True):
            if isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError):
                log.error("worker_failed", stage=name, error=repr(result))
                raise result
    log.info("workers_stopped", stages=names)


async def _as_coroutine(awaitable: Awaitable[None]) -> None:
    await awaitable



def factory_settings(settings: Settings | None = None) -> Settings:
    """The settings of a `faststream run ... --factory` app: given, or from the environment.

    FastStream prints a factory's exception as a traceback; a bad setting is the user's to fix, so it
    is one line on stderr and exit status 2, as with `claimwatch`.
    """
    if settings is not None:
        return settings
    try:
        return load_settings()
    except ConfigurationError as error:
        sys.stderr.write(f"claimwatch: {error}\n")
        raise SystemExit(2) from None


def worker_app(settings: Settings, stage: StageDeclaration) -> FastStream:
    """The FastStream app of one stage: FastStream runs the lifecycle, the stage's reliable loop the work.

    The stage's own files are checked first (`stage.check`: the notifier's webhooks file), so a
    bad one stops the app before anything connects.  The app's broker carries no subscriber and
    no publisher: FastStream needs one to run an app (it connects at start, so an unreachable
    Redis stops the app at once).  After startup `run_workers` runs the stage; SIGTERM makes
    FastStream call the shutdown hook, which sets the stop event and waits for the batch in hand
    to be published and acked.  A stage that fails makes the app exit: a worker that cannot
    consume must not look alive.  The app's AsyncAPI specification (`faststream docs`) is the
    stage's declaration, as at /docs.
    """
    configure_logging(settings)
    if stage.check is not None:
        try:
            stage.check(settings)
        except ConfigurationError as error:
            sys.stderr.write(f"claimwatch: {error}\n")
            raise SystemExit(2) from None
    url, _embedded = resolve_url(settings)
    pinned = settings.model_copy(update={"redis_url": url})
    app = FastStream(worker_broker(url), specification=stages_specification(pinned, [stage]))
    stop = asyncio.Event()
    running: list[asyncio.Task[None]] = []

    async def run_stage() -> None:
        client = connect(url)
        try:
            await run_workers(pinned, client, [stage], stop)
        finally:
            await client.aclose()

    def finished(task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("worker_failed", error=repr(task.exception()))
            app.exit()

    async def start() -> None:
        task = asyncio.create_task(run_stage(), name=f"claimwatch-{stage.name}")
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
