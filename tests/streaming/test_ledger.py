"""The position ledger over a real Redis: two detectors, a restart, a late old report, retention.

Each test uses its own key prefix on DB 1 (cleaned afterwards).  The reference is the
in-memory detector of `analyze`: the Redis state must give the same alert ids and the same
positions, whichever replica files which claim.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest
import redis.asyncio as aioredis

from schemas import Alert, Claim, Speaker, Stance, Topic
from services.common.settings import Settings
from services.detector.redis_ledger import RedisLedger
from services.detector.routes import position_routes
from services.detector.state import RedisDetectionState
from services.engine.detect.detector import Detector, judge, plan_filing
from services.engine.detect.positions import issue_positions
from services.engine.detect.rules import default_rules
from tests.detect.builders import DETECTED_AT, make_claim
from tests.streaming.helpers import make_settings, redis_test_url

pytestmark = pytest.mark.redis

RULES = default_rules()
BLOCKS = ("withdrawal:valley", "no talks while they stay in the valley")
LEVERAGE = ("leverage:valley", "the valley is a card in talks")


@pytest.fixture
def settings(prefix: str) -> Settings:
    return make_settings(prefix, redis_test_url(1))


def history_claims() -> list[Claim]:
    """A year of one actor's statements (changes included), rivals on one object, re-reports."""
    rng = random.Random(7)
    claims = []
    stances = [Stance.support] * 4 + [Stance.oppose] * 3 + [Stance.support] * 3
    for month, stance in enumerate(stances):
        day = date(2024, 1, 5) + timedelta(days=30 * month)
        for outlet in range(rng.randrange(1, 4)):  # several outlets reporting one statement
            claims.append(
                make_claim(
                    f"h{month:02d}{outlet}",
                    stance=stance,
                    topic=Topic.ceasefire,
                    said_at=day,
                    source=f"Outlet {outlet}",
                    text=f"Rivera spoke about the truce on day {month}.",
                )
            )
    claims.append(make_claim("r1", speaker="okafor", conditions=(BLOCKS,), said_at=date(2024, 3, 1)))
    claims.append(make_claim("r2", speaker="rivera", conditions=(LEVERAGE,), said_at=date(2024, 3, 20)))
    claims.append(make_claim("r3", speaker="council", conditions=(BLOCKS,), said_at=date(2024, 3, 2)))
    return claims


def reference(claims: list[Claim]) -> tuple[set[str], list[dict[str, Any]]]:
    """Alert ids and positions of the in-memory detector, claims in the given order."""
    detector = Detector(clock=lambda: DETECTED_AT)
    ids = {a.alert_id for c in claims for a in detector.observe(c)}
    positions = issue_positions(detector.state.ledger.histories())
    return ids, [p.model_dump(mode="json") for p in positions]


async def judged(state: RedisDetectionState, claims: list[Claim]) -> list[Alert]:
    filings = [plan_filing(c, RULES) for c in claims]
    filed = await state.file_many(filings)
    return [a for f, what in zip(filings, filed, strict=True) for a in judge(f, what, DETECTED_AT, RULES)]


async def redis_positions(redis: Any, prefix: str) -> list[dict[str, Any]]:
    histories = await RedisLedger(redis, key_prefix=prefix).histories()
    return [p.model_dump(mode="json") for p in issue_positions(histories)]


async def test_two_detectors_sharing_redis_find_what_one_in_memory_detector_finds(
    redis1: aioredis.Redis, settings: Settings, prefix: str
) -> None:
    claims = history_claims()
    random.Random(3).shuffle(claims)
    expected_ids, expected_positions = reference(claims)
    assert len(expected_ids) >= 3  # the stream must raise changes and a contradiction
    second_client = aioredis.Redis.from_url(redis_test_url(1))
    try:
        replicas = [RedisDetectionState(redis1, settings), RedisDetectionState(second_client, settings)]
        rng = random.Random(11)
        found: set[str] = set()
        index = 0
        while index < len(claims):  # batches of uneven sizes, each to either replica
            size = rng.randrange(1, 5)
            found |= {a.alert_id for a in await judged(rng.choice(replicas), claims[index : index + size])}
            index += size
    finally:
        await second_client.aclose()
    assert found == expected_ids
    assert await redis_positions(redis1, prefix) == expected_positions


