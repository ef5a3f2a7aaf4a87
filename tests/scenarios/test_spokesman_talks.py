"""Scenario (issue 9's example, our wording): ready without preconditions (1 January), a
precondition on Monday 3 March (two outlets), a rejection on Tuesday 4 March.

An analyst wants the Monday and Tuesday reports as two statements (not one "reported by two
outlets"), the Monday reports as one statement of two outlets, and position changes from no
preconditions to a precondition and from ready to rejecting, in any arrival order.
"""

from __future__ import annotations

from datetime import date

from schemas import AlertKind
from tests.scenarios.scenario import describe, of_kind, run

SCENARIO = "spokesman_talks"
PESKOV = "dmitry-peskov"
SAID_ORDER = ["north_wire_0101.txt", "river_post_0303.txt", "harbour_daily_0304.txt", "east_courier_0304.txt"]


def test_monday_and_tuesday_are_different_statements() -> None:
    analysis = run(SCENARIO, SAID_ORDER)
    by_day = {s.said_at: s for s in analysis.statements if s.speaker.id == PESKOV}
    assert sorted(by_day) == [date(2025, 1, 1), date(2025, 3, 3), date(2025, 3, 4)]
    assert by_day[date(2025, 3, 3)].sources == ["Harbour Daily", "River Post"]
    assert by_day[date(2025, 3, 4)].sources == ["East Courier"]


def test_position_changes_against_the_standing_position_in_any_order() -> None:
    in_order = run(SCENARIO, SAID_ORDER).alerts
    changes = [a for a in of_kind(in_order, AlertKind.position_change) if a.actors == [PESKOV]]
    summaries = [a.summary for a in changes]
    assert any("first sets no preconditions for talks, later sets preconditions" in s for s in summaries), (
        describe(in_order)
    )
    assert any("moved from support to oppose on negotiations" in s for s in summaries), describe(in_order)
    # Never a change between the two outlets reporting Monday's statement.
    for alert in changes:
        assert {e.source for e in alert.evidence} != {"River Post", "Harbour Daily"}
    reversed_arrival = run(SCENARIO, list(reversed(SAID_ORDER))).alerts
    assert {a.alert_id for a in in_order} == {a.alert_id for a in reversed_arrival}
