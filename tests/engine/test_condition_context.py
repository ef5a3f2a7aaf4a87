"""Condition objects from an article's context: a place kind with no place in its sentence is the speaker's
own land, else the story's territory; a removal of "the arrangement" is of the thing named before.

Every sentence and name is invented (other names, places and wording than any annotated article).
"""

from __future__ import annotations

from schemas import Claim
from services.engine.condition_context import resolve_objects
from services.engine.resources import EngineResources
from tests.detect.builders import make_claim

# Country names by party code, as speech.yaml gives them (the first name is the country's own).
_COUNTRY_OF = {"ruritania": "AR", "ruritanian": "AR", "borduria": "BL", "bordurian": "BL"}


def _keys(claims: list[Claim]) -> list[list[str]]:
    return [[c.key for c in claim.conditions] for claim in claims]


def test_a_bare_withdrawal_is_from_the_speakers_own_land(resources: EngineResources) -> None:
    body = "Ruritania said talks can start once Bordurian troops withdraw. Borduria denied it."
    claim = make_claim("w1", speaker="rivera", conditions=(("withdrawal", "once Bordurian troops withdraw"),))
    assert _keys(resolve_objects([claim], body, resources.lexicon, _COUNTRY_OF)) == [["withdrawal:ruritania"]]


def test_a_third_sides_bare_withdrawal_is_from_the_storys_territory(resources: EngineResources) -> None:
    body = (
        "Ruritania was shelled again. The war in Ruritania goes on, and Ruritania asks for arms. "
        "Borduria denied it. A mediator said Bordurian troops must withdraw."
    )
    claim = make_claim("w2", speaker="stranger", conditions=(("withdrawal", "troops must withdraw"),))
    assert _keys(resolve_objects([claim], body, resources.lexicon, _COUNTRY_OF)) == [["withdrawal:ruritania"]]


def test_a_bare_recognition_is_of_the_speakers_own_state(resources: EngineResources) -> None:
    body = "Borduria's premier said the accord amounts to recognition."
    claim = make_claim("r1", speaker="okafor", conditions=(("recognition", "amounts to recognition"),))
    assert _keys(resolve_objects([claim], body, resources.lexicon, _COUNTRY_OF)) == [["recognition:borduria"]]


def test_a_tie_between_places_and_a_kind_with_a_place_are_left_alone(resources: EngineResources) -> None:
    body = "Ruritania and Borduria met in Oslo."
    bare = make_claim("t1", speaker="stranger", conditions=(("withdrawal", "troops must withdraw"),))
    placed = make_claim("t2", speaker="rivera", conditions=(("withdrawal:kursk", "leave Kursk"),))
    resolved = resolve_objects([bare, placed], body, resources.lexicon, _COUNTRY_OF)
    assert _keys(resolved) == [["withdrawal"], ["withdrawal:kursk"]]


def test_the_arrangement_to_be_ditched_is_the_thing_named_before(resources: EngineResources) -> None:
    body = "The premier wants the levy scrapped. Later he said the arrangement must be ditched."
    named = make_claim("a1", speaker="rivera", conditions=(("removal:levy", "the levy scrapped"),))
    general = make_claim("a2", speaker="rivera", conditions=(("removal:arrangement", "must be ditched"),))
    resolved = resolve_objects([named, general], body, resources.lexicon, _COUNTRY_OF)
    assert _keys(resolved) == [["removal:levy"], ["removal:levy"]]
    # With nothing named before, the general noun stays.
    assert _keys(resolve_objects([general], body, resources.lexicon, _COUNTRY_OF)) == [
        ["removal:arrangement"]
    ]


def test_a_withdrawal_refused_keeps_the_storys_land_not_the_speakers_own(resources: EngineResources) -> None:
    body = (
        "Borduria holds the valley. The war in Ruritania goes on, and Ruritania asks for arms. "
        "A Bordurian spokesman said a withdrawal is out of the question."
    )
    claim = make_claim(
        "k1", speaker="okafor", conditions=(("retention", "a withdrawal is out of the question"),)
    )
    assert _keys(resolve_objects([claim], body, resources.lexicon, _COUNTRY_OF)) == [["retention:ruritania"]]
