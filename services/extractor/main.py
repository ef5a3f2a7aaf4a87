"""The extractor worker: `claimwatch:articles` (group `extractor`) -> claims -> `claimwatch:claims`.

`run_extractor(settings, stop_event)` runs it as a coroutine (`claimwatch run`, `claimwatch
worker extractor`); `create_app(settings)` is the FastStream factory for
``faststream run services.extractor.main:create_app --factory``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from faststream import FastStream

from services.common.consumer import StreamConsumer
from services.common.settings import Settings
from services.common.worker import factory_settings, run_stage_consumer, worker_app
from services.engine.resources import EngineResources, load_resources
from services.extractor import STAGE
from services.extractor.handlers import ArticleHandler, article_failed, claim_published, known_parties


def build_extractor(
    settings: Settings, redis: Any, resources: EngineResources | None = None
) -> StreamConsumer:
    """The extractor's consumer: engine resources loaded once, handler, hooks for metrics."""
    resources = resources or load_resources(settings.actors_file, settings.lexicon_file, settings.spacy_model)
    return StreamConsumer(
        redis,
        stage=STAGE.name,
        streams=STAGE.streams(settings, "articles"),
        group=settings.extractor_group,
        handler=ArticleHandler(settings, resources),
        settings=settings,
        on_published=claim_published(known_parties(settings.actors_file)),
        on_failure=article_failed,
    )


async def run_extractor(settings: Settings, stop_event: asyncio.Event, *, redis: Any = None) -> None:
    """Consume articles until `stop_event` is set; `redis` defaults to a client for settings.redis_url."""
    await run_stage_consumer(settings, stop_event, build_extractor, redis=redis)


def create_app(settings: Settings | None = None) -> FastStream:
    """FastStream app running the extractor (an embedded Redis when no redis_url is set)."""
    settings = factory_settings(settings)
    return worker_app(settings, STAGE)
