"""Scenario (invented events, our wording): Armenia's prime minister is ready for talks with Baku
without preconditions on 10 March; a report with no date has him wanting a withdrawal first.

An analyst reading the undated report when it arrives wants one position change (no
preconditions, then a precondition); arriving first, it is no earlier position the dated
statement could move from, so nothing is raised.
"""

from __future__ import annotations

from schemas import AlertKind
from tests.scenarios.scenario import describe, of_kind, run

SCENARIO = "undated_terms"
DATED, UNDATED = "lake_gazette_0310.txt", "mountain_wire_undated.txt"


def test_terms_in_an_undated_report_after_talks_without_preconditions_are_a_change() -> None:
    analysis = run(SCENARIO, [DATED, UNDATED])
    [change] = of_kind(analysis.alerts, AlertKind.position_change)
    assert change.actors == ["nikol-pashinyan"], describe(analysis.alerts)
    assert "first sets no preconditions for talks, later sets preconditions for talks" in change.summary
    assert "(undated, Mountain Wire" in change.summary
    # The undated report arriving first takes no place in the history: no change either way.
    assert of_kind(run(SCENARIO, [UNDATED, DATED]).alerts, AlertKind.position_change) == []
