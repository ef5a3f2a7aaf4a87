"""One statement reported by several outlets: one cluster, corroboration = distinct outlets."""

from __future__ import annotations

from datetime import date

from schemas import Stance
from services.engine.detect.clustering import same_statement, statements
from services.engine.detect.rules import default_rules
from tests.detect.builders import make_claim

RULES = default_rules()
MONDAY = date(2025, 3, 3)
QUOTE = "The harbour stays closed until the fleet leaves the strait"


def test_three_outlets_quoting_one_statement_make_one_statement_with_corroboration_three() -> None:
    claims = [
        make_claim("c1", quote=QUOTE, said_at=MONDAY, source="North Post"),
        make_claim("c2", quote=QUOTE.lower() + ".", said_at=MONDAY, source="Harbour Daily"),
        make_claim(
            "c3", quote="the harbour stays closed until the fleet leaves", said_at=MONDAY, source="Wire"
        ),
        make_claim(
            "other", quote="Our farmers need cheaper diesel this winter", said_at=MONDAY, source="Wire"
        ),
    ]
    found = statements(claims, RULES)
    corroborated = [s for s in found if s.corroboration > 1]
    assert len(corroborated) == 1
    [statement] = corroborated
    assert statement.corroboration == 3
    assert sorted(statement.claim_ids) == ["c1", "c2", "c3"]
    assert statement.sources == ["Harbour Daily", "North Post", "Wire"]
    assert statement.speaker.id == "maria-rivera"
    assert len(found) == 2


def test_two_articles_of_one_outlet_count_once() -> None:
    claims = [
        make_claim("c1", quote=QUOTE, said_at=MONDAY, source="North Post", article="a1"),
        make_claim("c2", quote=QUOTE, said_at=MONDAY, source="North Post", article="a2"),
    ]
    [statement] = statements(claims, RULES)
    assert statement.corroboration == 1
    assert len(statement.claim_ids) == 2


def test_same_words_from_the_same_article_are_not_two_reports() -> None:
    a = make_claim("c1", quote=QUOTE, said_at=MONDAY, article="a1")
    b = make_claim("c2", quote=QUOTE, said_at=MONDAY, article="a1")
    assert not same_statement(a, b, RULES)


def test_other_speaker_or_distant_day_is_another_statement() -> None:
    a = make_claim("c1", quote=QUOTE, said_at=MONDAY)
    assert not same_statement(a, make_claim("c2", quote=QUOTE, said_at=MONDAY, speaker="okafor"), RULES)
    assert not same_statement(a, make_claim("c3", quote=QUOTE, said_at=date(2025, 3, 10)), RULES)
    # A report published two days later can still be about Monday's statement.
    assert same_statement(a, make_claim("c4", quote=QUOTE, published_at=date(2025, 3, 5)), RULES)


def test_paraphrase_and_quote_of_one_statement_cluster_when_dated() -> None:
    quoted = make_claim("c1", quote=QUOTE, said_at=MONDAY, stance=Stance.conditional)
    paraphrase = make_claim(
        "c2",
        text="Maria Rivera said the harbour stays closed until the fleet leaves the strait.",
        said_at=MONDAY,
    )
    assert same_statement(quoted, paraphrase, RULES)
    undated = make_claim("c3", text=paraphrase.text)
    assert not same_statement(quoted, undated, RULES)


def test_same_statement_is_symmetric() -> None:
    a = make_claim("c1", quote=QUOTE, said_at=MONDAY)
    b = make_claim("c2", quote="the harbour stays shut until the fleet leaves the strait", said_at=MONDAY)
    assert same_statement(a, b, RULES) == same_statement(b, a, RULES) is True
