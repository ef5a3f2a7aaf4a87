"""Scenario c: Araghchi supports nuclear talks on 1 March 2025 and rejects them on 20 March.

Persia Report (1 March) and Capital Wire (2 March) both report Saturday's statement, with the
same quote; Persia Report (20 March) reports Thursday's rejection.  An analyst wants exactly
one position_change (support -> oppose on negotiations), the same whichever article arrives
first, described earlier stance first, and never a change between the two reports of 1 March.
"""

from __future__ import annotations

from schemas import Alert, AlertKind, Severity
from tests.scenarios.scenario import describe, of_kind, run

SCENARIO = "iran_talks_reversal"
ARAGHCHI = "abbas-araghchi"
SAID_ORDER = ["persia_report_0301.txt", "capital_wire_0302.txt", "persia_report_0320.txt"]


def the_change(alerts: list[Alert]) -> Alert:
    changes = of_kind(alerts, AlertKind.position_change)
    assert len(changes) == 1, describe(alerts)
    assert alerts == changes, describe(alerts)  # nothing else: the 1 March reports agree
    (change,) = changes
    assert change.actors == [ARAGHCHI]
    assert change.severity is Severity.medium
    assert change.summary.startswith(
        "Abbas Araghchi moved from support to oppose on negotiations: earlier (2025-03-01, "
    )
    assert ", later (2025-03-20, Persia Report: " in change.summary
    # The later statement is shown as words a reader can follow, not a two-word headline fragment.
    later_words = change.summary.split(", later (2025-03-20, Persia Report: ")[1]
    assert len(later_words.split()) >= 5, change.summary
    return change


def test_end_to_end_one_position_change() -> None:
    the_change(run(SCENARIO, SAID_ORDER).alerts)


def test_reverse_arrival_gives_the_same_alert_told_in_said_order() -> None:
    in_order = the_change(run(SCENARIO, SAID_ORDER).alerts)
    reversed_arrival = the_change(run(SCENARIO, list(reversed(SAID_ORDER))).alerts)
    assert reversed_arrival.alert_id == in_order.alert_id


def test_two_reports_of_one_statement_are_never_a_change() -> None:
    # Only the two reports of 1 March: one statement, corroborated by two outlets, no alert.
    analysis = run(SCENARIO, SAID_ORDER[:2])
    assert analysis.alerts == [], describe(analysis.alerts)
    quoted = [s for s in analysis.statements if s.speaker.id == ARAGHCHI and s.quote]
    assert [s.corroboration for s in quoted] == [2]
    # With the 20 March article, each 1 March report alone still gives the same single change.
    ids = {the_change(run(SCENARIO, [first, SAID_ORDER[2]]).alerts).alert_id for first in SAID_ORDER[:2]}
    assert len(ids) == 1
