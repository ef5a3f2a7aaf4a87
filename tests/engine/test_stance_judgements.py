"""Stance from a main clause with no talk word: evaluations, doubt, denials and 'should' as a forecast."""

from __future__ import annotations

import pytest

from schemas import Stance
from services.engine.conditions import find_conditions
from services.engine.resources import EngineResources
from services.engine.stance import classify_stance


def _stance(resources: EngineResources, sentence: str) -> Stance:
    doc = resources.parser.parse_one(sentence)
    return classify_stance(doc, find_conditions(doc, resources.lexicon), resources.lexicon)


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # A copula's praise of a thing, as a noun phrase or with what it is about.
        ('"This is a historic achievement for our region," the premier said.', Stance.support),
        ('"It was a good day for both of our nations," the president said.', Stance.support),
        ('"Dialogue remains the only viable solution," the envoy said.', Stance.support),
        ('"Today\'s meeting was a step in the right direction," she said.', Stance.support),
        # Praise of a person, or a bare "it is important", says nothing about talks.
        ('"He is a strong leader," the minister said of his rival.', Stance.neutral),
        ('"It is important," the governor told reporters.', Stance.neutral),
        # Blame and doubt.
        ('"This is unacceptable," the foreign ministry said.', Stance.oppose),
        ('"Their promises are empty words," she said.', Stance.skeptical),
        ('"They are not serious about ending the war," the minister said.', Stance.skeptical),
        (
            '"I am less confident today than I was yesterday about the negotiations," the mediator said.',
            Stance.skeptical,
        ),
        ('"The regime cannot be trusted," the senator said.', Stance.skeptical),
        ('"I doubt they mean what they say," the diplomat said.', Stance.skeptical),
        ("The minister questioned the sincerity of the rebels.", Stance.skeptical),
        # Being serious oneself, or being wary of nothing, is no doubt.
        ('"We are serious," the commander said.', Stance.neutral),
        # An evaluation of a step: the step's verb says what is praised or blamed.
        ('"It would be a good idea to sign the accord now," the envoy said.', Stance.support),
        ('"It would be a mistake to sign this accord," the opposition leader said.', Stance.oppose),
        ('"It was not a wise idea to be accepting anything," the senator said.', Stance.oppose),
        ('"Those are two moves to prolong the fighting," the spokesman said.', Stance.neutral),
    ],
)
def test_a_main_clause_evaluation_gives_the_stance(
    resources: EngineResources, sentence: str, stance: Stance
) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # A fact denied is no stance; a step to come denied is a refusal.
        ("The ministry denied reports that the two governments had agreed to a truce.", Stance.neutral),
        ("The spokesman dismissed claims that Caracas had accepted the mediators' proposal.", Stance.neutral),
        ("Officials denied that the envoys had signed any agreement.", Stance.neutral),
        ("The general denied that his forces would accept a ceasefire.", Stance.oppose),
        # Not denied: the report itself.
        ("The ministry said the two governments had agreed to a truce.", Stance.support),
    ],
)
def test_what_a_denial_denies_is_not_the_speakers_stance(
    resources: EngineResources, sentence: str, stance: Stance
) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # "should" of a thing forecasts; of a party, it lays an obligation (terms).
        ('"This should reduce tensions along the border," the general said.', Stance.neutral),
        ('"The occupiers should withdraw from our land," the president said.', Stance.conditional),
        ('"The occupiers must withdraw from our land," the president said.', Stance.conditional),
        ('"Negotiations should resume next week," the envoy said.', Stance.support),
    ],
)
def test_should_of_a_thing_is_a_forecast(resources: EngineResources, sentence: str, stance: Stance) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    "sentence",
    [
        '"The two delegations remain far apart," a senior diplomat said.',
        '"The whole peace process is in danger," the envoy warned.',
        "The mediator said there was little hope of a deal before the summer.",
        "The minister said prospects for an agreement were dim.",
        "The president said the rebels could not be trusted to honour any agreement.",
        '"They are not negotiating in good faith," the minister said.',
        '"These will be difficult negotiations," the envoy said.',
    ],
)
def test_doubt_of_the_process_or_of_the_other_side_is_skeptical(
    resources: EngineResources, sentence: str
) -> None:
    assert _stance(resources, sentence) is Stance.skeptical


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # The same words with no doubt in them.
        ("The mediator said there was hope of a deal before the summer.", Stance.support),
        ('"They are negotiating in good faith," the minister said.', Stance.support),
        ('"We will not negotiate with them," the minister said.', Stance.oppose),
    ],
)
def test_hope_and_sincerity_not_turned_down_are_no_doubt(
    resources: EngineResources, sentence: str, stance: Stance
) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        (
            "The official added that the republic has serious concerns about the other side's commitment.",
            Stance.skeptical,
        ),
        ("The senator voiced doubts over the proposals of the mediators.", Stance.skeptical),
        ("The official added that the republic has no concerns.", Stance.neutral),
    ],
)
def test_doubt_held_as_a_noun_is_skeptical(resources: EngineResources, sentence: str, stance: Stance) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # What a deal should bring about is expected of it; what it should hold is its terms.
        ('"The agreement should bring stability to the region," the minister said.', Stance.support),
        ('"This deal should help both economies," the envoy said.', Stance.support),
        (
            '"Any agreement should include guarantees for the minorities," the minister said.',
            Stance.conditional,
        ),
        ('"The truce should be based on the lines of last year," the general said.', Stance.conditional),
    ],
)
def test_should_of_a_deal_expects_its_effects_and_sets_its_terms(
    resources: EngineResources, sentence: str, stance: Stance
) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # Backing a country, a people or one's bond with them is no step toward a deal.
        (
            "The chancellor asked the donors to keep up their solidarity and back Moldova next winter.",
            Stance.neutral,
        ),
        ('"We will stand by the Moldovan people," the chancellor said.', Stance.neutral),
        # Backing a step still counts.
        ('"We will back the release of the detainees," the chancellor said.', Stance.support),
    ],
)
def test_backing_a_side_is_no_step(resources: EngineResources, sentence: str, stance: Stance) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # What the talk word is called, denied: doubt of it, not a refusal.
        ("The envoy said the paper from Lisbon is not a peace plan but a list of wishes.", Stance.skeptical),
        ('"This memo is not an agreement," the envoy said.', Stance.skeptical),
        # "There is no deal" and what is not the talks themselves stay as they were.
        ('"There will be no deal," the envoy said.', Stance.oppose),
        ('"This is not the end of the talks," the envoy said.', Stance.oppose),
        # Denied as something bad, it is defended.
        ('"The accord is not a capitulation," the envoy said.', Stance.support),
    ],
)
def test_what_the_talk_word_is_called_denied(
    resources: EngineResources, sentence: str, stance: Stance
) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # Pace or pressure: wary of how, not refusing the deal.
        ("Lisbon said it would not be hurried into a hasty accord on the fisheries.", Stance.skeptical),
        ("The junta complained that it had been pressured into the truce.", Stance.skeptical),
        # A refusal of the deal itself stays a refusal.
        ("Lisbon said it would not enter the accord on the fisheries.", Stance.oppose),
        # A verb of staying says what the talks are, as "be" does.
        ("The talks on the fisheries remain deadlocked, the envoy said.", Stance.skeptical),
        ("The envoy said the truce looks fragile.", Stance.skeptical),
        # What a clause on the talk word calls it.
        ("The premier wants to scrap the arrangement, which he has called unfair.", Stance.oppose),
        ("She praised the accord, which she described as historic.", Stance.support),
    ],
)
def test_pace_copulas_and_what_a_relative_calls_it(
    resources: EngineResources, sentence: str, stance: Stance
) -> None:
    assert _stance(resources, sentence) is stance
