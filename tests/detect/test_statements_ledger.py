"""Statements and the position ledger: one occasion is one statement; a change is judged
against the standing position, however old, in the order things were said."""

from __future__ import annotations

from datetime import date

from schemas import AlertKind, Stance, Topic
from services.engine.detect.clustering import statements
from services.engine.detect.detector import Detector
from services.engine.detect.rules import default_rules
from tests.detect.builders import DETECTED_AT, detect_all, make_claim, of_kind

RULES = default_rules()
NEW_YEAR, MONDAY, TUESDAY = date(2025, 1, 1), date(2025, 3, 3), date(2025, 3, 4)


def spokesman_reports() -> list:
    """Three reports in the shape of the issue's example (the wording is ours)."""
    return [
        make_claim(
            "s1",
            speaker="peskov",
            source="Wire One",
            said_at=NEW_YEAR,
            stance=Stance.support,
            conditions=(("no_preconditions", "with no preconditions at all"),),
            text="The spokesman said Moscow stood ready to sit down with Kyiv with no preconditions at all.",
        ),
        make_claim(
            "s2",
            speaker="peskov",
            source="Wire Two",
            said_at=MONDAY,
            stance=Stance.conditional,
            conditions=(("withdrawal:kursk", "until Ukrainian units leave the Kursk region"),),
            text="The spokesman said there would be no talks with Kyiv until Ukrainian units leave Kursk.",
        ),
        make_claim(
            "s3",
            speaker="peskov",
            source="Wire Three",
            said_at=TUESDAY,
            stance=Stance.oppose,
            text="The spokesman said Moscow turned down talks with Kyiv.",
        ),
    ]


def test_monday_and_tuesday_reports_with_other_positions_are_two_statements() -> None:
    found = statements(spokesman_reports(), RULES)
    assert sorted(s.said_at for s in found) == [NEW_YEAR, MONDAY, TUESDAY]
    assert all(s.corroboration == 1 for s in found)


def test_the_spokesman_example_gives_position_changes_against_the_standing_position() -> None:
    alerts = detect_all(spokesman_reports())
    changes = of_kind(alerts, AlertKind.position_change)
    summaries = sorted(a.summary for a in changes)
    # From no preconditions (1 January) to a precondition (3 March) ...
    assert any("first sets no preconditions for talks, later sets preconditions" in s for s in summaries)
    # ... and from ready (1 January) to rejecting (4 March): the standing stance, two months old.
    [stance_change] = [a for a in changes if "moved from support to oppose" in a.summary]
    assert stance_change.claim_ids == ["s1", "s3"]


def test_several_outlets_reporting_one_statement_are_never_a_change() -> None:
    quote = "we see no point in talks while the shelling goes on"
    claims = [
        make_claim("o1", speaker="peskov", quote=quote, stance=Stance.oppose, said_at=MONDAY, source="A"),
        make_claim("o2", speaker="peskov", quote=quote, stance=Stance.support, said_at=TUESDAY, source="B"),
        make_claim("o3", speaker="peskov", quote=quote, stance=Stance.oppose, said_at=MONDAY, source="C"),
    ]
    assert of_kind(detect_all(claims), AlertKind.position_change) == []
    [statement] = statements(claims, RULES)
    assert statement.corroboration == 3


def test_a_position_far_back_is_still_the_standing_one() -> None:
    # Far back in the ledger, not in time: within the stance memory (conflicts.yaml).
    old = make_claim("f0", stance=Stance.support, said_at=date(2025, 1, 1), topic=Topic.ceasefire)
    # Hundreds of claims on other issues in between do not push it out of the ledger.
    noise = [
        make_claim(f"n{i:03d}", stance=Stance.support, said_at=date(2025, 2, 1), topic=Topic.sanctions)
        for i in range(600)
    ]
    new = make_claim("f1", stance=Stance.oppose, said_at=date(2025, 5, 1), topic=Topic.ceasefire)
    alerts = detect_all([old, *noise, new])
    assert [a.claim_ids for a in of_kind(alerts, AlertKind.position_change)] == [["f0", "f1"]]


def test_a_late_old_report_is_placed_in_the_past_not_against_the_present() -> None:
    detector = Detector(clock=lambda: DETECTED_AT)
    early = make_claim("l1", stance=Stance.oppose, said_at=date(2025, 1, 10))
    now = make_claim("l2", stance=Stance.support, said_at=date(2025, 3, 10))
    assert detector.observe(early) == []
    [change] = detector.observe(now)
    # A report of a January statement arriving last: it lengthens the January position.
    late = make_claim("l3", stance=Stance.oppose, said_at=date(2025, 1, 12), source="Late Wire")
    assert detector.observe(late) == []  # same change (oppose -> support on 10 March): no new alert
    assert change.claim_ids == ["l1", "l2"]
    # A late report from between them with the present's position marks where the change began.
    between = make_claim("l4", stance=Stance.support, said_at=date(2025, 2, 1), source="Other")
    [earlier_change] = detector.observe(between)
    assert earlier_change.claim_ids == ["l3", "l4"]
    assert "moved from oppose to support" in earlier_change.summary


def test_a_change_reported_by_the_article_stays() -> None:
    claim = make_claim(
        "rc", speaker="peskov", said_at=MONDAY, reported_change="a reversal of its earlier line"
    )
    [alert] = detect_all([claim])
    assert alert.kind is AlertKind.position_change
