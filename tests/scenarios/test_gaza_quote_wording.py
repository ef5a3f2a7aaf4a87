"""Scenario a: three outlets quote the same two statements of the Gaza talks, with different words.

Harbor Times, Levant Wire and Coastal Post report Netanyahu's and Witkoff's words of 10 February
2025.  Levant Wire differs from Harbor Times in typography only for Netanyahu (straight quotes,
a hyphen for the dash, "US" for "U.S."), and drops the "not" from Witkoff's quote; Coastal Post
has "truce" where the others have "ceasefire".  An analyst wants one alert per substantive
difference: "ceasefire"/"truce" (medium: the two are not listed near-synonyms, see
quote_words.yaml) and the lost negation (high), and nothing for typography.
"""

from __future__ import annotations

import pytest

from schemas import Alert, AlertKind, Severity
from tests.scenarios.scenario import describe, run, sources

SCENARIO = "gaza_quote_wording"
NETANYAHU = "benjamin-netanyahu"
WITKOFF = "steve-witkoff"
ARRIVAL = ["harbor_times.txt", "levant_wire.txt", "coastal_post.txt"]


def only_alert_about(alerts: list[Alert], actor: str) -> Alert:
    found = [a for a in alerts if actor in a.actors]
    assert len(found) == 1, describe(alerts)
    return found[0]


def test_one_discrepancy_per_substantive_difference_and_nothing_else() -> None:
    alerts = run(SCENARIO, ARRIVAL).alerts
    assert len(alerts) == 2, describe(alerts)
    assert all(a.kind is AlertKind.quote_discrepancy for a in alerts), describe(alerts)

    truce = only_alert_about(alerts, NETANYAHU)
    assert truce.severity is Severity.medium
    assert truce.summary == (
        'Harbor Times and Levant Wire quote Benjamin Netanyahu as saying "a ceasefire once" '
        'while Coastal Post quotes "a truce once".'
    )
    assert sources(truce) == {"Harbor Times", "Levant Wire", "Coastal Post"}

    negation = only_alert_about(alerts, WITKOFF)
    assert negation.severity is Severity.high
    assert '"will walk"' in negation.summary and '"will not walk"' in negation.summary
    assert negation.summary.startswith("Levant Wire quotes Steve Witkoff as saying")


@pytest.mark.xfail(
    strict=True,
    reason=(
        "an alert is published once, with the evidence known when it is raised (as on the stream): "
        "Witkoff's alert is raised when Levant Wire meets Harbor Times, and Coastal Post (same words "
        "as Harbor Times) arrives after, so it is not named; naming it would need alert updates"
    ),
)
def test_every_outlet_is_named_on_its_side() -> None:
    negation = only_alert_about(run(SCENARIO, ARRIVAL).alerts, WITKOFF)
    assert negation.summary == (
        'Coastal Post and Harbor Times quote Steve Witkoff as saying "will not walk" '
        'while Levant Wire quotes "will walk".'
    )


def test_typography_alone_raises_nothing() -> None:
    # Harbor Times and Levant Wire quote Netanyahu with curly vs straight quotes, an em dash vs a
    # hyphen and "U.S." vs "US": no alert on him; their one alert is Witkoff's lost negation.
    alerts = run(SCENARIO, ["harbor_times.txt", "levant_wire.txt"]).alerts
    assert [a.actors for a in alerts] == [[WITKOFF]], describe(alerts)
    assert sources(alerts[0]) == {"Harbor Times", "Levant Wire"}


def test_ids_do_not_depend_on_arrival_order() -> None:
    forward = {a.alert_id for a in run(SCENARIO, ARRIVAL).alerts}
    backward = {a.alert_id for a in run(SCENARIO, list(reversed(ARRIVAL))).alerts}
    by_path = {a.alert_id for a in run(SCENARIO).alerts}
    assert forward == backward == by_path
    assert len(forward) == 2


def test_the_typographic_twins_are_one_corroborated_statement() -> None:
    analysis = run(SCENARIO, ARRIVAL)
    quoted = [s for s in analysis.statements if s.speaker.id == NETANYAHU and s.quote]
    # The three outlets' quotes (one with "truce") are reports of one statement.
    assert max(s.corroboration for s in quoted) == 3, [(s.sources, s.quote) for s in quoted]


def test_al_ansari_quoted_alike_by_three_outlets_is_one_statement() -> None:
    analysis = run(SCENARIO, ARRIVAL)
    ansari = [s for s in analysis.statements if "ansari" in s.speaker.id]
    assert [s.corroboration for s in ansari] == [3]
    assert not [a for a in analysis.alerts if any("ansari" in actor for actor in a.actors)]
