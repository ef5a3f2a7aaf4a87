"""Scenario f: an anonymous source lowers the severity of a contradiction one step.

Kyiv Bulletin (6 May 2025): Ukraine's foreign minister makes a Russian withdrawal from
Zaporizhzhia a precondition for talks.  Moscow Monitor (7 May) gives Russia's answer, that
holding Zaporizhzhia strengthens its hand, in two versions: from "a source close to the Kremlin"
(anonymous) and, as a control, from Peskov on the record.  The contradiction is high on the
record and medium when one side rests only on the anonymous source.
"""

from __future__ import annotations

from schemas import Alert, AlertKind, Attribution, Condition, Severity
from tests.scenarios.scenario import Correction, describe, run, sources

SCENARIO = "zaporizhzhia_anonymous"
ANONYMOUS = ["kyiv_bulletin.txt", "moscow_monitor_anonymous.txt"]
ON_RECORD = ["kyiv_bulletin.txt", "moscow_monitor_on_record.txt"]
LEVERAGE_FIX = Correction(
    "control of Zaporizhzhia strengthens Moscow's hand",
    add_conditions=(Condition(text="control of Zaporizhzhia", key="leverage:zaporizhzhia"),),
)


def only_contradiction(alerts: list[Alert]) -> Alert:
    assert len(alerts) == 1, describe(alerts)
    assert alerts[0].kind is AlertKind.contradiction
    assert sources(alerts[0]) == {"Kyiv Bulletin", "Moscow Monitor"}
    return alerts[0]


def test_end_to_end_anonymous_side_gives_medium() -> None:
    assert only_contradiction(run(SCENARIO, ANONYMOUS).alerts).severity is Severity.medium


def test_anonymous_source_lowers_the_contradiction_one_step() -> None:
    analysis = run(SCENARIO, ANONYMOUS, corrections=[LEVERAGE_FIX])
    kremlin = [c for c in analysis.claims if c.speaker.id == "russia-government"]
    assert kremlin and all(c.attribution is Attribution.anonymous_source for c in kremlin)
    alert = only_contradiction(analysis.alerts)
    assert alert.severity is Severity.medium
    assert alert.actors == ["andrii-sybiha", "russia-government"]


def test_on_the_record_the_same_contradiction_is_high() -> None:
    alert = only_contradiction(run(SCENARIO, ON_RECORD, corrections=[LEVERAGE_FIX]).alerts)
    assert alert.severity is Severity.high
    assert alert.actors == ["andrii-sybiha", "dmitry-peskov"]
    assert alert.summary.startswith(
        "Andrii Sybiha (UA, per Kyiv Bulletin) makes withdrawal from Zaporizhzhia a condition for talks"
    )
