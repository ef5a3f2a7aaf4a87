"""position_change: ordered by when it was said, never between reports of one statement."""

from __future__ import annotations

from datetime import date

from schemas import AlertKind, Severity, Stance, Topic
from tests.detect.builders import detect_all, detect_by_article, make_claim, of_kind

EARLY, LATE = date(2025, 1, 10), date(2025, 3, 10)


def test_stance_reversal_is_a_position_change_earlier_to_later() -> None:
    claims = [
        make_claim("p1", stance=Stance.oppose, said_at=EARLY, text="Rivera ruled out talks with the rebels."),
        make_claim("p2", stance=Stance.support, said_at=LATE, text="Rivera said she is ready for talks."),
    ]
    [alert] = detect_all(claims)
    assert alert.kind is AlertKind.position_change
    assert alert.severity is Severity.medium
    assert alert.claim_ids == ["p1", "p2"]
    assert alert.summary.startswith("Maria Rivera moved from oppose to support on negotiations")
    assert "2025-01-10" in alert.summary and "2025-03-10" in alert.summary


def test_order_comes_from_said_at_not_from_arrival() -> None:
    said_late_arrives_first = make_claim("p2", stance=Stance.support, said_at=LATE)
    said_early_arrives_late = make_claim("p1", stance=Stance.oppose, said_at=EARLY)
    [alert] = detect_all([said_late_arrives_first, said_early_arrives_late])
    assert alert.claim_ids == ["p1", "p2"]
    assert "moved from oppose to support" in alert.summary
    in_order = detect_all([said_early_arrives_late, said_late_arrives_first])
    assert [a.alert_id for a in in_order] == [alert.alert_id]


def test_reports_of_one_statement_with_different_stances_are_never_a_change() -> None:
    quote = "we are ready to talk to the rebels once the shelling stops"
    claims = [
        make_claim("o1", quote=quote, stance=Stance.support, said_at=EARLY, source="North Post"),
        make_claim("o2", quote=quote, stance=Stance.oppose, published_at=date(2025, 1, 16), source="Wire"),
        make_claim("o3", quote=quote + ".", stance=Stance.support, said_at=EARLY, source="Harbour Daily"),
    ]
    assert of_kind(detect_all(claims), AlertKind.position_change) == []
    assert of_kind(detect_all(claims), AlertKind.contradiction) == []


def test_unknown_or_uncertain_order_is_no_change() -> None:
    undated = [make_claim("u1", stance=Stance.oppose), make_claim("u2", stance=Stance.support, said_at=LATE)]
    assert detect_all(undated) == []
    # Published two days after a dated statement: may have been said before it, or the same day.
    close = [
        make_claim("c1", stance=Stance.oppose, said_at=EARLY, source="Wire"),
        make_claim(
            "c2", stance=Stance.support, published_at=date(2025, 1, 12), source="Wire", text="Other words."
        ),
    ]
    assert of_kind(detect_all(close), AlertKind.position_change) == []


def test_neighbouring_stances_are_no_change() -> None:
    claims = [
        make_claim("n1", stance=Stance.support, said_at=EARLY),
        make_claim("n2", stance=Stance.conditional, said_at=LATE),
        make_claim("n3", stance=Stance.skeptical, said_at=date(2025, 4, 1)),
    ]
    assert detect_all(claims) == []


def test_repeating_the_new_stance_raises_no_second_alert() -> None:
    claims = [
        make_claim("r1", stance=Stance.oppose, said_at=EARLY),
        make_claim("r2", stance=Stance.support, said_at=LATE),
        make_claim("r3", stance=Stance.support, said_at=date(2025, 4, 1)),
        make_claim("r4", stance=Stance.oppose, said_at=date(2025, 5, 1)),
    ]
    alerts = detect_all(claims)
    assert [a.claim_ids for a in alerts] == [["r1", "r2"], ["r3", "r4"]]


def test_other_topic_is_another_position() -> None:
    claims = [
        make_claim("t1", stance=Stance.oppose, said_at=EARLY, topic=Topic.sanctions),
        make_claim("t2", stance=Stance.support, said_at=LATE, topic=Topic.ceasefire),
    ]
    assert detect_all(claims) == []


