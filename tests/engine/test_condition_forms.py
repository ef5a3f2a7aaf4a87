"""Wordings of condition kinds: sanctions relief, prisoner swaps, binding texts and refusals to sign,
and who a recognition comes from.

Every sentence is invented (other names, places and wording than any annotated article).
"""

from __future__ import annotations

import pytest

from services.engine.conditions import deal_terms, find_conditions
from services.engine.resources import EngineResources


def _conditions(resources: EngineResources, sentence: str) -> list[str]:
    return sorted(c.key for c in find_conditions(resources.parser.parse_one(sentence), resources.lexicon))


def _all_keys(resources: EngineResources, sentence: str) -> list[str]:
    doc = resources.parser.parse_one(sentence)
    found = [*find_conditions(doc, resources.lexicon), *deal_terms(doc, resources.lexicon)]
    return sorted({c.key for c in found})


@pytest.mark.parametrize(
    "sentence",
    [
        "The cabinet demands that all sanctions against its banks be permanently lifted.",
        "We asked to lift three sanctions that were imposed in 2015, out of nine, the envoy said.",
        "Minsk sought the relaxation of several trade sanctions, the spokesman said.",
        "Caracas urged Brussels to suspend the sanctions on its airline.",
    ],
)
def test_a_demand_to_lift_sanctions_is_sanctions_relief(resources: EngineResources, sentence: str) -> None:
    assert "sanctions_relief" in _conditions(resources, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry supports the exchange of prisoners between the two armies.",
        "Both commanders agreed to a swap of captured soldiers, the envoy said.",
        "The general wants an all-for-all exchange, his aide said.",
    ],
)
def test_a_swap_of_captives_is_a_prisoner_exchange(resources: EngineResources, sentence: str) -> None:
    assert "prisoner_exchange" in _all_keys(resources, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "We insist on a legally binding treaty, the negotiator said.",
        "Any guarantees for the enclave must be legally binding, the minister said.",
        "It is up to the mediators to make the accord internationally binding, the premier said.",
    ],
)
def test_a_binding_text_demanded_is_legally_binding(resources: EngineResources, sentence: str) -> None:
    assert "legally_binding" in _conditions(resources, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The president said he won't sign anything at the summit in Ohrid.",
        "The leader said he would not sign any document with the rebels.",
        "The junta refused to sign the framework, the envoy said.",
    ],
)
def test_a_refusal_to_sign_is_no_signature(resources: EngineResources, sentence: str) -> None:
    assert "no_signature" in _all_keys(resources, sentence)


def test_a_text_signed_is_no_refusal_to_sign(resources: EngineResources) -> None:
    assert "no_signature" not in _all_keys(resources, "We signed the treaty on Monday, the minister said.")


def test_recognition_from_a_place_is_who_recognises(resources: EngineResources) -> None:
    """ "Recognition from Tbilisi": Tbilisi would recognise; what is recognised is another place."""
    keys = _all_keys(resources, "Abkhazia's premier said the accord would mean recognition from Tbilisi.")
    assert "recognition:abkhazia" in keys
    assert "recognition:tbilisi" not in keys
    # "of" names what is recognised; "by" who recognises it.
    assert "recognition:south-ossetia" in _all_keys(
        resources, "The treaty would mean recognition of South Ossetia by Minsk, he said."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "The guerrillas said they only abide by what is negotiated and agreed at the peace table.",
        "A unilateral cabinet decision cannot be accepted as an agreement, the rebels said.",
        "The militia would only respect formal agreements signed with the cabinet, its commander said.",
    ],
)
def test_only_what_talks_agree_binds_is_agreement_at_table(resources: EngineResources, sentence: str) -> None:
    assert "agreement_at_table" in _conditions(resources, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        'The duties will stay until a "phase two" agreement, the president said.',
        "We will drop the levies if we agree to do phase 2, the president said.",
        "The quotas remain in place until the second phase of the trade deal is agreed, he said.",
    ],
)
def test_a_later_stage_awaited_is_phase_two_deal(resources: EngineResources, sentence: str) -> None:
    assert "phase_two_deal" in _conditions(resources, sentence)


def test_a_phase_of_fighting_is_no_later_deal(resources: EngineResources) -> None:
    assert _all_keys(resources, "The offensive entered its second phase on Monday.") == []


def test_every_kind_of_a_condition_clause_is_keyed(resources: EngineResources) -> None:
    """ "Only after X and Y": both are conditions, not just the first named."""
    sentence = "The accord can be signed only after a truce and the withdrawal of the brigades from Kherson."
    assert {"ceasefire_first", "withdrawal:kherson"} <= set(_conditions(resources, sentence))


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        (
            'The island will leave without a deal unless the safeguard is "abolished", the premier said.',
            "removal:safeguard",
        ),
        ("The premier demanded the complete removal of the Irish safeguard.", "removal:safeguard"),
        (
            "A deal is only possible through the abolition of the border annex, the minister said.",
            "removal:annex",
        ),
        ("The arrangement must be ditched if a collapse is to be avoided, he said.", "removal:arrangement"),
    ],
)
def test_a_provision_to_be_scrapped_is_removal_of_that_thing(
    resources: EngineResources, sentence: str, key: str
) -> None:
    assert key in _all_keys(resources, sentence)


