"""How quiet the engine stays on news that is mostly not about negotiations.

Runs extract_claims over ../shared/corpus/news_bodies.csv (or the CSV given as the first
argument), prints the claims, the articles with claims and their share of all articles (issue 8
target: under 1%), claims per article, the articles with most claims, a random sample of claims
for a person to judge, and the extraction rate (articles/s, words/s).  Without the corpus it says
so and exits 0.

    python benchmarks/corpus_quiet.py [CSV] [--limit N] [--sample N] [--seed S] [--repeat N]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from schemas import Article, Claim
from services.engine.extract import extract_claims
from services.engine.resources import load_resources

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news_bodies.csv"
TARGET_SHARE = 1.0  # percent of articles with any claim


def read_corpus(path: Path) -> list[Article]:
    """Every body of the corpus CSV as an Article (id = Body ID, source = "corpus")."""
    csv.field_size_limit(1 << 30)
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            Article(id=row["Body ID"], source="corpus", body=row["articleBody"])
            for row in csv.DictReader(handle)
            if row["articleBody"].strip()
        ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1, help="timing passes (best one is reported)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args()
    if args.repeat < 1 or (args.limit is not None and args.limit < 1):
        parser.exit(2, "corpus_quiet.py: --repeat and --limit must be >= 1\n")
    if not args.csv.exists():
        print(f"skipped: corpus not found at {args.csv}")
        return
    articles = read_corpus(args.csv)[: args.limit]
    resources = load_resources()
    _ = resources.parser.nlp  # load the parser before timing
    words = sum(len(a.body.split()) for a in articles)
    best = float("inf")
    claims_by_article: dict[str, list[Claim]] = {}
    for _ in range(args.repeat):
        started = time.perf_counter()
        claims_by_article = {a.id: extract_claims(a, resources) for a in articles}
        best = min(best, time.perf_counter() - started)
    all_claims = [c for claims in claims_by_article.values() for c in claims]
    per_article = Counter(len(c) for c in claims_by_article.values())
    print(f"articles: {len(articles)}  words: {words}  ({words / len(articles):.0f} words/article)")
    with_claims = sum(1 for c in claims_by_article.values() if c)
    share = 100 * with_claims / len(articles)
    verdict = "meets target" if share < TARGET_SHARE else "MISSES target"
    print(
        f"claims: {len(all_claims)}  articles with claims: {with_claims} of {len(articles)}"
        f" = {share:.1f}% (target < {TARGET_SHARE:g}%): {verdict}"
    )
    print("claims per article: " + ", ".join(f"{n}:{count}" for n, count in sorted(per_article.items())))
    print(
        f"extraction: {len(articles) / best:.0f} articles/s, {words / best:,.0f} words/s"
        f" (best of {args.repeat})"
    )
    print("\nmost claims:")
    for article_id, claims in sorted(claims_by_article.items(), key=lambda kv: -len(kv[1]))[:10]:
        print(f"  {article_id}: {len(claims)}")
    print(f"\nrandom sample of {args.sample} claims (seed {args.seed}):")
    rng = random.Random(args.seed)
    for claim in rng.sample(all_claims, min(args.sample, len(all_claims))):
        conditions = ",".join(c.key for c in claim.conditions) or "-"
        print(
            f"\n[{claim.article_id}] {claim.speaker.name} ({claim.speaker.party}) {claim.attribution.value} "
            f"topic={claim.topic.value} stance={claim.stance.value} conditions={conditions}"
            f" conf={claim.confidence}"
        )
        print("   " + claim.text[:300].replace("\n", " "))


if __name__ == "__main__":
    main()
