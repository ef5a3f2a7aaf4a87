"""A name said alone is the registry person the article named before (sentences written for these tests)."""

from __future__ import annotations

from schemas import Claim
from services.engine.resources import EngineResources
from tests.engine.articles import claims_in


def _claims(resources: EngineResources, body: str) -> list[Claim]:
    return claims_in(resources, body, article_id="surname")


def _speakers_of(claims: list[Claim], words: str) -> list[tuple[str, str]]:
    return [(c.speaker.id, c.speaker.party) for c in claims if words in c.text]


def test_mr_and_a_surname_is_the_person_named_in_a_possessive_before(resources: EngineResources) -> None:
    body = (
        "Brussels turned down Boris Johnson’s call for fresh talks on the customs deal on Friday.\n"
        "Mr Johnson said there had been some progress in the negotiations with Dublin."
    )
    claims = _claims(resources, body)
    assert _speakers_of(claims, "some progress") == [("boris-johnson", "GB")]


def test_a_family_name_written_first_is_the_person_named_before(resources: EngineResources) -> None:
    body = (
        "Wang Yi hosted the delegations of the two rivals in Beijing for a week of talks.\n"
        "The delegations signed a joint communique on the last day.\n"
        "Wang said China would keep mediating between the two sides in the negotiations."
    )
    claims = _claims(resources, body)
    assert _speakers_of(claims, "keep mediating") == [("wang-yi", "CN")]


def test_a_family_name_said_alone_is_the_titled_person_it_opens(resources: EngineResources) -> None:
    body = (
        "North Korean Foreign Minister Pak Son Gil met reporters in Hanoi after the summit talks.\n"
        "Pak said the negotiations had failed because the sanctions stayed in place."
    )
    claims = _claims(resources, body)
    assert _speakers_of(claims, "sanctions stayed") == [("pak-son-gil", "KP")]
