"""The detector stage: claims in, alerts out (one entry per alert_id, published once)."""

from __future__ import annotations

import asyncio
from typing import Any

from schemas import Alert, Claim, DeadLetter
from services.common.settings import Settings
from services.common.stage import StageDeclaration, StreamUse


async def run(settings: Settings, stop: asyncio.Event, redis: Any) -> None:
    """Consume claims until `stop` is set."""
    from services.detector.main import run_detector

    await run_detector(settings, stop, redis=redis)


def routes(settings: Settings, redis: Any) -> Any:
    """`GET /positions`: the position ledger as JSON (services.detector.routes)."""
    from services.detector.routes import position_routes

    return position_routes(settings, redis)


STAGE = StageDeclaration(
    name="detector",
    group=lambda settings: settings.detector_group,
    consumes=StreamUse(
        "claims",
        Claim,
        "Claims read by the detector (consumer group `{group}`), field `data` holding the Claim.",
    ),
    publishes=(
        StreamUse(
            "alerts",
            Alert,
            "Alerts, one entry per alert_id, published once (field `data`, JSON).",
            title="publish",
        ),
        StreamUse("dlq", DeadLetter, "Claims that could not be processed, with the reason."),
    ),
    run=run,
    routes=routes,
)
