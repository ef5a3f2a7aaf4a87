"""The notifier's handler: one alert entry in, its deliveries scheduled in Redis, nothing published.

The reliable reader loop (services.common.consumer.StreamConsumer) acks the entry once this
returns, so an alert is acked only after every delivery it needs is durably scheduled.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import structlog
from faststream.redis import RedisRouter

from schemas import Alert, DeadLetter
from services.common.consumer import Delivery
from services.common.settings import Settings
from services.common.streams import Output, parse_entry
from services.notifier.dispatcher import Notifier


def parse_alert(delivery: Delivery) -> Alert:
    """The Alert an entry carries; PoisonMessageError (dead-lettered by the loop) when it is not one."""
    return parse_entry(delivery.fields, Alert, "invalid_alert")


def alert_handler(notifier: Notifier) -> Callable[[Delivery], Awaitable[list[Output]]]:
    """The StreamConsumer handler: schedule the alert's deliveries; no stream outputs."""

    async def handle_alert(delivery: Delivery) -> list[Output]:
        alert = parse_alert(delivery)
        with structlog.contextvars.bound_contextvars(alert_id=alert.alert_id):
            await notifier.accept(alert)
        return []

    return handle_alert


def build_router(settings: Settings) -> RedisRouter:
    """The notifier's FastStream router: what it publishes, for the AsyncAPI document.

    It consumes the alerts stream with its own group (the reliable loop, not a FastStream
    subscriber) and publishes only dead letters: deliveries that failed for good.
    """
    router = RedisRouter()
    router.publisher(
        stream=settings.dlq_stream,
        title=f"{settings.dlq_stream}:notifier",
        schema=DeadLetter,
        description=(
            "Webhook deliveries that failed for good (last attempt, 410 Gone, refused address): the alert as "
            "payload, the endpoint without credentials, the last status and response excerpt."
        ),
    )
    return router
