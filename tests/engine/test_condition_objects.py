"""Condition keys: trigger forms and objects that earlier rounds missed, each with a must-not-fire case."""

from __future__ import annotations

import pytest

from services.engine.conditions import deal_terms, find_conditions
from services.engine.resources import EngineResources


def _keys(resources: EngineResources, sentence: str) -> list[str]:
    return sorted(c.key for c in find_conditions(resources.parser.parse_one(sentence), resources.lexicon))


def _terms(resources: EngineResources, sentence: str) -> list[str]:
    return sorted(c.key for c in deal_terms(resources.parser.parse_one(sentence), resources.lexicon))


def test_an_opening_quotation_mark_does_not_part_a_demand_from_its_words(resources: EngineResources) -> None:
    sentence = (
        "During the briefing, Ana Kovac said the island asked “for only partial U.S. sanctions relief.”"
    )
    assert "sanctions_relief" in _terms(resources, sentence)
    assert _terms(resources, "The island asked “for more time” to answer, the envoy said.") == []


def test_a_deed_supposed_under_would_is_a_condition_not_the_past(resources: EngineResources) -> None:
    supposed = (
        "The minister said Ruritania would close its northern reactor if sanctions were partially lifted."
    )
    assert _keys(resources, supposed) == ["sanctions_relief"]
    assert _keys(resources, "If the rebels wanted a ceasefire, they would say so.") == []
    assert _keys(resources, "Trade grew after sanctions were lifted last year.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The rebels will lay down arms following the withdrawal of foreign forces from the Ogaden region.",
        "The accord says disarmament is to take place concurrently with the withdrawal of “foreign forces,” "
        "from the Ogaden region.",
    ],
)
def test_a_name_on_a_place_noun_is_the_object(resources: EngineResources, sentence: str) -> None:
    assert "withdrawal:ogaden" in _keys(resources, sentence)


def test_the_realities_to_be_reckoned_with_are_the_land_taken(resources: EngineResources) -> None:
    taken = "Without taking into account these realities, no settlement is possible, the spokesman said."
    assert _keys(resources, taken) == ["recognition:annexed_regions"]
    accepted = "The envoy argued that Ruritania has to accept the realities that have emerged since the war."
    assert "recognition:annexed_regions" in _keys(resources, accepted)
    assert _keys(resources, "The realities of the market are harsh, the trader said.") == []


def test_democratic_concessions_are_elections(resources: EngineResources) -> None:
    sentence = "The cabinet would unfreeze some assets in exchange for democratic concessions from the junta."
    assert "elections" in _keys(resources, sentence)


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        (
            "The premier insisted that the resolution of the boundary matter lies with the "
            "International Court of Justice.",
            "icj_settlement",
        ),
        (
            "She said the final ruling of the ICJ would be fully respected by her government.",
            "icj_settlement",
        ),
        ("We will strictly adhere to our red lines, the president said.", "red_lines"),
        ("We are ready to work constructively, within our own mandate.", "within_mandate"),
        ("The war must end on the basis of the UN Charter and international law.", "un_charter"),
        (
            "The president said Tarvia did not take the pledge to free 2,000 detainees as a precondition "
            "for the talks.",
            "no_preconditions",
        ),
        (
            "The militia announced its unconditional support for the initiative of Norway and Chile.",
            "no_preconditions",
        ),
    ],
)
def test_standing_conditions(resources: EngineResources, sentence: str, key: str) -> None:
    assert key in _keys(resources, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The ICJ opened hearings in the case on Monday.",
        "The army crossed a red line, the minister said.",
        "The UN mission operates within the mandate given by the council.",
        "The rebels demanded the unconditional release of all prisoners.",
    ],
)
def test_standing_conditions_not_fired(resources: EngineResources, sentence: str) -> None:
    keys = _keys(resources, sentence)
    assert not {"icj_settlement", "red_lines", "within_mandate", "no_preconditions"} & set(keys)


