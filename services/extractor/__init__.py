"""The extractor stage: articles in, claims out (one entry per claim)."""

from __future__ import annotations

import asyncio
from typing import Any

from schemas import Article, Claim, DeadLetter
from services.common.settings import Settings
from services.common.stage import StageDeclaration, StreamUse

ARTICLES_DESCRIPTION = (
    "Articles to analyse, read by the extractor (consumer group `{group}`; created at id 0, so entries "
    "added before the first worker started are processed). Producers write one field `data` (or "
    "`article`) holding the Article as JSON, or flat fields `id`, `source`, `body` (required) and "
    "`title`, `url`, `published_at`, `language`, `received_at` (optional), e.g. "
    '`XADD {stream} * id wire-17 source Reuters body "..."`; a FastStream `publish` works too. '
    "An entry that is not a valid Article goes to the dead-letter stream with the reason."
)


async def run(settings: Settings, stop: asyncio.Event, redis: Any) -> None:
    """Consume articles until `stop` is set (the engine is loaded here, not when declared)."""
    from services.extractor.main import run_extractor

    await run_extractor(settings, stop, redis=redis)


STAGE = StageDeclaration(
    name="extractor",
    group=lambda settings: settings.extractor_group,
    consumes=StreamUse("articles", Article, ARTICLES_DESCRIPTION),
    publishes=(
        StreamUse(
            "claims",
            Claim,
            "Claims extracted from articles, one entry per claim (field `data`, JSON).",
            title="publish",
        ),
        StreamUse("dlq", DeadLetter, "Articles that could not be processed, with the reason."),
    ),
    run=run,
)