async def test_a_restarted_detector_judges_against_the_ledger_it_left(
    redis1: aioredis.Redis, settings: Settings, prefix: str
) -> None:
    # Four months apart: well within stance_memory_days, so the earlier stance still stands.
    early = make_claim("s1", stance=Stance.support, said_at=date(2025, 2, 1), topic=Topic.ceasefire)
    late = make_claim("s2", stance=Stance.oppose, said_at=date(2025, 6, 1), topic=Topic.ceasefire)
    assert await judged(RedisDetectionState(redis1, settings), [early]) == []
    fresh_client = aioredis.Redis.from_url(redis_test_url(1))  # a new process: nothing in memory
    try:
        [change] = await judged(RedisDetectionState(fresh_client, settings), [late])
    finally:
        await fresh_client.aclose()
    assert change.claim_ids == ["s1", "s2"]
    assert "moved from support to oppose on ceasefire" in change.summary


async def test_a_late_old_report_goes_into_the_past_and_raises_nothing_against_the_present(
    redis1: aioredis.Redis, settings: Settings, prefix: str
) -> None:
    state = RedisDetectionState(redis1, settings)
    january = make_claim("l1", stance=Stance.oppose, said_at=date(2025, 1, 10), source="A")
    march = make_claim("l2", stance=Stance.support, said_at=date(2025, 3, 10), source="B")
    late_january = make_claim("l3", stance=Stance.oppose, said_at=date(2025, 1, 11), source="C")
    first = await judged(state, [january, march])
    assert [a.claim_ids for a in first] == [["l1", "l2"]]
    again = await judged(state, [late_january])
    # The same change (oppose until January, support from 10 March): the same id, nothing new.
    assert {a.alert_id for a in again} <= {a.alert_id for a in first}
    [position] = await redis_positions(redis1, prefix)
    assert position["standing"] == "support"
    assert [(s["position"], s["first_said"], s["last_said"]) for s in position["history"]] == [
        ("oppose", "2025-01-10", "2025-01-11"),
        ("support", "2025-03-10", "2025-03-10"),
    ]


async def test_an_undated_report_is_judged_on_arrival_and_files_no_entry(
    redis1: aioredis.Redis, settings: Settings, prefix: str
) -> None:
    no_terms = make_claim(
        "d1",
        said_at=date(2025, 9, 3),
        conditions=(("no_preconditions", "without preconditions"),),
        text="Rivera said the Delta Union talks could open without preconditions.",
    )
    terms = make_claim(
        "d2",
        stance=Stance.conditional,
        conditions=(("ceasefire_first", "once the shelling stops"),),
        text="Rivera said the Delta Union talks could open only once the shelling stops.",
    )
    expected, positions = reference([no_terms, terms])
    state = RedisDetectionState(redis1, settings)
    found = {a.alert_id for a in await judged(state, [no_terms, terms])}
    assert found == expected and len(found) == 1
    # Redelivered: the same alert id, and still no entry for the undated report.
    assert {a.alert_id for a in await judged(state, [terms])} == expected
    assert await redis_positions(redis1, prefix) == positions
    [history] = [p for p in positions if p["issue"] == "preconditions:talks"]
    assert [s["position"] for s in history["history"]] == ["none"]


async def test_a_governments_change_across_officials_is_found_by_either_replica(
    redis1: aioredis.Redis, settings: Settings, prefix: str
) -> None:
    minister = Speaker(id="tomas-vega", name="Tomas Vega", party="AR")
    announced = make_claim(
        "v1",
        said_at=date(2025, 8, 1),
        topic=Topic.ceasefire,
        stance=Stance.support,
        text="President Maria Rivera announced a truce with the Marsh Front.",
    )
    suspended = make_claim(
        "v2",
        said_at=date(2025, 8, 5),
        topic=Topic.ceasefire,
        stance=Stance.oppose,
        text="Defence Minister Tomas Vega said the truce with the Marsh Front was suspended.",
    ).model_copy(update={"speaker": minister})
    expected, positions = reference([announced, suspended])
    assert len(expected) == 1
    second_client = aioredis.Redis.from_url(redis_test_url(1))
    try:
        await judged(RedisDetectionState(redis1, settings), [announced])
        found = await judged(RedisDetectionState(second_client, settings), [suspended])
    finally:
        await second_client.aclose()
    assert {a.alert_id for a in found} == expected
    assert found[0].actors == ["maria-rivera", "tomas-vega"]
    assert await redis_positions(redis1, prefix) == positions
    # The government's history is kept in Redis too; positions list each official's own.
    histories = await RedisLedger(redis1, key_prefix=prefix).histories()
    assert {actor for actor, _ in histories} == {"government:AR", "maria-rivera", "tomas-vega"}
    assert {p["actor"]["id"] for p in positions} == {"maria-rivera", "tomas-vega"}


