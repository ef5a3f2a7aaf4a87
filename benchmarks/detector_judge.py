"""Cost of the detector's `judge` per claim when one speaker is busy, at 10, 100 and 500 peers.

    python benchmarks/detector_judge.py [--peers 10,100,500] [--reports 160] [--corpus-limit 600]

The stream mimics a seed story re-reported every fifth article: the seeds' claims, copied
under new claim, article and source ids with varied quotes (a word swapped, dropped, negated,
trimmed, or left alone) and later publication days, interleaved with claims extracted from
corpus bodies (when ../shared/corpus is present).  For each peer count N the stream is fed in
order through an ``InMemoryClaimStore(window=N)`` and `judge` runs on every claim, as in the
streaming detector; the time is reported for the claims whose speaker bucket is full (N peers),
both warm (the engine's caches as the running detector has them) and cold (every cache
cleared before the call, e.g. just after a restart).  Recording is timed apart and left out.

Numbers are printed, never asserted.  ``synthetic_stream`` is also used to dump the detector's
output before and after an optimisation, to show it unchanged.
"""

from __future__ import annotations

import argparse
import csv
import gc
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from schemas import Article, Claim  # noqa: E402
from services.cli.publishing import read_input_articles  # noqa: E402
from services.engine.detect.claim_buckets import InMemoryClaimStore  # noqa: E402
from services.engine.detect.detector import buckets_for, judge  # noqa: E402
from services.engine.extract import extract_claims  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus" / "news_bodies.csv"
DETECTED_AT = datetime(2026, 1, 1, tzinfo=UTC)
# Words a re-reporting outlet may put in place of the speaker's own.
SWAP_WORDS = (
    "assurances",
    "guarantees",
    "promises",
    "talks",
    "peace",
    "weeks",
    "months",
    "troops",
    "leverage",
)
Stream = list[tuple[str, list[Claim]]]


def _corpus_articles(limit: int) -> list[Article]:
    if not CORPUS.exists() or limit <= 0:
        return []
    csv.field_size_limit(sys.maxsize)
    articles = []
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["articleBody"].strip():
                articles.append(
                    Article(id=f"corpus-{row['Body ID']}", source="corpus", body=row["articleBody"])
                )
            if len(articles) >= limit:
                break
    return articles


def _varied_quote(quote: str, rng: random.Random) -> str:
    """The quote as another outlet may print it: as is, or with one word changed, dropped or cut."""
    words = quote.split()
    if len(words) < 4:
        return quote
    move = rng.randrange(6)
    at = rng.randrange(1, len(words) - 1)
    if move == 1:
        words[at] = rng.choice(SWAP_WORDS)
    elif move == 2:
        del words[at]
    elif move == 3:
        words.insert(at, "not")
    elif move == 4:
        words = words[1:] if rng.random() < 0.5 else words[:-1]
    return " ".join(words)


def _re_report(claim: Claim, index: int, rng: random.Random, vary: bool = True) -> Claim:
    """`claim` as reported by another outlet in re-report number `index`."""
    quote = claim.quote
    text = claim.text
    if quote and vary:
        varied = _varied_quote(quote, rng)
        text = text.replace(quote, varied) if quote in text else text
        quote = varied
    published = claim.published_at + timedelta(days=index // 40) if claim.published_at else None
    return claim.model_copy(
        update={
            "claim_id": f"{claim.claim_id}~{index}",
            "article_id": f"{claim.article_id}~{index}",
            "source": f"{claim.source}-{index % 97}",
            "quote": quote,
            "text": text,
            "published_at": published,
        }
    )


def synthetic_stream(reports: int, corpus_limit: int, seed: int = 7, vary: bool = True) -> Stream:
    """(article id, claims) in a fixed order: seeds, then re-reports every fifth article among corpus ones."""
    seeds, _ = read_input_articles([REPO / "seeds"])
    seed_claims = [(a.id, extract_claims(a)) for a in seeds]
    corpus = [(a.id, extract_claims(a)) for a in _corpus_articles(corpus_limit)]
    rng = random.Random(seed)
    stream: Stream = list(seed_claims)
    corpus_at = 0
    for index in range(reports):
        base_id, base_claims = seed_claims[index % len(seed_claims)]
        stream.append((f"{base_id}~{index}", [_re_report(c, index, rng, vary) for c in base_claims]))
        for _ in range(4):
            if corpus:
                stream.append(corpus[corpus_at % len(corpus)])
                corpus_at += 1
    # Corpus rows repeat when the limit is small: keep each article once, as the detector would.
    seen: set[str] = set()
    unique = []
    for article_id, claims in stream:
        if article_id not in seen:
            seen.add(article_id)
            unique.append((article_id, claims))
    return unique


def clear_engine_caches() -> None:
    """Forget everything the detection engine remembers between calls (a cold start)."""
    from services.engine.detect import cache as detect_cache

    detect_cache.clear_all()


def _cold_clearer() -> Callable[[], None] | None:
    try:
        from services.engine.detect import cache  # noqa: F401
    except ImportError:
        from services.engine.detect.clustering import cached_comparison

        return cached_comparison.cache_clear
    return clear_engine_caches


def measure(stream: Stream, window: int, cold: bool) -> tuple[float, int, float]:
    """Mean ms per judge call on claims whose speaker bucket held `window` peers; count; record ms."""
    store = InMemoryClaimStore(window=window)
    clear = _cold_clearer()
    if clear is not None:
        clear()
    timed: list[float] = []
    recording = 0.0
    gc.collect()
    for _, claims in stream:
        for claim in claims:
            buckets = buckets_for(claim)
            started = time.perf_counter()
            peers = store.record(claim, buckets)
            recording += time.perf_counter() - started
            full = len(peers[buckets[0]]) >= window
            if cold and full and clear is not None:
                clear()
            started = time.perf_counter()
            judge(claim, peers, DETECTED_AT)
            elapsed = time.perf_counter() - started
            if full:
                timed.append(elapsed)
    total_claims = sum(len(c) for _, c in stream)
    return (
        statistics.fmean(timed) * 1000 if timed else float("nan"),
        len(timed),
        recording * 1000 / total_claims,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--peers", default="10,100,500", help="comma-separated bucket windows")
    parser.add_argument("--reports", type=int, default=160, help="seed re-reports in the stream")
    parser.add_argument("--corpus-limit", type=int, default=600, help="corpus bodies to extract claims from")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold-cache runs")
    parser.add_argument(
        "--exact-copies", action="store_true", help="re-reports keep the seed quotes word for word"
    )
    options = parser.parse_args()
    started = time.perf_counter()
    stream = synthetic_stream(options.reports, options.corpus_limit, vary=not options.exact_copies)
    claims = sum(len(c) for _, c in stream)
    print(
        f"stream: {len(stream)} articles, {claims} claims, "
        f"quotes {'copied word for word' if options.exact_copies else 'varied'} "
        f"(corpus {'found' if CORPUS.exists() else 'absent: seeds only'}), "
        f"built in {time.perf_counter() - started:.1f} s"
    )
    for window in (int(p) for p in options.peers.split(",")):
        warm, count, record_ms = measure(stream, window, cold=False)
        line = f"peers {window:>4}: judge {warm:7.3f} ms/claim warm over {count} claims"
        if not options.no_cold:
            cold, _, _ = measure(stream, window, cold=True)
            line += f", {cold:7.3f} ms/claim cold (ratio cold/warm {cold / warm:.2f})"
        print(line + f"; in-memory record {record_ms:.3f} ms/claim")


if __name__ == "__main__":
    main()
