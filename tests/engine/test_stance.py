"""Stance toward talks from the dependency parse: each rule with cases that fire and cases that do not."""

from __future__ import annotations

import pytest

from schemas import Stance
from services.engine.conditions import find_conditions
from services.engine.resources import EngineResources
from services.engine.stance import classify_stance, is_negated, other_side_of


def _stance(resources: EngineResources, sentence: str) -> Stance:
    doc = resources.parser.parse_one(sentence)
    return classify_stance(doc, find_conditions(doc, resources.lexicon), resources.lexicon)


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # Refusal verbs over the talk word.
        (
            "Kremlin spokesman Dmitry Peskov said on Tuesday that Moscow rejects peace talks with Kyiv.",
            Stance.oppose,
        ),
        ("The rebels refused to negotiate with the new government, their leader said.", Stance.oppose),
        ("The minister ruled out any negotiations with the junta.", Stance.oppose),
        ("The delegation walked away from the negotiations on Friday.", Stance.oppose),
        ("The president has repeatedly rejected calls for a ceasefire.", Stance.oppose),
        # A refusal denied is openness.
        ("She did not rule out negotiations with the separatists.", Stance.support),
        ("The government never rejected the proposal outright, the envoy said.", Stance.support),
        # Negation over the talk word with no stance verb.
        ("There will be no talks with the occupiers, the general said.", Stance.oppose),
        ("Our country will never negotiate with terrorists, the premier said.", Stance.oppose),
        # Readiness and support.
        ("The foreign minister said his country was ready for talks.", Stance.support),
        ("The council welcomed the agreement as a historic step.", Stance.support),
        ("The opposition called for negotiations without delay.", Stance.support),
        ("Both parties accepted the mediators' proposal, officials said.", Stance.support),
        ("The rebels said they would hold talks with the army next month.", Stance.support),
        # Readiness denied.
        ("The prime minister said his cabinet was not ready for a deal.", Stance.oppose),
        ("The union will not accept the new proposal, its chairman said.", Stance.oppose),
        # Evaluations of the talk word.
        ("The foreign ministry said the proposal was unacceptable.", Stance.oppose),
        ("The general said the truce is a ploy to regroup.", Stance.skeptical),
        ("He described the truce as a sham.", Stance.skeptical),
        ("The minister said the talks were a critical failure.", Stance.skeptical),
        # Sincerity denied is doubt, not refusal.
        ("The spokesman said the other side is not serious about negotiations.", Stance.skeptical),
        ("She said she was not optimistic about the talks.", Stance.skeptical),
        # Red lines.
        (
            "Iran's foreign ministry spokesman said on Monday that the country's right to enrich uranium is "
            "not up for negotiation.",
            Stance.oppose,
        ),
        ("The status of the capital is non-negotiable, the president said.", Stance.oppose),
        ("We will never cede our land, the mayor said.", Stance.oppose),
        # A demand denied as a precondition is a demand rejected.
        ("The envoy said the return of the refugees cannot be a precondition for talks.", Stance.oppose),
        # Two negations cancel: what talks need is backed.
        ("The truce would not have been possible without mediation, the minister said.", Stance.support),
        # Words of the talk word's own subject: what the deal does, said by its side.
        ("The prime minister said the agreement will strengthen the country's security.", Stance.support),
        # Verbs of calling evaluate their object.
        ("The president called the agreement a great victory.", Stance.support),
        # A subject that is nobody negates the predicate.
        ("No country could agree to such a treaty, the premier said.", Stance.oppose),
        # Refusing to meet; denying an agreement exists.
        ("The envoy said the army will not sit down with any delegation the rebels send.", Stance.oppose),
        ("The movement said no such agreement exists.", Stance.oppose),
        # What a deal would do, said against it.
        ("He said any peace that rewards the invasion would weaken the charter.", Stance.oppose),
        # Approval denied or lessened is doubt.
        ("The analyst said the deal will not resolve their disputes.", Stance.skeptical),
        ("The envoy said she was less confident about the talks than a day before.", Stance.skeptical),
        # A noun of readiness governs its infinitive; a relative clause tells what the deal does.
        ("The president expressed his desire to meet the rebel leaders.", Stance.support),
        ("He said it was a deal that will bring great benefits to both countries.", Stance.support),
        ("The minister said the cabinet was striving to normalize relations.", Stance.support),
        # The lemma the small model misreads ("hoped" as "hop") still counts.
        ("The leader said he hoped the talks would succeed.", Stance.support),
    ],
)
def test_stance_rules(resources: EngineResources, sentence: str, stance: Stance) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    "sentence",
    [
        # Procedure and fact: no stance.
        "The talks will be held in Geneva on Monday, the ministry said.",
        "Delegations from both sides arrived in the capital for a second round of talks.",
        # A refusal of something else, with the talk word inside a report it governs.
        "The prime minister dismissed reports that talks were under way.",
        # Taking part, told as a past fact, is procedure.
        "The two delegations held a first round of talks on Monday.",
        # A negation that tells a past fact is no refusal.
        "The ministry said the talks had not been paused.",
        # "critical"/"crucial" say nothing for or against talks.
        "The envoy said the coming weeks would be crucial for the talks.",
    ],
)
def test_procedure_and_unrelated_words_stay_neutral(resources: EngineResources, sentence: str) -> None:
    assert _stance(resources, sentence) is Stance.neutral


