"""Wordings of condition kinds: sanctions relief, prisoner swaps, binding texts and refusals to sign,
and who a recognition comes from.

Every sentence is invented (other names, places and wording than any annotated article).
"""

from __future__ import annotations

import pytest

from services.engine.conditions import deal_terms, find_conditions
from services.engine.resources import EngineResources
from tests.engine.articles import condition_keys


def _all_keys(resources: EngineResources, sentence: str) -> list[str]:
    doc = resources.parser.parse_one(sentence)
    found = [*find_conditions(doc, resources.lexicon), *deal_terms(doc, resources.lexicon)]
    return sorted({c.key for c in found})


# A sentence and a condition it sets (find_conditions).
_CONDITIONS = [
    # A demand to lift sanctions is sanctions relief.
    pytest.param(
        "The cabinet demands that all sanctions against its banks be permanently lifted.",
        "sanctions_relief",
        id="sanctions-demanded-lifted",
    ),
    pytest.param(
        "We asked to lift three sanctions that were imposed in 2015, out of nine, the envoy said.",
        "sanctions_relief",
        id="sanctions-asked-to-lift",
    ),
    pytest.param(
        "Minsk sought the relaxation of several trade sanctions, the spokesman said.",
        "sanctions_relief",
        id="sanctions-relaxation-sought",
    ),
    pytest.param(
        "Caracas urged Brussels to suspend the sanctions on its airline.",
        "sanctions_relief",
        id="sanctions-suspension-urged",
    ),
    # A binding text demanded is legally binding.
    pytest.param(
        "We insist on a legally binding treaty, the negotiator said.",
        "legally_binding",
        id="binding-insisted",
    ),
    pytest.param(
        "Any guarantees for the enclave must be legally binding, the minister said.",
        "legally_binding",
        id="binding-must",
    ),
    pytest.param(
        "It is up to the mediators to make the accord internationally binding, the premier said.",
        "legally_binding",
        id="binding-up-to",
    ),
    # Only what talks agree binds: agreement at the table.
    pytest.param(
        "The guerrillas said they only abide by what is negotiated and agreed at the peace table.",
        "agreement_at_table",
        id="table-only-abide",
    ),
    pytest.param(
        "A unilateral cabinet decision cannot be accepted as an agreement, the rebels said.",
        "agreement_at_table",
        id="table-unilateral-decision",
    ),
    pytest.param(
        "The militia would only respect formal agreements signed with the cabinet, its commander said.",
        "agreement_at_table",
        id="table-only-formal",
    ),
    # A later stage awaited is a phase two deal.
    pytest.param(
        'The duties will stay until a "phase two" agreement, the president said.',
        "phase_two_deal",
        id="phase-two-until",
    ),
    pytest.param(
        "We will drop the levies if we agree to do phase 2, the president said.",
        "phase_two_deal",
        id="phase-two-if",
    ),
    pytest.param(
        "The quotas remain in place until the second phase of the trade deal is agreed, he said.",
        "phase_two_deal",
        id="phase-two-second-phase",
    ),
    # Barred candidates allowed to run.
    pytest.param(
        "The ministry demands the swift reinstatement of all barred candidates before the vote.",
        "candidate_reinstatement",
        id="candidates-reinstated",
    ),
    # A step in step with another sets it as a condition.
    pytest.param(
        "The rebels will lay down their arms following the withdrawal of foreign troops from Darfur.",
        "withdrawal:darfur",
        id="following-withdrawal",
    ),
    pytest.param(
        "Disarmament is to take place concurrently with the withdrawal of the militias from Abyei.",
        "withdrawal:abyei",
        id="concurrently-with-withdrawal",
    ),
    # The one way named is a condition.
    pytest.param(
        "Only way Hanoi can get further tariff cuts is to make a phase 2 agreement, the envoy said.",
        "phase_two_deal",
        id="only-way-phase-two",
    ),
    pytest.param(
        "The only way to peace is through the withdrawal of all foreign troops from Kosovo.",
        "withdrawal:kosovo",
        id="only-way-withdrawal",
    ),
    pytest.param(
        "Nothing short of scrapping the border annex would be good enough, the premier said.",
        "removal:annex",
        id="nothing-short-of-removal",
    ),
    # "Accept the new realities": recognise the land taken, the object every such wording shares.
    pytest.param(
        "Talks would be impossible unless Tbilisi accepts the new realities, the spokesman said.",
        "recognition:annexed_regions",
        id="realities-unless-accepted",
    ),
    pytest.param(
        "Georgia has to accept the new territorial realities, he said.",
        "recognition:annexed_regions",
        id="realities-has-to-accept",
    ),
    pytest.param(
        "The spokesman said Tbilisi had to accept “new realities” in the breakaway regions.",
        "recognition:annexed_regions",
        id="realities-quoted",
    ),
    # An obligation laid on a side sets its terms.
    pytest.param(
        "Moscow would be obliged to withdraw its troops from Abkhazia, he said.",
        "withdrawal:abkhazia",
        id="obliged-to-withdraw",
    ),
]


@pytest.mark.parametrize(("sentence", "key"), _CONDITIONS)
def test_a_wording_sets_its_condition(resources: EngineResources, sentence: str, key: str) -> None:
    assert key in condition_keys(resources, sentence)


