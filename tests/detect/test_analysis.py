"""analyze(): articles -> claims, alerts and statements, with extraction replaced by fixed claims."""

from __future__ import annotations

from datetime import UTC, date, datetime

from schemas import AlertKind, Article, Claim, Topic
from services.engine.analysis import analyze
from services.engine.resources import EngineResources
from tests.detect.builders import DETECTED_AT, make_claim

DAY = date(2025, 5, 12)


def article(article_id: str, source: str) -> Article:
    return Article(id=article_id, source=source, title="t", body="body text")


CLAIMS_BY_ARTICLE = {
    "a1": [
        make_claim(
            "a1-1",
            article="a1",
            source="North Post",
            quote="the islands need firm security guarantees",
            said_at=DAY,
            topic=Topic.security_guarantees,
        ),
    ],
    "a2": [
        make_claim(
            "a2-1",
            article="a2",
            source="Wire",
            quote="the islands need firm security assurances",
            said_at=DAY,
            topic=Topic.security_guarantees,
        ),
    ],
    "a3": [
        make_claim(
            "a3-1",
            article="a3",
            source="Harbour",
            quote="The islands need firm security guarantees.",
            said_at=DAY,
            topic=Topic.security_guarantees,
        ),
        make_claim(
            "a3-2",
            article="a3",
            source="Harbour",
            quote="our farmers need cheaper diesel this winter",
            said_at=DAY,
            topic=Topic.other,
        ),
    ],
}


def fixed_extractor(item: Article, resources: EngineResources | None) -> list[Claim]:
    return CLAIMS_BY_ARTICLE[item.id]


def test_analyze_returns_claims_alerts_and_corroborated_statements() -> None:
    articles = [article("a1", "North Post"), article("a2", "Wire"), article("a3", "Harbour")]
    result = analyze(articles, extractor=fixed_extractor, detected_at=DETECTED_AT)
    assert [c.claim_id for c in result.claims] == ["a1-1", "a2-1", "a3-1", "a3-2"]
    [alert] = result.alerts
    assert alert.kind is AlertKind.quote_discrepancy
    assert alert.detected_at == DETECTED_AT
    [statement] = result.corroborated()
    assert statement.corroboration == 3
    assert statement.sources == ["Harbour", "North Post", "Wire"]
    assert len(result.statements) == 2


def test_the_same_article_twice_adds_nothing() -> None:
    once = analyze([article("a1", "North Post"), article("a2", "Wire")], extractor=fixed_extractor)
    twice = analyze(
        [article("a1", "North Post"), article("a2", "Wire"), article("a1", "North Post")],
        extractor=fixed_extractor,
    )
    assert [c.claim_id for c in twice.claims] == [c.claim_id for c in once.claims]
    assert [a.alert_id for a in twice.alerts] == [a.alert_id for a in once.alerts]


def test_no_articles_is_an_empty_analysis() -> None:
    result = analyze([], extractor=fixed_extractor)
    assert (result.claims, result.alerts, result.statements) == ([], [], [])


def test_a_change_the_reporter_only_supposes_raises_no_alert() -> None:
    # The real extractor: "seemed to" hedges the reporter's words, so the reversal is no fact.
    def told(body: str) -> Article:
        return Article(
            id="h1",
            source="Lakeside Herald",
            title="Harbour deal",
            body=body,
            published_at=datetime(2025, 3, 4, tzinfo=UTC),
        )

    opening = (
        "Norland's President Anton Greyling said on Monday that his government was ready for talks "
        "on the harbour deal, a statement that"
    )
    supposed = analyze([told(f"{opening} seemed to mark a reversal of his earlier position.")])
    assert [(c.speaker.id, c.hedged) for c in supposed.claims] == [("anton-greyling", True)]
    assert supposed.alerts == []
    stated = analyze([told(f"{opening} marks a reversal of his earlier position.")])
    assert [(c.speaker.id, c.hedged) for c in stated.claims] == [("anton-greyling", False)]
    assert [a.kind for a in stated.alerts] == [AlertKind.position_change]
