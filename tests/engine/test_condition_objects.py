"""Condition keys: trigger forms and objects that earlier rounds missed, each with a must-not-fire case."""

from __future__ import annotations

import pytest

from services.engine.conditions import find_conditions
from services.engine.resources import EngineResources
from tests.engine.articles import term_keys


def _keys(resources: EngineResources, sentence: str) -> list[str]:
    return sorted(c.key for c in find_conditions(resources.parser.parse_one(sentence), resources.lexicon))


# A sentence and a condition it sets.
_SETS = [
    # A name on a place noun is the object.
    pytest.param(
        "The rebels will lay down arms following the withdrawal of foreign forces from the Ogaden region.",
        "withdrawal:ogaden",
        id="place-noun-following",
    ),
    pytest.param(
        "The accord says disarmament is to take place concurrently with the withdrawal of “foreign forces,” "
        "from the Ogaden region.",
        "withdrawal:ogaden",
        id="place-noun-concurrently",
    ),
    pytest.param(
        "The envoy argued that Ruritania has to accept the realities that have emerged since the war.",
        "recognition:annexed_regions",
        id="realities-accepted",
    ),
    pytest.param(
        "The cabinet would unfreeze some assets in exchange for democratic concessions from the junta.",
        "elections",
        id="democratic-concessions",
    ),
    # Standing conditions, wherever they appear.
    pytest.param(
        "The premier insisted that the resolution of the boundary matter lies with the "
        "International Court of Justice.",
        "icj_settlement",
        id="standing-court-resolution",
    ),
    pytest.param(
        "She said the final ruling of the ICJ would be fully respected by her government.",
        "icj_settlement",
        id="standing-court-ruling",
    ),
    pytest.param(
        "We will strictly adhere to our red lines, the president said.", "red_lines", id="red-lines"
    ),
    pytest.param(
        "We are ready to work constructively, within our own mandate.", "within_mandate", id="within-mandate"
    ),
    pytest.param(
        "The war must end on the basis of the UN Charter and international law.",
        "un_charter",
        id="un-charter",
    ),
    pytest.param(
        "The president said Tarvia did not take the pledge to free 2,000 detainees as a precondition "
        "for the talks.",
        "no_preconditions",
        id="pledge-no-precondition",
    ),
    pytest.param(
        "The militia announced its unconditional support for the initiative of Norway and Chile.",
        "no_preconditions",
        id="unconditional-support",
    ),
    # A truce wanted before or while talking is ceasefire_first.
    pytest.param(
        "The junta wanted to ensure full respect of the truce before discussing a settlement.",
        "ceasefire_first",
        id="truce-before-talking",
    ),
    pytest.param(
        "The cabinet called on the militia to declare a truce while the matter is discussed at negotiations.",
        "ceasefire_first",
        id="truce-while-talking",
    ),
    # A condition told back in reported speech is no past.
    pytest.param(
        "Sources said that Ruritania was prepared to ease the sanctions if it was satisfied the junta "
        "had given the opposition a fair chance to take part in the election.",
        "elections",
        id="told-back",
    ),
    # An expectation voiced is a demand.
    pytest.param(
        "The minister said Tarvia “expressed our expectation and understanding” that the junta would set "
        "a timeline for the swift reinstatement of all candidates.",
        "candidate_reinstatement",
        id="expectation-voiced",
    ),
    # Talks refused on a side's ground want a neutral venue.
    pytest.param(
        "The president has said he will not hold talks with Tarvia on the territory of Ruritania.",
        "neutral_venue",
        id="venue-territory-of",
    ),
    pytest.param(
        "The rebels refuse to negotiate on government soil, their spokesman said.",
        "neutral_venue",
        id="venue-government-soil",
    ),
    pytest.param(
        "She would not sign an agreement that contains the sunset clause.",
        "removal:clause",
        id="refused-for-its-clause",
    ),
]


@pytest.mark.parametrize(("sentence", "key"), _SETS)
def test_a_wording_sets_its_condition(resources: EngineResources, sentence: str, key: str) -> None:
    assert key in _keys(resources, sentence)


