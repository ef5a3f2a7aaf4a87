"""A speaker's party from the state its title or institution names, for states beyond the big powers.

Every sentence here is written for the test (none is taken from a data set).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas import Article
from services.engine.attributions import extract_attributions
from services.engine.resources import EngineResources
from services.engine.speech.lexicon import load_speech_lexicon


def _parties(resources: EngineResources, body: str) -> list[tuple[str, str]]:
    article = Article(
        id="country-test",
        source="Test Wire",
        url="https://news.example/country",
        body=body,
        published_at=datetime(2022, 5, 4, tzinfo=UTC),
    )
    return [(r.speaker.name, r.speaker.party) for r in extract_attributions(article, resources)]


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("the Chadian foreign minister", "TD"),
        ("officials in Niamey", "NE"),
        ("Cameroon's defence ministry", "CM"),
        ("a Ghanaian mediator", "GH"),
        ("the Bolivian delegation", "BO"),
        ("Montenegro's prime minister", "ME"),
        ("Nigerian officials", "NG"),
        ("Nigerien officials", "NE"),
    ],
)
def test_a_state_named_by_its_name_demonym_or_capital(phrase: str, code: str) -> None:
    assert load_speech_lexicon().country_in(phrase) == code


def test_a_lower_case_word_is_not_a_state() -> None:
    assert load_speech_lexicon().country_in("a chad of paper and a peru hat") is None


def test_an_unknown_minister_takes_the_party_of_the_state_in_the_title(resources: EngineResources) -> None:
    body = (
        "Chadian Foreign Minister Amadou Kelo said on Monday that the talks with the rebels would resume "
        "next week in the capital."
    )
    assert ("Amadou Kelo", "TD") in _parties(resources, body)


def test_an_unknown_person_introduced_by_a_state_apposition(resources: EngineResources) -> None:
    body = (
        "Peru's chief negotiator, Rosa Quispe, said the trade talks had made progress. "
        "Quispe added that a deal could be signed in June."
    )
    assert set(_parties(resources, body)) == {("Rosa Quispe", "PE")}
