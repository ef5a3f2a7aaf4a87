"""End-to-end streaming throughput and latency over a real Redis, beside its two reference points.

    python benchmarks/streaming_throughput.py [--articles 10000] [--rate 100] [--rate-seconds 20]
                                              [--redis redis://127.0.0.1:6379/3] [--workers 1,2]

In one run, over the same articles (corpus rows and the seeds, repeated under distinct ids):

1. `analyze` in-process (one process, no Redis): the engine's own rate, the reference;
2. a raw redis-py pass-through (XREADGROUP, pipelined XADD + XACK, no NLP): the transport ceiling;
3. the pipeline with 1 and then 2 extractor worker processes (plus one detector process):
   every article published at once, timed from the first XADD until every group is drained;
4. the pipeline under an offered load of `--rate` articles/s for `--rate-seconds`, one
   extractor: per-article latency from `received_at` (set when published) to the Redis
   timestamp of the claim entries and alert entries it produced (p50/p95/p99);
5. the peak RSS (VmHWM) of each worker process.

Numbers are printed, never asserted.  Keys carry a prefix of their own and are deleted after.
Without ../shared/corpus the seeds alone are repeated.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import redis.asyncio as aioredis  # noqa: E402

from schemas import Article  # noqa: E402
from services.cli.publishing import pipeline_idle, publish_articles, read_input_articles  # noqa: E402
from services.common.settings import Settings  # noqa: E402
from services.common.stream_stats import group_stats  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus" / "news_bodies.csv"


def load_articles(count: int, seed_every: int | None = None) -> list[Article]:
    """`count` articles: corpus rows and seeds in turn (or one seed every `seed_every`), distinct ids."""
    seeds, _ = read_input_articles([REPO / "seeds"])
    corpus: list[Article] = []
    if CORPUS.exists():
        csv.field_size_limit(sys.maxsize)
        with CORPUS.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["articleBody"].strip():
                    corpus.append(
                        Article(id=f"corpus-{row['Body ID']}", source="corpus", body=row["articleBody"])
                    )
    pool = corpus + seeds if seed_every is None else corpus or seeds
    articles: list[Article] = []
    for index in range(count):
        if seed_every is not None and index % seed_every == 0:
            base = seeds[(index // seed_every) % len(seeds)]
        else:
            base = pool[index % len(pool)]
        articles.append(
            base.model_copy(update={"id": f"{base.id}~{index}", "source": f"{base.source}-{index % 97}"})
        )
    return articles


def bench_settings(url: str, prefix: str) -> Settings:
    return Settings(
        redis_url=url,
        key_prefix=prefix,
        articles_stream=f"{prefix}:articles",
        claims_stream=f"{prefix}:claims",
        alerts_stream=f"{prefix}:alerts",
        dlq_stream=f"{prefix}:dlq",
        stream_maxlen={"articles": 1_000_000, "claims": 2_000_000, "alerts": 1_000_000, "dlq": 100_000},
        block_ms=100,
    )


def worker_env(settings: Settings, consumer: str) -> dict[str, str]:
    env = dict(
        os.environ, PYTHONPATH=str(REPO), CLAIMWATCH_LOG_LEVEL="WARNING", CLAIMWATCH_CONSUMER_NAME=consumer
    )
    for name in (
        "redis_url",
        "key_prefix",
        "articles_stream",
        "claims_stream",
        "alerts_stream",
        "dlq_stream",
        "block_ms",
    ):
        env[f"CLAIMWATCH_{name.upper()}"] = str(getattr(settings, name))
    env["CLAIMWATCH_STREAM_MAXLEN"] = (
        '{"articles": 1000000, "claims": 2000000, "alerts": 1000000, "dlq": 100000}'
    )
    return env


def start_worker(settings: Settings, stage: str, consumer: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "services.cli.main", "worker", stage],
        env=worker_env(settings, consumer),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def redis_cpu_seconds(redis: aioredis.Redis) -> float:
    """User + system CPU time of the Redis server so far (INFO cpu; includes other clients' work)."""
    info = await redis.info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def wait_until(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not await condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up after {timeout}s waiting for {what}")
        await asyncio.sleep(0.02)


async def delete_prefix(redis: aioredis.Redis, prefix: str) -> None:
    keys = [key async for key in redis.scan_iter(match=f"*{prefix}*", count=2000)]
    for start in range(0, len(keys), 1000):
        await redis.delete(*keys[start : start + 1000])


def _analyze_shard(articles: list[Article]) -> tuple[float, float, int, int]:
    from services.engine.analysis import analyze
    from services.engine.resources import default_resources

    resources = default_resources()
    started, cpu_started = time.perf_counter(), time.process_time()
    analysis = analyze(articles, resources)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return elapsed, cpu, len(analysis.claims), len(analysis.alerts)


def bench_analyze(articles: list[Article], processes: int) -> dict[str, float]:
    """analyze with `processes` processes side by side, each on its share: rate and CPU per article."""
    import multiprocessing

    if processes == 1:
        results = [_analyze_shard(articles)]
    else:
        shards = [articles[n::processes] for n in range(processes)]
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            results = pool.map(_analyze_shard, shards)
    slowest = max(r[0] for r in results)
    return {
        "rate": len(articles) / slowest,
        "cpu_ms": 1000 * sum(r[1] for r in results) / len(articles),
        "claims": sum(r[2] for r in results),
        "alerts": sum(r[3] for r in results),
    }


async def bench_passthrough(redis: aioredis.Redis, prefix: str, articles: list[Article]) -> float:
    """Raw redis-py: read a batch with XREADGROUP, XADD each entry onward and XACK, pipelined."""
    source, sink, group = f"{prefix}:raw-in", f"{prefix}:raw-out", "raw"
    pipe = redis.pipeline(transaction=False)
    for article in articles:
        pipe.xadd(source, {"data": article.model_dump_json()})
    await pipe.execute()
    await redis.xgroup_create(source, group, id="0")
    moved = 0
    started = time.perf_counter()
    while moved < len(articles):
        response = await redis.xreadgroup(group, "raw-1", {source: ">"}, count=256, block=1000)
        if not response:
            continue
        entries = response[0][1]
        pipe = redis.pipeline(transaction=False)
        for _, fields in entries:
            pipe.xadd(sink, fields)
        pipe.xack(source, group, *[entry_id for entry_id, _ in entries])
        await pipe.execute()
        moved += len(entries)
    return moved / (time.perf_counter() - started)


async def groups_ready(redis: aioredis.Redis, settings: Settings, extractors: int) -> bool:
    """Every worker process has registered with its group (it has loaded the engine and is reading)."""
    try:
        readers = await redis.xinfo_consumers(settings.articles_stream, settings.extractor_group)
        judges = await redis.xinfo_consumers(settings.claims_stream, settings.detector_group)
    except aioredis.ResponseError:
        return False
    return len(readers) >= extractors and len(judges) >= 1


async def run_pipeline(
    redis: aioredis.Redis, settings: Settings, extractors: int, articles: list[Article], rate: float | None
) -> dict[str, Any]:
    workers = [start_worker(settings, "extractor", f"bench-extractor-{n}") for n in range(extractors)]
    workers.append(start_worker(settings, "detector", "bench-detector"))
    try:
        await wait_until(lambda: groups_ready(redis, settings, extractors), 120, "the workers to start")
        cpu_at_start = [cpu_seconds(worker.pid) for worker in workers]  # imports and data loading left out
        redis_cpu_at_start = await redis_cpu_seconds(redis)
        driver_cpu_at_start = time.process_time()
        started = time.perf_counter()
        if rate is None:
            await publish_articles(redis, settings, articles)
        else:
            await publish_paced(redis, settings, articles, rate)
        published = time.perf_counter() - started
        backlog = {
            stage: await group_stats(redis, stream, group)
            for stage, stream, group in (
                ("extractor", settings.articles_stream, settings.extractor_group),
                ("detector", settings.claims_stream, settings.detector_group),
            )
        }
        await wait_until(lambda: drained(redis, settings, workers), 3600, "the pipeline")
        elapsed = time.perf_counter() - started
        driver_cpu = time.process_time() - driver_cpu_at_start
        redis_cpu = await redis_cpu_seconds(redis) - redis_cpu_at_start
        rss = [peak_rss_mb(worker.pid) for worker in workers]
        cpu = [cpu_seconds(worker.pid) - before for worker, before in zip(workers, cpu_at_start, strict=True)]
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)
    return {
        "elapsed": elapsed,
        "drain_after_publish": elapsed - published,
        "backlog": {
            stage: (stats.lag or 0) + stats.pending if stats else 0 for stage, stats in backlog.items()
        },
        "claims": await redis.xlen(settings.claims_stream),
        "rate": len(articles) / elapsed,
        "rss": rss,
        "extractor_cpu_ms": 1000 * sum(cpu[:extractors]) / len(articles),
        "detector_cpu_s": cpu[-1],
        "redis_cpu_ms": 1000 * redis_cpu / len(articles),
        "driver_cpu_ms": 1000 * driver_cpu / len(articles),
        **await latencies(redis, settings),
    }


async def drained(redis: aioredis.Redis, settings: Settings, workers: list[subprocess.Popen[bytes]]) -> bool:
    """True once every group is drained; a worker that died ends the benchmark with an error."""
    for worker in workers:
        if worker.poll() is not None:
            raise RuntimeError(f"worker {worker.args} exited with {worker.returncode}")
    return await pipeline_idle(redis, settings, ("extractor", "detector"))


async def publish_paced(
    redis: aioredis.Redis, settings: Settings, articles: list[Article], rate: float
) -> None:
    """Publish at `rate` articles/s, each stamped received_at when it is sent."""
    began = time.perf_counter()
    for index, article in enumerate(articles):
        delay = began + index / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        stamped = article.model_copy(update={"received_at": datetime.now(UTC)})
        await publish_articles(redis, settings, [stamped])


async def latencies(redis: aioredis.Redis, settings: Settings) -> dict[str, Any]:
    """Per article: from received_at to the Redis time of its first claim entry and first alert entry."""
    result: dict[str, Any] = {}
    for kind, stream in (("claim", settings.claims_stream), ("alert", settings.alerts_stream)):
        first_out: dict[str, float] = {}
        received: dict[str, float] = {}
        cursor = "-"
        while True:
            entries = await redis.xrange(stream, min=cursor, max="+", count=5000)
            if not entries:
                break
            for entry_id, fields in entries:
                stamp = fields.get(b"received_at")
                if not stamp:
                    continue
                written = int(entry_id.split(b"-")[0]) / 1000
                key = stamp.decode()
                received[key] = datetime.fromisoformat(key).timestamp()
                first_out[key] = min(first_out.get(key, written), written)
            cursor = "(" + entries[-1][0].decode()
        samples = sorted(first_out[key] - received[key] for key in first_out)
        result[kind] = samples
    return result


def percentiles(samples: list[float]) -> str:
    if len(samples) < 2:
        return f"n={len(samples)} (too few samples)"
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    p50, p95, p99 = (cuts[index] * 1000 for index in (49, 94, 98))
    return f"n={len(samples)} p50={p50:.0f} ms p95={p95:.0f} ms p99={p99:.0f} ms"


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000, help="articles per throughput run")
    parser.add_argument(
        "--rate", type=float, default=100.0, help="offered load (articles/s) for the latency run"
    )
    parser.add_argument("--rate-seconds", type=float, default=20.0, help="length of the latency run")
    parser.add_argument(
        "--seed-every", type=int, default=5, help="in the latency run, every Nth article is a seed copy"
    )
    parser.add_argument("--workers", default="1,2", help="extractor process counts to run, comma-separated")
    parser.add_argument(
        "--redis", default=os.environ.get("CLAIMWATCH_BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
    )
    options = parser.parse_args()

    redis = aioredis.Redis.from_url(options.redis)
    server = await redis.info("server")
    articles = load_articles(options.articles)
    words = sum(len(a.body.split()) for a in articles)
    print(
        f"Redis {server['redis_version']} at {options.redis}; {len(articles)} articles, {words} words; "
        f"{os.cpu_count()} CPUs; corpus {'found' if CORPUS.exists() else 'absent: seeds only'}"
    )

    reference = bench_analyze(articles, 1)
    print(
        f"\nanalyze in-process (1 process, no Redis): {reference['rate']:8.1f} articles/s, "
        f"{reference['cpu_ms']:.2f} ms CPU per article ({reference['claims']:.0f} claims, "
        f"{reference['alerts']:.0f} alerts)"
    )

    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    try:
        ceiling = await bench_passthrough(redis, prefix, articles)
        print(f"raw pass-through (XREADGROUP + XADD + XACK, 1 loop): {ceiling:8.1f} entries/s")
    finally:
        await delete_prefix(redis, prefix)

    print("\nPipeline, every article published at once (extractor processes + 1 detector process):")
    for extractors in [int(n) for n in options.workers.split(",") if n.strip()]:
        # The reference is measured just before, with as many analyze processes side by side:
        # the machine is shared, and its load changes from one minute to the next.
        side_by_side = bench_analyze(articles, extractors)
        prefix = f"bench-{uuid.uuid4().hex[:8]}"
        try:
            result = await run_pipeline(
                redis, bench_settings(options.redis, prefix), extractors, articles, None
            )
        finally:
            await delete_prefix(redis, prefix)
        print(
            f"  {extractors} extractor(s): {result['rate']:8.1f} articles/s in {result['elapsed']:.1f} s "
            f"= {result['rate'] / side_by_side['rate']:.0%} of analyze in {extractors} process(es) run just "
            f"before ({side_by_side['rate']:.0f}/s); {result['rate'] / ceiling:.1%} of the transport ceiling"
        )
        pipeline_cpu_ms = result["extractor_cpu_ms"] + 1000 * result["detector_cpu_s"] / len(articles)
        print(
            f"     CPU per article: extractor(s) {result['extractor_cpu_ms']:.2f} ms, with the detector "
            f"{pipeline_cpu_ms:.2f} ms, vs analyze (extract + detect) {side_by_side['cpu_ms']:.2f} ms "
            f"(analyze/pipeline = {side_by_side['cpu_ms'] / pipeline_cpu_ms:.0%}); peak RSS per worker (MB): "
            + ", ".join(f"{rss:.0f}" for rss in result["rss"])
        )
        print(
            f"     outside the workers, per article: Redis server {result['redis_cpu_ms']:.2f} ms CPU, "
            f"this benchmark process (publishing, polling) {result['driver_cpu_ms']:.2f} ms"
        )

    paced = load_articles(int(options.rate * options.rate_seconds), seed_every=options.seed_every)
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    try:
        result = await run_pipeline(redis, bench_settings(options.redis, prefix), 1, paced, options.rate)
    finally:
        await delete_prefix(redis, prefix)
    print(
        f"\nOffered load {options.rate:.0f} articles/s for {options.rate_seconds:.0f} s "
        f"({len(paced)} articles, one in {options.seed_every} a seed copy), 1 extractor + 1 detector:"
    )
    print(f"  published -> first claim entry: {percentiles(result['claim'])}")
    print(f"  published -> first alert entry: {percentiles(result['alert'])}")
    print("  peak RSS per worker (MB): " + ", ".join(f"{rss:.0f}" for rss in result["rss"]))
    print(
        f"  extractor CPU per article {result['extractor_cpu_ms']:.2f} ms; detector CPU "
        f"{result['detector_cpu_s']:.1f} s for {result['claims']} claims "
        f"({1000 * result['detector_cpu_s'] / max(result['claims'], 1):.1f} ms per claim)"
    )
    print(
        f"  when the last article was published: {result['backlog']['extractor']} articles and "
        f"{result['backlog']['detector']} claims waiting; drained {result['drain_after_publish']:.1f} s later"
    )
    await redis.aclose()


if __name__ == "__main__":
    asyncio.run(main())