def test_conflicting_quotes_for_the_same_days_are_two_remarks_not_an_alert() -> None:
    # A denial and an offer in one day's remarks: both are the actor's words, neither came first.
    claims = [
        make_claim(
            "f1", stance=Stance.oppose, said_at=EARLY, source="North Post", quote="no talks with them"
        ),
        make_claim(
            "f2", stance=Stance.support, said_at=EARLY, source="Wire", quote="we welcome new talks next week"
        ),
    ]
    assert detect_all(claims) == []
    # The same two remarks on days far enough apart are a change.
    later = make_claim(
        "f3", stance=Stance.support, said_at=LATE, source="Wire", quote="we welcome new talks next week"
    )
    [alert] = detect_all([claims[0], later])
    assert alert.kind is AlertKind.position_change


def test_a_stance_said_long_ago_on_other_talks_is_no_standing_position() -> None:
    long_ago, now = date(2024, 2, 1), date(2025, 3, 10)
    harbour = make_claim(
        "m1", stance=Stance.support, said_at=long_ago, text="Rivera backed talks with the Harbour Union."
    )
    front = make_claim(
        "m2", stance=Stance.oppose, said_at=now, text="Rivera rejected a deal with the Northern Front."
    )
    assert detect_all([harbour, front]) == []
    # The same counterpart named both times: the old stance still stands.
    same = make_claim(
        "m3", stance=Stance.support, said_at=long_ago, text="Rivera backed talks with the Northern Front."
    )
    [alert] = detect_all([same, front])
    assert alert.claim_ids == ["m3", "m2"]
    # Within the stance memory, other names do not matter.
    recent = make_claim(
        "m4", stance=Stance.support, said_at=date(2025, 1, 10), text="Rivera backed the Harbour Union."
    )
    [alert] = detect_all([recent, front])
    assert alert.claim_ids == ["m4", "m2"]
    # A condition on one object has no such limit: the object itself ties the two together.
    held = [
        make_claim(
            "m5", conditions=(("withdrawal:valley", "until they leave the valley"),), said_at=long_ago
        ),
        make_claim("m6", conditions=(("leverage:valley", "the valley is a card in talks"),), said_at=now),
    ]
    [alert] = detect_all(held)
    assert alert.kind is AlertKind.position_change


def test_a_mediators_report_on_both_sides_is_no_stance_of_its_own() -> None:
    claims = [
        make_claim(
            "d1", stance=Stance.support, said_at=EARLY, text="Rivera said both sides agreed to a truce."
        ),
        make_claim(
            "d2",
            stance=Stance.oppose,
            said_at=LATE,
            text="Rivera, the mediator, said the talks had broken down over the river.",
        ),
        make_claim(
            "d3",
            stance=Stance.oppose,
            said_at=date(2025, 3, 20),
            text="Rivera urged the warring parties to stop.",
        ),
    ]
    assert detect_all(claims) == []
    # Her own stance, said without speaking for both sides, is filed as ever.
    own = [
        make_claim("d4", stance=Stance.support, said_at=EARLY, text="Rivera said she is ready for talks."),
        make_claim("d5", stance=Stance.oppose, said_at=LATE, text="Rivera ruled out any talks."),
    ]
    [alert] = detect_all(own)
    assert alert.kind is AlertKind.position_change


def test_condition_dropped_for_its_opposite_over_time_is_a_change() -> None:
    claims = [
        make_claim("k1", conditions=(("withdrawal:valley", "until they leave the valley"),), said_at=EARLY),
        make_claim("k2", conditions=(("leverage:valley", "the valley is a card in talks"),), said_at=LATE),
    ]
    [alert] = detect_all(claims)
    assert alert.kind is AlertKind.position_change
    assert alert.severity is Severity.high
    assert "first makes withdrawal from Valley a condition for talks" in alert.summary


def test_change_reported_by_the_article_raises_an_alert_by_itself() -> None:
    claim = make_claim(
        "rc",
        stance=Stance.support,
        said_at=LATE,
        source="North Post",
        reported_change="a reversal of the line the ministry held last winter",
    )
    [alert] = detect_all([claim])
    assert alert.kind is AlertKind.position_change
    assert alert.claim_ids == ["rc"]
    assert alert.summary == (
        "North Post reports that Maria Rivera's support position on negotiations is a change: "
        '"a reversal of the line the ministry held last winter".'
    )
    # A change the report only supposes ("seemed to backtrack", "may mark a turn") raises nothing.
    hedged = make_claim("rh", reported_change="may mark a turn", hedged=True)
    assert detect_all([hedged]) == []


