"""Scenario e: a quiet negotiation, Armenia and Azerbaijan agreeing the text of a peace treaty.

Three outlets (13-14 March 2025) report the foreign ministers and the US Secretary of State;
everybody welcomes the agreed text and the outlets quote the same words (with typographic
differences).  An analyst wants no alert at all, while the statements are still found and
corroborated.
"""

from __future__ import annotations

from tests.scenarios.scenario import describe, run

SCENARIO = "caucasus_treaty_quiet"


def test_no_alerts_while_the_claims_are_found() -> None:
    analysis = run(SCENARIO)
    assert analysis.alerts == [], describe(analysis.alerts)
    speakers = {c.speaker.id for c in analysis.claims}
    assert {"jeyhun-bayramov", "marco-rubio"} <= speakers
    # Bayramov's words, quoted by Baku Courier and Caspian News, are one corroborated statement.
    bayramov = [s for s in analysis.statements if s.speaker.id == "jeyhun-bayramov" and s.quote]
    assert [s.corroboration for s in bayramov] == [2]


def test_no_alerts_in_any_arrival_order() -> None:
    names = ["caspian_news.txt", "baku_courier.txt", "yerevan_herald.txt"]
    assert run(SCENARIO, names).alerts == []
    assert run(SCENARIO, list(reversed(names))).alerts == []


def test_mirzoyan_quoted_alike_by_two_outlets_is_one_statement() -> None:
    analysis = run(SCENARIO)
    mirzoyan = [s for s in analysis.statements if s.speaker.id == "ararat-mirzoyan" and s.quote]
    # Two outlets quote it alike; a third reports the same statement in its own words a day later.
    assert [s.corroboration for s in mirzoyan] == [3]
