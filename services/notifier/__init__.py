"""The notifier stage: alerts in, webhook deliveries out (and dead letters for those that fail for good)."""

from __future__ import annotations

import asyncio
from typing import Any

from schemas import Alert, DeadLetter
from services.common.settings import Settings
from services.common.stage import StageDeclaration, StreamUse

ALERTS_DESCRIPTION = (
    "Alerts read by the notifier (consumer group `{group}`), which delivers them to the subscribed "
    "webhooks. Other consumers read this stream with groups of their own."
)
WEBHOOK_DEAD_LETTERS = (
    "Webhook deliveries that failed for good (last attempt, 410 Gone, refused address): the alert as "
    "payload, the endpoint without credentials, the last status and response excerpt."
)


async def run(settings: Settings, stop: asyncio.Event, redis: Any) -> None:
    """Consume alerts and deliver webhooks until `stop` is set."""
    from services.notifier.main import run_notifier

    await run_notifier(settings, stop, redis=redis)


def check(settings: Settings) -> None:
    """Read and validate the webhooks file: a bad one stops the worker before it connects."""
    from services.notifier.subscriptions import load_subscriptions

    load_subscriptions(settings.webhooks_file)


STAGE = StageDeclaration(
    name="notifier",
    group=lambda settings: settings.notifier_group,
    consumes=StreamUse("alerts", Alert, ALERTS_DESCRIPTION),
    publishes=(StreamUse("dlq", DeadLetter, WEBHOOK_DEAD_LETTERS),),
    run=run,
    check=check,
)
