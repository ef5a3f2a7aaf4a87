"""quote_discrepancy: outlets quoting one statement with materially different words."""

from __future__ import annotations

from datetime import date

from schemas import AlertKind, Attribution, Severity, Topic
from services.engine.detect.wording import normalize_word
from tests.detect.builders import detect_all, make_claim, of_kind

DAY = date(2025, 5, 12)


def guarantee_quotes() -> list:
    return [
        make_claim(
            "g1",
            source="North Post",
            quote="the islands will need firm security guarantees",
            said_at=DAY,
            topic=Topic.security_guarantees,
        ),
        make_claim(
            "g2",
            source="Harbour Daily",
            quote="The islands will need firm security guarantees.",
            said_at=DAY,
            topic=Topic.security_guarantees,
        ),
        make_claim(
            "a1",
            source="Wire",
            quote="the islands will need firm security assurances",
            said_at=DAY,
            topic=Topic.security_guarantees,
        ),
    ]


def test_three_outlets_two_wordings_raise_one_alert_naming_outlets_speaker_and_words() -> None:
    alerts = of_kind(detect_all(guarantee_quotes()), AlertKind.quote_discrepancy)
    assert len(alerts) == 1
    [alert] = alerts
    assert alert.severity is Severity.medium
    assert alert.actors == ["maria-rivera"]
    assert set(alert.claim_ids) == {"g1", "g2", "a1"}
    assert {e.source for e in alert.evidence} == {"North Post", "Harbour Daily", "Wire"}
    assert alert.summary == (
        'Harbour Daily and North Post quote Maria Rivera as saying "security guarantees" '
        'while Wire quotes "security assurances".'
    )


def test_the_odd_one_out_arriving_first_gives_the_same_alert_id() -> None:
    claims = guarantee_quotes()
    forward = of_kind(detect_all(claims), AlertKind.quote_discrepancy)
    backward = of_kind(detect_all(claims[::-1]), AlertKind.quote_discrepancy)
    assert [a.alert_id for a in forward] == [a.alert_id for a in backward]


def test_typography_and_trimming_raise_nothing() -> None:
    claims = [
        make_claim("t1", quote="“We won’t give up the harbour — not now, not ever,” she said", said_at=DAY),
        make_claim("t2", quote='"we won\'t give up the harbour - not now, not ever" she said', said_at=DAY),
        make_claim("t3", quote="we won't give up the harbour", said_at=DAY),
        make_claim("t4", quote="We Won't Give Up The Harbour … Not Ever", said_at=DAY),
    ]
    assert detect_all(claims) == []


def test_british_and_american_spellings_of_one_word_raise_nothing() -> None:
    claims = [
        make_claim(
            "s1", source="North Post", quote="we have organised the talks at the old centre", said_at=DAY
        ),
        make_claim("s2", source="Wire", quote="we have organized the talks at the old center", said_at=DAY),
        make_claim("s3", source="Harbour Daily", quote="we favour a dialogue with the rebels", said_at=DAY),
        make_claim("s4", source="Wire", quote="we favor a dialog with the rebels", said_at=DAY),
        make_claim("s5", source="North Post", quote="the defence pact will be analysed", said_at=DAY),
        make_claim("s6", source="Wire", quote="the defense pact will be analyzed", said_at=DAY),
    ]
    assert of_kind(detect_all(claims), AlertKind.quote_discrepancy) == []


def test_a_transliteration_mark_is_no_difference_but_a_contraction_is_a_word() -> None:
    assert normalize_word("Qur’an") == normalize_word("Quran")
    assert normalize_word("Sana'a") == normalize_word("Sanaa")
    assert normalize_word("we'll") != normalize_word("well")
    assert normalize_word("we're") != normalize_word("were")
    assert normalize_word("don't") == "don't"


