"""A claim nothing dates is news on arrival: judged against the standing terms, never put in the history."""

from __future__ import annotations

from datetime import date

import pytest

from schemas import AlertKind, Attribution, Claim, Stance
from services.engine.detect.detector import Detector
from tests.detect.builders import DETECTED_AT, detect_all, detect_by_article, make_claim, of_kind

OPEN_DAY = date(2025, 9, 3)

NO_TERMS = make_claim(
    "n1",
    said_at=OPEN_DAY,
    conditions=(("no_preconditions", "without preconditions"),),
    text="Rivera said the Delta Union talks could open without preconditions.",
)
TERMS_UNDATED = make_claim(
    "n2",
    stance=Stance.conditional,
    conditions=(("ceasefire_first", "once the shelling stops"),),
    text="Rivera said the Delta Union talks could open only once the shelling stops.",
)


def test_terms_set_in_an_undated_report_after_none_were_set_are_a_change() -> None:
    [alert] = of_kind(detect_all([NO_TERMS, TERMS_UNDATED]), AlertKind.position_change)
    assert alert.claim_ids == ["n1", "n2"]
    assert "first sets no preconditions for talks, later sets preconditions for talks" in alert.summary
    assert "(undated, " in alert.summary


def test_a_redelivered_undated_claim_raises_the_same_alert_once() -> None:
    detector = Detector(clock=lambda: DETECTED_AT)
    first = detector.observe(NO_TERMS) + detector.observe(TERMS_UNDATED)
    again = detector.observe(TERMS_UNDATED)
    assert again == []
    assert {a.alert_id for a in first} <= detector.emitted_alert_ids
    # A fresh detector given the same history gives the same id.
    assert {a.alert_id for a in detect_all([NO_TERMS, TERMS_UNDATED])} == {a.alert_id for a in first}


def test_an_undated_claim_takes_no_place_in_the_history() -> None:
    # Filed first, the undated terms are not a position a dated claim could move from.
    assert of_kind(detect_all([TERMS_UNDATED, NO_TERMS]), AlertKind.position_change) == []


@pytest.mark.parametrize(
    "undated",
    [
        # A bare stance is the reporter's reading: without a date, no change on it.
        pytest.param(
            make_claim("s2", stance=Stance.oppose, text="Rivera rejected the Delta Union talks."),
            id="bare-stance",
        ),
        pytest.param(
            TERMS_UNDATED.model_copy(update={"attribution": Attribution.anonymous_source}),
            id="anonymous",
        ),
        pytest.param(
            TERMS_UNDATED.model_copy(
                update={
                    "text": "Rivera said the Harbour League talks could open only once the shelling stops."
                }
            ),
            id="other-talks",
        ),
        pytest.param(
            TERMS_UNDATED.model_copy(
                update={"text": "In 2019, Rivera said the Delta Union talks could open only after a truce."}
            ),
            id="named-earlier-year",
        ),
        pytest.param(
            TERMS_UNDATED.model_copy(
                update={
                    "text": "Rivera had demanded that the Delta Union talks wait until the shelling stopped."
                }
            ),
            id="past-perfect",
        ),
    ],
)
def test_no_change_from_an_undated_claim(undated: Claim) -> None:
    support = make_claim(
        "s1", stance=Stance.support, said_at=OPEN_DAY, text="Rivera welcomed the Delta Union talks."
    )
    assert of_kind(detect_all([support, NO_TERMS, undated]), AlertKind.position_change) == []


def test_the_standing_terms_restated_in_the_same_undated_article_are_no_change() -> None:
    terms = TERMS_UNDATED.model_copy(update={"article_id": "undated-story"})
    restated = make_claim(
        "n3",
        article="undated-story",
        conditions=(("no_preconditions", "without preconditions"),),
        text="Rivera added that the Delta Union talks need no preconditions.",
    )
    assert of_kind(detect_by_article([NO_TERMS, terms, restated]), AlertKind.position_change) == []
