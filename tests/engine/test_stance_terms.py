"""Terms and steps: obligations set terms, a step on an "if" is conditional, readiness backs the talks."""

from __future__ import annotations

import pytest

from schemas import Stance
from services.engine.conditions import find_conditions
from services.engine.resources import EngineResources
from services.engine.stance import classify_stance, commitment_stance


def _stance(resources: EngineResources, sentence: str) -> Stance:
    doc = resources.parser.parse_one(sentence)
    return classify_stance(doc, find_conditions(doc, resources.lexicon), resources.lexicon)


def _step(resources: EngineResources, sentence: str) -> Stance | None:
    return commitment_stance(resources.parser.parse_one(sentence), resources.lexicon)


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # What the talks must do to go on is a call for them.
        ("Negotiations must continue, the envoy said.", Stance.support),
        ("The talks have to resume, the mediator said.", Stance.support),
        # What a deal must hold or rest on are its terms.
        ("Any agreement must include the return of the refugees.", Stance.conditional),
        ("The truce should be based on the old front lines, the general said.", Stance.conditional),
        # An obligation denied is no term: a refusal.
        ("The talks must not resume, the hardliners said.", Stance.oppose),
        # Done to the deal, not by it: backing.
        ("The deal must be signed this week, the premier said.", Stance.support),
    ],
)
def test_what_talks_or_a_deal_must_do(resources: EngineResources, sentence: str, stance: Stance) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # An obligation laid on someone else sets terms.
        ("The governor said the city had to accept the new borders.", Stance.conditional),
        ("The ban has to be lifted unconditionally, the ministry said.", Stance.conditional),
        ("The envoy said the rebels must hand over their heavy guns first.", Stance.conditional),
        # A step offered on terms: conditional; the same step told of the past stays a step.
        ("I will agree to take those duties off if they agree to a second phase.", Stance.conditional),
        ("We will release the detainees once the shelling stops.", Stance.conditional),
        ("We released the detainees after the shelling stopped.", Stance.support),
        # A past form under "would" supposes ("if the ban were lifted"); "would have" looks back.
        (
            "The envoy said his country would dismantle the reactor if the ban were lifted.",
            Stance.conditional,
        ),
        ("If they had stopped, we would have freed them.", Stance.support),
        # A step traded against something.
        (
            "The ministry said it would lift the curfew in exchange for a handover of weapons.",
            Stance.conditional,
        ),
        ("The ministry said it would lift the curfew in the north.", Stance.support),
        # Readiness as the complement of "be", and readiness denied.
        ("We are of course ready to rework the declaration.", Stance.support),
        ("The minister said the army is not ready to pull back.", Stance.oppose),
        # "No commitment to" a step is a refusal of it; a commitment is a step.
        ("The ministry has made no commitment to free the detainees.", Stance.oppose),
        ("The ministry has made a commitment to free the detainees.", Stance.support),
        # A new concession kind: dismantling.
        ("The envoy said his country would dismantle the reactor.", Stance.support),
    ],
)
def test_steps_and_obligations_without_a_talk_word(
    resources: EngineResources, sentence: str, stance: Stance | None
) -> None:
    assert _step(resources, sentence) is stance


@pytest.mark.parametrize(
    "sentence",
    [
        "We must keep working with the mediators, the minister said.",
        "Sometimes you have to leave the table.",
        "I have to consult the cabinet first.",
    ],
)
def test_the_speakers_own_duty_sets_no_terms(resources: EngineResources, sentence: str) -> None:
    assert _step(resources, sentence) is not Stance.conditional


