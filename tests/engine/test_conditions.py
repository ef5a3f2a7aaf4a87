"""Condition keys: different wordings of one condition share a key; sides compare by object."""

from __future__ import annotations

import pytest

from services.engine.conditions import deal_terms, find_conditions
from services.engine.resources import EngineResources


def _keys(resources: EngineResources, sentence: str) -> list[str]:
    return sorted(c.key for c in find_conditions(resources.parser.parse_one(sentence), resources.lexicon))


@pytest.mark.parametrize(
    "sentence",
    [
        "Moscow says there will be no talks until the liberation of the Kursk region is complete.",
        "Negotiations can start only after Ukrainian troops withdraw from Kursk, the envoy said.",
        "No agreement is possible as long as Ukrainian units remain in the Kursk area.",
        "He would offer a truce once Kyiv leaves the Kursk region, aides said.",
        "Talks would follow if the brigades are pushed out of Kursk Oblast.",
    ],
)
def test_withdrawal_wordings_share_one_key(resources: EngineResources, sentence: str) -> None:
    assert _keys(resources, sentence) == ["withdrawal:kursk"]


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        ("There will be no deal until Russian forces leave Zaporozhye.", "withdrawal:zaporizhzhia"),
        ("Talks can begin only after the army pulls out of Donbass.", "withdrawal:donbas"),
        ("A ceasefire is only possible if troops withdraw from the Gaza Strip.", "withdrawal:gaza"),
    ],
)
def test_place_spellings_are_normalized(resources: EngineResources, sentence: str, key: str) -> None:
    assert _keys(resources, sentence) == [key]


def test_the_object_is_the_place_being_left_not_the_first_place_named(resources: EngineResources) -> None:
    assert _keys(resources, "Peace would come once Kyiv pulls its troops out of Belgorod.") == [
        "withdrawal:belgorod"
    ]


def test_position_of_strength_and_guarantees(resources: EngineResources) -> None:
    assert _keys(resources, "We will negotiate only from a position of strength.") == ["position_of_strength"]
    assert _keys(resources, "Any deal requires adequate security assurances for Kyiv.") == [
        "security_guarantees"
    ]
    assert _keys(resources, "Kyiv needs reliable security guarantees before a truce.") == [
        "security_guarantees"
    ]


def test_a_held_place_as_an_asset_is_leverage(resources: EngineResources) -> None:
    sentence = "The minister said Kyiv's position in Kursk is a key bargaining chip for any negotiations."
    assert _keys(resources, sentence) == ["leverage:kursk"]


def test_leverage_and_withdrawal_share_the_object(resources: EngineResources) -> None:
    held = _keys(resources, "Their foothold in Kursk will matter in negotiations.")
    demanded = _keys(resources, "No talks until Ukraine leaves Kursk.")
    assert held == ["leverage:kursk"] and demanded == ["withdrawal:kursk"]
    assert held[0].split(":")[1] == demanded[0].split(":")[1]


def test_a_denied_condition_is_prefixed_with_not(resources: EngineResources) -> None:
    keys = _keys(resources, "Talks should start regardless of whether troops leave Kursk.")
    assert keys == ["not:withdrawal:kursk"]
    assert _keys(resources, "We are ready to meet without preconditions.") == ["no_preconditions"]


def test_no_condition_in_plain_statements(resources: EngineResources) -> None:
    assert _keys(resources, "The delegations met in Istanbul on Monday.") == []
    assert _keys(resources, "If it rains, the parade will move indoors.") == []


@pytest.mark.parametrize(
    ("sentence", "keys"),
    [
        ("There will be no talks until Moscow pays reparations.", ["reparations"]),
        ("A deal is possible only if the hostages are freed first.", ["hostage_release"]),
        ("Talks can resume only after a referendum in the region.", ["referendum"]),
        ("No negotiations until the army returns to its barracks.", ["other:army-returns-barracks"]),
        # A time, a past event or a supposition is no condition.
        ("The negotiations will continue until Friday.", []),
        ("Talks went on until the end of the year.", []),
        ("The truce held until militants attacked a village.", []),
        ("Talks stalled after the ceasefire collapsed.", []),
        ("If the rebels wanted a ceasefire, they would say so.", []),
    ],
)
def test_conditions_of_kinds_named_by_one_word_or_a_slug(
    resources: EngineResources, sentence: str, keys: list[str]
) -> None:
    assert _keys(resources, sentence) == keys


