"""The batched paths over a real Redis: claims filed a batch at a time, acks riding with the next read,
scripts sent by SHA and loaded when the server has lost them."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

import pytest
import redis.asyncio as aioredis

from schemas import Alert, Claim, DeadLetter, Stance
from services.common.consumer import StreamConsumer
from services.common.settings import Settings
from services.common.stream_stats import group_stats
from services.common.streams import Output, ensure_group, model_fields, publish_once
from services.detector.main import build_detector
from services.detector.redis_claims import RedisClaimStore
from services.engine.analysis import analyze
from services.engine.detect.claim_buckets import InMemoryClaimStore
from services.engine.detect.detector import statement_buckets
from services.engine.detect.rules import default_rules
from tests.detect.builders import make_claim
from tests.streaming.helpers import (
    alert_keys,
    free_redis_port,
    make_settings,
    redis_answers,
    redis_test_url,
    seed_articles,
    start_redis_server,
    wait_for,
)

pytestmark = pytest.mark.redis


@pytest.fixture
def settings(prefix: str) -> Settings:
    return make_settings(prefix, redis_test_url(1), batch_size=64)


def busy_claims(count: int) -> list[Claim]:
    """Claims by three speakers on one topic, stances and days varying: buckets shared by many."""
    speakers = ("rivera", "okafor", "council")
    stances = (Stance.support, Stance.oppose, Stance.neutral)
    start = date(2025, 3, 1)
    return [
        make_claim(
            f"c{index:03d}",
            speaker=speakers[index % 3],
            stance=stances[(index // 3) % 3],
            said_at=start + timedelta(days=(index * 7) % 6),
        )
        for index in range(count)
    ]


async def test_filing_in_batches_gives_every_claim_the_peers_filing_one_by_one_gives(
    redis1: aioredis.Redis, prefix: str
) -> None:
    claims = busy_claims(40)
    rules = default_rules()
    buckets = {c.claim_id: statement_buckets(c, rules) for c in claims}
    reference = InMemoryClaimStore(window=1000)
    expected = [sorted(p.claim_id for p in reference.record(c, *buckets[c.claim_id])) for c in claims]
    assert any(expected), "the claims must share buckets"
    store = RedisClaimStore(redis1, key_prefix=prefix, window=1000)
    got: list[list[str]] = []
    for start, size in ((0, 1), (1, 7), (8, 16), (24, 16)):  # batches of uneven sizes, in order
        batch = claims[start : start + size]
        for peers in await store.record_many([(c, *buckets[c.claim_id]) for c in batch]):
            got.append(sorted(peer.claim_id for peer in peers))
    assert got == expected
    # A second process (empty cache) filing a redelivered claim sees every other claim of its days.
    fresh = RedisClaimStore(redis1, key_prefix=prefix, window=1000)
    home, reads = buckets[claims[0].claim_id]
    again = await fresh.record(claims[0], home, reads)
    assert sorted(c.claim_id for c in again) == sorted(
        c.claim_id for c in claims[1:] if buckets[c.claim_id][0] in reads
    )


async def test_a_poison_entry_inside_a_batch_of_claims_is_dead_lettered_and_the_others_judged_once(
    redis1: aioredis.Redis, settings: Settings
) -> None:
    analysis = analyze(seed_articles())
    assert analysis.alerts, "the seeds must raise alerts for this test to mean anything"
    middle = len(analysis.claims) // 2
    for claim in analysis.claims[:middle]:
        await redis1.xadd(settings.claims_stream, model_fields(claim))
    await redis1.xadd(settings.claims_stream, {"data": '{"claim_id": "half'})  # cut off mid-JSON
    for claim in analysis.claims[middle:]:
        await redis1.xadd(settings.claims_stream, model_fields(claim))
    assert len(analysis.claims) + 1 <= settings.batch_size  # one batch

    consumer = build_detector(settings, redis1)
    store = consumer.handler.state.claims
    batch_sizes: list[int] = []
    record_many = store.record_many

    async def counting_record_many(filings: Any) -> Any:
        batch_sizes.append(len(filings))
        return await record_many(filings)

    async def no_single_record(claim: Claim, home: str, reads: Any) -> Any:
        raise AssertionError(f"{claim.claim_id} was filed on its own, outside its batch")

    store.record_many = counting_record_many
    store.record = no_single_record
    await run_until_drained(consumer, redis1, settings.claims_stream, settings.detector_group)

    assert batch_sizes == [len(analysis.claims)]  # every good claim filed in one round trip
    letters = [
        DeadLetter.model_validate_json(f[b"data"]) for _, f in await redis1.xrange(settings.dlq_stream)
    ]
    assert [(letter.error, letter.stream) for letter in letters] == [("invalid_json", settings.claims_stream)]
    alerts = [Alert.model_validate_json(f[b"data"]) for _, f in await redis1.xrange(settings.alerts_stream)]
    assert alert_keys(alerts) == alert_keys(analysis.alerts)

    # The same claims published again (a producer's retry): judged again, nothing published twice.
    for claim in analysis.claims:
        await redis1.xadd(settings.claims_stream, model_fields(claim))
    await run_until_drained(
        build_detector(settings, redis1), redis1, settings.claims_stream, settings.detector_group
    )
    assert await redis1.xlen(settings.alerts_stream) == len(alerts)


async def run_until_drained(consumer: StreamConsumer, redis: aioredis.Redis, stream: str, group: str) -> None:
    task = asyncio.create_task(consumer.run())
    try:
        await wait_for(lambda: _drained(redis, stream, group), what="the stream consumed and acked")
    finally:
        consumer.stop()
        await asyncio.wait_for(task, timeout=10)


async def _drained(redis: aioredis.Redis, stream: str, group: str) -> bool:
    stats = await group_stats(redis, stream, group)
    return stats is not None and stats.lag == 0 and stats.pending == 0


def numbered_handler(out_stream: str, seen: list[str]) -> Any:
    async def handle(delivery: Any) -> list[Output]:
        number = delivery.fields[b"n"].decode()
        seen.append(number)
        return [Output(stream=out_stream, entry_id=number, fields={"n": number}, maxlen=1000)]

    return handle


async def test_acks_ride_with_the_next_read_and_a_crash_before_it_publishes_nothing_twice(
    redis1: aioredis.Redis, settings: Settings, prefix: str
) -> None:
    out = f"{prefix}:out"
    for n in range(6):
        await redis1.xadd(settings.articles_stream, {"n": str(n)})
    await ensure_group(redis1, settings.articles_stream, "g")
    seen: list[str] = []

    def consumer(name: str) -> StreamConsumer:
        return StreamConsumer(
            redis1,
            stage="test",
            streams=[settings.articles_stream],
            group="g",
            handler=numbered_handler(out, seen),
            settings=settings,
            consumer=name,
        )

    doomed = consumer("doomed")
    await doomed._process(await doomed._next_batch())  # published; its acks wait for the next read
    assert await redis1.xlen(out) == 6
    assert int((await redis1.xpending(settings.articles_stream, "g"))["pending"]) == 6
    # It dies here, before reading again.  Another worker reclaims the six entries once idle.
    await run_until_drained(consumer("alive"), redis1, settings.articles_stream, "g")
    assert sorted(seen, key=int) == sorted([str(n) for n in range(6)] * 2, key=int)  # handled twice...
    assert sorted(f[b"n"].decode() for _, f in await redis1.xrange(out)) == [
        str(n) for n in range(6)
    ]  # ...once out

    # A live consumer's acks go out with its next read: nothing stays pending while it waits.
    await redis1.xadd(settings.articles_stream, {"n": "6"})
    survivor = consumer("survivor")
    task = asyncio.create_task(survivor.run())
    try:
        await wait_for(
            lambda: _drained(redis1, settings.articles_stream, "g"), what="the seventh entry acked"
        )
    finally:
        survivor.stop()
        await asyncio.wait_for(task, timeout=10)


async def test_scripts_are_loaded_again_when_the_server_has_lost_them(prefix: str) -> None:
    port = free_redis_port()
    server = start_redis_server(port)  # a server of our own: SCRIPT FLUSH must not disturb other tests
    url = f"redis://127.0.0.1:{port}/0"
    client = aioredis.Redis.from_url(url)
    try:
        await wait_for(lambda: redis_answers(url), what="our redis-server")
        stream = f"{prefix}:out"

        def outputs(*ids: str) -> list[Output]:
            return [Output(stream=stream, entry_id=i, fields={"n": i}, maxlen=100) for i in ids]

        assert await publish_once(client, outputs("1", "2"), ttl_s=60) == [True, True]
        await client.script_flush()
        assert await publish_once(client, outputs("2", "3"), ttl_s=60) == [False, True]
        await client.script_flush()
        store = RedisClaimStore(client, key_prefix=prefix, window=10)
        first, second = busy_claims(2)
        await store.record(first, "said:one:2025-03-01", ["said:one:2025-03-01"])
        await client.script_flush()
        peers = await store.record(second, "said:one:2025-03-01", ["said:one:2025-03-01"])
        assert [c.claim_id for c in peers] == [first.claim_id]
        assert [f[b"n"] for _, f in await client.xrange(stream)] == [b"1", b"2", b"3"]
    finally:
        await client.aclose()
        server.terminate()
        server.wait(timeout=10)
