"""Extractor handlers: parse an article entry, extract its claims, hand them to the publisher.

The reader loop (services.common.consumer) publishes the returned outputs once and acks the
entry afterwards; this module only turns one entry into outputs.  What the extractor consumes
and publishes is declared once, in services/extractor/__init__.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from structlog.contextvars import bind_contextvars

from schemas import Article, Claim
from services.common.consumer import Delivery
from services.common.errors import PoisonMessageError
from services.common.metrics import (
    ARTICLES_CONSUMED,
    ARTICLES_FAILED,
    CLAIMS_EXTRACTED,
    END_TO_END_LATENCY,
    STAGE_DURATION,
)
from services.common.settings import Settings
from services.common.streams import (
    Output,
    StreamLayout,
    entry_size,
    maxlen_for,
    model_fields,
    parse_entry,
)
from services.engine.datafiles import load_actor_entries
from services.engine.extract import extract_claims
from services.engine.resources import EngineResources

PARSE_DURATION = STAGE_DURATION.labels(stage="parse_article")
EXTRACT_DURATION = STAGE_DURATION.labels(stage="extract")
# Fields around the body (title, url, ids, JSON syntax) may add this much to an entry.
ENVELOPE_ALLOWANCE_BYTES = 64 * 1024


def parse_article(fields: Mapping[bytes, bytes], max_body_bytes: int) -> Article:
    """Return the Article an entry carries, or raise PoisonMessageError saying what to fix."""
    size = entry_size(fields)
    if size > max_body_bytes + ENVELOPE_ALLOWANCE_BYTES:
        raise PoisonMessageError(
            "body_too_large",
            f"the entry is {size} bytes; articles may carry at most {max_body_bytes} bytes of body",
        )
    article = parse_entry(fields, Article, "invalid_article")
    body_bytes = len(article.body.encode("utf-8"))
    if body_bytes > max_body_bytes:
        raise PoisonMessageError(
            "body_too_large",
            f"the body is {body_bytes} bytes; the limit is {max_body_bytes} (max_body_bytes)",
        )
    return article


class ArticleHandler:
    """Turn one article entry into claim outputs (one per claim, keyed by claim_id)."""

    def __init__(self, settings: Settings, resources: EngineResources | None) -> None:
        self.settings = settings
        self.layout = StreamLayout.from_settings(settings)
        self.resources = resources
        self.maxlen = maxlen_for(settings, "claims")

    async def __call__(self, delivery: Delivery) -> list[Output]:
        started = time.perf_counter()
        article = parse_article(delivery.fields, self.settings.max_body_bytes)
        parsed = time.perf_counter()
        bind_contextvars(article_id=article.id)  # stream and message_id are bound by the reader loop
        claims = extract_claims(article, self.resources)
        PARSE_DURATION.observe(parsed - started)
        EXTRACT_DURATION.observe(time.perf_counter() - parsed)
        ARTICLES_CONSUMED.inc()
        received_at = article.received_at.isoformat()
        return [
            Output(
                stream=self.layout.claim_stream_for(claim.claim_id),
                entry_id=claim.claim_id,
                fields=model_fields(claim, received_at),
                maxlen=self.maxlen,
                kind="claim",
                record=(claim, article.received_at),
            )
            for claim in claims
        ]


def known_parties(actors_file: Path | None) -> frozenset[str]:
    """The parties of the actor registry: the only party labels the claims counter uses."""
    return frozenset(entry.party for entry in load_actor_entries(actors_file))


def party_label(party: str, known_parties: frozenset[str]) -> str:
    """Keep the party label set small: registry parties and 'unknown', anything else 'other'."""
    return party if party in known_parties or party == "unknown" else "other"


def claim_published(known_parties: frozenset[str]) -> Callable[[Output], None]:
    """Return the hook counting a newly published claim and its end-to-end latency."""

    def count(output: Output) -> None:
        if not isinstance(output.record, tuple):
            return
        claim, received_at = output.record
        if not isinstance(claim, Claim):
            return
        CLAIMS_EXTRACTED.labels(
            topic=claim.topic.value,
            stance=claim.stance.value,
            party=party_label(claim.speaker.party, known_parties),
        ).inc()
        END_TO_END_LATENCY.labels(output="claim").observe(
            max((datetime.now(UTC) - received_at).total_seconds(), 0.0)
        )

    return count


def article_failed(code: str) -> None:
    """Count an article the extractor could not process, by reason."""
    ARTICLES_FAILED.labels(reason=code).inc()
