"""Scenario d: an article itself reports a reversal ("marks a reversal of Carney's earlier position").

Ottawa Ledger (15 April 2025) reports Carney's readiness to negotiate on steel and aluminium
tariffs and says it "marks a reversal of Carney's earlier position"; Prairie Times reports the
same statement without comment.  An analyst wants one position_change from the article's own
words, naming Carney and Ottawa Ledger, and no change between the two reports of Tuesday.
"""

from __future__ import annotations

from schemas import AlertKind, Severity
from tests.scenarios.scenario import describe, of_kind, run

SCENARIO = "tariff_talks_reversal"


def test_the_reported_reversal_is_one_position_change() -> None:
    alerts = run(SCENARIO).alerts
    assert len(alerts) == 1, describe(alerts)
    (change,) = alerts
    assert change.kind is AlertKind.position_change
    assert change.actors == ["mark-carney"]
    assert change.severity is Severity.medium
    assert change.summary.startswith("Ottawa Ledger reports that Mark Carney's")
    assert "marks a reversal of Carney's earlier position" in change.summary


def test_two_reports_of_tuesdays_statement_are_not_a_change() -> None:
    alerts = run(SCENARIO).alerts
    assert not [a for a in of_kind(alerts, AlertKind.position_change) if len(a.claim_ids) > 1], describe(
        alerts
    )
    assert not of_kind(alerts, AlertKind.contradiction), describe(alerts)
    assert not of_kind(alerts, AlertKind.quote_discrepancy), describe(alerts)
