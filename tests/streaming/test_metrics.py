"""The workers count what they do: articles, failures by reason, claims, alerts, dead letters, latency."""

from __future__ import annotations

import pytest
import redis.asyncio as aioredis

from services.cli.publishing import publish_articles
from services.common.metrics import REGISTRY
from services.engine.analysis import analyze
from tests.streaming.helpers import make_settings, redis_test_url, running_pipeline, seed_articles, until_idle

pytestmark = pytest.mark.redis


def total(name: str, **labels: str) -> float:
    """Sum of a metric's samples whose labels include `labels`."""
    value = 0.0
    for metric in REGISTRY.collect():
        for sample in metric.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                value += sample.value
    return value


async def test_counters_follow_what_the_pipeline_did(redis2: aioredis.Redis, prefix: str) -> None:
    settings = make_settings(prefix, redis_test_url(2))
    articles = seed_articles()
    expected = analyze(articles)
    names = {
        "consumed": ("claimwatch_articles_consumed_total", {}),
        "failed": ("claimwatch_articles_failed_total", {"reason": "invalid_json"}),
        "dead": ("claimwatch_messages_dead_lettered_total", {"stage": "extractor", "reason": "invalid_json"}),
        "claims": ("claimwatch_claims_extracted_total", {}),
        "alerts": ("claimwatch_alerts_published_total", {}),
        "claim_latency": ("claimwatch_end_to_end_latency_seconds_count", {"output": "claim"}),
        "alert_latency": ("claimwatch_end_to_end_latency_seconds_count", {"output": "alert"}),
        "duplicate_claims": ("claimwatch_duplicates_suppressed_total", {"stream_kind": "claim"}),
        "us_claims": ("claimwatch_claims_extracted_total", {"party": "US"}),
    }
    before = {key: total(name, **labels) for key, (name, labels) in names.items()}
    await redis2.xadd(settings.articles_stream, {"data": "not json at all"})
    async with running_pipeline(settings, redis2):
        await publish_articles(redis2, settings, articles)
        await until_idle(redis2, settings, ("extractor", "detector"))
        await publish_articles(redis2, settings, articles)  # again: nothing new is published or counted
        await until_idle(redis2, settings, ("extractor", "detector"))
    delta = {key: total(name, **labels) - before[key] for key, (name, labels) in names.items()}
    assert delta["consumed"] == 2 * len(articles)
    assert delta["failed"] == 1 and delta["dead"] == 1
    assert delta["claims"] == len(expected.claims) == delta["claim_latency"]
    assert delta["alerts"] == len(expected.alerts) == delta["alert_latency"]
    # The second publication re-extracts every claim; each one is suppressed, none counted again.
    assert delta["duplicate_claims"] == len(expected.claims)
    assert delta["us_claims"] == sum(1 for claim in expected.claims if claim.speaker.party == "US") > 0
