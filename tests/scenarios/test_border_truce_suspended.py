"""Scenario (invented events, our wording): Azerbaijan's president announces a border truce with
Armenia on 2 March; four days later its foreign minister suspends it until monitors are in place.

An analyst wants one position change of the government, though neither official changed his own
position: the president only backed the truce, the minister only suspended it.
"""

from __future__ import annotations

from schemas import AlertKind
from services.engine.detect.positions import issue_positions
from tests.scenarios.scenario import describe, of_kind, run

SCENARIO = "border_truce_suspended"
SAID_ORDER = ["harbour_post_0302.txt", "ridge_courier_0306.txt"]


def test_a_truce_the_president_announces_and_the_minister_suspends_is_the_governments_change() -> None:
    analysis = run(SCENARIO, SAID_ORDER)
    [change] = of_kind(analysis.alerts, AlertKind.position_change)
    assert change.actors == ["ilham-aliyev", "jeyhun-bayramov"], describe(analysis.alerts)
    assert change.summary.startswith("Government of Azerbaijan (Ilham Aliyev, then Jeyhun Bayramov)")
    assert "moved from support to oppose on ceasefire" in change.summary
    assert [e.source for e in change.evidence] == ["Harbour Post", "Ridge Courier"]
    # Arriving the other way round, the same alert.
    reversed_arrival = run(SCENARIO, list(reversed(SAID_ORDER))).alerts
    assert [a.alert_id for a in of_kind(reversed_arrival, AlertKind.position_change)] == [change.alert_id]
    # Positions list each official's own stance, not the detector's view across them.
    actors = {p.actor.id for p in issue_positions(analysis.ledger.histories())}
    assert {"ilham-aliyev", "jeyhun-bayramov"} <= actors
    assert not any(actor.startswith("government:") for actor in actors)