def test_conflicting_paraphrases_for_the_same_days_are_no_alert() -> None:
    # The stance of a paraphrase is the reporter's reading: two readings are not two facts.
    claims = [
        make_claim(
            "g1", stance=Stance.oppose, said_at=EARLY, source="North Post", text="Rivera rejected talks."
        ),
        make_claim(
            "g2", stance=Stance.support, said_at=EARLY, source="Wire", text="Rivera welcomed new talks."
        ),
    ]
    assert detect_all(claims) == []


def test_a_sentence_about_an_earlier_time_is_not_placed_by_its_publication_day() -> None:
    claims = [
        make_claim(
            "h1",
            stance=Stance.support,
            published_at=date(2022, 12, 15),
            text="In November she offered talks.",
        ),
        make_claim(
            "h2", stance=Stance.oppose, published_at=date(2023, 2, 24), text="Rivera rejected the plan."
        ),
        make_claim(
            "h3", stance=Stance.support, published_at=date(2023, 3, 2), text="In 2019 she backed a deal."
        ),
    ]
    assert detect_all(claims) == []
    dated = make_claim(
        "h4", stance=Stance.support, said_at=date(2022, 11, 20), text="In November she offered talks."
    )
    assert [a.kind for a in detect_all([dated, claims[1]])] == [AlertKind.position_change]


def test_an_outlet_narrating_a_change_of_its_own_is_no_actor_change() -> None:
    outlet = make_claim("ow", source="Maria Rivera", reported_change="a reversal of the old line")
    assert detect_all([outlet]) == []


def test_the_old_position_restated_beside_a_new_remark_is_no_change() -> None:
    # A month later the minister backs the accord again, and in the same interview calls one clause wrong.
    backing = make_claim("w1", stance=Stance.support, said_at=EARLY, text="Rivera backed the river accord.")
    again = make_claim(
        "w2", stance=Stance.support, said_at=LATE, source="Wire", text="Rivera said the accord stands."
    )
    clause = make_claim(
        "w3", stance=Stance.oppose, said_at=LATE, source="Wire", text="Rivera called one clause wrong."
    )
    assert detect_all([backing, again, clause]) == []
    # Arriving in any order, the earlier remark does not change course against the later day either.
    assert detect_all([again, clause, backing]) == []
    # Without the restatement, the later remark is a move.
    [alert] = detect_all([backing, clause])
    assert alert.kind is AlertKind.position_change
    assert alert.claim_ids == ["w1", "w3"]
    # Nor is there a move from a day that held both: two readings of that day, no standing position.
    doubted = make_claim(
        "w4", stance=Stance.oppose, said_at=EARLY, source="Wire", text="Rivera doubted the river accord."
    )
    assert detect_all([backing, doubted, clause]) == []
    assert detect_all([backing, doubted, again]) == []


def test_a_truce_backed_in_talks_then_the_talks_left_is_one_history() -> None:
    truce = make_claim(
        "v1",
        stance=Stance.support,
        said_at=EARLY,
        topic=Topic.ceasefire,
        text="Rivera sent envoys to Port Vella to agree a truce.",
    )
    walkout = make_claim(
        "v2", stance=Stance.oppose, said_at=LATE, text="Rivera pulled out of the Port Vella talks."
    )
    [alert] = detect_all([truce, walkout])
    assert alert.kind is AlertKind.position_change
    assert alert.claim_ids == ["v1", "v2"]
    assert "moved from support to oppose on negotiations" in alert.summary
    # Talks that name nothing in common with the truce may be other talks: no change.
    other = make_claim("v3", stance=Stance.oppose, said_at=LATE, text="Rivera pulled out of the Oslo talks.")
    assert detect_all([truce, other]) == []
    # Two truce stances keep the truce's name in the summary.
    broken = make_claim(
        "v4", stance=Stance.oppose, said_at=LATE, topic=Topic.ceasefire, text="Rivera ended the truce."
    )
    [alert] = detect_all([truce, broken])
    assert "moved from support to oppose on ceasefire" in alert.summary


