"""Detector handlers: parse a claim entry, record it, judge it against its peers, return alerts.

Recording and judging are split the way the engine's contract wants: the Redis state files
the claim (statement bucket, ledger, stands) atomically and returns what it held before;
the pure `judge` decides the alerts.  Alert ids are deterministic, and the reader loop publishes each id once.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from redis.exceptions import RedisError
from structlog.contextvars import bind_contextvars

from schemas import Claim
from services.common.consumer import Delivery
from services.common.metrics import ALERTS_PUBLISHED, END_TO_END_LATENCY, STAGE_DURATION
from services.common.settings import Settings
from services.common.streams import (
    RECEIVED_AT_FIELD,
    Output,
    maxlen_for,
    model_fields,
    parse_entry,
)
from services.detector.state import RedisDetectionState
from services.engine.detect.detector import Filed, Filing, judge, plan_filing, siblings_of
from services.engine.detect.rules import DetectionRules, default_rules

RECORD_DURATION = STAGE_DURATION.labels(stage="record")
JUDGE_DURATION = STAGE_DURATION.labels(stage="judge")


def parse_claim(fields: Mapping[bytes, bytes]) -> Claim:
    """Return the Claim an entry carries, or raise PoisonMessageError saying what is wrong."""
    return parse_entry(fields, Claim, "invalid_claim")


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
    """Turn one claim entry into alert outputs (one per alert, keyed by alert_id).

    The reader loop calls `prepare` with each batch first: the batch's claims are filed in
    the store in one round trip, in entry order, which is what filing them one by one would
    do; each entry is then judged on its own, knowing the batch's other claims of its article
    (``siblings_of``), as `analyze` judges an article's claims.
    """

    def __init__(
        self, settings: Settings, state: RedisDetectionState, rules: DetectionRules | None = None
    ) -> None:
        self.settings = settings
        self.state = state
        self.rules = rules or default_rules()
        self.maxlen = maxlen_for(settings, "alerts")
        self._filed: dict[tuple[str, str], tuple[Filing, Filed, tuple[Filing, ...]]] = {}

    async def prepare(self, batch: Sequence[Delivery]) -> None:
        """File the claims of `batch` in the store, in order, keeping each one's peers for `__call__`."""
        self._filed.clear()
        filings: list[Filing] = []
        entries: list[tuple[str, str]] = []
        for delivery in batch:
            try:
                filing = plan_filing(parse_claim(delivery.fields), self.rules)
            except Exception:
                # Not swallowed: `__call__` meets the same error and dead-letters or retries the entry.
                continue
            filings.append(filing)
            entries.append((delivery.stream, delivery.message_id))
        if not filings:
            return
        started = time.perf_counter()
        try:
            filed = await self.state.file_many(filings)
        except RedisError:
            raise  # the reader loop reconnects; the whole batch stays pending
        except Exception:
            # e.g. a stored peer that no longer parses: each entry then files itself in `__call__`
            # and meets the error there, where it is counted, logged and retried.
            return
        # The histogram is per message: each claim gets its share of the batch's round trip.
        share = (time.perf_counter() - started) / len(filings)
        for entry, filing, what_was_filed, siblings in zip(
            entries, filings, filed, siblings_of(filings), strict=True
        ):
            self._filed[entry] = (filing, what_was_filed, siblings)
            RECORD_DURATION.observe(share)

    async def __call__(self, delivery: Delivery) -> list[Output]:
        prepared = self._filed.pop((delivery.stream, delivery.message_id), None)
        if prepared is None:  # not prepared (its parse failed there, or called on its own)
            claim = parse_claim(delivery.fields)
            bind_contextvars(article_id=claim.article_id)  # stream and message_id: bound by the loop
            started = time.perf_counter()
            filing = plan_filing(claim, self.rules)
            filed = await self.state.file(filing)
            siblings: tuple[Filing, ...] = ()  # filed before it if it is redelivered: read from the ledger
            RECORD_DURATION.observe(time.perf_counter() - started)
        else:
            filing, filed, siblings = prepared
            bind_contextvars(article_id=filing.claim.article_id)
        judging = time.perf_counter()
        alerts = judge(filing, filed, datetime.now(UTC), self.rules, siblings)
        JUDGE_DURATION.observe(time.perf_counter() - judging)
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
