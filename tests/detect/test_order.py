"""Order independence: the set of alert ids does not depend on the order claims arrive in.

Exception (documented in services/engine/detect/changes.py): a statement said between two
known ones but arriving after them may ADD a position_change alert for its new neighbours;
the alerts of in-said-order arrival are always among those of any order.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import Claim, Stance, Topic
from services.engine.detect.detector import DetectionState, Detector
from tests.detect.builders import DETECTED_AT, detect_all, make_claim

DAY = date(2025, 5, 12)
BLOCKS = ("withdrawal:valley", "no talks while they stay in the valley")
LEVERAGE = ("leverage:valley", "the valley is a card in talks")


def mixed_claims() -> list[Claim]:
    """Claims raising every kind of alert at once, with several claims behind each alert."""
    return [
        # One statement, three outlets, two wordings: one quote_discrepancy.
        make_claim(
            "q1", quote="the islands will need firm security guarantees", said_at=DAY, source="North Post"
        ),
        make_claim(
            "q2", quote="The islands will need firm security guarantees", said_at=DAY, source="Harbour"
        ),
        make_claim("q3", quote="the islands will need firm security assurances", said_at=DAY, source="Wire"),
        # Two parties on one condition, several claims each: one contradiction.
        make_claim("c1", speaker="okafor", conditions=(BLOCKS,), said_at=date(2025, 5, 1), source="Wire"),
        make_claim("c2", speaker="council", conditions=(BLOCKS,), said_at=date(2025, 5, 2), source="Harbour"),
        make_claim(
            "c3", speaker="rivera", conditions=(LEVERAGE,), said_at=date(2025, 5, 20), source="North Post"
        ),
        # One change of stance, each side reported by two outlets: one position_change.
        make_claim(
            "p1", stance=Stance.oppose, topic=Topic.ceasefire, said_at=date(2025, 1, 5), source="Wire"
        ),
        make_claim(
            "p2", stance=Stance.oppose, topic=Topic.ceasefire, said_at=date(2025, 1, 5), source="Harbour"
        ),
        make_claim(
            "p3", stance=Stance.support, topic=Topic.ceasefire, said_at=date(2025, 4, 5), source="Wire"
        ),
        make_claim(
            "p4", stance=Stance.support, topic=Topic.ceasefire, said_at=date(2025, 4, 5), source="Harbour"
        ),
        # An article-reported change.
        make_claim("r1", speaker="okafor", reported_change="a U-turn on the ports", said_at=DAY),
    ]


def alert_ids(claims: list[Claim]) -> set[str]:
    return {alert.alert_id for alert in detect_all(claims)}


EXPECTED = alert_ids(mixed_claims())


def test_the_mixed_claims_raise_one_alert_per_finding() -> None:
    kinds = sorted(alert.kind.value for alert in detect_all(mixed_claims()))
    assert kinds == ["contradiction", "position_change", "position_change", "quote_discrepancy"]


@settings(max_examples=150, deadline=None)
@given(st.permutations(mixed_claims()))
def test_any_arrival_order_gives_the_same_alert_ids(order: list[Claim]) -> None:
    assert alert_ids(order) == EXPECTED


def test_every_full_permutation_of_a_discrepancy_triple_gives_one_id() -> None:
    from itertools import permutations

    triple = mixed_claims()[:3]
    seen = {frozenset(alert_ids(list(order))) for order in permutations(triple)}
    assert len(seen) == 1
    assert len(next(iter(seen))) == 1


STANCE_TIMELINE = [
    make_claim("t1", stance=Stance.support, said_at=date(2025, 1, 1)),
    make_claim("t2", stance=Stance.oppose, said_at=date(2025, 2, 1)),
    make_claim("t3", stance=Stance.oppose, said_at=date(2025, 3, 1)),
    make_claim("t4", stance=Stance.support, said_at=date(2025, 4, 1)),
]


@settings(max_examples=60, deadline=None)
@given(st.permutations(STANCE_TIMELINE))
def test_late_arrivals_may_add_position_changes_but_never_lose_one(order: list[Claim]) -> None:
    in_said_order = alert_ids(STANCE_TIMELINE)
    assert len(in_said_order) == 2  # support -> oppose, oppose -> support
    assert in_said_order <= alert_ids(order)


def test_a_late_arrival_between_two_known_statements_is_the_documented_exception() -> None:
    first, middle, last = STANCE_TIMELINE[0], STANCE_TIMELINE[1], STANCE_TIMELINE[2]
    in_order = detect_all([first, middle, last])
    late_middle = detect_all([first, last, middle])
    assert [a.claim_ids for a in in_order] == [["t1", "t2"]]
    # t1 -> t3 was raised before t2 was known; t1 -> t2 is raised when it arrives.
    assert sorted(a.claim_ids for a in late_middle) == [["t1", "t2"], ["t1", "t3"]]


@settings(max_examples=60, deadline=None)
@given(st.permutations(mixed_claims()), st.lists(st.booleans(), min_size=11, max_size=11))
def test_two_replicas_sharing_one_store_find_the_same_alert_ids_as_one(
    order: list[Claim], to_second: list[bool]
) -> None:
    state = DetectionState()
    replicas = [Detector(state, clock=lambda: DETECTED_AT), Detector(state, clock=lambda: DETECTED_AT)]
    for claim, second in zip(order, to_second, strict=True):
        replicas[int(second)].observe(claim)
    # The same id may be found by both replicas (via two pairs); the publisher keeps it once.
    assert replicas[0].emitted_alert_ids | replicas[1].emitted_alert_ids == EXPECTED