def test_what_the_speaker_had_said_before_the_story_is_not_dated_by_it() -> None:
    offer = make_claim("b1", stance=Stance.oppose, said_at=EARLY, text="Rivera ruled out talks.")
    recounted = [
        "Maria Rivera had announced on Friday that talks would start.",
        "Rivera, the foreign minister, had welcomed the talks.",
        "Rivera on the eve of the vote had backed the talks.",
    ]
    for number, text in enumerate(recounted):
        background = make_claim(f"b{number + 2}", stance=Stance.support, published_at=LATE, text=text)
        assert detect_all([offer, background]) == [], text
    # Said in the story's own time, or an earlier act reported in a clause of its own: placed as ever.
    for text in ("Rivera said she is ready for talks.", "Rivera said the rebels had accepted the talks."):
        [alert] = detect_all([offer, make_claim("b9", stance=Stance.support, published_at=LATE, text=text)])
        assert alert.kind is AlertKind.position_change, text
    # Nor is 'had' as a main verb: a call held, talks held.
    held = make_claim(
        "b7", stance=Stance.support, published_at=LATE, text="Rivera had a call about the talks."
    )
    assert [a.kind for a in detect_all([offer, held])] == [AlertKind.position_change]
    # An obligation ('had to') is no past perfect.
    forced = make_claim(
        "b8", stance=Stance.support, published_at=LATE, text="Rivera had to accept the talks."
    )
    assert [a.kind for a in detect_all([offer, forced])] == [AlertKind.position_change]


def test_a_party_addressing_the_mediators_keeps_a_stance_of_its_own() -> None:
    for text in (
        "Rivera agreed to a truce negotiated with the Harbour mediators.",
        "Rivera handed her reply to the two Harbour mediators.",
    ):
        claims = [
            make_claim("a1", stance=Stance.support, said_at=EARLY, text=text),
            make_claim("a2", stance=Stance.oppose, said_at=LATE, text="Rivera ruled out the Harbour talks."),
        ]
        [alert] = detect_all(claims)
        assert alert.kind is AlertKind.position_change, text
    # Speaking as the mediator, or for both sides, is still no party's stance.
    for text in (
        "Rivera, the mediator, said a truce was close.",
        "As mediator, Rivera said talks would resume.",
    ):
        claims = [
            make_claim("a3", stance=Stance.support, said_at=EARLY, text=text),
            make_claim("a4", stance=Stance.oppose, said_at=LATE, text="Rivera ruled out the Harbour talks."),
        ]
        assert detect_all(claims) == [], text


def test_talks_limited_to_a_truce_then_backed_without_conditions_is_no_precondition_change() -> None:
    # "Will only discuss a humanitarian truce" names what talks cover, not what must come first.
    agenda = make_claim(
        "ag1",
        stance=Stance.conditional,
        said_at=date(2025, 4, 1),
        conditions=(
            ("humanitarian_truce_only", "will only discuss a pause for aid, not a settlement"),
            ("humanitarian_access", "a pause for aid"),
        ),
        text="Rivera said her side will only discuss a pause for aid, not a settlement.",
    )
    backing = make_claim(
        "ag2",
        stance=Stance.support,
        said_at=date(2025, 4, 20),
        conditions=(("no_preconditions", "unconditional backing"),),
        text="Rivera announced her unconditional backing for the envoys' initiative.",
    )
    assert of_kind(detect_all([agenda, backing]), AlertKind.position_change) == []
    # A real precondition dropped the same way is still a change.
    terms = make_claim(
        "ag3",
        stance=Stance.conditional,
        said_at=date(2025, 4, 1),
        conditions=(("humanitarian_access", "until the aid corridors open"),),
        text="Rivera said there would be no talks until the aid corridors open.",
    )
    assert of_kind(detect_all([terms, backing]), AlertKind.position_change) != []


def test_the_old_position_restated_later_in_the_same_article_is_no_change() -> None:
    # One interview: the envoy calls the ferry plan wrong, then says the accord she backed stands.
    backing = make_claim("f1", stance=Stance.support, said_at=EARLY, text="Rivera backed the ferry accord.")
    remark = make_claim(
        "f2",
        stance=Stance.oppose,
        said_at=LATE,
        article="interview",
        source="Wire",
        text="Rivera called the ferry timetable plan wrong.",
    )
    still = make_claim(
        "f3",
        stance=Stance.support,
        said_at=LATE,
        article="interview",
        source="Wire",
        text="Rivera said the ferry accord stands.",
    )
    # Either order of the article's sentences: the restatement stands beside the new remark.
    assert detect_by_article([backing, remark, still]) == []
    assert detect_by_article([backing, still, remark]) == []
    # Claim by claim, the restatement coming second could not take back the alert already sent.
    assert [a.claim_ids for a in detect_all([backing, remark, still])] == [["f1", "f2"]]
    # In another article on another day, the new remark stays a move.
    alone = remark.model_copy(update={"article_id": "other", "said_at": date(2025, 3, 20)})
    [alert] = detect_by_article([backing, alone, still])
    assert alert.kind is AlertKind.position_change and alert.claim_ids == ["f1", "f2"]
