"""Whose stance a sentence tells, and readiness held as a noun: sentences that fire and ones that do not."""

from __future__ import annotations

import pytest

from schemas import Stance
from services.engine.conditions import find_conditions
from services.engine.resources import EngineResources
from services.engine.stance import classify_stance, other_side_of


def _stance(resources: EngineResources, sentence: str, party: str | None = None) -> Stance:
    doc = resources.parser.parse_one(sentence)
    side = other_side_of(resources.actors, party) if party else None
    return classify_stance(doc, find_conditions(doc, resources.lexicon), resources.lexicon, side)


def test_the_other_sides_act_of_support_is_a_report(resources: EngineResources) -> None:
    sentence = "The envoy said Kyiv confirmed the planned talks in Gomel."
    # Said by Russia's side, Kyiv's confirmation is the other side's act: a report, neutral.
    assert _stance(resources, sentence, "RU") is Stance.neutral
    # Said by Ukraine's side it is the speaker's own side's support.
    assert _stance(resources, sentence, "UA") is Stance.support


def test_a_relative_clause_tells_who_its_noun_is(resources: EngineResources) -> None:
    # The stance is the countries', told of them; the speaker only recognises their effort.
    assert (
        _stance(resources, "The minister noted the efforts of the countries that backed these talks.")
        is Stance.neutral
    )
    # The speaker's own verb over the talk word still counts.
    assert _stance(resources, "The minister backed these talks.") is Stance.support


def test_taking_part_foreseen_by_others_is_procedure(resources: EngineResources) -> None:
    assert (
        _stance(
            resources,
            "Delegations from both camps are expected to return to the capital to continue talks, an "
            "official said.",
        )
        is Stance.neutral
    )
    # Said of themselves, it is taking part.
    assert (
        _stance(resources, "The rebels said they would return to the capital to continue talks.")
        is Stance.support
    )


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("The president said he has no intention of signing anything with the rebel leader.", Stance.oppose),
        ("But the minister added: there is no commitment to releasing the detainees.", Stance.oppose),
        (
            "The envoy said her government has made a firm commitment to freeing the detainees.",
            Stance.support,
        ),
        ("The premier said he had every intention of honouring the accord.", Stance.support),
    ],
)
def test_readiness_held_as_a_noun(resources: EngineResources, sentence: str, stance: Stance) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # "Described ... as" hangs on the talk word in the parse.
        ("Still, the premier described the talks as “productive,” and thanked the hosts.", Stance.support),
        ("The minister described the offer as “absurd,” and left the room.", Stance.oppose),
        # A red line with or without the article.
        ("A withdrawal by spring is out of question, the general said.", Stance.oppose),
        # A step whose word the tokenizer splits at the hyphen.
        ('"We are taking two steps to de-escalate the conflict," the envoy said.', Stance.support),
    ],
)
def test_evaluations_and_steps(resources: EngineResources, sentence: str, stance: Stance) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    "sentence",
    [
        # A background clause is not the speaker's step.
        "Envoys of both armies were in the port city for talks, the minister said, as the mediators pressed "
        "for calm.",
        # "Keep" as an aspect of another verb backs nothing.
        "The envoy said he would keep consulting the parties on how to proceed.",
        # A participle on a noun is no purpose.
        "Soon it will be clear whether there is anything promising in the talks, the spokesman said.",
    ],
)
def test_background_and_aspect_stay_neutral(resources: EngineResources, sentence: str) -> None:
    assert _stance(resources, sentence) is Stance.neutral


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # In a quote where the speaker's side is "we", what "they" wanted is the other side's want.
        (
            '"Basically, they wanted the tariffs removed, and we couldn\'t do that," the president said.',
            Stance.oppose,
        ),
        ('"They wanted all the tariffs lifted, but we could not do that."', Stance.oppose),
        # Out of a quote "they" may be the speaker's own side; agreeing alongside is support.
        ("The rebels said they would release the hostages on Friday.", Stance.support),
        ('"They agreed to the plan and so did we," the minister said.', Stance.support),
    ],
)
def test_their_want_against_ours_is_a_report_and_our_refusal_opposes(
    resources: EngineResources, sentence: str, stance: Stance
) -> None:
    doc = resources.parser.parse_one(sentence)
    assert classify_stance(doc, [], resources.lexicon) is stance


@pytest.mark.parametrize(
    ("sentence", "party", "stance"),
    [
        # One side's deal told as done by another: the speaker's account, not its stance.
        ("The minister said Caracas had signed the accord on the river border.", "CO", Stance.neutral),
        ("Her spokesman said the Colombian envoys had signed the accord.", "VE", Stance.neutral),
        # Told of the speaker's own side (by name or by its people) it is the side's own act.
        ("The minister said Caracas had signed the accord on the river border.", "VE", Stance.support),
        ("Her spokesman said the Venezuelan envoys had signed the accord.", "VE", Stance.support),
        # Both sides told jointly: a mediator's account of the deal it brokered.
        ("The two delegations have agreed to a truce, the mediator said.", "NO", Stance.support),
        ("Bogota and Caracas reached an accord, the envoy said.", "BR", Stance.support),
        # Not done: a step to come is the side's readiness.
        ("The minister said Caracas would sign the accord.", "CO", Stance.support),
    ],
)
def test_one_sides_deal_told_as_done_is_a_report(
    resources: EngineResources, sentence: str, party: str, stance: Stance
) -> None:
    assert _stance(resources, sentence, party) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # "The other X" names the other side; what it has yet to do is the speaker's doubt of it.
        (
            "The spokesman stressed that the other signatories have yet to honour some of the clauses of "
            "the accord.",
            Stance.skeptical,
        ),
        ("The other side has signed the accord, the spokesman said.", Stance.neutral),
        # The speaker's own side with "yet to" has not done it so far: no step.
        ("We have yet to sign the accord, the spokesman said.", Stance.oppose),
    ],
)
def test_the_other_side_named_and_what_it_has_yet_to_do(
    resources: EngineResources, sentence: str, stance: Stance
) -> None:
    assert _stance(resources, sentence, "RU") is stance
