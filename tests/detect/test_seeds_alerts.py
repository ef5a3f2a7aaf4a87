"""End to end on the five seed articles: the alerts a careful analyst would raise, and no others.

Articles are built from seeds/*.txt (first line = title) with seeds/metadata.json when present;
without metadata a file's stem is its id and source.  Assertions name actors, kinds and words,
not claim ids, so they hold while extraction improves.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from schemas import Alert, AlertKind, Article, Severity
from services.engine.analysis import Analysis, analyze

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
BLINKEN = "antony-blinken"


def seed_articles(with_metadata: bool = True) -> list[Article]:
    files = sorted(SEEDS.glob("*.txt"))
    if not files:
        pytest.skip("seeds/ holds no .txt articles")
    known: dict[str, dict[str, object]] = {}
    metadata_file = SEEDS / "metadata.json"
    if with_metadata and metadata_file.is_file():
        loaded = json.loads(metadata_file.read_text(encoding="utf-8"))
        known = loaded.get("files", loaded)
    articles = []
    for path in files:
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        meta = known.get(path.name, {})
        published = meta.get("published_at")
        articles.append(
            Article(
                id=str(meta.get("id") or path.stem),
                source=str(meta.get("source") or path.stem),
                title=title.strip(),
                body=body,
                published_at=datetime.fromisoformat(published) if isinstance(published, str) else None,
            )
        )
    return articles


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return analyze(seed_articles())


def discrepancies_on(alerts: list[Alert], word_a: str, word_b: str) -> list[Alert]:
    return [
        a
        for a in alerts
        if a.kind is AlertKind.quote_discrepancy
        and BLINKEN in a.actors
        and word_a in a.summary
        and word_b in a.summary
    ]


def test_guarantees_versus_assurances_is_one_discrepancy_between_outlets(analysis: Analysis) -> None:
    [alert] = discrepancies_on(analysis.alerts, "security guarantees", "security assurances")
    assert alert.severity is Severity.medium
    assert len({e.source for e in alert.evidence}) >= 2


def test_rearm_versus_refit_is_one_discrepancy_between_outlets(analysis: Analysis) -> None:
    [alert] = discrepancies_on(analysis.alerts, "rearm", "refit")
    assert alert.severity is Severity.medium
    assert len({e.source for e in alert.evidence}) >= 2


def test_kremlin_precondition_contradicts_us_leverage_view_on_kursk(analysis: Analysis) -> None:
    found = [
        a
        for a in analysis.alerts
        if a.kind is AlertKind.contradiction and "Kursk" in a.summary and set(a.parties) >= {"RU", "US"}
    ]
    assert len(found) == 1
    [alert] = found
    assert alert.severity is Severity.high
    assert BLINKEN in alert.actors
    assert "withdrawal from Kursk" in alert.summary
    assert "leverage" in alert.summary


def test_the_article_reported_us_shift_is_a_position_change(analysis: Analysis) -> None:
    reported = [
        a
        for a in analysis.alerts
        if a.kind is AlertKind.position_change and len(a.claim_ids) == 1 and "shift" in a.summary
    ]
    assert len(reported) == 1
    assert reported[0].actors == [BLINKEN]


def test_no_position_change_between_outlets_reporting_the_same_blinken_statements(analysis: Analysis) -> None:
    pairwise = [a for a in analysis.alerts if a.kind is AlertKind.position_change and len(a.claim_ids) > 1]
    assert pairwise == []


def test_blinken_statements_are_corroborated_by_the_three_outlets(analysis: Analysis) -> None:
    sources = {s for st in analysis.statements if st.speaker.id == BLINKEN for s in st.sources}
    best = max(st.corroboration for st in analysis.statements if st.speaker.id == BLINKEN)
    assert best == 3
    assert {"Euromaidan Press", "UNN", "TURAN"} <= sources


def test_alerts_are_only_the_expected_kinds_and_each_explains_itself(analysis: Analysis) -> None:
    for alert in analysis.alerts:
        assert alert.evidence, alert
        assert alert.summary.endswith("."), alert.summary
        assert {e.claim_id for e in alert.evidence} == set(alert.claim_ids)
    # Nothing against the unrelated people and stories around the seeds.
    assert {actor for a in analysis.alerts for actor in a.actors} <= {
        BLINKEN,
        "russia-government",
        "vladimir-putin",
    }


def test_without_metadata_the_same_kinds_of_findings_are_traced_to_file_stems() -> None:
    bare = analyze(seed_articles(with_metadata=False))
    assert discrepancies_on(bare.alerts, "security guarantees", "security assurances")
    sources = {e.source for a in bare.alerts for e in a.evidence}
    assert sources and all(s[:3].isdigit() for s in sources)
    # No dates: no position change can be ordered, except the one the article reports.
    assert all(len(a.claim_ids) == 1 for a in bare.alerts if a.kind is AlertKind.position_change)
