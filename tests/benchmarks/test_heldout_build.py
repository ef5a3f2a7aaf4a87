"""The held-out set's builder: offsets into corpus bodies become a realnews-format folder.

The synthetic corpus and annotation here are invented for the test; the real corpus only measures.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks.heldout.build import DEFAULT_ANNOTATIONS, DEFAULT_CORPUS, build, main
from schemas import Article

TRUCE = (
    "Foreign Minister Ilse Varkonen said on Tuesday that talks with the Dravinian delegation would "
    "resume in Tromso once the shelling of the harbour stops.\n\nSidebar: Recipes for a cold winter."
)
WEATHER = "The harbour froze early this year, and the ferry to the islands was cancelled twice."
ARTICLE_KEYS = {"id", "source", "url", "title", "body", "published_at", "language"}


def span(body: str, text: str) -> list[int]:
    start = body.index(text)
    return [start, start + len(text)]


def write_corpus(path: Path, rows: dict[int, str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Body ID", "articleBody"])
        for body_id, body in rows.items():
            writer.writerow([body_id, body])


def annotation(claim_span: list[int], body_id: int = 11) -> dict[str, Any]:
    return {
        "groups": [
            {
                "group": "heldout-test",
                "articles": [
                    {"nn": "01", "body_id": body_id, "title": "Varkonen on talks", "source": "FNC-1 corpus"},
                    {"nn": "02", "body_id": 12, "title": "Harbour frozen", "source": "Test Wire"},
                ],
                "events": [{"id": "E1", "what": "Varkonen sets a condition for talks", "articles": ["01"]}],
                "claims": [
                    {
                        "id": "C1",
                        "article": "01",
                        "speaker": "varkonen|foreign minister",
                        "party": "XX",
                        "any": [claim_span],
                        "stance": "conditional",
                        "condition": "ceasefire_first",
                    }
                ],
                "alerts": [
                    {
                        "id": "A1",
                        "kind": "position_change",
                        "need": False,
                        "actors_any_a": "varkonen",
                        "evidence_any": ["talks", {"article": "01", "span": span(TRUCE, "Tromso")}],
                        "why": "invented",
                    }
                ],
                "never_alert": [{"kind": "contradiction", "actor": "varkonen", "why": "invented"}],
                "never_claim_from": [{"article": "01", "span": span(TRUCE, "Recipes for a cold winter")}],
                "quiet_articles": ["02"],
            }
        ]
    }


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "bodies.csv"
    write_corpus(path, {11: TRUCE, 12: WEATHER})
    return path


def write_annotation(tmp_path: Path, document: dict[str, Any]) -> Path:
    path = tmp_path / "annotations.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_build_writes_articles_and_gold_with_spans_sliced_and_lower_cased(
    tmp_path: Path, corpus: Path
) -> None:
    claim = span(TRUCE, "talks with the Dravinian delegation would resume in Tromso once the shelling")
    out = tmp_path / "out"
    assert (
        main(
            [
                "--corpus",
                str(corpus),
                "--out",
                str(out),
                "--annotations",
                str(write_annotation(tmp_path, annotation(claim))),
            ]
        )
        == 0
    )

    lines = (out / "heldout-test" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == ["heldout-test-01", "heldout-test-02"]
    assert all(set(r) == ARTICLE_KEYS for r in records)
    assert records[0]["body"] == TRUCE and records[0]["published_at"] is None
    assert records[1]["source"] == "Test Wire"
    assert [Article.model_validate_json(line).id for line in lines] == ["heldout-test-01", "heldout-test-02"]

    gold = json.loads((out / "heldout-test" / "gold.json").read_text(encoding="utf-8"))
    assert gold["group"] == "heldout-test"
    assert gold["claims"][0]["any"] == [
        "talks with the dravinian delegation would resume in tromso once the shelling"
    ]
    assert gold["claims"][0]["article"] == "heldout-test-01"
    assert gold["claims"][0]["condition"] == "ceasefire_first"
    assert gold["alerts"][0]["evidence_any"] == ["talks", "tromso"]
    assert gold["never_claim_from"] == ["recipes for a cold winter"]
    assert gold["quiet_articles"] == ["heldout-test-02"]
    assert gold["events"][0]["articles"] == ["heldout-test-01"]


@pytest.mark.parametrize(
    ("claim_span", "body_id", "message"),
    [
        ([40, 10_000], 11, "out of range"),
        ([30, 30], 11, "out of range"),
        (span(TRUCE, "\n\n"), 11, "only whitespace"),
        ([0, 5], 99, "Body ID 99 is not in the corpus"),
    ],
)
def test_bad_annotation_stops_with_one_line_error_and_writes_nothing(
    tmp_path: Path,
    corpus: Path,
    capsys: pytest.CaptureFixture[str],
    claim_span: list[int],
    body_id: int,
    message: str,
) -> None:
    out = tmp_path / "out"
    path = write_annotation(tmp_path, annotation(claim_span, body_id))
    assert main(["--corpus", str(corpus), "--out", str(out), "--annotations", str(path)]) == 2
    error = capsys.readouterr().err
    assert message in error and error.startswith("build.py: error:")
    assert len(error.strip().splitlines()) == 1
    assert not out.exists()


@pytest.mark.skipif(not DEFAULT_CORPUS.is_file(), reason="../shared/corpus is absent")
def test_committed_annotations_build_against_the_real_corpus(tmp_path: Path) -> None:
    document = json.loads(DEFAULT_ANNOTATIONS.read_text(encoding="utf-8"))
    written = build(DEFAULT_ANNOTATIONS, DEFAULT_CORPUS, tmp_path)
    assert [(name, claims) for name, _, claims in written] == [
        (g["group"], len(g["claims"])) for g in document["groups"]
    ]
    for name, _, _ in written:
        articles = {
            a["id"]: a["body"].lower()
            for a in map(
                json.loads, (tmp_path / name / "articles.jsonl").read_text(encoding="utf-8").splitlines()
            )
        }
        gold = json.loads((tmp_path / name / "gold.json").read_text(encoding="utf-8"))
        for claim in gold["claims"]:
            assert claim["any"] and all(
                text.strip() and text in articles[claim["article"]] for text in claim["any"]
            )
        assert all(text.strip() for text in gold["never_claim_from"])
        assert set(gold["quiet_articles"]) <= set(articles)
        assert not {c["article"] for c in gold["claims"]} & set(gold["quiet_articles"])
