"""The detector worker: `claimwatch:claims` (group `detector`) -> alerts -> `claimwatch:alerts`.

Its state (statement buckets, position ledger, stands) lives in Redis (services.detector.state), so any
number of replicas in one group produce exactly the alerts one would.
`run_detector(settings, stop_event)` runs it as a coroutine; `create_app(settings)` is the
FastStream factory for ``faststream run services.detector.main:create_app --factory``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from faststream import FastStream

from services.common.consumer import StreamConsumer
from services.common.settings import Settings
from services.common.worker import factory_settings, run_stage_consumer, worker_app
from services.detector import STAGE
from services.detector.handlers import ClaimHandler, alert_published
from services.detector.state import RedisDetectionState
from services.engine.detect.rules import load_rules


def build_detector(settings: Settings, redis: Any) -> StreamConsumer:
    """The detector's consumer over its Redis state (statement buckets, ledger, stands)."""
    rules = load_rules(rules_file=settings.rules_file) if settings.rules_file else None
    handler = ClaimHandler(settings, RedisDetectionState(redis, settings), rules)
    return StreamConsumer(
        redis,
        stage=STAGE.name,
        streams=STAGE.streams(settings, "claims"),
        group=settings.detector_group,
        handler=handler,
        settings=settings,
        on_published=alert_published,
        prepare=handler.prepare,
    )


async def run_detector(settings: Settings, stop_event: asyncio.Event, *, redis: Any = None) -> None:
    """Consume claims until `stop_event` is set; `redis` defaults to a client for settings.redis_url."""
    await run_stage_consumer(settings, stop_event, build_detector, redis=redis)


def create_app(settings: Settings | None = None) -> FastStream:
    """FastStream app running the detector (an embedded Redis when no redis_url is set)."""
    settings = factory_settings(settings)
    return worker_app(settings, STAGE)
