"""Build the held-out realnews folder from the FNC-1 corpus and the offsets in annotations.json.

    python benchmarks/heldout/build.py [--corpus CSV] [--out DIR] [--annotations FILE]

No text of the corpus is kept in the repository: annotations.json names each article by its corpus
`Body ID` and gives every piece of evidence (`any` substrings, `never_claim_from`, alert evidence
phrases) as a [start, end] character span of that body.  This script slices the spans out of the
corpus bodies, lower-cases them and writes one realnews group per annotation group
(<out>/<group>/articles.jsonl and gold.json, the format of ../shared/realnews-dev/README.md).
A missing body, a span outside its body or a span of only whitespace stops the build with a
one-line error.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "news_bodies.csv"
DEFAULT_OUT = REPO.parent / "shared" / "realnews-heldout"
DEFAULT_ANNOTATIONS = HERE / "annotations.json"

Record = dict[str, Any]


class HeldoutBuildError(Exception):
    """The annotation does not fit the corpus (a body missing, a span out of range or empty)."""


def read_bodies(corpus: Path) -> dict[int, str]:
    """Corpus article bodies by `Body ID`."""
    if not corpus.is_file():
        raise HeldoutBuildError(f"corpus not found: {corpus}")
    csv.field_size_limit(sys.maxsize)
    with corpus.open(encoding="utf-8", newline="") as handle:
        return {int(row["Body ID"]): row["articleBody"] for row in csv.DictReader(handle)}


def cut(body: str, span: Sequence[int], where: str) -> str:
    """The lower-cased text of one [start, end] span of a body, checked to be in range and not blank."""
    if len(span) != 2 or not all(isinstance(n, int) for n in span):
        raise HeldoutBuildError(f"{where}: span {list(span)} is not [start, end]")
    start, end = span
    if not 0 <= start < end <= len(body):
        raise HeldoutBuildError(f"{where}: span [{start}, {end}] out of range (body has {len(body)} chars)")
    text = body[start:end].lower()
    if not text.strip():
        raise HeldoutBuildError(f"{where}: span [{start}, {end}] is only whitespace")
    return text


def evidence_words(words: Sequence[Any], texts: Mapping[str, str], where: str) -> list[str]:
    """Alert evidence: a plain word as written, or {"article": nn, "span": [start, end]} sliced."""
    out: list[str] = []
    for word in words:
        if isinstance(word, str):
            out.append(word)
        else:
            out.append(cut(texts[word["article"]], word["span"], f"{where} article {word['article']}"))
    return out


def build_group(group: Record, bodies: Mapping[int, str]) -> tuple[list[Record], Record]:
    """The articles and the gold record of one annotation group."""
    name: str = group["group"]
    ids: dict[str, str] = {}
    texts: dict[str, str] = {}
    articles: list[Record] = []
    for entry in group["articles"]:
        nn: str = entry["nn"]
        body_id: int = entry["body_id"]
        if body_id not in bodies:
            raise HeldoutBuildError(f"{name}-{nn}: Body ID {body_id} is not in the corpus")
        ids[nn] = f"{name}-{nn}"
        texts[nn] = bodies[body_id]
        articles.append(
            {
                "id": ids[nn],
                "source": entry.get("source") or "FNC-1 corpus",
                "url": None,
                "title": entry["title"],
                "body": bodies[body_id],
                "published_at": None,
                "language": "en",
            }
        )

    def article_id(nn: str, where: str) -> str:
        if nn not in ids:
            raise HeldoutBuildError(f"{name} {where}: unknown article {nn!r}")
        return ids[nn]

    claims: list[Record] = []
    for claim in group["claims"]:
        where = f"{name} claim {claim['id']}"
        nn = claim["article"]
        record: Record = {"id": claim["id"], "article": article_id(nn, where), "speaker": claim["speaker"]}
        if "party" in claim:
            record["party"] = claim["party"]
        record["any"] = [cut(texts[nn], span, where) for span in claim["any"]]
        for key in ("stance", "condition"):
            if key in claim:
                record[key] = claim[key]
        claims.append(record)

    alerts: list[Record] = []
    for alert in group["alerts"]:
        where = f"{name} alert {alert['id']}"
        record = dict(alert)
        for key in ("evidence_all", "evidence_any"):
            if key in alert:
                record[key] = evidence_words(alert[key], texts, where)
        alerts.append(record)

    gold: Record = {
        "group": name,
        "events": [
            {**event, "articles": [article_id(nn, f"event {event['id']}") for nn in event["articles"]]}
            for event in group["events"]
        ],
        "claims": claims,
        "alerts": alerts,
        "never_alert": list(group["never_alert"]),
        "never_claim_from": [
            cut(texts[item["article"]], item["span"], f"{name} never_claim_from article {item['article']}")
            for item in group["never_claim_from"]
        ],
        "quiet_articles": [article_id(nn, "quiet_articles") for nn in group["quiet_articles"]],
    }
    return articles, gold


def build(annotations: Path, corpus: Path, out: Path) -> list[tuple[str, int, int]]:
    """Write every group's folder; return (group, articles, claims) per group."""
    document: Record = json.loads(annotations.read_text(encoding="utf-8"))
    bodies = read_bodies(corpus)
    built = [(group["group"], *build_group(group, bodies)) for group in document["groups"]]
    written: list[tuple[str, int, int]] = []
    for name, articles, gold in built:  # every group is checked before any file is written
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "articles.jsonl").open("w", encoding="utf-8") as handle:
            for article in articles:
                handle.write(json.dumps(article, ensure_ascii=False) + "\n")
        (folder / "gold.json").write_text(
            json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        written.append((name, len(articles), len(gold["claims"])))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="FNC-1 bodies CSV")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="realnews folder to write")
    parser.add_argument("--annotations", type=Path, default=DEFAULT_ANNOTATIONS)
    args = parser.parse_args(argv)
    try:
        written = build(args.annotations, args.corpus, args.out)
    except HeldoutBuildError as error:
        print(f"build.py: error: {error}", file=sys.stderr)
        return 2
    for name, articles, claims in written:
        print(f"{name}: {articles} articles, {claims} claims -> {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
