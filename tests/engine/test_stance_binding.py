"""Conditions make a stance conditional only when they bind the talks, not inside refused content."""

from __future__ import annotations

import pytest

from schemas import Condition, Stance
from services.engine.conditions import find_conditions
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


def _stance(resources: EngineResources, sentence: str) -> Stance:
    doc = resources.parser.parse_one(sentence)
    return classify_stance(doc, find_conditions(doc, resources.lexicon), resources.lexicon)


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # Terms a relative clause tells of a deal ("during which ...") are what it holds, not set.
        (
            "The ministry said a three-day truce will start on Friday, during which 20 detainees will be "
            "freed in exchange for 40 prisoners held by the army.",
            Stance.neutral,
        ),
        # Terms in another speaker's words the sentence gives as background are that speaker's.
        (
            "The rebels say the truce was extended, as the army had said it was open to extend the pause "
            "in exchange for the release of more detainees.",
            Stance.support,
        ),
        # The speaker's own step traded for something sets terms, said or noted by the speaker.
        ("We will free 20 detainees in exchange for 40 prisoners, the ministry said.", Stance.conditional),
        (
            "The envoy spoke of the talks, noting that his country would free the detainees if the "
            "blockade is first lifted.",
            Stance.conditional,
        ),
    ],
)
def test_terms_told_of_a_deal_or_by_another_set_none(
    resources: EngineResources, sentence: str, stance: Stance
) -> None:
    assert _stance(resources, sentence) is stance
