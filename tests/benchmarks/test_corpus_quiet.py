"""The corpus-quiet benchmark's split of articles with claims by a reviewer's verdicts.

All bodies, claims and verdicts here are invented for the test; the corpus only measures.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.corpus_quiet import ReviewedBody, claim_key, read_review, split_by_review

REPO = Path(__file__).resolve().parents[2]

TALKS = "Minister Orla Kestrel said the talks with Vantoria would resume in Tallinn next week."
RELEASE = "An aide said the two crew members held by the rebels could be freed under the deal."
FLOOD = "The mayor said the river had burst its banks twice since Sunday."
GOAL = "The coach said his side had deserved the late equaliser."


def test_claim_key_collapses_whitespace_and_is_its_own_key() -> None:
    text = "  The envoy   said\nthe ceasefire " + "holds " * 40
    key = claim_key(text)
    assert key.startswith("The envoy said the ceasefire holds")
    assert len(key) <= 100 and not key.endswith(" ")
    assert claim_key(key) == key


def test_split_counts_stray_negotiation_and_unreviewed_articles() -> None:
    review = {
        "floods": ReviewedBody(negotiation=False, claims=((claim_key(FLOOD), False),)),
        "truce": ReviewedBody(
            negotiation=True,
            claims=((claim_key(TALKS), True), (claim_key(RELEASE), True), (claim_key(GOAL), False)),
        ),
        "embassy": ReviewedBody(negotiation=True, central=False, claims=((claim_key(TALKS), True),)),
        "quiet": ReviewedBody(negotiation=False),
    }
    claims_by_article = {
        "floods": [FLOOD, FLOOD],  # now two claims: a stray article's claims are all stray
        "truce": [TALKS, GOAL, GOAL, "A new sentence nobody has judged yet."],
        "embassy": [TALKS],
        "quiet": [],  # no claims now: not an article with claims at all
        "match-report": [GOAL],  # never reviewed: counted as stray
    }
    split = split_by_review(claims_by_article, review)
    assert split.stray_articles == ["floods"]
    assert split.unreviewed_articles == ["match-report"]
    assert split.target_articles == ["floods", "match-report"]
    assert split.negotiation_articles == ["truce", "embassy"]
    assert split.side_thread_articles == ["embassy"]
    assert (split.stray_claims, split.unreviewed_article_claims) == (2, 1)
    # GOAL was judged once in "truce": its second occurrence and the new sentence are not reviewed.
    assert (split.negotiation_claims, split.off_topic_claims, split.unreviewed_claims) == (2, 1, 2)


def test_a_claim_judged_off_topic_is_never_counted_as_a_negotiation_statement() -> None:
    review = {"talks": ReviewedBody(negotiation=True, claims=((claim_key(GOAL), False),))}
    split = split_by_review({"talks": [GOAL]}, review)
    assert (split.negotiation_claims, split.off_topic_claims, split.unreviewed_claims) == (0, 1, 0)


def test_read_review_reads_verdicts_and_refuses_an_entry_without_one(tmp_path: Path) -> None:
    good = tmp_path / "review.json"
    good.write_text(
        json.dumps(
            {
                "reviewed_by": "test",
                "note": "invented",
                "bodies": {
                    "11": {
                        "negotiation": True,
                        "central": False,
                        "why": "talks",
                        "claims": [{"text": f"  {TALKS}  ", "negotiation": True}],
                    },
                    "12": {"negotiation": False, "why": "floods"},
                },
            }
        ),
        encoding="utf-8",
    )
    review = read_review(good)
    assert review["11"] == ReviewedBody(True, False, ((claim_key(TALKS), True),))
    assert review["12"] == ReviewedBody(False)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"bodies": {"13": {"negotiation": "yes", "why": "?"}}}), encoding="utf-8")
    with pytest.raises(ValueError, match="body 13"):
        read_review(bad)


def test_benchmark_counts_every_article_with_claims_as_stray_when_none_is_reviewed(tmp_path: Path) -> None:
    corpus = tmp_path / "bodies.csv"
    with corpus.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Body ID", "articleBody"])
        writer.writerow(["1", f"{TALKS} {RELEASE} The talks on a truce are the first since the war began."])
        writer.writerow(["2", f"{FLOOD} Residents were moved to a school gym overnight."])
        writer.writerow(["3", f"{GOAL} The club plays again on Saturday."])
    review = tmp_path / "review.json"
    review.write_text(json.dumps({"reviewed_by": "test", "note": "none yet", "bodies": {}}), encoding="utf-8")
    command = [sys.executable, "benchmarks/corpus_quiet.py", str(corpus), "--sample", "0"]
    run = subprocess.run(
        [*command, "--reviewed", str(review)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    with_claims = re.search(r"articles with claims: (\d+) of 3", run.stdout)
    stray = re.search(
        r"stray articles \(claims, no negotiation content\): 0 reviewed \+ (\d+) not reviewed = (\d+) of 3",
        run.stdout,
    )
    assert with_claims and stray, run.stdout
    assert int(with_claims.group(1)) >= 1, run.stdout  # the talks body gives a claim
    assert stray.group(1) == stray.group(2) == with_claims.group(1)
    assert "negotiation articles with claims: 0" in run.stdout


def test_the_committed_review_holds_body_ids_and_booleans_only() -> None:
    raw = json.loads((REPO / "benchmarks" / "corpus_review.json").read_text(encoding="utf-8"))
    assert raw["bodies"], "the committed review judges at least one body"
    for body_id, entry in raw["bodies"].items():
        assert body_id.isdigit(), body_id
        assert set(entry) <= {"negotiation", "central"}, (body_id, entry)  # no claim text from the corpus
        assert all(isinstance(value, bool) for value in entry.values()), (body_id, entry)
    review = read_review(REPO / "benchmarks" / "corpus_review.json")
    assert all(verdict.claims == () for verdict in review.values())
    assert any(not verdict.negotiation for verdict in review.values())
    assert any(verdict.negotiation and not verdict.central for verdict in review.values())


def test_read_review_takes_body_level_verdicts_without_claims(tmp_path: Path) -> None:
    path = tmp_path / "review.json"
    path.write_text(
        json.dumps({"bodies": {"5": {"negotiation": True}, "6": {"negotiation": True, "central": False}}}),
        encoding="utf-8",
    )
    review = read_review(path)
    assert review == {"5": ReviewedBody(True), "6": ReviewedBody(True, central=False)}
    # With no claim verdicts, a negotiation story's claims are counted as not reviewed, never as statements.
    split = split_by_review({"5": [TALKS], "6": [GOAL]}, review)
    assert split.negotiation_articles == ["5", "6"] and split.side_thread_articles == ["6"]
    assert (split.negotiation_claims, split.off_topic_claims, split.unreviewed_claims) == (0, 0, 2)


def test_benchmark_reads_the_committed_review_by_default(tmp_path: Path) -> None:
    corpus = tmp_path / "bodies.csv"
    with corpus.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Body ID", "articleBody"])
        writer.writerow(["900001", f"{FLOOD} Residents were moved to a school gym overnight."])
    run = subprocess.run(
        [sys.executable, "benchmarks/corpus_quiet.py", str(corpus), "--sample", "0"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "corpus_review.json" in run.stdout and "bodies reviewed" in run.stdout, run.stdout
    assert "review split skipped" not in run.stdout
