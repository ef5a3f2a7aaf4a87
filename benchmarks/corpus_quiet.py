"""How quiet the engine stays on news that is mostly not about negotiations.

Runs extract_claims over ../shared/corpus/news_bodies.csv (or the CSV given as the first
argument), prints the claims, the articles with claims and their share of all articles (issue 8
target: under 1%), claims per article, the articles with most claims, a random sample of claims
for a person to judge, and the extraction rate (articles/s, words/s).  Without the corpus it says
so and exits 0.

Many bodies that give claims are real negotiation stories (a truce, hostage talks, a prisoner
swap), where a claim is no stray.  With a reviewer's verdicts (--reviewed, by default the
repository's benchmarks/corpus_review.json) it also splits the articles with claims into stray
ones (a reviewer found no negotiation content: the target figure), negotiation stories (with
their claims about something else counted apart) and not yet reviewed ones, which count as stray
so that a new stray article never goes unseen.

The review file holds body ids and verdicts only, never the corpus's text: {"bodies": {"<Body ID>":
{"negotiation": bool, "central": bool}}}.  A verdict per claim ("claims": [{"text", "negotiation"}])
is optional and, carrying the corpus's words, belongs in a review kept outside the repository.

    python benchmarks/corpus_quiet.py [CSV] [--limit N] [--sample N] [--seed S] [--repeat N]
                                      [--reviewed FILE]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from schemas import Article, Claim
from services.engine.extract import extract_claims
from services.engine.resources import load_resources

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news_bodies.csv"
DEFAULT_REVIEW = Path(__file__).resolve().parent / "corpus_review.json"
TARGET_SHARE = 1.0  # percent of articles with any claim (and, with a review, of stray articles)
CLAIM_KEY_CHARS = 100  # a reviewed claim is known by its opening, whitespace collapsed


def read_corpus(path: Path) -> list[Article]:
    """Every body of the corpus CSV as an Article (id = Body ID, source = "corpus")."""
    csv.field_size_limit(1 << 30)
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            Article(id=row["Body ID"], source="corpus", body=row["articleBody"])
            for row in csv.DictReader(handle)
            if row["articleBody"].strip()
        ]


def claim_key(text: str) -> str:
    """The opening of a claim's text by which a reviewer's verdict on it is found again."""
    return re.sub(r"\s+", " ", text).strip()[:CLAIM_KEY_CHARS].rstrip()  # idempotent: a key is its own key


@dataclass(frozen=True)
class ReviewedBody:
    """A reviewer's verdict on one body: negotiation content or not, and on each claim it gave then."""

    negotiation: bool
    central: bool = True  # negotiation is the story's subject, not a side thread
    claims: tuple[tuple[str, bool], ...] = ()  # (claim_key, whether the claim is a negotiation statement)


def read_review(path: Path) -> dict[str, ReviewedBody]:
    """The reviewed bodies of a review file (corpus_review.json), by body id.

    "central" defaults to true and "claims" to none (body-level verdicts only). Raises ValueError
    naming the body when an entry lacks its boolean "negotiation" verdict.
    """
    raw = json.loads(path.read_text(encoding="utf-8"))
    review: dict[str, ReviewedBody] = {}
    for body_id, entry in raw["bodies"].items():
        if not isinstance(entry.get("negotiation"), bool):
            raise ValueError(f"{path}: body {body_id} has no true/false 'negotiation' verdict")
        claims = tuple((claim_key(c["text"]), bool(c["negotiation"])) for c in entry.get("claims", []))
        review[str(body_id)] = ReviewedBody(entry["negotiation"], bool(entry.get("central", True)), claims)
    return review


@dataclass
class ReviewSplit:
    """Articles with claims split by a reviewer's verdicts (body ids in corpus order)."""

    stray_articles: list[str] = field(default_factory=list)  # reviewed: no negotiation content
    unreviewed_articles: list[str] = field(default_factory=list)  # not reviewed: counted as stray
    negotiation_articles: list[str] = field(default_factory=list)
    side_thread_articles: list[str] = field(default_factory=list)  # negotiation only a side thread
    stray_claims: int = 0  # every claim of a stray article
    unreviewed_article_claims: int = 0  # every claim of an unreviewed article
    negotiation_claims: int = 0  # claims in negotiation stories a reviewer marked as negotiation statements
    off_topic_claims: int = 0  # claims in negotiation stories a reviewer marked as about something else
    unreviewed_claims: int = 0  # claims in negotiation stories that match no reviewed claim

    @property
    def target_articles(self) -> list[str]:
        """The articles the target figure counts: reviewed stray ones and unreviewed ones."""
        return self.stray_articles + self.unreviewed_articles


