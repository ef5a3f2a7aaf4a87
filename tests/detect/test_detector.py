"""Detector wiring: what a claim files, purity of judge, redelivery and de-duplication."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from schemas import Speaker, Stance
from services.engine.detect.detector import (
    DetectionState,
    Detector,
    Filed,
    judge,
    plan_filing,
    siblings_of,
    statement_bucket,
)
from services.engine.detect.ledger import Placement
from services.engine.detect.rules import default_rules
from tests.detect.builders import DETECTED_AT, make_claim

SAFE_BUCKET = re.compile(r"^[a-z0-9:_.-]+$")


def test_a_claim_files_its_statement_day_its_issues_and_its_condition_stands() -> None:
    claim = make_claim(
        "b1",
        stance=Stance.oppose,
        said_at=date(2025, 3, 4),
        conditions=(
            ("withdrawal:valley", "until they leave the valley"),
            ("not:recognition:ridge", "regardless"),
        ),
    )
    filing = plan_filing(claim, default_rules())
    assert filing.home == "said:maria-rivera:2025-03-04"
    # The statement slack (one day) either side, nearest first: reports of one statement may
    # carry those days.
    assert filing.reads == (filing.home, "said:maria-rivera:2025-03-03", "said:maria-rivera:2025-03-05")
    quoted = plan_filing(claim.model_copy(update={"quote": "no talks"}), default_rules())
    # A quote may be reprinted for two weeks after it was said: those days are read too.
    assert quoted.reads[-1] == "said:maria-rivera:2025-03-19" and len(quoted.reads) == 17
    assert [m.issue.key for m in filing.marks] == [
        "condition:ridge",
        "condition:valley",
        "topic:negotiations",
    ]
    assert [(s.object, s.kind) for s in filing.stands] == [
        ("ridge", "not:recognition"),
        ("valley", "withdrawal"),
        ("@topic:negotiations", "oppose"),  # a whole issue parties may be at odds on
    ]


def test_bucket_names_are_safe_and_keep_unsafe_ids_apart() -> None:
    claim = make_claim("b2", said_at=date(2025, 3, 4))
    odd_a = claim.model_copy(update={"speaker": Speaker(id="Ivan Petrov/МИД", name="Ivan Petrov")})
    odd_b = claim.model_copy(update={"speaker": Speaker(id="ivan petrov мид", name="Ivan Petrov")})
    bucket_a, bucket_b = statement_bucket(odd_a.speaker.id, None), statement_bucket(odd_b.speaker.id, None)
    assert bucket_a != bucket_b
    for name in [bucket_a, bucket_b]:
        assert SAFE_BUCKET.match(name), name


def test_judge_is_pure_and_ignores_the_claim_itself_among_peers() -> None:
    early = make_claim("j1", stance=Stance.oppose, said_at=date(2025, 1, 1))
    late = make_claim("j2", stance=Stance.support, said_at=date(2025, 2, 1))
    state = DetectionState()
    state.file(plan_filing(early, default_rules()))
    filing = plan_filing(late, default_rules())
    filed = state.file(filing)
    one = judge(filing, filed, DETECTED_AT)
    with_itself = judge(filing, replace(filed, peers=(*filed.peers, late)), DETECTED_AT)
    assert one == with_itself
    assert len(one) == 1
    nothing_filed = Filed(placements=(Placement(),), stands=tuple(() for _ in filing.stands))
    assert judge(filing, nothing_filed, DETECTED_AT) == []


def test_redelivered_claim_yields_the_same_ids_and_the_detector_emits_them_once() -> None:
    early = make_claim("d1", stance=Stance.oppose, said_at=date(2025, 1, 1))
    late = make_claim("d2", stance=Stance.support, said_at=date(2025, 2, 1))
    state = DetectionState()
    detector = Detector(state, clock=lambda: DETECTED_AT)
    assert detector.observe(early) == []
    [alert] = detector.observe(late)
    assert detector.observe(late) == []  # redelivery: already emitted
    # A second detector (another replica) judging the redelivery gives the same id.
    replica = Detector(state, clock=lambda: DETECTED_AT)
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
    detector = Detector(clock=lambda: DETECTED_AT)
    emitted = [*detector.observe(first), *detector.observe(misquote)]
    assert detector.observe(late) == []  # the same discrepancy: its id is emitted once
    assert len(emitted) == 1
    assert detector.emitted_alert_ids == {emitted[0].alert_id}
    # Published once, as on the stream: a later outlet with the same words is not added to it.
    assert {e.source for e in emitted[0].evidence} == {"North Post", "Wire"}


def test_a_batch_judges_each_claim_knowing_its_articles_others_and_a_lone_redelivery_agrees() -> None:
    rules = default_rules()
    backing = make_claim(
        "b1", stance=Stance.support, said_at=date(2025, 1, 1), text="Rivera backed the canal deal."
    )
    remark = make_claim(
        "b2",
        article="talk",
        stance=Stance.oppose,
        said_at=date(2025, 2, 1),
        text="Rivera called a canal toll wrong.",
    )
    still = make_claim(
        "b3",
        article="talk",
        stance=Stance.support,
        said_at=date(2025, 2, 1),
        text="Rivera said the canal deal holds.",
    )
    state = DetectionState()
    first = plan_filing(backing, rules)
    assert judge(first, state.file(first), DETECTED_AT, rules) == []
    batch = [plan_filing(c, rules) for c in (remark, still)]
    filed = [state.file(f) for f in batch]
    siblings = siblings_of(batch)
    assert [tuple(s.claim.claim_id for s in group) for group in siblings] == [("b3",), ("b2",)]
    found = [
        a for f, w, s in zip(batch, filed, siblings, strict=True) for a in judge(f, w, DETECTED_AT, rules, s)
    ]
    assert found == []
    # Redelivered alone, the remark finds the restatement filed beside it: still no change.
    again = plan_filing(remark, rules)
    assert judge(again, state.file(again), DETECTED_AT, rules) == []
    # Judged without its article's others, the remark filed first would have been a move.
    fresh = DetectionState()
    fresh.file(first)
    lone = plan_filing(remark, rules)
    [alert] = judge(lone, fresh.file(lone), DETECTED_AT, rules)
    assert alert.claim_ids == ["b1", "b2"]