# A sentence and a key it names, as a condition or as a deal term (find_conditions and deal_terms).
_KEYS = [
    # A swap of captives is a prisoner exchange.
    pytest.param(
        "The ministry supports the exchange of prisoners between the two armies.",
        "prisoner_exchange",
        id="swap-exchange-of-prisoners",
    ),
    pytest.param(
        "Both commanders agreed to a swap of captured soldiers, the envoy said.",
        "prisoner_exchange",
        id="swap-of-captured-soldiers",
    ),
    pytest.param(
        "The general wants an all-for-all exchange, his aide said.",
        "prisoner_exchange",
        id="swap-all-for-all",
    ),
    pytest.param(
        "The deal includes the release of 40 prisoners of war.", "prisoner_exchange", id="prisoners-of-war"
    ),
    # A refusal to sign is no signature.
    pytest.param(
        "The president said he won't sign anything at the summit in Ohrid.",
        "no_signature",
        id="refusal-wont-sign",
    ),
    pytest.param(
        "The leader said he would not sign any document with the rebels.",
        "no_signature",
        id="refusal-would-not-sign",
    ),
    pytest.param(
        "The junta refused to sign the framework, the envoy said.",
        "no_signature",
        id="refusal-refused-to-sign",
    ),
    # A provision to be scrapped is removal of that thing.
    pytest.param(
        'The island will leave without a deal unless the safeguard is "abolished", the premier said.',
        "removal:safeguard",
        id="removal-unless-abolished",
    ),
    pytest.param(
        "The premier demanded the complete removal of the Irish safeguard.",
        "removal:safeguard",
        id="removal-demanded",
    ),
    pytest.param(
        "A deal is only possible through the abolition of the border annex, the minister said.",
        "removal:annex",
        id="removal-only-possible-through",
    ),
    pytest.param(
        "The arrangement must be ditched if a collapse is to be avoided, he said.",
        "removal:arrangement",
        id="removal-must-be-ditched",
    ),
    # Whose territorial integrity is its object.
    pytest.param(
        "The envoy urged Moscow to respect Georgia's territorial integrity.",
        "territorial_integrity:georgia",
        id="integrity-possessor",
    ),
    pytest.param(
        "The plan lacks respect for the territorial integrity of Moldova.",
        "territorial_integrity:moldova",
        id="integrity-of-place",
    ),
    # What is deployed or committed to is a term.
    pytest.param(
        "Moscow will deploy 900 peacekeepers along the contact line.",
        "monitoring",
        id="deployed-peacekeepers",
    ),
    pytest.param(
        "The capital made no commitment to release the detainees, the premier said.",
        "prisoner_exchange",
        id="commitment-to-release",
    ),
    pytest.param(
        "The guarantor states will be obligated to provide assistance, the negotiator said.",
        "security_guarantees",
        id="obligated-guarantors",
    ),
]


@pytest.mark.parametrize(("sentence", "key"), _KEYS)
def test_a_wording_names_its_key(resources: EngineResources, sentence: str, key: str) -> None:
    assert key in _all_keys(resources, sentence)


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


def test_every_kind_of_a_condition_clause_is_keyed(resources: EngineResources) -> None:
    """ "Only after X and Y": both are conditions, not just the first named."""
    sentence = "The accord can be signed only after a truce and the withdrawal of the brigades from Kherson."
    assert {"ceasefire_first", "withdrawal:kherson"} <= set(condition_keys(resources, sentence))


def test_a_removal_of_sanctions_is_sanctions_relief(resources: EngineResources) -> None:
    assert _all_keys(resources, "Minsk demands the removal of all sanctions on its bank.") == [
        "sanctions_relief"
    ]


def test_what_must_come_first_after_a_demanded_start(resources: EngineResources) -> None:
    """ "Talks must begin after X": X comes first, a condition; "talks will begin after X" only dates them."""
    demanded = "Talks must begin after building trust and completing the release of the prisoners, he said."
    assert "prisoner_exchange" in condition_keys(resources, demanded)


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
    keys = condition_keys(resources, sentence)
    assert "prisoner_release" in keys and "prisoner_exchange" not in keys


# Sentences of the kinds' words that set no condition (find_conditions) or name no key at all.
@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param(
            "Talks will begin after the release of the prisoners, the spokesman said.", id="dated-start"
        ),
        pytest.param("Following the talks, the ministers held a press conference.", id="following-dates"),
        pytest.param("The only way to the airport is by taxi.", id="only-way-somewhere"),
        pytest.param("The delegations discussed a humanitarian truce for the port.", id="truce-discussed"),
        pytest.param("The firm must adapt to new realities in the market.", id="market-realities"),
    ],
)
def test_a_wording_sets_no_condition(resources: EngineResources, sentence: str) -> None:
    assert condition_keys(resources, sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("The offensive entered its second phase on Monday.", id="phase-of-fighting"),
        pytest.param("The army removed the checkpoints on Monday.", id="removal-done"),
        pytest.param("The road goes by way of the old bridge.", id="by-way-of-road"),
    ],
)
def test_a_wording_names_no_key(resources: EngineResources, sentence: str) -> None:
    assert _all_keys(resources, sentence) == []


def test_talks_held_to_a_humanitarian_truce_alone(resources: EngineResources) -> None:
    sentence = "Both militias said they would only discuss a humanitarian pause, not a political settlement."
    assert "humanitarian_truce_only" in condition_keys(resources, sentence)
