"""Scenario b: Hamas makes an Israeli withdrawal from Rafah a precondition; Netanyahu calls Rafah leverage.

Gulf Dispatch (5 March 2025) reports Hamas: no return to negotiations until Israeli forces
withdraw from Rafah.  Jerusalem Courier (6 March) quotes Netanyahu: "Our control of Rafah
strengthens our hand in the negotiations".  Nile Observer quotes the UN Secretary-General on
Rafah without taking either side.  An analyst wants one high contradiction between Hamas and
Israel on Rafah, and nothing involving the UN.
"""

from __future__ import annotations

from schemas import AlertKind, Condition, Severity
from tests.scenarios.scenario import Correction, describe, of_kind, run, sources

SCENARIO = "rafah_standoff"
LEVERAGE_FIX = Correction(
    "Our control of Rafah strengthens our hand",
    add_conditions=(Condition(text="control of Rafah", key="leverage:rafah"),),
)


def assert_one_contradiction_hamas_vs_israel(alerts: list) -> None:
    assert len(alerts) == 1, describe(alerts)
    (alert,) = alerts
    assert alert.kind is AlertKind.contradiction
    assert alert.severity is Severity.high
    assert alert.actors == ["benjamin-netanyahu", "hamas"]
    assert alert.parties == ["IL", "PS_HAMAS"]
    assert sources(alert) == {"Gulf Dispatch", "Jerusalem Courier"}
    # One sentence naming both actors, both outlets and both positions on Rafah, earlier side first.
    assert alert.summary.startswith(
        'Hamas (PS_HAMAS, per Gulf Dispatch) makes withdrawal from Rafah a condition for talks '
        '("until Israeli '
        'forces withdraw from Rafah"), while Benjamin Netanyahu (IL, per Jerusalem Courier) treats the '
        'position in Rafah as leverage for talks ("control of Rafah")'
    ), alert.summary


def test_end_to_end_one_high_contradiction() -> None:
    assert_one_contradiction_hamas_vs_israel(run(SCENARIO).alerts)


def test_detector_on_the_annotated_claims_raises_one_high_contradiction() -> None:
    assert_one_contradiction_hamas_vs_israel(run(SCENARIO, corrections=[LEVERAGE_FIX]).alerts)


def test_the_neutral_third_party_raises_nothing() -> None:
    for corrections in ([], [LEVERAGE_FIX]):
        alerts = run(SCENARIO, corrections=corrections).alerts
        assert not [a for a in alerts if "united-nations" in a.actors], describe(alerts)
        assert not of_kind(alerts, AlertKind.position_change), describe(alerts)
        assert not of_kind(alerts, AlertKind.quote_discrepancy), describe(alerts)


def test_arrival_order_changes_nothing() -> None:
    names = ["nile_observer.txt", "jerusalem_courier.txt", "gulf_dispatch.txt"]
    forward = run(SCENARIO, names, corrections=[LEVERAGE_FIX]).alerts
    backward = run(SCENARIO, list(reversed(names)), corrections=[LEVERAGE_FIX]).alerts
    assert [a.alert_id for a in forward] == [a.alert_id for a in backward]
    assert [a.summary for a in forward] == [a.summary for a in backward]
