"""The notifier worker: alerts stream (group `notifier`) -> scheduled webhook deliveries -> HTTP.

Two ways in:

- `run_notifier(settings, stop_event)`: the whole worker as a coroutine (used by
  `claimwatch run` and `claimwatch worker notifier`); it returns after `stop_event` is set and
  the attempts in flight have finished.
- `create_app(settings)`: a FastStream app for ``faststream run services.notifier.main:create_app
  --factory``; its lifecycle starts and stops `run_notifier`.

The webhooks file is read and validated first: an invalid one stops the worker before it
touches Redis, with a ConfigurationError naming the field.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from typing import Any

import httpx
import structlog
from faststream import FastStream

from services.common.consumer import StreamConsumer
from services.common.redis import connect, resolve_url
from services.common.settings import Settings
from services.common.worker import factory_settings, worker_app
from services.notifier import STAGE
from services.notifier.dispatcher import Notifier
from services.notifier.handlers import alert_handler
from services.notifier.schedule import DeliverySchedule
from services.notifier.subscriptions import Subscription, load_subscriptions

__all__ = [
    "STAGE",
    "build_notifier",
    "create_app",
    "enable_subscription",
    "load_subscriptions",
    "pending_deliveries",
    "run_notifier",
]

log = structlog.get_logger()


def build_notifier(
    settings: Settings,
    redis: Any,
    subscriptions: Sequence[Subscription],
    client: httpx.AsyncClient | None = None,
) -> tuple[Notifier, StreamConsumer]:
    """The dispatcher and the alerts consumer that feeds it, sharing one Redis client."""
    notifier = Notifier(redis, settings, subscriptions, client=client)
    consumer = StreamConsumer(
        redis,
        stage=STAGE.name,
        streams=[settings.alerts_stream],
        group=settings.notifier_group,
        handler=alert_handler(notifier),
        settings=settings,
    )
    return notifier, consumer


async def run_notifier(
    settings: Settings,
    stop_event: asyncio.Event,
    *,
    redis: Any = None,
    subscriptions: Sequence[Subscription] | None = None,
    client: httpx.AsyncClient | None = None,
) -> None:
    """Consume alerts and deliver webhooks until `stop_event` is set.

    `subscriptions` default to `settings.webhooks_file`; `redis` defaults to a client for
    `settings.redis_url` (the embedded server when unset; closed on return).  With no
    subscriptions the worker still consumes and acks alerts, so the group keeps no backlog.
    """
    if subscriptions is None:
        subscriptions = load_subscriptions(settings.webhooks_file)
    own_redis = redis is None
    if redis is None:
        url, _embedded = resolve_url(settings)
        redis = connect(url)
    notifier, consumer = build_notifier(settings, redis, subscriptions, client)
    log.info(
        "notifier_starting",
        webhooks=[sub.name for sub in subscriptions],
        group=settings.notifier_group,
        stream=settings.alerts_stream,
    )
    dispatch_stop = asyncio.Event()
    dispatch = asyncio.create_task(notifier.run(dispatch_stop), name="notifier-dispatch")
    consume = asyncio.create_task(consumer.run(), name="notifier-consume")
    stop_wait = asyncio.create_task(stop_event.wait())
    try:
        done, _ = await asyncio.wait({dispatch, consume, stop_wait}, return_when=asyncio.FIRST_COMPLETED)
        for task in done - {stop_wait}:
            task.result()  # a worker task ended on its own: surface its error
    finally:
        consumer.stop()
        dispatch_stop.set()
        stop_wait.cancel()
        results = await asyncio.gather(consume, dispatch, return_exceptions=True)
        if own_redis:
            with contextlib.suppress(Exception):
                await redis.aclose()
        for result in results:
            if isinstance(result, Exception):
                log.error("notifier_task_failed", error=type(result).__name__)
    log.info("notifier_stopped")


async def pending_deliveries(redis: Any, settings: Settings, subscriptions: Sequence[Subscription]) -> int:
    """Deliveries still scheduled (due now, in flight or waiting for a retry); 0 when all are settled."""
    schedule = DeliverySchedule(redis, settings.key_prefix, settings.dedupe_ttl_s)
    return await schedule.pending_count([subscription.name for subscription in subscriptions])


async def enable_subscription(redis: Any, settings: Settings, name: str) -> bool:
    """Lift the disable a 410 Gone put on subscription `name`; its queued deliveries resume."""
    return await DeliverySchedule(redis, settings.key_prefix, settings.dedupe_ttl_s).enable(name)


def create_app(settings: Settings | None = None) -> FastStream:
    """FastStream app running the notifier (``faststream run services.notifier.main:create_app --factory``).

    The webhooks file is validated here, before anything connects: a bad file stops the app
    with a ConfigurationError naming the field.  Like the other workers, the app serves
    /metrics, /healthz, /readyz and /docs when an HTTP port is configured.
    """
    return worker_app(factory_settings(settings), STAGE)
