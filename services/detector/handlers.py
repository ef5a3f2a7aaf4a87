"""Detector handlers: parse a claim entry, record it, judge it against its peers, return alerts.

Recording and judging are split the way the engine's store contract wants: the Redis store
files the claim under its buckets atomically and returns the peers; the pure `judge` decides
the alerts.  Alert ids are deterministic, and the reader loop publishes each id once.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import UTC, datetime

from faststream.redis import RedisRouter
from pydantic import ValidationError
from structlog.contextvars import bind_contextvars

from schemas import Alert, Claim, DeadLetter
from services.common.consumer import Delivery
from services.common.errors import PoisonMessageError
from services.common.metrics import ALERTS_PUBLISHED, END_TO_END_LATENCY, STAGE_DURATION
from services.common.settings import Settings
from services.common.streams import RECEIVED_AT_FIELD, Output, decode_entry, maxlen_for, model_fields
from services.detector.store import RedisClaimStore
from services.engine.detect.detector import buckets_for, judge
from services.extractor.handlers import describe_validation_error

RECORD_DURATION = STAGE_DURATION.labels(stage="record")
JUDGE_DURATION = STAGE_DURATION.labels(stage="judge")


def parse_claim(fields: Mapping[bytes, bytes]) -> Claim:
    """Return the Claim an entry carries, or raise PoisonMessageError saying what is wrong."""
    document = decode_entry(fields)
    try:
        return Claim.model_validate(document)
    except ValidationError as error:
        raise PoisonMessageError("invalid_claim", describe_validation_error(error)) from error


def received_at_of(fields: Mapping[bytes, bytes]) -> datetime | None:
    """When the claim's article entered the pipeline (written by the extractor), if known."""
    raw = fields.get(RECEIVED_AT_FIELD.encode())
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw.decode())
    except (UnicodeDecodeError, ValueError):
        return None  # only used for the latency metric; a bad value must not fail the claim


class ClaimHandler:
    """Turn one claim entry into alert outputs (one per alert, keyed by alert_id)."""

    def __init__(self, settings: Settings, store: RedisClaimStore) -> None:
        self.settings = settings
        self.store = store
        self.maxlen = maxlen_for(settings, "alerts")

    async def __call__(self, delivery: Delivery) -> list[Output]:
        claim = parse_claim(delivery.fields)
        bind_contextvars(article_id=claim.article_id)  # stream and message_id are bound by the reader loop
        started = time.perf_counter()
        peers = await self.store.record(claim, buckets_for(claim))
        recorded = time.perf_counter()
        alerts = judge(claim, peers, datetime.now(UTC))
        RECORD_DURATION.observe(recorded - started)
        JUDGE_DURATION.observe(time.perf_counter() - recorded)
        received_at = received_at_of(delivery.fields)
        received_text = received_at.isoformat() if received_at else None
        return [
            Output(
                stream=self.settings.alerts_stream,
                entry_id=alert.alert_id,
                fields=model_fields(alert, received_text),
                maxlen=self.maxlen,
                kind="alert",
                record=(alert, received_at),
            )
            for alert in alerts
        ]


def alert_published(output: Output) -> None:
    """Count a newly published alert and its end-to-end latency."""
    if output.kind != "alert":
        return
    alert, received_at = output.record
    ALERTS_PUBLISHED.labels(kind=alert.kind.value, severity=alert.severity.value).inc()
    if received_at is not None:
        END_TO_END_LATENCY.labels(output="alert").observe(
            max((datetime.now(UTC) - received_at).total_seconds(), 0.0)
        )


def build_router(settings: Settings) -> RedisRouter:
    """The detector's FastStream router: what it publishes, for AsyncAPI and for consumers to read."""
    router = RedisRouter()
    router.publisher(
        stream=settings.alerts_stream,
        title=f"{settings.alerts_stream}:publish",
        schema=Alert,
        description="Alerts, one entry per alert_id, published once (field `data`, JSON).",
    )
    router.publisher(
        stream=settings.dlq_stream,
        title=f"{settings.dlq_stream}:detector",
        schema=DeadLetter,
        description="Claims that could not be processed, with the reason.",
    )
    return router
