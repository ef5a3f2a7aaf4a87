"""Scenario (invented events, our wording): a movement sends a delegation to truce talks in Cairo
on 3 February, then pulls it out of the Cairo talks on 24 February.

An analyst wants one position change: the truce talks it backed are the talks it left, though
one report files the statement under the ceasefire and the other under negotiations.  The
mediators named as whom the delegation negotiates with do not make the movement a mediator.
"""

from __future__ import annotations

from schemas import AlertKind, Topic
from tests.scenarios.scenario import describe, of_kind, run

SCENARIO = "truce_walkout"
SAID_ORDER = ["lantern_news_0203.txt", "valley_times_0224.txt"]


def test_backing_truce_talks_then_leaving_them_is_one_position_change() -> None:
    analysis = run(SCENARIO, SAID_ORDER)
    topics = {c.said_at: c.topic for c in analysis.claims if c.speaker.id == "hamas" and c.said_at}
    assert set(topics.values()) == {Topic.ceasefire, Topic.negotiations}, topics
    [change] = of_kind(analysis.alerts, AlertKind.position_change)
    assert change.actors == ["hamas"], describe(analysis.alerts)
    assert "moved from support to oppose on negotiations" in change.summary
    assert [e.source for e in change.evidence] == ["Lantern News", "Valley Times"]
    # Arriving the other way round, the same alert.
    reversed_arrival = run(SCENARIO, list(reversed(SAID_ORDER))).alerts
    assert [a.alert_id for a in of_kind(reversed_arrival, AlertKind.position_change)] == [change.alert_id]