def test_a_spelling_rule_does_not_merge_different_short_words() -> None:
    claims = [
        make_claim(
            "f1", source="North Post", quote="we will release four of the prisoners tomorrow", said_at=DAY
        ),
        make_claim("f2", source="Wire", quote="we will release none of the prisoners tomorrow", said_at=DAY),
        make_claim("f3", source="North Post", quote="the talks will resume in an hour", said_at=DAY),
    ]
    [alert] = of_kind(detect_all(claims), AlertKind.quote_discrepancy)
    assert set(alert.claim_ids) == {"f1", "f2"}


def test_different_speakers_or_days_are_not_compared() -> None:
    claims = [
        make_claim("s1", quote="the islands will need firm security guarantees", said_at=DAY),
        make_claim(
            "s2", quote="the islands will need firm security assurances", said_at=DAY, speaker="okafor"
        ),
        make_claim("s3", quote="the islands will need firm security assurances", said_at=date(2025, 6, 30)),
    ]
    assert of_kind(detect_all(claims), AlertKind.quote_discrepancy) == []


def test_same_article_quoting_twice_is_not_a_discrepancy() -> None:
    claims = [
        make_claim("s1", article="one", quote="the islands will need firm security guarantees", said_at=DAY),
        make_claim("s2", article="one", quote="the islands will need firm security assurances", said_at=DAY),
    ]
    assert detect_all(claims) == []


def test_anonymous_report_lowers_severity() -> None:
    claims = [
        make_claim("n1", quote="the islands will need firm security guarantees", said_at=DAY),
        make_claim(
            "n2",
            quote="the islands will need firm security assurances",
            said_at=DAY,
            attribution=Attribution.anonymous_source,
        ),
    ]
    [alert] = detect_all(claims)
    assert alert.severity is Severity.low


def test_negation_present_in_one_report_only_is_high() -> None:
    claims = [
        make_claim("x1", quote="we will sign the border treaty this spring", said_at=DAY),
        make_claim("x2", quote="we will not sign the border treaty this spring", said_at=DAY),
    ]
    [alert] = detect_all(claims)
    assert alert.kind is AlertKind.quote_discrepancy
    assert alert.severity is Severity.high
    assert '"will not sign"' in alert.summary


def test_reports_dated_differently_still_raise_one_alert() -> None:
    claims = [
        make_claim("d1", quote="the islands will need firm security guarantees", said_at=DAY),
        make_claim(
            "d2", quote="the islands will need firm security guarantees", published_at=date(2025, 5, 14)
        ),
        make_claim(
            "d3", quote="the islands will need firm security assurances", published_at=date(2025, 5, 13)
        ),
    ]
    for order in (claims, claims[::-1], [claims[1], claims[2], claims[0]]):
        assert len(of_kind(detect_all(order), AlertKind.quote_discrepancy)) == 1


def test_other_differences_are_listed_with_their_sides() -> None:
    claims = [
        make_claim(
            "o1", quote="they will pause, rearm and strike the northern ports again", said_at=DAY, source="A"
        ),
        make_claim(
            "o2", quote="they will pause, refit and strike the southern ports again", said_at=DAY, source="B"
        ),
    ]
    [alert] = detect_all(claims)
    assert alert.summary == (
        'A quotes Maria Rivera as saying "pause, rearm and" while B quotes "pause, refit and" '
        '(other differences: "the northern ports" vs "the southern ports").'
    )


def test_renderings_apart_at_many_places_are_two_texts_not_a_misquote() -> None:
    # Two translations of one communique (or two statements of one day) differ all along:
    # no single changed word to point at, so no quote discrepancy.
    claims = [
        make_claim(
            "t1",
            source="A",
            quote="the two governments also wish to underline the work of the envoys who backed "
            "these talks, among them the coastal group, the river council and the joint panel",
            said_at=DAY,
        ),
        make_claim(
            "t2",
            source="B",
            quote="the two governments praise the work of the envoys who backed these talks, "
            "among them the shore states, the river council and the tripartite board",
            said_at=DAY,
        ),
    ]
    assert of_kind(detect_all(claims), AlertKind.quote_discrepancy) == []