async def test_unrelated_claims_leave_only_keys_that_expire_and_the_ledger_kept(
    redis1: aioredis.Redis, prefix: str
) -> None:
    settings = make_settings(prefix, redis_test_url(1), detector_window=20)
    state = RedisDetectionState(redis1, settings)
    rng = random.Random(5)
    claims = []
    for index in range(2000):  # 2k claims by many speakers on many objects, none related
        claim = make_claim(
            f"u{index:04d}",
            said_at=date(2024, 1, 1) + timedelta(days=rng.randrange(300)),
            stance=rng.choice((Stance.neutral, Stance.support)),
            conditions=((f"withdrawal:place{rng.randrange(50)}", "they must leave"),),
        )
        claims.append(
            claim.model_copy(update={"speaker": claim.speaker.model_copy(update={"id": f"s{index % 97}"})})
        )
    for start in range(0, len(claims), 100):
        await judged(state, claims[start : start + 100])
    keys = [k.decode() async for k in redis1.scan_iter(match=f"{prefix}:*", count=1000)]
    raw = [k for k in keys if ":said:" in k or ":stands:" in k]
    ledger = [k for k in keys if ":ledger:" in k]
    assert raw and ledger
    ttls = [await redis1.ttl(k) for k in raw]
    assert all(0 < ttl <= settings.detector_stand_retention_s for ttl in ttls)
    assert [await redis1.ttl(k) for k in ledger] == [-1] * len(ledger)  # positions never expire
    assert set(keys) == set(raw) | set(ledger)  # nothing else is written
    orders = [k for k in raw if k.endswith(":order")]
    assert max([await redis1.zcard(k) for k in orders]) <= settings.detector_window


async def test_the_positions_route_serves_the_ledger(
    redis1: aioredis.Redis, settings: Settings, prefix: str
) -> None:
    claims = history_claims()
    await judged(RedisDetectionState(redis1, settings), claims)
    route = position_routes(settings, redis1)["/positions"]
    status, everything = await route({})
    assert status == 200
    assert everything == reference(claims)[1]
    status, one = await route({"actor": ["maria-rivera"], "topic": ["ceasefire"]})
    assert [(p["actor"]["id"], p["issue"], p["standing"]) for p in one] == [
        ("maria-rivera", "topic:ceasefire", "support")
    ]


def test_the_positions_command_reads_the_same_ledger_from_redis(prefix: str) -> None:
    import asyncio
    import json

    from typer.testing import CliRunner

    from services.cli.main import app

    settings = make_settings(prefix, redis_test_url(1))
    claims = history_claims()

    async def fill() -> None:
        client = aioredis.Redis.from_url(redis_test_url(1))
        try:
            await client.ping()
        except Exception as error:
            await client.aclose()
            pytest.skip(f"no Redis server for the tests ({type(error).__name__}: {error})")
        try:
            await judged(RedisDetectionState(client, settings), claims)
        finally:
            await client.aclose()

    async def clean() -> None:
        client = aioredis.Redis.from_url(redis_test_url(1))
        keys = [k async for k in client.scan_iter(match=f"{prefix}:*", count=1000)]
        if keys:
            await client.delete(*keys)
        await client.aclose()

    asyncio.run(fill())
    try:
        result = CliRunner().invoke(
            app,
            ["positions", "--redis", redis_test_url(1), "--jsonl"],
            env={"CLAIMWATCH_KEY_PREFIX": prefix},
            catch_exceptions=False,
        )
    finally:
        asyncio.run(clean())
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [{k: v for k, v in r.items() if k != "record"} for r in records] == reference(claims)[1]


async def test_the_detector_http_endpoint_serves_get_positions(
    redis1: aioredis.Redis, settings: Settings, prefix: str
) -> None:
    import httpx

    from services.common.http import ObservabilityApp
    from services.detector import STAGE

    claims = history_claims()
    await judged(RedisDetectionState(redis1, settings), claims)
    assert STAGE.routes is not None
    app = ObservabilityApp(routes=STAGE.routes(settings, redis1))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://detector"
    ) as client:
        response = await client.get("/positions", params={"actor": "maria-rivera"})
    assert response.status_code == 200
    assert response.json() == [p for p in reference(claims)[1] if p["actor"]["id"] == "maria-rivera"]
