"""Subject-matter terms: what a demand, offer, refusal, proposal or talks are about, keyed like conditions.

They come from `deal_terms` and leave the stance as it is; a condition word in passing, in a past event, or
set aside by "not" is no term.
"""

from __future__ import annotations

import pytest

from services.engine.resources import EngineResources
from tests.engine.articles import condition_keys, term_keys


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        # A refusal: its subject matter, the place normalized by the gazetteer.
        ("Tbilisi refuses to recognise Abkhazia, the minister told reporters.", "recognition:abkhazia"),
        ("The premier pledged never to recognise South Ossetia.", "recognition:south-ossetia"),
        ("Belgrade will not recognise Kosovo, the president said.", "recognition:kosovo"),
        ("The militia will never lay down its weapons, the commander said.", "disarmament"),
        # An offer or a proposal.
        ("The envoy said the republic offers to adopt a permanently neutral status.", "neutrality"),
        ("Chisinau refuses to join any military bloc, the negotiator said.", "neutrality"),
        ("Moldova proposes that five states act as its security guarantors.", "security_guarantees"),
        ("The rebels want to negotiate on neutral ground, their spokesman said.", "neutral_venue"),
        # What is discussed, and what a deal calls for.
        ("Both delegations are still discussing a humanitarian truce for the port.", "humanitarian_access"),
        (
            "The accord calls for a truce, during which the militia frees 30 of the captives it holds.",
            "hostage_release",
        ),
        ("The cabinet is committed to bringing every captive home, the office said.", "hostage_release"),
        # A demand or an agenda named by a copula: "what we asked for was ...".
        ("What Caracas asked for was a partial lifting of sanctions, the envoy said.", "sanctions_relief"),
        ("Easing sanctions is the first item on our agenda, the minister said.", "sanctions_relief"),
        ("The plan lacks respect for the territorial integrity of Georgia.", "territorial_integrity:georgia"),
        ("Lifting sanctions and trade guarantees are among the items on our agenda.", "sanctions_relief"),
        # What a signature would amount to.
        ("The signing of the treaty would mean recognition of Abkhazia, he said.", "recognition:abkhazia"),
        # Talks face to face, agreed or refused.
        ("Both parties had agreed to continue with direct talks, the ministry said.", "direct_talks"),
        ("The envoy said the army will not sit down directly with any delegation.", "no_direct_talks"),
    ],
)
def test_subject_matter_of_a_position_is_a_term(resources: EngineResources, sentence: str, key: str) -> None:
    assert key in term_keys(resources, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # A condition word in passing, an activity going on, a past event.
        "The sanctions hurt the economy, the minister said.",
        "We are monitoring the situation closely, the minister said.",
        "The ministry said it was verifying reports of shelling near the border.",
        "The militia seized 100 hostages last year, the minister said.",
        "Moscow did not withdraw from Kherson, the general said.",
        "Moldova is a neutral country with a small army, the guide said.",
        # Someone else's words after "saying": another statement's.
        "He called for talks, saying the soldiers are in enemy captivity.",
        # The talks' own name is their topic.
        "Officials said denuclearization talks would resume in the spring.",
        # A copula denied: what is not on the table is no term of it.
        "The minister said lifting sanctions is not on the agenda of the talks.",
    ],
)
def test_no_term_from_a_passing_mention(resources: EngineResources, sentence: str) -> None:
    assert term_keys(resources, sentence) == []


def test_a_refusal_of_direct_talks_is_not_also_direct_talks(resources: EngineResources) -> None:
    keys = term_keys(
        resources, "The rebels said they would not meet directly with the government delegation."
    )
    assert keys == ["no_direct_talks"]


def test_a_noun_phrase_set_aside_by_not_is_no_term(resources: EngineResources) -> None:
    keys = term_keys(resources, "The army will only discuss a humanitarian pause and not an end to the war.")
    assert keys == ["humanitarian_access"]


def test_the_object_of_a_refusal_is_not_its_speaker(resources: EngineResources) -> None:
    # The state refusing is named before the verb; the one place of the gazetteer is the object.
    sentence = "We will sign nothing with Pristina as Serbia does not recognise the independence of Kosovo."
    assert "recognition:kosovo" in term_keys(resources, sentence)
    assert not [k for k in term_keys(resources, sentence) if k.endswith(":serbia")]


