"""Conditions make a stance conditional only when they bind the talks, not inside refused content."""

from __future__ import annotations

import pytest

from schemas import Condition, Stance
from services.engine.resources import EngineResources
from services.engine.stance import classify_stance


def _stance_with(resources: EngineResources, sentence: str, clause: str) -> Stance:
    doc = resources.parser.parse_one(sentence)
    return classify_stance(doc, [Condition(text=clause, key="withdrawal:valley")], resources.lexicon)


@pytest.mark.parametrize(
    ("sentence", "clause"),
    [
        ("We will not negotiate until the troops withdraw from the valley.", "until the troops withdraw"),
        (
            "The rebels refused to negotiate until the troops withdraw from the valley.",
            "until the troops withdraw",
        ),
        (
            "Talks can resume only after the troops withdraw from the valley.",
            "only after the troops withdraw",
        ),
    ],
)
def test_a_condition_on_the_talks_or_on_their_refusal_binds(
    resources: EngineResources, sentence: str, clause: str
) -> None:
    assert _stance_with(resources, sentence, clause) is Stance.conditional


@pytest.mark.parametrize(
    ("sentence", "clause", "stance"),
    [
        (
            "We will not allow the militia to rearm after their withdrawal from the valley.",
            "after their withdrawal from the valley",
            Stance.neutral,
        ),
        (
            "The minister refused to join any alliance without the consent of parliament.",
            "without the consent of parliament",
            Stance.oppose,
        ),
    ],
)
def test_a_condition_inside_what_is_refused_does_not_bind(
    resources: EngineResources, sentence: str, clause: str, stance: Stance
) -> None:
    assert _stance_with(resources, sentence, clause) is stance


def test_a_no_deal_compound_names_no_deal(resources: EngineResources) -> None:
    doc = resources.parser.parse_one(
        "He said he was not optimistic about avoiding a no-deal exit this winter."
    )
    assert classify_stance(doc, [], resources.lexicon) is Stance.skeptical
    doc = resources.parser.parse_one("There will be no deal with the junta, the minister said.")
    assert classify_stance(doc, [], resources.lexicon) is Stance.oppose