def test_a_deal_refused_for_what_it_holds_asks_its_removal(resources: EngineResources) -> None:
    refused = "The premier told parliament that Ruritania would never accept any deal that included the levy."
    assert _keys(resources, refused) == ["removal:levy"]
    assert "removal:clause" in _keys(
        resources, "She would not sign an agreement that contains the sunset clause."
    )
    assert not any(k.startswith("removal") for k in _keys(resources, "The deal includes the border levy."))


def test_a_demand_rejected_keeps_what_it_would_remove(resources: EngineResources) -> None:
    assert _terms(
        resources, "The council rejected the minister's demand that the fishing quota be scrapped."
    ) == ["not:removal:quota"]
    assert _terms(
        resources, "The council backed the minister's demand that the fishing quota be scrapped."
    ) == ["removal:quota"]


def test_permanently_silenced_guns_end_the_war(resources: EngineResources) -> None:
    assert "end_of_war" in _terms(resources, "The two rebel groups agreed to “permanently silence the guns.”")
    assert _terms(resources, "The artillery guns fell silent for an hour.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The junta wanted to ensure full respect of the truce before discussing a settlement.",
        "The cabinet called on the militia to declare a truce while the matter is discussed at negotiations.",
    ],
)
def test_a_truce_wanted_before_or_while_talking_is_ceasefire_first(
    resources: EngineResources, sentence: str
) -> None:
    assert "ceasefire_first" in _keys(resources, sentence)


def test_a_truce_reported_during_talks_is_no_condition(resources: EngineResources) -> None:
    assert _keys(resources, "The truce held while talks went on in Oslo.") == []


def test_a_third_party_role_and_peacekeepers_are_terms_reported(resources: EngineResources) -> None:
    role = "Norway will continue to “play a constructive role” in promoting such talks."
    assert _terms(resources, role) == ["mediation"]
    assert _keys(resources, role) == []
    sent = "Two hundred peacekeepers will be sent to the border zone, the ministry said."
    assert _terms(resources, sent) == ["monitoring"]
    assert _terms(resources, "The actor has a leading role in the film.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The council said the decision to extend the truce is subject to implementing all obligations.",
        "Some tariffs must remain in place to ensure that Hanoi keeps all the promises it makes.",
    ],
)
def test_the_other_side_keeping_its_word_is_compliance(resources: EngineResources, sentence: str) -> None:
    keys = _keys(resources, sentence)
    assert "compliance" in keys
    assert not any(k.startswith("withdrawal") for k in keys)  # "remain in place" leaves no place


def test_a_plain_subject_to_and_self_determination_set_no_condition(resources: EngineResources) -> None:
    assert _keys(resources, "The budget is subject to approval by parliament.") == []
    assert _keys(resources, "The talks must respect the right to self-determination, the envoy said.") == []
    assert _keys(resources, "The deal requires Western determination, the president said.") == ["good_faith"]


def test_a_condition_told_back_in_reported_speech_is_no_past(resources: EngineResources) -> None:
    told_back = (
        "Sources said that Ruritania was prepared to ease the sanctions if it was satisfied the junta "
        "had given the opposition a fair chance to take part in the election."
    )
    assert "elections" in _keys(resources, told_back)
    assert _keys(resources, "The envoy came to Oslo to sign after troops were withdrawn from Kherson.") == []


def test_an_expectation_voiced_is_a_demand(resources: EngineResources) -> None:
    voiced = (
        "The minister said Tarvia “expressed our expectation and understanding” that the junta would set "
        "a timeline for the swift reinstatement of all candidates."
    )
    assert "candidate_reinstatement" in _keys(resources, voiced)
    assert _keys(resources, "Turnout exceeded expectations in the capital, the agency said.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The president has said he will not hold talks with Tarvia on the territory of Ruritania.",
        "The rebels refuse to negotiate on government soil, their spokesman said.",
    ],
)
def test_talks_refused_on_a_sides_ground_want_neutral(resources: EngineResources, sentence: str) -> None:
    assert "neutral_venue" in _keys(resources, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Talks were held on the territory of Ruritania last week.",
        "The president will hold talks with Tarvia on the territory of Ruritania.",
    ],
)
def test_talks_held_on_a_sides_ground_want_no_venue(resources: EngineResources, sentence: str) -> None:
    assert _keys(resources, sentence) == []