def test_terms_set_no_condition_on_the_talks(resources: EngineResources) -> None:
    # A refusal's subject matter is a term, not a condition: the stance reads only conditions.
    assert (
        condition_keys(resources, "Tbilisi refuses to recognise Abkhazia, the foreign minister said.") == []
    )


@pytest.mark.parametrize(
    ("sentence", "keys"),
    [
        # Accepting "the new realities" is recognising them (the land taken); no other:<slug> swallows it.
        (
            "No treaty is possible unless the latter accepts the new realities.",
            ["recognition:annexed_regions"],
        ),
        (
            "There will be no peace deal unless Baku accepts the new realities in the annexed territories.",
            ["recognition:annexed_regions"],
        ),
        # An accord on elections named by its adjective.
        ("Washington warned that the relief may be revoked if the electoral pact collapses.", ["elections"]),
        # Sanctions lifted "first"; the other side's sincerity.
        ("Pyongyang would scrap the reactor if some sanctions are first lifted.", ["sanctions_relief"]),
        ("A deal can be reached if the other side is serious, the envoy said.", ["good_faith"]),
        # A neutral venue is not neutrality, and neither is NATO membership.
        ("Talks can resume only once they are held on neutral ground.", ["neutral_venue"]),
        # Settling in court, demanded.
        (
            "Georgetown insists that the border dispute be settled by the International Court of Justice.",
            ["icj_settlement"],
        ),
    ],
)
def test_condition_kinds_of_the_readme_vocabulary(
    resources: EngineResources, sentence: str, keys: list[str]
) -> None:
    assert condition_keys(resources, sentence) == keys


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        # A withdrawal refused is the place kept: retention, the other side of withdrawal in conflicts.yaml.
        ("Moscow will not pull out of Kherson, the general said.", "retention:kherson"),
        ("The junta refuses to withdraw its troops from Abyei.", "retention:abyei"),
        ("He stressed that a military withdrawal from Abkhazia is not feasible.", "retention:abkhazia"),
        (
            '"A proposal to withdraw our troops from Abkhazia is out of the question," the spokesman said.',
            "retention:abkhazia",
        ),
        ("The president rejected calls for the troops to withdraw from Kherson.", "retention:kherson"),
    ],
)
def test_a_withdrawal_refused_is_retention(resources: EngineResources, sentence: str, key: str) -> None:
    keys = term_keys(resources, sentence)
    assert key in keys
    assert not [k for k in keys if k.startswith("withdrawal")]


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        # The withdrawal awaited by a refusal of talks is the condition, not a place kept.
        ("Kyiv says talks are off the table until Russia withdraws from Kherson.", "withdrawal:kherson"),
        # A plan criticised for lacking a withdrawal: the critic wants it.
        (
            "The plan does not include the withdrawal of the troops from Abkhazia, he said.",
            "withdrawal:abkhazia",
        ),
    ],
)
def test_a_withdrawal_awaited_or_missed_is_no_retention(
    resources: EngineResources, sentence: str, key: str
) -> None:
    keys = term_keys(resources, sentence)
    assert key in keys
    assert not [k for k in keys if k.startswith("retention")]


@pytest.mark.parametrize(
    ("sentence", "keys"),
    [
        # An opening quotation mark and a number's comma end no clause: the known kind, no other:<slug>.
        (
            "A peace deal would be impossible unless the latter “accepts new realities.”",
            ["recognition:annexed_regions"],
        ),
        (
            "Talks will begin on March 10, provided that up to 2,000 rebel prisoners are freed.",
            ["prisoner_exchange"],
        ),
        # A clause of no listed kind still gets its slug; a pronoun-like word alone is none.
        ("No negotiations until the army returns to its barracks.", ["other:army-returns-barracks"]),
    ],
)
def test_a_known_kind_is_not_swallowed_by_other(
    resources: EngineResources, sentence: str, keys: list[str]
) -> None:
    assert condition_keys(resources, sentence) == keys