def split_by_review(
    claims_by_article: Mapping[str, Sequence[str]], review: Mapping[str, ReviewedBody]
) -> ReviewSplit:
    """Split the articles that gave claims (article id -> claim texts) by the reviewer's verdicts.

    A claim in a negotiation story is matched to a reviewed claim by its opening (each reviewed claim
    used once); one that matches none is counted as not reviewed, never as a negotiation statement.
    """
    split = ReviewSplit()
    for article_id, texts in claims_by_article.items():
        if not texts:
            continue
        verdict = review.get(article_id)
        if verdict is None:
            split.unreviewed_articles.append(article_id)
            split.unreviewed_article_claims += len(texts)
        elif not verdict.negotiation:
            split.stray_articles.append(article_id)
            split.stray_claims += len(texts)
        else:
            split.negotiation_articles.append(article_id)
            if not verdict.central:
                split.side_thread_articles.append(article_id)
            unmatched = Counter(verdict.claims)
            for text in texts:
                key = claim_key(text)
                if unmatched[(key, True)] > 0:
                    unmatched[(key, True)] -= 1
                    split.negotiation_claims += 1
                elif unmatched[(key, False)] > 0:
                    unmatched[(key, False)] -= 1
                    split.off_topic_claims += 1
                else:
                    split.unreviewed_claims += 1
    return split


def print_review_split(split: ReviewSplit, articles: int, review_path: Path, reviewed: int) -> None:
    """Print the stray/negotiation split, the target figure first."""
    target = split.target_articles
    share = 100 * len(target) / articles
    verdict = "meets target" if share < TARGET_SHARE else "MISSES target"
    print(f"\nreview split ({review_path}, {reviewed} bodies reviewed):")
    print(
        f"stray articles (claims, no negotiation content): {len(split.stray_articles)} reviewed"
        f" + {len(split.unreviewed_articles)} not reviewed = {len(target)} of {articles}"
        f" = {share:.2f}% (target < {TARGET_SHARE:g}%): {verdict}"
    )
    in_stray = split.stray_claims + split.unreviewed_article_claims
    negotiation_total = split.negotiation_claims + split.off_topic_claims + split.unreviewed_claims
    print(
        f"stray claims: {in_stray} in stray articles ({split.unreviewed_article_claims} of them not reviewed)"
        f" + {split.off_topic_claims} about something else in negotiation stories"
        f" = {in_stray + split.off_topic_claims} of {in_stray + negotiation_total} claims"
    )
    print(
        f"negotiation articles with claims: {len(split.negotiation_articles)}"
        f" ({len(split.side_thread_articles)} with talks only a side thread), {negotiation_total} claims:"
        f" {split.negotiation_claims} negotiation statements, {split.off_topic_claims} about something else,"
        f" {split.unreviewed_claims} not reviewed"
    )
    print("stray article ids: " + (" ".join(split.stray_articles) or "-"))
    print("unreviewed article ids (counted as stray): " + (" ".join(split.unreviewed_articles) or "-"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1, help="timing passes (best one is reported)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument(
        "--reviewed",
        type=Path,
        default=None,
        help=f"a reviewer's verdicts on the bodies (default: {DEFAULT_REVIEW} when present)",
    )
    args = parser.parse_args()
    if args.repeat < 1 or (args.limit is not None and args.limit < 1):
        parser.exit(2, "corpus_quiet.py: --repeat and --limit must be >= 1\n")
    if args.reviewed is not None and not args.reviewed.exists():
        parser.exit(2, f"corpus_quiet.py: no review file at {args.reviewed}\n")
    review_path: Path | None = args.reviewed or (DEFAULT_REVIEW if DEFAULT_REVIEW.exists() else None)
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
    if review_path is None:
        print(f"\nreview split skipped: no review file at {DEFAULT_REVIEW} (give one with --reviewed)")
    else:
        review = read_review(review_path)
        texts_by_article = {a: [c.text for c in claims] for a, claims in claims_by_article.items()}
        print_review_split(split_by_review(texts_by_article, review), len(articles), review_path, len(review))
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
