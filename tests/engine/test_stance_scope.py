"""Stance rules on the scope of what governs a talk word: sentences that fire and ones that do not."""

from __future__ import annotations

import pytest

from schemas import Stance
from services.engine.conditions import find_conditions
from services.engine.resources import EngineResources
from services.engine.stance import classify_stance, other_side_of, talk_targets


def _stance(resources: EngineResources, sentence: str, party: str | None = None) -> Stance:
    doc = resources.parser.parse_one(sentence)
    side = other_side_of(resources.actors, party) if party else None
    return classify_stance(doc, find_conditions(doc, resources.lexicon), resources.lexicon, side)


def _targets(resources: EngineResources, sentence: str) -> list[str]:
    return [t.lower_ for t in talk_targets(resources.parser.parse_one(sentence), resources.lexicon)]


def test_according_to_and_demands_met_name_no_talks(resources: EngineResources) -> None:
    assert _targets(resources, "According to the ministry, the shelling stopped overnight.") == []
    assert _targets(resources, "The demands of the strikers were met on Friday.") == []
    # Meeting someone is a talk word.
    assert _targets(resources, "The two foreign ministers will meet in Ankara next week.") == ["meet"]


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # "Under no circumstances" negates its predicate.
        ("The militia will under no circumstances join the peace talks, its commander said.", Stance.oppose),
        ("Under no circumstances will the junta accept the truce, the colonel said.", Stance.oppose),
        # A plain "under" phrase negates nothing.
        ("Under the circumstances, the council welcomed the talks.", Stance.support),
        # A verb over the talk word decides before praise of it.
        ("The assembly rejected the historic treaty.", Stance.oppose),
        ("The assembly ratified the historic treaty.", Stance.support),
        # Praise said of the talk word ("is a ... deal") stays support, even conceded.
        ("It is not a perfect deal, but it ends the shelling.", Stance.support),
        # A reason clause is not what the main verb is about: its double negation turns nothing around.
        (
            "Our delegation does not want to sign anything with them since they do not recognize our "
            "borders.",
            Stance.oppose,
        ),
    ],
)
def test_negation_and_praise_in_scope(resources: EngineResources, sentence: str, stance: Stance) -> None:
    assert _stance(resources, sentence) is stance


def test_refusing_any_deal_of_a_kind_sets_terms(resources: EngineResources) -> None:
    # The deal refused is narrowed by what it would do: a deal without it is acceptable, so terms.
    assert (
        _stance(
            resources, "The farmers' union will never accept any trade agreement that lowers tariffs on beef."
        )
        is Stance.conditional
    )
    assert (
        _stance(resources, "The coalition rejected any settlement including a general amnesty.")
        is Stance.conditional
    )
    # Who sends a delegation does not narrow a deal: a plain refusal.
    assert (
        _stance(resources, "The army would not sit down with any delegation that the militia might send.")
        is Stance.oppose
    )
    # One deal named ("the treaty that the cabinet signed"), refused: oppose.
    assert (
        _stance(resources, "The parliament rejected the treaty that the cabinet signed in May.")
        is Stance.oppose
    )


def test_as_soon_as_sets_a_condition_but_not_a_time(resources: EngineResources) -> None:
    assert (
        _stance(resources, "As soon as our demands are met, we will return to the talks.")
        is Stance.conditional
    )
    assert (
        _stance(resources, "The envoy said talks should resume as soon as possible.")
        is not Stance.conditional
    )


def test_a_refusal_under_no_circumstances_told_of_the_other_side_is_doubt(resources: EngineResources) -> None:
    sentence = "The envoy said Kyiv under no circumstances wants to come to any negotiations."
    assert _stance(resources, sentence, "RU") is Stance.skeptical
    assert _stance(resources, sentence, "UA") is Stance.oppose


def test_less_confidence_said_by_the_complement_of_be_is_doubt(resources: EngineResources) -> None:
    sentence = (
        '"I regret to say that I am less confident today than two days ago about the convergence of the'
        ' negotiation process, about the prospect of closing the deal," the mediator said.'
    )
    assert _stance(resources, sentence) is Stance.skeptical
    assert (
        _stance(resources, "The mediator said she was confident about closing the deal soon.")
        is Stance.support
    )


def test_a_no_deal_compound_is_no_talk_word(resources: EngineResources) -> None:
    assert _targets(resources, "The government is prepared for a no-deal exit.") == []
    assert _targets(resources, "The government is prepared for a deal.") == ["deal"]


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ('"There is no alternative to negotiations," the foreign minister said.', Stance.support),
        ("The envoy said there was no alternative to the peace plan.", Stance.support),
        ("The opposition is seeking an alternative to the deal.", Stance.oppose),
    ],
)
def test_an_alternative_to_a_talk_word_stands_against_it(
    resources: EngineResources, sentence: str, stance: Stance
) -> None:
    assert _stance(resources, sentence) is stance


def test_a_talk_word_the_parse_hangs_as_a_noun_modifier_is_climbed(resources: EngineResources) -> None:
    # The small model reads "peace" in a quoted label as a modifier (nmod) of the last noun ("style").
    sentence = 'However, he added that there will be no "frozen peace Korean-style."'
    assert _stance(resources, sentence) is Stance.oppose


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # A curly-apostrophe "’s" is "be" as the straight one is (the small model lemmatizes it as itself).
        (
            "“It’s very difficult to advance any peace plan when there’s that kind of one-sided "
            "mediation,” the adviser said.",
            Stance.skeptical,
        ),
        ("“The accord’s unacceptable,” the minister said.", Stance.oppose),
        # "’s" of "has" is an auxiliary, not "be".
        ("“It’s been a long week of talks,” she said.", Stance.neutral),
    ],
)
def test_a_curly_contraction_of_be_is_be(resources: EngineResources, sentence: str, stance: Stance) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # An adjective judging the talk word against it opposes; one of doubt doubts.
        ("The premier said he would rather leave with nothing than sign an unfair accord.", Stance.oppose),
        ("“This is a dangerous agreement for our farmers,” the minister said.", Stance.oppose),
        ("The envoy dismissed what he called sham negotiations.", Stance.skeptical),
    ],
)
def test_a_judging_adjective_on_the_talk_word(
    resources: EngineResources, sentence: str, stance: Stance
) -> None:
    assert _stance(resources, sentence) is stance
