"""Parties at odds on a whole issue: preconditions ruled out vs set, a deal backed vs rejected."""

from __future__ import annotations

from datetime import date

import pytest

from schemas import AlertKind, Attribution, Claim, Speaker, Stance
from tests.detect.builders import detect_all, make_claim, of_kind, truce_claim

DAY = date(2025, 6, 2)
BACKS = "Okafor said the truce with Rivera's side in the Valley was welcome."
REJECTS = "Rivera rejected the truce offered for the Valley."

SUPPORT, OPPOSE = Stance.support, Stance.oppose


@pytest.mark.parametrize(
    ("claims", "phrases"),
    [
        pytest.param(
            [
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
            ],
            ("sets no preconditions for talks", "sets preconditions for talks"),
            id="preconditions-ruled-out-vs-set",
        ),
        pytest.param(
            [
                truce_claim("s1", "okafor", DAY, SUPPORT, BACKS),
                truce_claim("s2", "rivera", date(2025, 6, 5), OPPOSE, REJECTS),
            ],
            ("takes a support stance on ceasefire", "takes an oppose stance on ceasefire"),
            id="deal-backed-vs-rejected-the-same-week",
        ),
    ],
)
def test_parties_at_odds_on_one_issue_raise_one_contradiction(
    claims: list[Claim], phrases: tuple[str, str]
) -> None:
    [alert] = detect_all(claims)
    assert alert.kind is AlertKind.contradiction
    assert alert.parties == ["AR", "BL"]
    assert all(phrase in alert.summary for phrase in phrases)


BACKS_CLAIM = truce_claim("w1", "okafor", DAY, SUPPORT, BACKS)
REJECTS_CLAIM = truce_claim("b1", "rivera", DAY, OPPOSE, REJECTS)


@pytest.mark.parametrize(
    "claims",
    [
        pytest.param(
            [BACKS_CLAIM, truce_claim("w2", "rivera", date(2025, 7, 20), OPPOSE, REJECTS)],
            id="weeks-apart",
        ),
        # One party's speakers: stances alone are no mixed signal.
        pytest.param(
            [BACKS_CLAIM, truce_claim("w3", "council", DAY, OPPOSE, "The Valley truce is bad.")],
            id="one-party",
        ),
        pytest.param(
            [
                BACKS_CLAIM,
                truce_claim("w4", "rivera", DAY, OPPOSE, REJECTS, attribution=Attribution.anonymous_source),
            ],
            id="anonymous-side",
        ),
        # Neither names the other's speaker nor any name the other names: other talks, other news.
        pytest.param(
            [
                truce_claim(
                    "u1", "okafor", DAY, SUPPORT, "The envoy welcomed the harbour truce agreed in Porto Alto."
                ),
                truce_claim(
                    "u2", "rivera", DAY, OPPOSE, "She rejected the mountain truce proposed by Lindqvist."
                ),
            ],
            id="unrelated-talks",
        ),
        pytest.param(
            [
                REJECTS_CLAIM,
                truce_claim(
                    "b2",
                    "okafor",
                    date(2025, 6, 3),
                    SUPPORT,
                    "Okafor, the mediator, urged both sides to accept the truce in the Valley.",
                ),
                truce_claim(
                    "b3",
                    "okafor",
                    None,
                    SUPPORT,
                    "In 2021, Okafor signed a truce for the Valley with Rivera.",
                    published_at=date(2025, 6, 4),
                ),
            ],
            id="mediators-appeal-and-background-sentence",
        ),
    ],
)
def test_no_contradiction_between_parties(claims: list[Claim]) -> None:
    assert detect_all(claims) == []


def test_the_same_words_from_a_party_dated_by_the_report_set_the_parties_at_odds() -> None:
    # The mediator's words above, from Okafor as a party: the two parties are at odds.
    own = truce_claim("b4", "okafor", date(2025, 6, 3), SUPPORT, BACKS)
    [alert] = detect_all([REJECTS_CLAIM, own])
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
        truce_claim("r1", "okafor", DAY, SUPPORT, BACKS),
        truce_claim("r2", "rivera", date(2025, 6, 3), OPPOSE, REJECTS),
        truce_claim(
            "r3",
            "okafor",
            date(2025, 6, 4),
            OPPOSE,
            "Okafor rejected the truce Rivera's side offered for the Valley.",
        ),
        truce_claim("r4", "rivera", date(2025, 6, 5), SUPPORT, "Rivera welcomed a truce in the Valley."),
    ]
    [alert] = of_kind(detect_all(claims), AlertKind.contradiction)
    assert alert.claim_ids[:2] == ["r1", "r2"]


THANKS = truce_claim(
    "g1", "okafor", DAY, SUPPORT, "Okafor thanked Rivera and the other mediators for the Valley truce."
)
DOUBT = truce_claim(
    "g2",
    "rivera",
    date(2025, 6, 3),
    OPPOSE,
    "Rivera warned that the Valley truce was not yet the end of the war.",
)


@pytest.mark.parametrize("claims", [[THANKS, DOUBT], [DOUBT, THANKS]], ids=["thanks-first", "doubt-first"])
def test_a_speaker_the_other_side_calls_a_mediator_is_no_party_to_the_quarrel(claims: list[Claim]) -> None:
    assert of_kind(detect_all(claims), AlertKind.contradiction) == []


def test_thanked_as_a_party_the_speaker_is_at_odds_with_the_other_side() -> None:
    # Thanked as a party, not as a go-between, Rivera's rejection sets the two sides at odds.
    party = THANKS.model_copy(update={"text": "Okafor thanked Rivera for the Valley truce."})
    [alert] = of_kind(detect_all([party, DOUBT]), AlertKind.contradiction)
    assert alert.parties == ["AR", "BL"]
