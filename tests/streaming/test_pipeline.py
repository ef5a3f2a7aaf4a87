"""The extractor and detector over a real Redis (DB 2): same results as `analyze`, bad input dead-lettered."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import redis.asyncio as aioredis
from faststream.redis import RedisBroker, StreamSub

from schemas import Alert, Claim, DeadLetter
from services.cli.publishing import publish_articles
from services.common.consumer import StreamConsumer
from services.common.redis import EmbeddedRedis, connect
from services.common.settings import Settings
from services.common.streams import StreamLayout
from services.detector.main import build_detector
from services.engine.analysis import analyze
from services.engine.extract import extract_claims
from tests.streaming.helpers import (
    alert_keys,
    comparable_alerts,
    comparable_claims,
    make_settings,
    redis_test_url,
    running_pipeline,
    seed_articles,
    stream_records,
    until_idle,
    wait_for,
)

pytestmark = pytest.mark.redis
BOTH = ("extractor", "detector")


@pytest.fixture
def settings(prefix: str) -> Settings:
    return make_settings(prefix, redis_test_url(2))


async def pipeline_output(redis: aioredis.Redis, settings: Settings) -> tuple[list[Claim], list[Alert]]:
    layout = StreamLayout.from_settings(settings)
    return (
        await stream_records(redis, layout.claims, Claim),
        await stream_records(redis, [layout.alerts], Alert),
    )


@pytest.mark.parametrize("partitions", [1, 3])
async def test_seeds_through_the_streams_match_analyze(
    redis2: aioredis.Redis, prefix: str, partitions: int
) -> None:
    settings = make_settings(prefix, redis_test_url(2), partitions=partitions)
    articles = seed_articles(copies=2)
    expected = analyze(articles)
    assert expected.alerts, "the seeds (reported twice) should raise alerts"
    async with running_pipeline(settings, redis2):
        await publish_articles(redis2, settings, articles)
        await until_idle(redis2, settings, BOTH)
    claims, alerts = await pipeline_output(redis2, settings)
    assert comparable_claims(claims) == comparable_claims(expected.claims)
    assert len(alerts) == len({alert.alert_id for alert in alerts})
    if partitions == 1:  # claims reach the detector in analyze's order: identical alerts
        assert comparable_alerts(alerts) == comparable_alerts(expected.alerts)
    else:  # another order: the same alerts, evidence possibly from other reports of one statement
        assert alert_keys(alerts) == alert_keys(expected.alerts)
    assert await redis2.xlen(settings.dlq_stream) == 0


async def test_republishing_the_same_articles_publishes_nothing_twice(
    redis2: aioredis.Redis, settings: Settings
) -> None:
    articles = seed_articles()
    async with running_pipeline(settings, redis2):
        await publish_articles(redis2, settings, articles)
        await until_idle(redis2, settings, BOTH)
        first = await pipeline_output(redis2, settings)
        await publish_articles(redis2, settings, articles)  # a producer retrying: same ids again
        await until_idle(redis2, settings, BOTH)
    claims, alerts = await pipeline_output(redis2, settings)
    assert len(claims) == len(first[0]) and len(alerts) == len(first[1])
    assert max(Counter(c.claim_id for c in claims).values()) == 1
    assert max(Counter(a.alert_id for a in alerts).values(), default=1) == 1


async def test_poison_messages_are_dead_lettered_with_reasons_and_the_stream_flows_on(
    redis2: aioredis.Redis, settings: Settings
) -> None:
    stream = settings.articles_stream
    good = seed_articles()[0]
    bad_entries = {
        "invalid_json": {"data": "{'id': 'single quotes are not JSON'"},
        "invalid_article": {"id": "a-1", "source": "wire", "title": "no body"},
        "invalid_article ": {
            "data": json.dumps({"id": "a-2", "source": "wire", "body": "x", "published_at": 5.5e20})
        },
        "body_too_large": {"id": "a-3", "source": "wire", "body": "word " * (settings.max_body_bytes // 4)},
        "binary_payload": {"id": "a-4", "source": "wire", "body": b"\xff\xd8\xff\xe0JFIF\x00\x01"},
    }
    ids = {}
    for code, fields in bad_entries.items():
        ids[(await redis2.xadd(stream, fields)).decode()] = code.strip()
    await redis2.xadd(stream, {"data": good.model_dump_json()})
    async with running_pipeline(settings, redis2):
        await until_idle(redis2, settings, BOTH)
    letters = await stream_records(redis2, [settings.dlq_stream], DeadLetter)
    assert {letter.message_id: letter.error for letter in letters} == ids
    for letter in letters:
        assert letter.stream == stream and letter.reason and letter.delivery_count == 1
    too_large = next(letter for letter in letters if letter.error == "body_too_large")
    assert f"at most {settings.max_body_bytes} bytes" in too_large.reason
    claims, _ = await pipeline_output(redis2, settings)
    assert {c.claim_id for c in claims} == {c.claim_id for c in extract_claims(good)}


def _redis_cli(url: str, *args: str) -> str:
    executable = shutil.which("redis-cli")
    if executable is None:
        pytest.skip("redis-cli is not installed")
    return subprocess.run([executable, "-u", url, *args], check=True, capture_output=True, text=True).stdout


async def test_articles_from_external_producers_are_processed(
    redis2: aioredis.Redis, settings: Settings
) -> None:
    flat, as_json, enveloped = seed_articles()[:3]
    # Plain redis-cli with flat fields, and with one JSON field: no FastStream, no claimwatch.
    _redis_cli(
        settings.redis_url or "",
        "XADD",
        settings.articles_stream,
        "*",
        "id",
        flat.id,
        "source",
        flat.source,
        "title",
        flat.title,
        "body",
        flat.body,
    )
    _redis_cli(
        settings.redis_url or "", "XADD", settings.articles_stream, "*", "data", as_json.model_dump_json()
    )
    # A FastStream producer publishing the article as a dict (its own binary envelope).
    async with RedisBroker(settings.redis_url) as broker:
        await broker.publish(enveloped.model_dump(mode="json"), stream=settings.articles_stream)
    async with running_pipeline(settings, redis2):
        await until_idle(redis2, settings, BOTH)
    claims, _ = await pipeline_output(redis2, settings)
    expected = {c.claim_id for a in (flat, as_json, enveloped) for c in extract_claims(a)}
    assert {c.claim_id for c in claims} == expected
    assert {c.article_id for c in claims} == {flat.id, as_json.id, enveloped.id}
    assert await redis2.xlen(settings.dlq_stream) == 0


async def test_two_detectors_in_one_group_give_the_alerts_one_gives(
    redis2: aioredis.Redis, prefix: str, settings: Settings
) -> None:
    articles = seed_articles(copies=3)
    async with running_pipeline(settings, redis2, stages=("extractor",)):
        await publish_articles(redis2, settings, articles)
        await until_idle(redis2, settings, ("extractor",))
    # The same claims, judged by one detector and then by two replicas sharing a group.
    one = settings.model_copy(
        update={
            "detector_group": "solo",
            "alerts_stream": f"{prefix}:alerts-one",
            "key_prefix": f"{prefix}-one",
        }
    )
    two = settings.model_copy(
        update={
            "detector_group": "pair",
            "alerts_stream": f"{prefix}:alerts-two",
            "key_prefix": f"{prefix}-two",
            "batch_size": 1,
        }
    )
    solo = build_detector(one, redis2)
    await _run_until_idle([solo], redis2, one)
    pair = [build_detector(two.model_copy(update={"consumer_name": f"replica-{n}"}), redis2) for n in (1, 2)]
    await _run_until_idle(pair, redis2, two)
    assert all(replica.processed > 0 for replica in pair), "both replicas should have taken claims"
    alerts_one = await stream_records(redis2, [one.alerts_stream], Alert)
    alerts_two = await stream_records(redis2, [two.alerts_stream], Alert)
    assert alerts_one, "three reports of each seed should raise alerts"
    assert alert_keys(alerts_two) == alert_keys(alerts_one)
    assert len(alerts_two) == len({a.alert_id for a in alerts_two})


async def _run_until_idle(consumers: list[StreamConsumer], redis: aioredis.Redis, settings: Settings) -> None:
    tasks = [asyncio.create_task(consumer.run()) for consumer in consumers]
    try:
        await until_idle(redis, settings, ("detector",))
    finally:
        for consumer in consumers:
            consumer.stop()
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=20)


async def test_pipeline_on_the_embedded_redis(tmp_path: Path, prefix: str) -> None:
    server = EmbeddedRedis(tmp_path / "embedded")
    url = server.start()
    client = connect(url)
    try:
        assert (await client.info("server"))["redis_version"].startswith("6.2")
        settings = make_settings(prefix, url)
        articles = seed_articles()
        async with running_pipeline(settings, client):
            await publish_articles(client, settings, articles)
            await until_idle(client, settings, BOTH)
        claims, alerts = await pipeline_output(client, settings)
        expected = analyze(articles)
        assert comparable_claims(claims) == comparable_claims(expected.claims)
        assert comparable_alerts(alerts) == comparable_alerts(expected.alerts)
    finally:
        await client.aclose()
        server.stop()
    await wait_for(lambda: _socket_gone(url), timeout=15, what="embedded server shut down")


async def _socket_gone(url: str) -> bool:
    return not Path(url.removeprefix("unix://")).exists()


async def test_a_faststream_subscriber_reads_the_alerts_as_alert_models(
    redis2: aioredis.Redis, settings: Settings
) -> None:
    articles = seed_articles()
    async with running_pipeline(settings, redis2):
        await publish_articles(redis2, settings, articles)
        await until_idle(redis2, settings, BOTH)
    published = await stream_records(redis2, [settings.alerts_stream], Alert)
    received: asyncio.Queue[Alert] = asyncio.Queue()
    broker = RedisBroker(settings.redis_url)

    @broker.subscriber(stream=StreamSub(settings.alerts_stream, last_id="0"))
    async def on_alert(alert: Alert) -> None:
        await received.put(alert)

    async with broker:
        await broker.start()
        got = [await asyncio.wait_for(received.get(), timeout=10) for _ in published]
    assert comparable_alerts(got) == comparable_alerts(published)
