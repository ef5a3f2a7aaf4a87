"""Publishing articles into the pipeline, and telling when it has processed them all (for the CLI)."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from schemas import Article
from services.cli.stages import STAGES
from services.common.settings import Settings
from services.common.stage import StageDeclaration
from services.common.stream_stats import group_stats
from services.common.streams import StreamLayout, maxlen_for, model_fields

PUBLISH_CHUNK = 500


async def publish_articles(redis: Any, settings: Settings, articles: Iterable[Article]) -> int:
    """XADD each article (field `data`, JSON) to its partition of the articles stream; return the count."""
    layout = StreamLayout.from_settings(settings)
    maxlen = maxlen_for(settings, "articles")
    published = 0
    pipe = redis.pipeline(transaction=False)
    queued = 0
    for article in articles:
        pipe.xadd(
            layout.article_stream_for(article.id), model_fields(article), maxlen=maxlen, approximate=True
        )
        queued += 1
        if queued >= PUBLISH_CHUNK:
            published += len(await pipe.execute())
            queued = 0
    if queued:
        published += len(await pipe.execute())
    return published


async def pipeline_idle(redis: Any, settings: Settings, stages: Sequence[str | StageDeclaration]) -> bool:
    """True when every group of `stages` exists and holds nothing undelivered or unacked.

    Checked in pipeline order: once the extractor's groups are drained every claim is on the
    claims stream (outputs are published before the ack), so the detector's check that
    follows sees all of them.
    """
    wanted = {stage if isinstance(stage, str) else stage.name for stage in stages}
    for stage in STAGES:
        if stage.name not in wanted:
            continue
        for stream, group in stage.stream_groups(settings):
            stats = await group_stats(redis, stream, group)
            if stats is None or (stats.lag or 0) > 0 or stats.pending > 0:
                return False
    return True


async def wait_until_idle(
    redis: Any,
    settings: Settings,
    stages: Sequence[str | StageDeclaration],
    stop: asyncio.Event,
    poll_s: float = 0.1,
) -> bool:
    """Wait until the pipeline is idle (True) or `stop` is set (False)."""
    while not stop.is_set():
        if await pipeline_idle(redis, settings, stages):
            return True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=poll_s)
    return False


def read_input_articles(paths: Sequence[Path]) -> tuple[list[Article], int]:
    """Read articles with the `analyze` readers; print one line per unreadable input to stderr."""
    from services.cli.readers import InputError, read_articles

    articles: list[Article] = []
    errors = 0
    for item in read_articles(list(paths)):
        if isinstance(item, InputError):
            errors += 1
            print(f"claimwatch: {item}", file=sys.stderr)
        else:
            articles.append(item)
    return articles, errors
