"""Parties at odds on a whole issue: preconditions ruled out vs set, a deal backed vs rejected."""

from __future__ import annotations

from datetime import date

from schemas import AlertKind, Attribution, Speaker, Stance, Topic
from tests.detect.builders import detect_all, make_claim, of_kind

DAY = date(2025, 6, 2)
BACKS = "Okafor said the truce with Rivera's side in the Valley was welcome."
REJECTS = "Rivera rejected the truce offered for the Valley."


def test_one_party_ruling_out_preconditions_while_the_other_sets_one_is_a_contradiction() -> None:
    claims = [
        make_claim(
            "p1",
            speaker="okafor",
            said_at=DAY,
            conditions=(("no_preconditions", "with no preconditions"),),
            text="Okafor said talks on the Valley could start with no preconditions.",
        ),
        make_claim(
            "p2",
            speaker="rivera",
            said_at=date(2025, 6, 10),
            stance=Stance.conditional,
            conditions=(("prisoner_exchange", "only once the prisoners are freed"),),
            text="Rivera said there would be talks on the Valley only once the prisoners are freed.",
        ),
    ]
    [alert] = of_kind(detect_all(claims), AlertKind.contradiction)
    assert alert.parties == ["AR", "BL"]
    assert (
        "sets no preconditions for talks" in alert.summary and "sets preconditions for talks" in alert.summary
    )


def test_one_party_backing_a_deal_the_other_rejects_the_same_week_is_a_contradiction() -> None:
    claims = [
        make_claim(
            "s1", speaker="okafor", said_at=DAY, topic=Topic.ceasefire, stance=Stance.support, text=BACKS
        ),
        make_claim(
            "s2",
            speaker="rivera",
            said_at=date(2025, 6, 5),
            topic=Topic.ceasefire,
            stance=Stance.oppose,
            text=REJECTS,
        ),
    ]
    [alert] = detect_all(claims)
    assert alert.kind is AlertKind.contradiction
    assert "takes a support stance on ceasefire" in alert.summary
    assert "takes an oppose stance on ceasefire" in alert.summary


def test_weeks_apart_one_party_or_weak_evidence_is_no_contradiction() -> None:
    backs = make_claim(
        "w1", speaker="okafor", said_at=DAY, topic=Topic.ceasefire, stance=Stance.support, text=BACKS
    )
    later = make_claim(
        "w2",
        speaker="rivera",
        said_at=date(2025, 7, 20),
        topic=Topic.ceasefire,
        stance=Stance.oppose,
        text=REJECTS,
    )
    ally = make_claim(
        "w3",
        speaker="council",
        said_at=DAY,
        topic=Topic.ceasefire,
        stance=Stance.oppose,
        text="The Valley truce is bad.",
    )
    rumour = make_claim(
        "w4",
        speaker="rivera",
        said_at=DAY,
        topic=Topic.ceasefire,
        stance=Stance.oppose,
        text=REJECTS,
        attribution=Attribution.anonymous_source,
    )
    assert detect_all([backs, later]) == []
    assert detect_all([backs, ally]) == []  # one party's speakers: stances alone are no mixed signal
    assert detect_all([backs, rumour]) == []


def test_stances_on_unrelated_talks_naming_nothing_in_common_are_no_contradiction() -> None:
    # Neither names the other's speaker nor any name the other names: other talks, other news.
    claims = [
        make_claim(
            "u1",
            speaker="okafor",
            said_at=DAY,
            topic=Topic.ceasefire,
            stance=Stance.support,
            text="The envoy welcomed the harbour truce agreed in Porto Alto.",
        ),
        make_claim(
            "u2",
            speaker="rivera",
            said_at=DAY,
            topic=Topic.ceasefire,
            stance=Stance.oppose,
            text="She rejected the mountain truce proposed by Lindqvist.",
        ),
    ]
    assert detect_all(claims) == []


