"""Statements, letters and quotations as the words of whoever issued them (sentences written here)."""

from __future__ import annotations

from schemas import Claim
from services.engine.resources import EngineResources
from tests.engine.articles import claims_in


def _claims(resources: EngineResources, body: str) -> list[Claim]:
    return claims_in(resources, body, article_id="statement-test")


def _speaker_of(claims: list[Claim], words: str) -> list[tuple[str, str]]:
    return [(c.speaker.id, c.speaker.party) for c in claims if words in c.text]


_TALKS_OPENING = (
    "Peace talks between the rebels and the government resumed in Doha on Monday after a week of "
    "ceasefire violations and stalled negotiations.\n"
)


def test_the_statement_named_again_is_its_issuers_word(resources: EngineResources) -> None:
    body = (
        _TALKS_OPENING
        + '"Both governments welcome the start of the negotiations," '
        + "a joint Qatari-Egyptian statement said.\n"
        + "The statement added that the two mediators expect both parties to engage seriously in the talks."
    )
    claims = _claims(resources, body)
    [(first, party)] = _speaker_of(claims, "welcome the start")
    assert party == "QA"
    assert _speaker_of(claims, "engage seriously") == [(first, party)]


def test_a_possessed_statement_named_again_keeps_its_author(resources: EngineResources) -> None:
    body = (
        _TALKS_OPENING
        + "Kenyan President Daniel Otieno's statement said the ceasefire would hold through the week.\n"
        + "The statement added that the negotiations would resume on Monday."
    )
    claims = _claims(resources, body)
    assert [p for _, p in _speaker_of(claims, "resume on Monday")] == ["KE"]
    assert _speaker_of(claims, "resume on Monday") == _speaker_of(claims, "would hold")


def test_a_statement_from_a_person_is_that_persons(resources: EngineResources) -> None:
    body = (
        _TALKS_OPENING
        + "According to a statement from Secretary of State Antony Blinken, the United States told both "
        "sides that the negotiations must go on."
    )
    assert _speaker_of(_claims(resources, body), "must go on") == [("antony-blinken", "US")]


def test_the_statement_with_nothing_said_before_names_nobody(resources: EngineResources) -> None:
    body = _TALKS_OPENING + "The statement said the ceasefire would hold."
    assert _speaker_of(_claims(resources, body), "would hold") == []


def test_a_quotations_own_subject_does_not_speak_it(resources: EngineResources) -> None:
    # The parse hangs "she wrote" under the quotation, with the quotation's "I" as a second subject.
    body = (
        _TALKS_OPENING
        + "Chilean Foreign Minister Ana Torres said the proposal was a good basis for the talks.\n"
        + '"This text represents the best possible deal that I, as facilitator of the negotiations, see as '
        'feasible," she wrote.'
    )
    assert _speaker_of(_claims(resources, body), "facilitator") == [("ana-torres", "CL")]


def test_list_items_are_the_points_of_whoever_introduced_them(resources: EngineResources) -> None:
    body = (
        "The first results of the peace talks in Valletta were announced by Tomas Breyer, the head of the "
        "Arvenian delegation.\n"
        "▪ We are proposing a new system of security guarantees for Arvenia.\n"
        "▪ These guarantors should also help Arvenia join the union."
    )
    claims = _claims(resources, body)
    assert {c.speaker.name for c in claims if "guarant" in c.text} == {"Tomas Breyer"}
