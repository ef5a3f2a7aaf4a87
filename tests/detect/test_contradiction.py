"""contradiction: parties whose positions on one condition object cannot both hold."""

from __future__ import annotations

from datetime import date

import pytest

from schemas import AlertKind, Attribution, Claim, Condition, Severity, Stance
from tests.detect.builders import detect_all, make_claim, of_kind

BLOCKS = ("withdrawal:valley", "no talks while their troops stay in the valley")
LEVERAGE = ("leverage:valley", "their hold on the valley strengthens them in talks")


def test_precondition_against_leverage_between_parties_is_high() -> None:
    claims = [
        make_claim(
            "r1", speaker="okafor", conditions=(BLOCKS,), stance=Stance.conditional, said_at=date(2025, 2, 1)
        ),
        make_claim(
            "u1", speaker="rivera", conditions=(LEVERAGE,), stance=Stance.support, said_at=date(2025, 2, 20)
        ),
    ]
    [alert] = detect_all(claims)
    assert alert.kind is AlertKind.contradiction
    assert alert.severity is Severity.high
    assert alert.actors == ["daniel-okafor", "maria-rivera"]
    assert alert.parties == ["AR", "BL"]
    assert set(alert.claim_ids) == {"r1", "u1"}
    # The side that spoke first reads first; both conditions appear in the person's words.
    assert alert.summary.startswith(
        "Daniel Okafor (BL, per Outlet r1) makes withdrawal from Valley a condition"
    )
    assert (
        "Maria Rivera (AR, per Outlet u1) treats the position in Valley as leverage for talks"
        in alert.summary
    )


def test_many_claims_per_side_raise_one_alert_in_any_order() -> None:
    claims = [
        make_claim("r1", speaker="okafor", conditions=(BLOCKS,), said_at=date(2025, 2, 1)),
        make_claim("r2", speaker="council", conditions=(BLOCKS,), said_at=date(2025, 2, 2)),
        make_claim("u1", speaker="rivera", conditions=(LEVERAGE,), said_at=date(2025, 2, 20)),
        make_claim("u2", speaker="rivera", conditions=(LEVERAGE,), said_at=date(2025, 2, 21)),
    ]
    forward = of_kind(detect_all(claims), AlertKind.contradiction)
    backward = of_kind(detect_all(claims[::-1]), AlertKind.contradiction)
    assert len(forward) == 1
    assert {a.alert_id for a in forward} == {a.alert_id for a in backward}


def test_one_party_two_speakers_conflicting_on_the_same_days_is_a_mixed_signal() -> None:
    day = date(2025, 4, 4)
    claims = [
        make_claim("b1", speaker="okafor", conditions=(BLOCKS,), said_at=day, source="North Post"),
        make_claim("b2", speaker="council", conditions=(LEVERAGE,), said_at=day, source="Wire"),
    ]
    [alert] = detect_all(claims)
    # Its own kind, one step below the same conflict between two parties (high).
    assert alert.kind is AlertKind.mixed_signals
    assert alert.severity is Severity.medium
    assert "mixed signals" in alert.summary
    # Months apart, one party's speakers may simply have moved on: not a contradiction.
    apart = [claims[0], make_claim("b3", speaker="council", conditions=(LEVERAGE,), said_at=date(2025, 9, 1))]
    assert detect_all(apart) == []


def test_anonymous_or_hedged_side_lowers_severity() -> None:
    claims = [
        make_claim("r1", speaker="okafor", conditions=(BLOCKS,), attribution=Attribution.anonymous_source),
        make_claim("r2", speaker="okafor", conditions=(BLOCKS,), hedged=True),
        make_claim("u1", speaker="rivera", conditions=(LEVERAGE,)),
    ]
    [alert] = detect_all(claims)
    assert alert.severity is Severity.medium


