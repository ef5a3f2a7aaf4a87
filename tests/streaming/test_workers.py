"""Workers as real processes (DB 3) and a Redis of our own: kill -9, SIGTERM, Redis restart."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from schemas import Alert, Article, Claim
from services.cli.publishing import publish_articles
from services.common.redis import connect
from services.common.settings import Settings
from services.engine.analysis import analyze
from tests.streaming.helpers import (
    alert_keys,
    comparable_claims,
    free_redis_port,
    make_settings,
    redis_answers,
    redis_test_url,
    running_pipeline,
    seed_articles,
    start_redis_server,
    stream_records,
    until_idle,
    wait_for,
)

pytestmark = pytest.mark.redis
ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "news_bodies.csv"


def worker_env(settings: Settings, consumer: str) -> dict[str, str]:
    env = dict(os.environ)
    for name in (
        "key_prefix",
        "articles_stream",
        "claims_stream",
        "alerts_stream",
        "dlq_stream",
        "block_ms",
        "claim_idle_ms",
        "max_deliveries",
        "batch_size",
        "redis_url",
    ):
        env[f"CLAIMWATCH_{name.upper()}"] = str(getattr(settings, name))
    env["CLAIMWATCH_CONSUMER_NAME"] = consumer
    env["CLAIMWATCH_LOG_JSON"] = "true"
    env["PYTHONPATH"] = str(ROOT)
    return env


def start_worker(settings: Settings, stage: str, consumer: str, log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "services.cli.main", "worker", stage],
        env=worker_env(settings, consumer),
        cwd=ROOT,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )


def many_articles(count: int) -> list[Article]:
    """Seeds re-reported under other ids, padded with corpus bodies (when ../shared is there)."""
    articles = seed_articles(copies=4)
    if CORPUS.exists():
        import csv

        csv.field_size_limit(sys.maxsize)
        with CORPUS.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if len(articles) >= count:
                    break
                if row["articleBody"].strip():
                    articles.append(
                        Article(
                            id=f"corpus-{row['Body ID']}", source="corpus", title="", body=row["articleBody"]
                        )
                    )
    index = 0
    while len(articles) < count:  # no corpus: more copies of the seeds
        seed = articles[index % 5]
        articles.append(seed.model_copy(update={"id": f"{seed.id}#{index}", "source": f"outlet-{index}"}))
        index += 1
    return articles


async def pending_of(redis: aioredis.Redis, stream: str, group: str, consumer: str) -> int:
    entries = await redis.xpending_range(stream, group, min="-", max="+", count=10_000, consumername=consumer)
    return len(entries)


async def freeze_holding_entries(
    redis: aioredis.Redis, process: subprocess.Popen[bytes], stream: str, group: str, consumer: str
) -> None:
    """SIGSTOP the worker at a moment it holds unacked entries (retrying between batches)."""

    async def frozen_with_pending() -> bool:
        process.send_signal(signal.SIGSTOP)
        if await pending_of(redis, stream, group, consumer) > 0:
            return True
        process.send_signal(signal.SIGCONT)  # between two batches: let it take the next one
        await asyncio.sleep(0.005)
        return False

    await wait_for(frozen_with_pending, timeout=60, what=f"{consumer} holding unacked entries")


async def kill_holding_entries(
    redis: aioredis.Redis, process: subprocess.Popen[bytes], stream: str, group: str, consumer: str
) -> None:
    await freeze_holding_entries(redis, process, stream, group, consumer)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


async def test_kill_9_mid_stream_loses_nothing_and_duplicates_nothing(
    redis3: aioredis.Redis, prefix: str, tmp_path: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    settings = make_settings(prefix, redis_test_url(3), claim_idle_ms=1000, batch_size=64)
    articles = many_articles(600)
    await publish_articles(redis3, settings, articles)
    log = tmp_path / "workers.log"
    extractor = start_worker(settings, "extractor", "extractor-a", log)
    detector = start_worker(settings, "detector", "detector-a", log)
    processes += [extractor, detector]

    async def claims_out() -> bool:
        return int(await redis3.xlen(settings.claims_stream)) > 0

    await wait_for(claims_out, timeout=60, what="the first claims")
    # Kill each worker while it holds unacked entries: freeze it (SIGSTOP) until its PEL is
    # non-empty, so the kill lands mid-batch whatever the timing, then SIGKILL.
    await kill_holding_entries(redis3, detector, settings.claims_stream, "detector", "detector-a")
    await kill_holding_entries(redis3, extractor, settings.articles_stream, "extractor", "extractor-a")
    groups = {g["name"]: g for g in await redis3.xinfo_groups(settings.articles_stream)}
    assert int(groups[b"extractor"]["lag"]) > 0

    processes += [
        start_worker(settings, "extractor", "extractor-b", log),
        start_worker(settings, "detector", "detector-b", log),
    ]
    await until_idle(redis3, settings, ("extractor", "detector"), timeout=180)

    claims = await stream_records(redis3, [settings.claims_stream], Claim)
    alerts = await stream_records(redis3, [settings.alerts_stream], Alert)
    expected = analyze(articles)
    assert max(Counter(c.claim_id for c in claims).values()) == 1, "a claim was published twice"
    assert comparable_claims(claims) == comparable_claims(expected.claims)
    assert max(Counter(a.alert_id for a in alerts).values(), default=1) == 1, "an alert was published twice"
    assert alert_keys(alerts) == alert_keys(expected.alerts)
    assert await redis3.xlen(settings.dlq_stream) == 0


async def test_sigterm_finishes_and_acks_the_batch_in_hand(
    redis3: aioredis.Redis, prefix: str, tmp_path: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    settings = make_settings(prefix, redis_test_url(3), batch_size=32)
    articles = many_articles(600)
    await publish_articles(redis3, settings, articles)
    log = tmp_path / "worker.log"
    worker = start_worker(settings, "extractor", "extractor-term", log)
    processes.append(worker)

    async def started_consuming() -> bool:
        return int(await redis3.xlen(settings.claims_stream)) > 0

    await wait_for(started_consuming, timeout=60, what="the first claims")
    # SIGTERM lands while a batch is in hand: frozen mid-batch, signalled, then let go.
    await freeze_holding_entries(redis3, worker, settings.articles_stream, "extractor", "extractor-term")
    worker.send_signal(signal.SIGTERM)
    worker.send_signal(signal.SIGCONT)
    assert worker.wait(timeout=30) == 0, log.read_text()
    assert await pending_of(redis3, settings.articles_stream, "extractor", "extractor-term") == 0
    assert "consumer_stopped" in log.read_text()
    groups = {g["name"]: g for g in await redis3.xinfo_groups(settings.articles_stream)}
    assert int(groups[b"extractor"]["lag"]) > 0, "the worker should have stopped before the end of the stream"
    # What it acked is published: a second worker finishes the rest, and every claim is there once.
    processes.append(start_worker(settings, "extractor", "extractor-next", log))
    await until_idle(redis3, settings, ("extractor",), timeout=120)
    claims = await stream_records(redis3, [settings.claims_stream], Claim)
    assert comparable_claims(claims) == comparable_claims(analyze(articles).claims)


async def test_workers_survive_a_redis_restart(prefix: str, processes: list[subprocess.Popen[bytes]]) -> None:
    port = free_redis_port()
    url = f"redis://127.0.0.1:{port}/0"
    server = start_redis_server(port)
    processes.append(server)
    await wait_for(lambda: redis_answers(url), timeout=15, what="our redis-server")
    settings = make_settings(prefix, url, claim_idle_ms=500)
    client = connect(url)
    before, after = seed_articles(), seed_articles(copies=2)[5:]
    try:
        async with running_pipeline(settings, client):
            await publish_articles(client, settings, before)
            await until_idle(client, settings, ("extractor", "detector"))
            server.kill()  # no persistence: streams, groups and detector state are gone
            server.wait(timeout=10)
            await asyncio.sleep(0)  # let the workers hit the closed connections
            server = start_redis_server(port)
            processes.append(server)
            await wait_for(lambda: redis_answers(url), timeout=15, what="the restarted redis-server")
            await publish_articles(client, settings, after)
            await until_idle(client, settings, ("extractor", "detector"), timeout=60)
        claims = await stream_records(client, [settings.claims_stream], Claim)
        assert comparable_claims(claims) == comparable_claims(analyze(after).claims)
        groups = {g["name"] for g in await client.xinfo_groups(settings.articles_stream)}
        assert groups == {b"extractor"}
    finally:
        await client.aclose()