def test_a_removal_of_sanctions_is_sanctions_relief_and_a_removal_done_no_condition(
    resources: EngineResources,
) -> None:
    assert _all_keys(resources, "Minsk demands the removal of all sanctions on its bank.") == [
        "sanctions_relief"
    ]
    assert _all_keys(resources, "The army removed the checkpoints on Monday.") == []
    assert _all_keys(resources, "The road goes by way of the old bridge.") == []


def test_whose_territorial_integrity_is_its_object(resources: EngineResources) -> None:
    assert "territorial_integrity:georgia" in _all_keys(
        resources, "The envoy urged Moscow to respect Georgia's territorial integrity."
    )
    assert "territorial_integrity:moldova" in _all_keys(
        resources, "The plan lacks respect for the territorial integrity of Moldova."
    )


def test_what_must_come_first_after_a_demanded_start(resources: EngineResources) -> None:
    """ "Talks must begin after X": X comes first, a condition; "talks will begin after X" only dates them."""
    demanded = "Talks must begin after building trust and completing the release of the prisoners, he said."
    assert "prisoner_exchange" in _conditions(resources, demanded)
    assert (
        _conditions(resources, "Talks will begin after the release of the prisoners, the spokesman said.")
        == []
    )


def test_what_is_deployed_or_committed_to_is_a_term(resources: EngineResources) -> None:
    assert "monitoring" in _all_keys(resources, "Moscow will deploy 900 peacekeepers along the contact line.")
    assert "prisoner_exchange" in _all_keys(
        resources, "The capital made no commitment to release the detainees, the premier said."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "The envoy said Minsk must free all political prisoners before any deal.",
        "Washington called for the release of all wrongfully detained citizens.",
    ],
)
def test_political_prisoners_freed_are_a_release_not_an_exchange(
    resources: EngineResources, sentence: str
) -> None:
    keys = _conditions(resources, sentence)
    assert "prisoner_release" in keys and "prisoner_exchange" not in keys


def test_prisoners_of_war_are_exchanged(resources: EngineResources) -> None:
    assert "prisoner_exchange" in _all_keys(
        resources, "The deal includes the release of 40 prisoners of war."
    )


def test_barred_candidates_allowed_to_run_is_candidate_reinstatement(resources: EngineResources) -> None:
    sentence = "The ministry demands the swift reinstatement of all barred candidates before the vote."
    assert "candidate_reinstatement" in _conditions(resources, sentence)


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        (
            "The rebels will lay down their arms following the withdrawal of foreign troops from Darfur.",
            "withdrawal:darfur",
        ),
        (
            "Disarmament is to take place concurrently with the withdrawal of the militias from Abyei.",
            "withdrawal:abyei",
        ),
    ],
)
def test_a_step_in_step_with_another_sets_it_as_a_condition(
    resources: EngineResources, sentence: str, key: str
) -> None:
    assert key in _conditions(resources, sentence)


def test_following_an_event_only_dates(resources: EngineResources) -> None:
    assert _conditions(resources, "Following the talks, the ministers held a press conference.") == []


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        (
            "Only way Hanoi can get further tariff cuts is to make a phase 2 agreement, the envoy said.",
            "phase_two_deal",
        ),
        (
            "The only way to peace is through the withdrawal of all foreign troops from Kosovo.",
            "withdrawal:kosovo",
        ),
        (
            "Nothing short of scrapping the border annex would be good enough, the premier said.",
            "removal:annex",
        ),
    ],
)
def test_the_one_way_named_is_a_condition(resources: EngineResources, sentence: str, key: str) -> None:
    assert key in _conditions(resources, sentence)


def test_the_only_way_somewhere_names_no_condition(resources: EngineResources) -> None:
    assert _conditions(resources, "The only way to the airport is by taxi.") == []


def test_talks_held_to_a_humanitarian_truce_alone(resources: EngineResources) -> None:
    sentence = "Both militias said they would only discuss a humanitarian pause, not a political settlement."
    assert "humanitarian_truce_only" in _conditions(resources, sentence)
    assert _conditions(resources, "The delegations discussed a humanitarian truce for the port.") == []


def test_new_realities_accepted_are_the_land_taken(resources: EngineResources) -> None:
    """ "Accept the new realities": recognise the land taken, the object every such wording shares."""
    for sentence in (
        "Talks would be impossible unless Tbilisi accepts the new realities, the spokesman said.",
        "Georgia has to accept the new territorial realities, he said.",
    ):
        assert "recognition:annexed_regions" in _conditions(resources, sentence)
    assert _conditions(resources, "The firm must adapt to new realities in the market.") == []


def test_an_obligation_laid_on_a_side_sets_its_terms(resources: EngineResources) -> None:
    assert "withdrawal:abkhazia" in _conditions(
        resources, "Moscow would be obliged to withdraw its troops from Abkhazia, he said."
    )
    assert "security_guarantees" in _all_keys(
        resources, "The guarantor states will be obligated to provide assistance, the negotiator said."
    )


def test_quoted_realities_are_accepted_too(resources: EngineResources) -> None:
    sentence = "The spokesman said Tbilisi had to accept “new realities” in the breakaway regions."
    assert "recognition:annexed_regions" in _conditions(resources, sentence)
