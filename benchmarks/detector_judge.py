"""Cost of judging a claim against a long history: 10k, 100k, 1M earlier claims of one actor.

    python benchmarks/detector_judge.py [--sizes 10000,100000,1000000] [--probes 300] [--days 1000]

A redis-server of its own is started on a free port (no persistence; never the shared one).
One actor's history is generated and filed through the detector's Redis state
(services/detector/state.py: statement buckets, ledger, stands), in pipelined batches of
Lua calls: the very first claim says the actor *supports* a ceasefire; the others, spread
over `--days` days, support talks, set conditions on a few places, or say nothing of note, and
never speak of a ceasefire again.  At each size, `--probes` new claims are judged as the
worker judges them (plan, file in Redis, judge), and the time per claim is printed (p50, p99),
with Redis' memory (used_memory) and key count.  The history is loaded without reading
statement buckets (nothing is judged while loading); the probes read them as the worker does.
The last probe at each size *opposes* a
ceasefire: it must raise a position_change against the position taken by claim 1, however
many claims back.  Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import redis.asyncio as aioredis  # noqa: E402

from schemas import AlertKind, Attribution, Claim, Condition, Speaker, Stance, Topic  # noqa: E402
from services.common.settings import Settings  # noqa: E402
from services.detector.state import RedisDetectionState  # noqa: E402
from services.engine.detect.detector import judge, plan_filing  # noqa: E402
from services.engine.detect.rules import default_rules  # noqa: E402

ACTOR = Speaker(id="bench-minister", name="Bench Minister", party="BX")
START = date(2020, 1, 1)
DETECTED_AT = datetime(2026, 1, 1, tzinfo=UTC)
PLACES = 20
LOAD_BATCH = 2000
RULES = default_rules()


def _claim(
    index: int, day: date, stance: Stance, topic: Topic, conditions: list[Condition], quote: str | None
) -> Claim:
    # Built without validation (each field is right by construction): loading a million claims
    # is then bound by the detector's own work, not by building test data.
    return Claim.model_construct(
        claim_id=f"bench-{index:08d}",
        article_id=f"bench-article-{index // 3:08d}",
        source=f"Outlet {index % 53}",
        published_at=datetime(day.year, day.month, day.day, 9, tzinfo=UTC),
        said_at=day,
        speaker=ACTOR,
        topic=topic,
        stance=stance,
        conditions=conditions,
        quote=quote,
        text=f"The minister spoke to reporters, statement {index}.",
        span=(0, 40),
        attribution=Attribution.direct_quote if quote else Attribution.reported,
        hedged=False,
        negated=False,
        channel=None,
        reported_change=None,
        schema_version=1,
        confidence=0.9,
    )


def history_claim(index: int, days: int) -> Claim:
    """Claim `index` of the generated history (0: the ceasefire position all probes look back to)."""
    if index == 0:
        return _claim(0, START, Stance.support, Topic.ceasefire, [], None)
    day = START + timedelta(days=1 + index % days)
    kind = index % 3
    if kind == 0:
        return _claim(
            index, day, Stance.support, Topic.negotiations, [], f"we are ready for talks, round {index % 7}"
        )
    if kind == 1:
        place = f"place{index % PLACES}"
        condition = Condition(text=f"until they leave {place}", key=f"withdrawal:{place}")
        return _claim(index, day, Stance.conditional, Topic.negotiations, [condition], None)
    return _claim(index, day, Stance.neutral, Topic.negotiations, [], None)


WORDS = [
    "harbour",
    "bridge",
    "grain",
    "rail",
    "convoy",
    "border",
    "customs",
    "river",
    "valley",
    "tunnel",
    "power",
    "school",
    "water",
    "road",
    "court",
    "bank",
    "station",
    "market",
    "field",
    "pipeline",
    "airport",
    "port",
    "corridor",
]


def _probe_quote(number: int) -> str:
    """Words of a statement of its own: no two probes quote one statement."""
    picks = [WORDS[(number * 7 + k * (number % 5 + 1)) % len(WORDS)] for k in range(6)]
    return f"we will talk about the {' and the '.join(picks)} in statement {number}"


def probe_claim(size: int, number: int, days: int, last: bool) -> Claim:
    """A new claim judged at `size`, on one of the history's last days; the last one opposes a ceasefire."""
    day = START + timedelta(days=days - number % 5)  # the history's last days: judged against it
    index = 900_000_000 + size // 1000 * 1000 + number
    if last:
        return _claim(index, day + timedelta(days=10), Stance.oppose, Topic.ceasefire, [], "no ceasefire now")
    place = f"place{number % PLACES}"
    condition = Condition(text=f"until they leave {place}", key=f"withdrawal:{place}")
    return _claim(index, day, Stance.support, Topic.negotiations, [condition], _probe_quote(number))


