"""What the workers consume, declared for the AsyncAPI document on a broker that is never started.

The reliable reader loop (services.common.consumer.StreamConsumer) does the consuming, for the
reasons in its docstring, so the workers' FastStream brokers carry publishers only.  The
streams they read are still part of the contract an external producer needs (above all the
Article format of the articles stream), so they are declared here as FastStream subscribers
on a separate broker whose only use is to be described.  Its handlers refuse to run: starting
that broker would be a bug, and would otherwise take entries away from the reliable loop.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from faststream.redis import RedisBroker, RedisRouter, StreamSub

from schemas import Alert, Article, Claim
from services.common.redis import broker_url
from services.common.settings import Settings
from services.common.streams import StreamLayout

DOCUMENTATION_ONLY = (
    "this subscriber only documents a stream; services.common.consumer.StreamConsumer consumes it"
)

ARTICLES_DESCRIPTION = (
    "Articles to analyse, read by the extractor (consumer group `{group}`; created at id 0, so entries "
    "added before the first worker started are processed). Producers write one field `data` (or "
    "`article`) holding the Article as JSON, or flat fields `id`, `source`, `body` (required) and "
    "`title`, `url`, `published_at`, `language`, `received_at` (optional), e.g. "
    '`XADD {stream} * id wire-17 source Reuters body "..."`; a FastStream `publish` works too. '
    "An entry that is not a valid Article goes to the dead-letter stream with the reason."
)
CLAIMS_DESCRIPTION = "Claims read by the detector (consumer group `{group}`), field `data` holding the Claim."
ALERTS_DESCRIPTION = (
    "Alerts read by the notifier (consumer group `{group}`), which delivers them to the subscribed "
    "webhooks. Other consumers read this stream with groups of their own."
)


async def consume_article(article: Article) -> None:
    """Documentation only: the extractor consumes articles through the reliable loop."""
    raise RuntimeError(DOCUMENTATION_ONLY)


async def consume_claim(claim: Claim) -> None:
    """Documentation only: the detector consumes claims through the reliable loop."""
    raise RuntimeError(DOCUMENTATION_ONLY)


async def consume_alert(alert: Alert) -> None:
    """Documentation only: the notifier consumes alerts through the reliable loop."""
    raise RuntimeError(DOCUMENTATION_ONLY)


def consumed_router(settings: Settings, stages: Sequence[str]) -> RedisRouter:
    """A router declaring the streams `stages` (extractor, detector, notifier) consume, with their models."""
    layout = StreamLayout.from_settings(settings)
    consumed: dict[str, tuple[list[str], str, Callable[..., Awaitable[None]], str]] = {
        "extractor": (layout.articles, settings.extractor_group, consume_article, ARTICLES_DESCRIPTION),
        "detector": (layout.claims, settings.detector_group, consume_claim, CLAIMS_DESCRIPTION),
        "notifier": ([layout.alerts], settings.notifier_group, consume_alert, ALERTS_DESCRIPTION),
    }
    router = RedisRouter()
    for stage in stages:
        streams, group, handler, description = consumed[stage]
        for stream in streams:
            router.subscriber(
                stream=StreamSub(stream, group=group, consumer=settings.consumer_name or stage),
                title=f"{stream}:{stage}",
                description=description.format(group=group, stream=stream),
            )(handler)
    return router


def consumed_docs_broker(settings: Settings, url: str, stages: Sequence[str]) -> RedisBroker:
    """A never-started broker declaring what `stages` consume, for /docs and schemas/asyncapi.json."""
    broker = RedisBroker(broker_url(url))
    broker.include_router(consumed_router(settings, stages))
    return broker