def test_a_kind_refused_as_a_precondition_conflicts_with_the_other_sides_demand() -> None:
    demand = make_claim(
        "q1",
        speaker="okafor",
        stance=Stance.conditional,
        conditions=(("prisoner_exchange", "only after the Valley captives are freed"),),
        said_at=date(2025, 2, 1),
        text="Okafor said talks on the Valley start only after the captives are freed.",
    )
    refusal = make_claim(
        "q2",
        speaker="rivera",
        stance=Stance.oppose,
        conditions=(
            ("no_preconditions", "cannot be a precondition"),
            ("prisoner_exchange", "freeing the captives"),
        ),
        said_at=date(2025, 2, 3),
        text="Rivera said freeing the Valley captives cannot be a precondition for talks.",
    )
    [alert] = [a for a in detect_all([demand, refusal]) if "prisoner" in a.summary]
    assert alert.kind is AlertKind.contradiction
    assert alert.severity is Severity.high
    assert "refuses to make a prisoner release a condition" in alert.summary
    # The same demand in a story naming nothing of the refusal's: two conflicts, no alert.
    elsewhere = demand.model_copy(
        update={"text": "Okafor said talks on the Harbour start only after the captives are freed."}
    )
    other = refusal.model_copy(
        update={"text": "Rivera said freeing the captives cannot be a precondition for talks."}
    )
    assert [a for a in detect_all([elsewhere, other]) if "prisoner" in a.summary] == []


def test_two_speakers_whose_names_share_a_word_are_not_tied_by_it() -> None:
    from schemas import Speaker

    union = Speaker(id="union-of-the-east", name="Union of the Lakes", party="LK")
    league = Speaker(id="league-of-the-hills", name="League of the Hills", party="HL")
    reached = make_claim(
        "n1",
        conditions=(("agreement", "a truce was reached"),),
        said_at=date(2025, 2, 1),
        text="The Union of the Lakes said a truce was reached.",
    ).model_copy(update={"speaker": union})
    denied = make_claim(
        "n2",
        conditions=(("not:agreement", "no such truce exists"),),
        said_at=date(2025, 2, 3),
        text="The League of the Hills said no such truce exists.",
    ).model_copy(update={"speaker": league})
    # "of" and "the" aside, the names share nothing; a shared word in the names is no tie either.
    shared = league.model_copy(update={"name": "League of the Lakes Hills"})
    assert of_kind(detect_all([reached, denied]), AlertKind.contradiction) == []
    assert (
        of_kind(detect_all([reached, denied.model_copy(update={"speaker": shared})]), AlertKind.contradiction)
        == []
    )
    # One naming the other side: the same truce, parties at odds.
    named = denied.model_copy(update={"text": "The League of the Hills said no truce with the Union exists."})
    [alert] = of_kind(detect_all([reached, named]), AlertKind.contradiction)
    assert alert.claim_ids == ["n1", "n2"]


DAM = ("removal:dam", "the dam be torn down")
DAM_DEMAND = make_claim(
    "d1",
    speaker="okafor",
    conditions=(DAM,),
    stance=Stance.conditional,
    said_at=date(2025, 6, 2),
    text="Okafor said there would be no accord unless the dam be torn down.",
)
TOLL_SCRAPPED = make_claim(
    "x1",
    speaker="okafor",
    stance=Stance.conditional,
    conditions=(("removal:toll", "only if the river toll is scrapped"),),
    said_at=date(2025, 2, 1),
    text="Okafor said a deal with Rivera is possible only if the river toll is scrapped.",
)
TOLL_KEPT = make_claim(
    "x2",
    speaker="rivera",
    conditions=(("retention:toll", "the toll stays"),),
    said_at=date(2025, 2, 4),
    text="Rivera said the toll stays, whatever Okafor demands.",
)
ALL_TARIFFS = make_claim(
    "w1",
    speaker="okafor",
    conditions=(("tariff_relief", "only if every tariff on grain were dropped"),),
    stance=Stance.conditional,
    said_at=date(2025, 7, 1),
    text="Okafor said Velmar would sign the Kestrel accord only if every tariff on grain were dropped.",
)


