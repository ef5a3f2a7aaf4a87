"""Claims take their speaker from the parse-based attribution (sentences written for these tests)."""

from __future__ import annotations

from schemas import Article, Claim
from services.engine.extract import extract_claims
from services.engine.resources import EngineResources


def _claims(resources: EngineResources, body: str) -> list[Claim]:
    article = Article(id="parse-test", source="Test Wire", url="https://news.example/p", title="", body=body)
    return extract_claims(article, resources)


def test_a_titled_unknown_speaker_keeps_the_party_of_the_title(resources: EngineResources) -> None:
    body = "Iran's deputy foreign minister Reza Tavani said the nuclear talks would resume next week."
    [claim] = _claims(resources, body)
    assert (claim.speaker.id, claim.speaker.party) == ("reza-tavani", "IR")


def test_a_role_refers_back_to_the_person_introduced_with_it(resources: EngineResources) -> None:
    body = (
        "Serbian President Dusan Markovic arrived in Brussels on Monday for the summit.\n"
        "The president said negotiations with Kosovo could not go on without guarantees."
    )
    [claim] = _claims(resources, body)
    assert (claim.speaker.id, claim.speaker.party) == ("dusan-markovic", "RS")


def test_the_named_subject_holds_a_sentence_without_speech_verb(resources: EngineResources) -> None:
    body = "Pakistan's foreign office welcomed the ceasefire talks between the two neighbours on Friday."
    [claim] = _claims(resources, body)
    assert claim.speaker.party == "PK"


def test_an_unknown_company_as_subject_holds_no_claim(resources: EngineResources) -> None:
    body = "Norvella Pictures is negotiating a ceasefire of sorts with its rival studio over release dates."
    assert _claims(resources, body) == []