def test_a_critical_failure_is_not_support(resources: EngineResources) -> None:
    assert _stance(resources, "The talks were a critical failure, the analyst said.") is not Stance.support


@pytest.mark.parametrize(
    "sentence",
    [
        "Defence Minister Ivan Petrov said there would be no negotiations until the last enemy soldier has "
        "left our land.",
        "The commerce ministry said Beijing would only return to trade talks once Washington lifts the new "
        "tariffs.",
        "Tehran will walk away from the negotiations unless sanctions are lifted, the official said.",
        "He said a truce was possible as long as the hostages are released.",
        "The rebels said they would only discuss a humanitarian truce.",
        "The deal requires parliament's approval, the minister said.",
        "The council gave its conditional agreement to the plan.",
        "The government agreed to extend the truce if certain conditions are met.",
        "The rebels laid down a number of conditions for the talks.",
        # "Not ... without": a refusal until something is given.
        "The government will not negotiate the exchange without concessions from the rebels.",
        # The talk word inside a strong condition clause: the deal is what the rest waits for.
        "The minister said the duties will stay in place until a new trade agreement is signed.",
        # "Only" over what governs the talk word.
        "The movement said it only honours what is agreed at the negotiating table.",
    ],
)
def test_condition_clauses_on_the_talks_make_it_conditional(
    resources: EngineResources, sentence: str
) -> None:
    assert _stance(resources, sentence) is Stance.conditional


@pytest.mark.parametrize(
    "sentence",
    [
        # The clause tells the past: no condition.
        "The truce held until militants attacked the town, the army said.",
        # The talk word is inside the "if" clause: a condition on something else.
        "If the deal collapses, prices will rise, the economist said.",
        # A time, not a condition.
        "The negotiations will continue until Friday.",
        # "Not only": no restriction.
        "The envoy said the deal not only ends the fighting but also opens the border.",
    ],
)
def test_clauses_that_set_no_condition_on_the_talks(resources: EngineResources, sentence: str) -> None:
    assert _stance(resources, sentence) is not Stance.conditional


def test_negation_is_scoped_to_the_talk_word(resources: EngineResources) -> None:
    lexicon = resources.lexicon
    assert is_negated(resources.parser.parse_one("The army will not negotiate with the rebels."), lexicon)
    assert is_negated(resources.parser.parse_one("There will be no ceasefire this year."), lexicon)
    # The negation is on another predicate than the one governing the talks.
    assert not is_negated(
        resources.parser.parse_one("The talks went ahead although the president did not attend the opening."),
        lexicon,
    )


def test_a_refusal_reported_of_the_other_side_is_doubt(resources: EngineResources) -> None:
    lexicon = resources.lexicon
    doc = resources.parser.parse_one("The envoy said Moscow rejects any talks with Kyiv.")
    conditions = find_conditions(doc, lexicon)
    # Said by Ukraine's side: Moscow's refusal is the other side's, the speaker doubts it.
    ukraine = other_side_of(resources.actors, "UA")
    assert classify_stance(doc, conditions, lexicon, ukraine) is Stance.skeptical
    # Said by Russia's side: the speaker's own refusal.
    russia = other_side_of(resources.actors, "RU")
    assert classify_stance(doc, conditions, lexicon, russia) is Stance.oppose
    # A speaker of unknown party: nothing to compare.
    assert other_side_of(resources.actors, "unknown") is None


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ('"We will release forty detainees on Sunday," the rebel commander said.', Stance.support),
        ("The army chief said his troops were taking steps to reduce tension there.", Stance.support),
        ("The governor said the militia would not withdraw from the two villages.", Stance.oppose),
        ("The minister said the blockade had been imposed in March.", None),
        ("If the convoy is stopped again, the aid agency said, it will leave the region.", None),
    ],
)
def test_a_statement_without_talk_words_takes_the_stance_of_its_step(
    resources: EngineResources, sentence: str, stance: Stance | None
) -> None:
    from services.engine.stance import commitment_stance

    assert commitment_stance(resources.parser.parse_one(sentence), resources.lexicon) is stance