# A sentence and every condition it sets (none: the kind's words that set no condition).
_EXACTLY = [
    # A deed supposed under "would" is a condition, not the past.
    pytest.param(
        "The minister said Ruritania would close its northern reactor if sanctions were partially lifted.",
        ["sanctions_relief"],
        id="supposed-under-would",
    ),
    pytest.param("If the rebels wanted a ceasefire, they would say so.", [], id="wish-supposed"),
    pytest.param("Trade grew after sanctions were lifted last year.", [], id="past-lifting"),
    # The realities to be reckoned with are the land taken.
    pytest.param(
        "Without taking into account these realities, no settlement is possible, the spokesman said.",
        ["recognition:annexed_regions"],
        id="realities-reckoned-with",
    ),
    pytest.param("The realities of the market are harsh, the trader said.", [], id="market-realities"),
    # A deal refused for what it holds asks its removal.
    pytest.param(
        "The premier told parliament that Ruritania would never accept any deal that included the levy.",
        ["removal:levy"],
        id="refused-for-its-levy",
    ),
    pytest.param("The truce held while talks went on in Oslo.", [], id="truce-reported-during-talks"),
    # A plain "subject to" and self-determination set no condition; a side's determination is good faith.
    pytest.param("The budget is subject to approval by parliament.", [], id="plain-subject-to"),
    pytest.param(
        "The talks must respect the right to self-determination, the envoy said.", [], id="self-determination"
    ),
    pytest.param(
        "The deal requires Western determination, the president said.", ["good_faith"], id="determination"
    ),
    pytest.param(
        "The envoy came to Oslo to sign after troops were withdrawn from Kherson.", [], id="past-withdrawal"
    ),
    pytest.param(
        "Turnout exceeded expectations in the capital, the agency said.", [], id="turnout-expectations"
    ),
    # Talks held on a side's ground want no venue.
    pytest.param("Talks were held on the territory of Ruritania last week.", [], id="venue-held"),
    pytest.param(
        "The president will hold talks with Tarvia on the territory of Ruritania.", [], id="venue-will-hold"
    ),
]


@pytest.mark.parametrize(("sentence", "keys"), _EXACTLY)
def test_a_wording_sets_exactly_its_conditions(
    resources: EngineResources, sentence: str, keys: list[str]
) -> None:
    assert _keys(resources, sentence) == keys


# A sentence and every deal term it names (none: the kind's words that name no term).
_TERMS_EXACTLY = [
    pytest.param("The island asked “for more time” to answer, the envoy said.", [], id="asked-for-time"),
    # A demand rejected keeps what it would remove; one backed asks its removal.
    pytest.param(
        "The council rejected the minister's demand that the fishing quota be scrapped.",
        ["not:removal:quota"],
        id="demand-rejected",
    ),
    pytest.param(
        "The council backed the minister's demand that the fishing quota be scrapped.",
        ["removal:quota"],
        id="demand-backed",
    ),
    pytest.param("The artillery guns fell silent for an hour.", [], id="guns-fell-silent"),
    pytest.param("The actor has a leading role in the film.", [], id="role-in-film"),
    # A third party's role and peacekeepers are terms reported.
    pytest.param(
        "Norway will continue to “play a constructive role” in promoting such talks.",
        ["mediation"],
        id="third-party-role",
    ),
    pytest.param(
        "Two hundred peacekeepers will be sent to the border zone, the ministry said.",
        ["monitoring"],
        id="peacekeepers-sent",
    ),
]


@pytest.mark.parametrize(("sentence", "keys"), _TERMS_EXACTLY)
def test_a_wording_names_exactly_its_terms(
    resources: EngineResources, sentence: str, keys: list[str]
) -> None:
    assert term_keys(resources, sentence) == keys


def test_an_opening_quotation_mark_does_not_part_a_demand_from_its_words(resources: EngineResources) -> None:
    sentence = (
        "During the briefing, Ana Kovac said the island asked “for only partial U.S. sanctions relief.”"
    )
    assert "sanctions_relief" in term_keys(resources, sentence)


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


def test_a_deal_holding_a_provision_asks_no_removal(resources: EngineResources) -> None:
    assert not any(k.startswith("removal") for k in _keys(resources, "The deal includes the border levy."))


def test_permanently_silenced_guns_end_the_war(resources: EngineResources) -> None:
    assert "end_of_war" in term_keys(
        resources, "The two rebel groups agreed to “permanently silence the guns.”"
    )


def test_a_third_party_role_sets_no_condition(resources: EngineResources) -> None:
    role = "Norway will continue to “play a constructive role” in promoting such talks."
    assert _keys(resources, role) == []


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