async def load(state: RedisDetectionState, start: int, stop: int, days: int) -> float:
    """File history claims [start, stop) in pipelined batches; seconds taken."""
    began = time.perf_counter()
    for first in range(start, stop, LOAD_BATCH):
        claims = [history_claim(i, days) for i in range(first, min(stop, first + LOAD_BATCH))]
        await state.file_many([plan_filing(c, RULES) for c in claims], read_peers=False)
    return time.perf_counter() - began


async def probe(state: RedisDetectionState, size: int, probes: int, days: int) -> tuple[list[float], bool]:
    """Judge `probes` new claims one by one; their times, and whether the last raised the change."""
    times = []
    found = False
    for number in range(probes):
        last = number == probes - 1
        claim = probe_claim(size, number, days, last)
        began = time.perf_counter()
        filing = plan_filing(claim, RULES)
        filed = await state.file(filing)
        alerts = judge(filing, filed, DETECTED_AT, RULES)
        times.append(time.perf_counter() - began)
        if last:
            found = any(
                a.kind is AlertKind.position_change and a.claim_ids == ["bench-00000000", claim.claim_id]
                for a in alerts
            )
    return times, found


def _free_port() -> int:
    for port in range(6390, 6490):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SystemExit("no free port in 6390-6489 for a redis-server of our own")


def _start_redis(port: int) -> subprocess.Popen[bytes]:
    executable = shutil.which("redis-server")
    if executable is None:
        raise SystemExit("redis-server is not installed")
    return subprocess.Popen(
        [executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def _wait(client: Any) -> None:
    for _ in range(100):
        try:
            await client.ping()
            return
        except Exception:
            await asyncio.sleep(0.05)
    raise SystemExit("our redis-server did not answer")


async def _kept_bytes(client: Any) -> int:
    """Bytes held by the ledger and stands keys (MEMORY USAGE summed): what never expires or lasts a year."""
    total = 0
    for pattern in ("bench:ledger:*", "bench:stands:*"):
        async for key in client.scan_iter(match=pattern, count=1000):
            total += await client.memory_usage(key) or 0
    return total


def _ms(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


async def run(sizes: list[int], probes: int, days: int) -> None:
    port = _free_port()
    server = _start_redis(port)
    client = aioredis.Redis.from_url(f"redis://127.0.0.1:{port}/0")
    try:
        await _wait(client)
        settings = Settings(redis_url=f"redis://127.0.0.1:{port}/0", key_prefix="bench")
        state = RedisDetectionState(client, settings)
        base = (await client.info("memory"))["used_memory"]
        print(f"redis-server on port {port}; empty used_memory {base / 1e6:.1f} MB; history over {days} days")
        loaded = 0
        rows = []
        for size in sorted(sizes):
            seconds = await load(state, loaded, size, days)
            rate = (size - loaded) / seconds if seconds else float("inf")
            loaded = size
            memory = (await client.info("memory"))["used_memory"]
            keys = await client.dbsize()
            kept = await _kept_bytes(client)
            times, found = await probe(state, size, probes, days)
            p50, p99 = _ms(times, 0.50), _ms(times, 0.99)
            rows.append((size, p50, p99))
            print(
                f"{size:>9,} prior claims: judge p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  mean "
                f"{statistics.fmean(times) * 1000:6.2f} ms over {probes}; used_memory {memory / 1e6:7.1f} MB "
                f"({keys:,} keys; ledger and stands {kept / 1e6:.1f} MB); "
                f"change against claim 1 found: {found}; loaded at {rate:,.0f} claims/s"
            )
        if len(rows) > 1:
            (small, _, p99_small), (large, _, p99_large) = rows[0], rows[-1]
            print(f"p99 ratio {large:,} / {small:,} prior claims: {p99_large / p99_small:.2f}")
            memory = (await client.info("memory"))["used_memory"]
            per_million = (memory - base) / (loaded / 1e6) / 1e6
            print(f"Redis memory per million claims (day buckets capped, ledger): {per_million:.1f} MB")
    finally:
        await client.aclose()
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated prior claim counts")
    parser.add_argument("--probes", type=int, default=300, help="claims judged at each size")
    parser.add_argument("--days", type=int, default=1000, help="days the history is spread over")
    options = parser.parse_args()
    asyncio.run(run([int(s) for s in options.sizes.split(",")], options.probes, options.days))


if __name__ == "__main__":
    main()
