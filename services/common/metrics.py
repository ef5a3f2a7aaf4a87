"""Prometheus metrics: one registry per process, shared with FastStream's middleware.

Names carry the `claimwatch_` prefix and base units; labels come only from small fixed sets
(stage, reason, kind, severity, topic, stance, party, stream, group, outcome) — never an
article, claim or alert id.  Party labels are bounded by the actor registry; anything else
is reported as "other".
"""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from schemas import AlertKind, Severity

REGISTRY = CollectorRegistry(auto_describe=True)

_STAGE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)

ARTICLES_CONSUMED = Counter(
    "claimwatch_articles_consumed_total", "Articles the extractor processed successfully.", registry=REGISTRY
)
ARTICLES_FAILED = Counter(
    "claimwatch_articles_failed_total",
    "Articles the extractor could not process, by reason (dead-lettered or retried).",
    ["reason"],
    registry=REGISTRY,
)
MESSAGES_DEAD_LETTERED = Counter(
    "claimwatch_messages_dead_lettered_total",
    "Messages moved to the dead-letter stream, by worker stage and reason.",
    ["stage", "reason"],
    registry=REGISTRY,
)
CLAIMS_EXTRACTED = Counter(
    "claimwatch_claims_extracted_total",
    "Claims extracted, by topic, stance and speaker party.",
    ["topic", "stance", "party"],
    registry=REGISTRY,
)
ALERTS_PUBLISHED = Counter(
    "claimwatch_alerts_published_total",
    "Alerts published (after de-duplication), by kind and severity.",
    ["kind", "severity"],
    registry=REGISTRY,
)
DUPLICATES_SUPPRESSED = Counter(
    "claimwatch_duplicates_suppressed_total",
    "Outputs not published again because their deterministic id was already published (redeliveries).",
    ["stream_kind"],
    registry=REGISTRY,
)
STAGE_DURATION = Histogram(
    "claimwatch_stage_duration_seconds",
    "Time spent in one engine stage for one message.",
    ["stage"],
    buckets=_STAGE_BUCKETS,
    registry=REGISTRY,
)
END_TO_END_LATENCY = Histogram(
    "claimwatch_end_to_end_latency_seconds",
    "From an article's received_at to the publication of an alert (or claim) it produced.",
    ["output"],
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)
STREAM_LENGTH = Gauge(
    "claimwatch_stream_length", "Entries in a stream (XLEN).", ["stream"], registry=REGISTRY
)
GROUP_LAG = Gauge(
    "claimwatch_consumer_group_lag",
    "Entries in a stream not yet delivered to a consumer group (XINFO GROUPS lag).",
    ["stream", "group"],
    registry=REGISTRY,
)
GROUP_PENDING = Gauge(
    "claimwatch_consumer_group_pending",
    "Entries delivered to a consumer group but not yet acknowledged.",
    ["stream", "group"],
    registry=REGISTRY,
)
DLQ_LENGTH = Gauge("claimwatch_dlq_length", "Entries in the dead-letter stream.", registry=REGISTRY)
REDELIVERIES = Counter(
    "claimwatch_messages_reclaimed_total",
    "Pending entries reclaimed from idle consumers (XAUTOCLAIM), by stage.",
    ["stage"],
    registry=REGISTRY,
)
REDIS_STATE_LOST = Counter(
    "claimwatch_redis_state_lost_total",
    "Times a worker found Redis empty after having run on it (restart without persistence, flush) "
    "and recreated its consumer groups and scripts, by stage.",
    ["stage"],
    registry=REGISTRY,
)
WEBHOOK_DELIVERIES = Counter(
    "claimwatch_webhook_deliveries_total",
    "Webhook delivery attempts by outcome (success, retry, failed, refused, disabled, filtered, duplicate).",
    ["outcome"],
    registry=REGISTRY,
)
WEBHOOK_LATENCY = Histogram(
    "claimwatch_webhook_delivery_duration_seconds",
    "Duration of one webhook HTTP attempt.",
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)
WEBHOOK_PENDING_RETRIES = Gauge(
    "claimwatch_webhook_pending_retries", "Webhook deliveries scheduled for a retry.", registry=REGISTRY
)
WORKER_UP = Gauge(
    "claimwatch_worker_up",
    "1 while a worker of this stage runs in this process.",
    ["stage"],
    registry=REGISTRY,
)
STATS_REFRESH_ERRORS = Counter(
    "claimwatch_stream_stats_refresh_errors_total",
    "Failed refreshes of the stream/group gauges (Redis unreachable or erroring); the gauges then go stale.",
    registry=REGISTRY,
)
STATS_LAST_REFRESH = Gauge(
    "claimwatch_stream_stats_last_refresh_timestamp_seconds",
    "Unix time of the last successful refresh of the stream/group gauges.",
    registry=REGISTRY,
)

# Every label value a counter is known to take, exported at 0 from the start (Prometheus advises
# it for counters): a panel shows 0 on a healthy run instead of "No data", and an alert rule can
# tell "none happened" from "not scraped".  A value missing here still counts, from its first use.
WEBHOOK_OUTCOMES = ("success", "retry", "failed", "refused", "disabled", "filtered", "duplicate")
# Reasons any consumer dead-letters an entry for (services.common.streams, services.common.consumer).
ENTRY_DEAD_LETTER_REASONS = ("empty_entry", "binary_payload", "invalid_json", "max_deliveries")
DEAD_LETTER_REASONS: dict[str, tuple[str, ...]] = {
    "extractor": (*ENTRY_DEAD_LETTER_REASONS, "invalid_article", "body_too_large"),
    "detector": (*ENTRY_DEAD_LETTER_REASONS, "invalid_claim"),
    "notifier": (
        *ENTRY_DEAD_LETTER_REASONS,
        "invalid_alert",
        "webhook_refused",
        "webhook_gone",
        "webhook_failed",
    ),
}
# The extractor's failures: what it dead-letters, and errors it retries (processing_error).
ARTICLE_FAILURE_REASONS = (*DEAD_LETTER_REASONS["extractor"], "processing_error")
# What each stage publishes (Output.kind), for the duplicates counter.
PUBLISHED_KINDS: dict[str, tuple[str, ...]] = {
    "extractor": ("claim", "dead_letter"),
    "detector": ("alert", "dead_letter"),
    "notifier": ("dead_letter",),
}


def initialise_known_series(stages: Iterable[str]) -> None:
    """Create the series of every known label value of the counters `stages` (extractor, ...) update, at 0.

    Called once per process when its workers start; creating a series that exists is a no-op.
    """
    for stage in stages:
        for reason in DEAD_LETTER_REASONS.get(stage, ENTRY_DEAD_LETTER_REASONS):
            MESSAGES_DEAD_LETTERED.labels(stage=stage, reason=reason)
        for kind in PUBLISHED_KINDS.get(stage, ()):
            DUPLICATES_SUPPRESSED.labels(stream_kind=kind)
        REDELIVERIES.labels(stage=stage)
        REDIS_STATE_LOST.labels(stage=stage)
        if stage == "extractor":
            for reason in ARTICLE_FAILURE_REASONS:
                ARTICLES_FAILED.labels(reason=reason)
        elif stage == "detector":
            for kind in AlertKind:
                for severity in Severity:
                    ALERTS_PUBLISHED.labels(kind=kind.value, severity=severity.value)
        elif stage == "notifier":
            for outcome in WEBHOOK_OUTCOMES:
                WEBHOOK_DELIVERIES.labels(outcome=outcome)
