"""The notifier's handler: one alert entry in, its deliveries scheduled in Redis, nothing published.

The reliable reader loop (services.common.consumer.StreamConsumer) acks the entry once this
returns, so an alert is acked only after every delivery it needs is durably scheduled.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import structlog

from schemas import Alert
from services.common.consumer import Delivery
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