def test_talks_as_the_subject_of_an_obligation_are_left_to_the_talk_scope(resources: EngineResources) -> None:
    # "Talks should resume" is a call for talks, not terms set on someone.
    assert (
        _step(resources, "The envoy said talks should resume as soon as possible.") is not Stance.conditional
    )
    assert _stance(resources, "The envoy said talks should resume as soon as possible.") is Stance.support


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("As soon as our demands are met, we will return to the talks.", Stance.conditional),
        ("As soon as our part of the deal is honoured, we will return to the deal.", Stance.conditional),
        # The clause waits for the deal itself: a time, not terms.
        (
            "As soon as an agreement is reached, our envoy will make the final changes to the accord.",
            Stance.support,
        ),
    ],
)
def test_as_soon_as_on_a_predicate_over_the_talks(
    resources: EngineResources, sentence: str, stance: Stance
) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # A demand in a main clause sets terms, as a verb or as the noun a verb takes.
        ("The delegation asked for only partial relief from the tariffs.", Stance.conditional),
        ("The junta restated its demand for the release of the two pilots.", Stance.conditional),
        ("The statement also reiterated calls for the release of detained journalists.", Stance.conditional),
        ("The envoy urged the militia to withdraw from the port.", Stance.conditional),
        # The one way named, and an obligation laid on another side.
        ('"The only way to peace is to withdraw the troops," the general said.', Stance.conditional),
        ('"It is up to the council to make the accord binding," the minister said.', Stance.conditional),
        # Calls for talks back them; a call rejected is a refusal; a deal's content is no demand.
        ("The envoy urged both sides to resume negotiations.", Stance.support),
        ("The envoy rejected calls for a ceasefire.", Stance.oppose),
        ("The accord calls for a four-day cease-fire in the north, the mediator said.", Stance.support),
    ],
)
def test_demands_in_a_main_clause_set_terms(
    resources: EngineResources, sentence: str, stance: Stance
) -> None:
    doc = resources.parser.parse_one(sentence)
    assert classify_stance(doc, find_conditions(doc, resources.lexicon), resources.lexicon) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # What a side asked for or proposed, as the subject of "be", names its terms.
        (
            "“What we asked for was a partial easing of the tariffs, not all of them,” the minister said.",
            Stance.conditional,
        ),
        (
            "“What our side proposed was the partial lifting of the embargo,” the envoy said.",
            Stance.conditional,
        ),
        # What a side wants, so said, is no term.
        ("“What we want is peace,” she said.", Stance.neutral),
        # Terms on a step down a chain of infinitives and gerunds.
        (
            "The government has promised to consider easing some tariffs in exchange for progress.",
            Stance.conditional,
        ),
        ("The government has promised to consider easing some tariffs.", Stance.support),
    ],
)
def test_what_was_asked_and_terms_down_a_chain(
    resources: EngineResources, sentence: str, stance: Stance
) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # "Walk" alone, with no object, place or direction, is leaving the table.
        (
            "“Sometimes you just have to walk, and this was one of those days,” the senator said.",
            Stance.oppose,
        ),
        ("“We will not walk,” she said.", Stance.support),
        # Named with a talk word elsewhere, walking alone still leaves the table.
        ("Describing the trade talks, the senator said: “At times you simply have to walk.”", Stance.oppose),
        # Going somewhere is movement.
        ("“We walked to the hotel after the meeting,” the senator said.", Stance.neutral),
        ("“We walked in and sat down,” she said.", Stance.neutral),
    ],
)
def test_walking_alone_leaves_the_table(resources: EngineResources, sentence: str, stance: Stance) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # Killing a deal off refuses it.
        ("Moscow killed off the grain accord last month, officials said.", Stance.oppose),
        ("The hardliners tried to scupper the accord, the minister said.", Stance.oppose),
        # "Call on" someone to do something demands it; calling on someone alone is a visit.
        (
            "The minister called on the donors to restore the funding of the relief agency.",
            Stance.conditional,
        ),
        ("The president called on the rebels yesterday.", Stance.neutral),
    ],
)
def test_killing_a_deal_and_calling_on_a_side(
    resources: EngineResources, sentence: str, stance: Stance
) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # A side's position that will not move gives nothing, even if talks are sought.
        ("The envoy said Lima’s position won’t change even if Quito seeks further talks.", Stance.oppose),
        ("“Our stance will not shift,” the minister said.", Stance.oppose),
        # A position that has moved, or something else that will not change, is no refusal.
        ("Our position has changed, the envoy said.", Stance.neutral),
        ("The envoy said the weather will not change.", Stance.neutral),
    ],
)
def test_a_position_that_will_not_move(resources: EngineResources, sentence: str, stance: Stance) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # A thing that must (not) be kept or reached, in the passive: a principle stated.
        (
            "A country's safety should not be achieved by expanding military alliances, the paper says.",
            Stance.neutral,
        ),
        ("The charter must be strictly observed, the paper says.", Stance.neutral),
        # What must be undone, or what a side must do, sets terms.
        ("The sanctions must be lifted, the minister said.", Stance.conditional),
        ("The occupiers must withdraw first, the minister said.", Stance.conditional),
    ],
)
def test_a_principle_stated_sets_no_terms(resources: EngineResources, sentence: str, stance: Stance) -> None:
    assert _stance(resources, sentence) is stance
