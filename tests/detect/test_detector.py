"""Detector wiring: bucket names, purity of judge, redelivery and de-duplication."""

from __future__ import annotations

import re
from datetime import date

from schemas import Speaker, Stance
from services.engine.detect.claim_buckets import InMemoryClaimStore
from services.engine.detect.detector import MAX_BUCKETS, Detector, buckets_for, judge
from tests.detect.builders import DETECTED_AT, make_claim

SAFE_BUCKET = re.compile(r"^[a-z0-9:_.-]+$")


def test_buckets_are_speaker_then_condition_objects() -> None:
    claim = make_claim(
        "b1",
        conditions=(
            ("withdrawal:valley", "until they leave the valley"),
            ("not:recognition:ridge", "regardless"),
        ),
    )
    assert buckets_for(claim) == ["speaker:maria-rivera", "condition:ridge", "condition:valley"]


def test_bucket_names_are_safe_few_and_keep_unsafe_ids_apart() -> None:
    many = tuple((f"withdrawal:place{i}", f"until they leave place {i}") for i in range(10))
    claim = make_claim("b2", conditions=many)
    names = buckets_for(claim)
    assert len(names) == MAX_BUCKETS
    odd_a = claim.model_copy(update={"speaker": Speaker(id="Ivan Petrov/МИД", name="Ivan Petrov")})
    odd_b = claim.model_copy(update={"speaker": Speaker(id="ivan petrov мид", name="Ivan Petrov")})
    bucket_a, bucket_b = buckets_for(odd_a)[0], buckets_for(odd_b)[0]
    assert bucket_a != bucket_b
    for name in [*names, bucket_a, bucket_b]:
        assert SAFE_BUCKET.match(name), name


def test_judge_is_pure_and_ignores_bucket_order_and_the_claim_itself() -> None:
    early = make_claim("j1", stance=Stance.oppose, said_at=date(2025, 1, 1))
    late = make_claim("j2", stance=Stance.support, said_at=date(2025, 2, 1))
    one = judge(late, {"speaker:maria-rivera": [early, late]}, DETECTED_AT)
    other = judge(late, {"condition:x": [early], "speaker:maria-rivera": [early]}, DETECTED_AT)
    assert one == other
    assert len(one) == 1
    assert judge(late, {}, DETECTED_AT) == []


def test_redelivered_claim_yields_the_same_ids_and_the_detector_emits_them_once() -> None:
    early = make_claim("d1", stance=Stance.oppose, said_at=date(2025, 1, 1))
    late = make_claim("d2", stance=Stance.support, said_at=date(2025, 2, 1))
    store = InMemoryClaimStore()
    detector = Detector(store, clock=lambda: DETECTED_AT)
    assert detector.observe(early) == []
    [alert] = detector.observe(late)
    assert detector.observe(late) == []  # redelivery: already emitted
    # A second detector (another replica) judging the redelivery gives the same id.
    replica = Detector(store, clock=lambda: DETECTED_AT)
    assert [a.alert_id for a in replica.observe(late)] == [alert.alert_id]
    assert detector.emitted_alert_ids == {alert.alert_id}


def test_an_alert_is_emitted_once_with_the_evidence_known_when_it_was_raised() -> None:
    day = date(2025, 2, 3)
    quoted = "the harbour blockade will not end before the summit"
    first = make_claim("q1", source="North Post", quote=quoted, said_at=day)
    misquote = make_claim(
        "q2", source="Wire", quote="the harbour blockade will end before the summit", said_at=day
    )
    late = make_claim("q3", source="Ledger", quote=quoted, said_at=day)
    detector = Detector(InMemoryClaimStore(), clock=lambda: DETECTED_AT)
    emitted = [*detector.observe(first), *detector.observe(misquote)]
    assert detector.observe(late) == []  # the same discrepancy: its id is emitted once
    assert len(emitted) == 1
    assert detector.emitted_alert_ids == {emitted[0].alert_id}
    # Published once, as on the stream: a later outlet with the same words is not added to it.
    assert {e.source for e in emitted[0].evidence} == {"North Post", "Wire"}