@pytest.mark.parametrize(
    ("sentence", "keys"),
    [
        # The speaker's own land, named by no place: withdrawal alone.
        (
            "Defence Minister Ivan Petrov said there would be no negotiations until the last enemy soldier "
            "has left our land.",
            ["withdrawal"],
        ),
        (
            "There can be no talks until we drive them out of our territory, the president said.",
            ["withdrawal"],
        ),
        # A place outside the gazetteer, named by the parse.
        (
            "The rebels said they would sign a deal once the army withdraws from Tigray.",
            ["withdrawal:tigray"],
        ),
        ("Talks will resume only when the militia pulls out of Abyei.", ["withdrawal:abyei"]),
    ],
)
def test_withdrawal_from_a_place_or_from_our_land(
    resources: EngineResources, sentence: str, keys: list[str]
) -> None:
    assert _keys(resources, sentence) == keys


@pytest.mark.parametrize(
    ("sentence", "keys"),
    [
        # A clause to come after a weak marker ("once", "if") counts with every kind.
        (
            "The commerce ministry said Beijing would only return to trade talks once Washington lifts the "
            "new tariffs.",
            ["tariff_relief"],
        ),
        ("There will be no deal unless Tehran stops enrichment, the envoy said.", ["enrichment_halt"]),
        ("Pyongyang will come back to the table if Washington lifts sanctions.", ["sanctions_relief"]),
        (
            "The group will free the captives only if the government releases its detainees.",
            ["prisoner_exchange"],
        ),
        (
            "Foreign Minister Ali Haddad said his government would recognise Israel only after a Palestinian "
            "state is established.",
            ["statehood"],
        ),
    ],
)
def test_condition_kinds_beyond_one_war(resources: EngineResources, sentence: str, keys: list[str]) -> None:
    assert _keys(resources, sentence) == keys


@pytest.mark.parametrize(
    "sentence",
    [
        # A weak marker before a noun dates, and before a past clause tells what happened.
        "The minister said talks would resume after the ceasefire.",
        "Talks began after the troops left the town.",
        # What an offensive does to civilians is no asset at the table.
        "The general said the offensive in Kharkiv would affect civilians during the negotiations.",
        "Officials said the assault on Kherson was taken into account by both delegations.",
    ],
)
def test_no_condition_from_dates_past_events_or_effects(resources: EngineResources, sentence: str) -> None:
    assert _keys(resources, sentence) == []


def test_a_place_held_is_leverage_only_when_called_an_asset(resources: EngineResources) -> None:
    assert _keys(
        resources, "Our control of Kherson is a bargaining chip in any talks, the general said."
    ) == ["leverage:kherson"]
    assert _keys(resources, "The offensive in Kharkiv would affect civilians during the negotiations.") == []


@pytest.mark.parametrize(
    ("sentence", "keys"),
    [
        ("The minister called for the occupying army to withdraw from Tigray.", ["withdrawal:tigray"]),
        ("He demanded that the militia release all detainees before any talks.", ["prisoner_exchange"]),
        ("The envoy insisted on the lifting of the blockade of the port.", ["blockade_lifted"]),
        # A demand named by a noun is someone else's, and a ceasefire demanded is the deal itself.
        ("The president rejected calls for the troops to withdraw from Kherson.", []),
        ("The council called for a ceasefire on Monday.", []),
        # A condition clause inside a demand is keyed once, by its marker.
        ("She insisted that there would be no truce until every hostage is home.", ["hostage_release"]),
    ],
)
def test_demands_set_terms(resources: EngineResources, sentence: str, keys: list[str]) -> None:
    assert _keys(resources, sentence) == keys


def test_what_a_deal_holds_is_keyed_apart_from_conditions(resources: EngineResources) -> None:
    sentence = "The mediators said the deal includes the release of 40 captives and 120 prisoners."
    doc = resources.parser.parse_one(sentence)
    assert find_conditions(doc, resources.lexicon) == []
    keys = sorted(c.key for c in deal_terms(doc, resources.lexicon))
    assert keys == ["hostage_release", "prisoner_exchange"]
    monitored = resources.parser.parse_one("The truce will be monitored by observers from three countries.")
    assert [c.key for c in deal_terms(monitored, resources.lexicon)] == ["monitoring"]
    assert deal_terms(resources.parser.parse_one("The talks ended on Friday."), resources.lexicon) == []


def test_the_place_is_the_one_named_after_the_kind(resources: EngineResources) -> None:
    # The state asked to leave is named first; the place it leaves is the key's object.
    assert _keys(resources, "The president called for Moldova to withdraw its troops from Georgia.") == [
        "withdrawal:georgia"
    ]