def test_a_mediators_appeal_and_a_background_sentence_set_no_party_against_another() -> None:
    rejects = make_claim(
        "b1", speaker="rivera", said_at=DAY, topic=Topic.ceasefire, stance=Stance.oppose, text=REJECTS
    )
    mediator = make_claim(
        "b2",
        speaker="okafor",
        said_at=date(2025, 6, 3),
        topic=Topic.ceasefire,
        stance=Stance.support,
        text="Okafor, the mediator, urged both sides to accept the truce in the Valley.",
    )
    background = make_claim(
        "b3",
        speaker="okafor",
        published_at=date(2025, 6, 4),
        topic=Topic.ceasefire,
        stance=Stance.support,
        text="In 2021, Okafor signed a truce for the Valley with Rivera.",
    )
    assert detect_all([rejects, mediator, background]) == []
    # The same words from Okafor as a party, dated by the report: the two parties are at odds.
    own = make_claim(
        "b4",
        speaker="okafor",
        said_at=date(2025, 6, 3),
        topic=Topic.ceasefire,
        stance=Stance.support,
        text=BACKS,
    )
    [alert] = detect_all([rejects, own])
    assert alert.kind is AlertKind.contradiction


def test_a_speaker_that_is_both_sides_takes_no_stance_to_change() -> None:
    both = Speaker(id="the-warring-sides", name="the warring sides", party="BL")
    army = Speaker(id="blue-army", name="the Blue Army", party="BL")
    claims = [
        make_claim("w1", stance=Stance.support, said_at=DAY, text="They agreed to a truce in the Valley."),
        make_claim(
            "w2", stance=Stance.oppose, said_at=date(2025, 6, 20), text="They walked out of the talks."
        ),
    ]
    assert detect_all([c.model_copy(update={"speaker": both}) for c in claims]) == []
    [alert] = detect_all([c.model_copy(update={"speaker": army}) for c in claims])
    assert alert.kind is AlertKind.position_change


def test_the_same_quarrel_reported_the_other_way_round_is_one_alert() -> None:
    # Within the week each side is reported backing the truce and rejecting it: one dispute.
    claims = [
        make_claim(
            "r1", speaker="okafor", said_at=DAY, topic=Topic.ceasefire, stance=Stance.support, text=BACKS
        ),
        make_claim(
            "r2",
            speaker="rivera",
            said_at=date(2025, 6, 3),
            topic=Topic.ceasefire,
            stance=Stance.oppose,
            text=REJECTS,
        ),
        make_claim(
            "r3",
            speaker="okafor",
            said_at=date(2025, 6, 4),
            topic=Topic.ceasefire,
            stance=Stance.oppose,
            text="Okafor rejected the truce Rivera's side offered for the Valley.",
        ),
        make_claim(
            "r4",
            speaker="rivera",
            said_at=date(2025, 6, 5),
            topic=Topic.ceasefire,
            stance=Stance.support,
            text="Rivera welcomed a truce in the Valley.",
        ),
    ]
    [alert] = of_kind(detect_all(claims), AlertKind.contradiction)
    assert alert.claim_ids[:2] == ["r1", "r2"]


def test_a_speaker_the_other_side_calls_a_mediator_is_no_party_to_the_quarrel() -> None:
    thanks = make_claim(
        "g1",
        speaker="okafor",
        said_at=DAY,
        topic=Topic.ceasefire,
        stance=Stance.support,
        text="Okafor thanked Rivera and the other mediators for the Valley truce.",
    )
    doubt = make_claim(
        "g2",
        speaker="rivera",
        said_at=date(2025, 6, 3),
        topic=Topic.ceasefire,
        stance=Stance.oppose,
        text="Rivera warned that the Valley truce was not yet the end of the war.",
    )
    assert of_kind(detect_all([thanks, doubt]), AlertKind.contradiction) == []
    assert of_kind(detect_all([doubt, thanks]), AlertKind.contradiction) == []
    # Thanked as a party, not as a go-between, Rivera's rejection sets the two sides at odds.
    party = thanks.model_copy(update={"text": "Okafor thanked Rivera for the Valley truce."})
    [alert] = of_kind(detect_all([party, doubt]), AlertKind.contradiction)
    assert alert.parties == ["AR", "BL"]