@pytest.mark.parametrize(
    ("claims", "severity", "phrases"),
    [
        pytest.param(
            [
                make_claim(
                    "r1",
                    speaker="okafor",
                    conditions=(("recognition:ridge", "only if the ridge is recognised"),),
                ),
                make_claim(
                    "u1", speaker="rivera", conditions=(("not:recognition:ridge", "regardless of the ridge"),)
                ),
            ],
            None,
            ("rejects it",),
            id="negated-condition",
        ),
        pytest.param(
            [TOLL_SCRAPPED, TOLL_KEPT],
            Severity.high,
            ("demands the removal of Toll", "insists on keeping Toll"),
            id="provision-scrapped-vs-kept",
        ),
        pytest.param(
            [
                TOLL_SCRAPPED,
                TOLL_KEPT.model_copy(
                    update={"conditions": [Condition(text="will not scrap it", key="not:removal:toll")]}
                ),
            ],
            Severity.high,
            ("demands the removal of Toll", "rejects the removal of Toll"),
            id="provision-scrapped-vs-removal-refused",
        ),
        # "rejected Okafor's demands that the dam be torn down": Rivera refuses the removal.
        pytest.param(
            [
                DAM_DEMAND,
                make_claim(
                    "d2",
                    speaker="rivera",
                    conditions=(DAM,),
                    stance=Stance.conditional,
                    said_at=date(2025, 6, 4),
                    text="Rivera has rejected Okafor's demands that the dam be torn down.",
                ),
            ],
            None,
            ("demands the removal of Dam", "rejects the removal of Dam"),
            id="demand-the-other-side-rejects",
        ),
        # Two parties' accounts of one demand: "wanted every tariff gone" / "asked only partial relief".
        pytest.param(
            [
                ALL_TARIFFS,
                make_claim(
                    "w2",
                    speaker="rivera",
                    conditions=(("tariff_relief", "not the end of all grain tariffs, but partial relief"),),
                    stance=Stance.conditional,
                    said_at=date(2025, 7, 2),
                    text=(
                        "Rivera: Velmar asked not the end of all grain tariffs, but partial relief"
                        " (Kestrel accord)."
                    ),
                ),
            ],
            None,
            ("speaks of lifting the tariffs in full", "speaks of only partial tariff relief"),
            id="all-of-the-relief-vs-part-of-it",
        ),
    ],
)
def test_two_parties_conditions_that_rule_each_other_out_are_one_contradiction(
    claims: list[Claim], severity: Severity | None, phrases: tuple[str, ...]
) -> None:
    [alert] = of_kind(detect_all(claims), AlertKind.contradiction)
    assert alert.actors == ["daniel-okafor", "maria-rivera"]
    if severity is not None:
        assert alert.severity is severity
    assert all(phrase in alert.summary for phrase in phrases)


@pytest.mark.parametrize(
    "claims",
    [
        pytest.param(
            [
                make_claim("r1", speaker="okafor", conditions=(BLOCKS,)),
                make_claim(
                    "u1", speaker="rivera", conditions=(("leverage:ridge", "the ridge matters in talks"),)
                ),
                make_claim("s1", speaker="stranger", conditions=(LEVERAGE,)),
                make_claim(
                    "u2", speaker="rivera", conditions=(("withdrawal:valley", "they must leave the valley"),)
                ),
            ],
            id="other-object-unknown-party-or-compatible-kinds",
        ),
        pytest.param(
            [
                make_claim("r1", speaker="okafor", conditions=(BLOCKS,), said_at=date(2023, 1, 1)),
                make_claim("u1", speaker="rivera", conditions=(LEVERAGE,), said_at=date(2025, 1, 1)),
            ],
            id="positions-far-apart-in-time",
        ),
        # Rivera rejects one thing and demands the very removal herself: both sides ask for it;
        # with no demand word before the condition, "reject any deal unless ..." sets the condition.
        pytest.param(
            [
                DAM_DEMAND,
                make_claim(
                    "d2",
                    speaker="rivera",
                    conditions=(DAM,),
                    stance=Stance.conditional,
                    said_at=date(2025, 6, 4),
                    text="Rivera rejected the new tariff plan, and demanded that the dam be torn down.",
                ),
                make_claim(
                    "d3",
                    speaker="rivera",
                    conditions=(DAM,),
                    stance=Stance.conditional,
                    said_at=date(2025, 6, 5),
                    text="Rivera said she would reject any deal unless the dam be torn down.",
                ),
            ],
            id="rejection-in-another-clause-or-the-speakers-own-demand",
        ),
        # Both asking the whole of it, or words that do not say how much, agree.
        pytest.param(
            [
                ALL_TARIFFS,
                make_claim(
                    "w3",
                    speaker="rivera",
                    conditions=(("tariff_relief", "if the grain tariffs were dropped"),),
                    stance=Stance.conditional,
                    said_at=date(2025, 7, 2),
                    text=(
                        "Rivera said Velmar would sign the Kestrel accord if the grain tariffs were dropped."
                    ),
                ),
            ],
            id="relief-of-unsaid-scope",
        ),
    ],
)
def test_no_contradiction(claims: list[Claim]) -> None:
    assert detect_all(claims) == []
