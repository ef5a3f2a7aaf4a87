"""Headway reported with no talk word, and a side proclaiming its own truce or plan: cases that fire and
cases that must not."""

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
        # Signs of headway: support.
        ('"We are making steady progress toward ending the conflict," the envoy said.', Stance.support),
        ('"We arrive with real hope for the future of the region," the minister added.', Stance.support),
        ('The mediator said the meeting had given "a rare glimmer of hope."', Stance.support),
        ('"We have received early, positive indications from both capitals," she said.', Stance.support),
        ('"I got encouraging feedback from every delegation."', Stance.support),
        ('"Both delegations have shown goodwill," the host said.', Stance.support),
        # Turned down by a scant quantifier: doubt.
        ('The mediator said the meeting had given "a faint glimmer of hope."', Stance.skeptical),
        ('"There is little hope of progress," the mayor said.', Stance.skeptical),
        # Must not fire: negated, supposed, asked of a side, refused, doubted, on the battlefield, unrelated.
        ('"If progress is made, we will meet again," the minister said.', Stance.conditional),
        ('"The parties must make progress before the summer," the envoy said.', Stance.conditional),
        ("They accused the opposition of blocking progress, the spokesman said.", Stance.neutral),
        ('"We doubt that any progress is possible," he said.', Stance.skeptical),
        ("The troops made rapid progress on the southern front, the general said.", Stance.neutral),
        ('"Prices rose sharply last month," the minister said.', Stance.neutral),
        ('"There were no signs of progress," the observer said.', Stance.neutral),
    ],
)
def test_headway_signs(resources: EngineResources, sentence: str, stance: Stance) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # A side proclaiming a truce or a plan backs it.
        ("The government announced a three-month ceasefire with the rebel groups.", Stance.support),
        ("The rebels declared a unilateral truce for the holidays, their spokesman said.", Stance.support),
        ("The foreign minister unveiled a new peace plan on Thursday.", Stance.support),
        # Must not fire: a judgement proclaimed, an announcement of a fact, a step away announced.
        ("The army declared the truce dead after the shelling.", Stance.oppose),
        ("The mediators announced that talks would resume on Monday.", Stance.neutral),
        ("The president announced his withdrawal from the deal.", Stance.neutral),
    ],
)
def test_proclaimed_talk_word(resources: EngineResources, sentence: str, stance: Stance) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # "show" as a verb holds what it shows; "a show" is doubt.
        ('"The envoys have shown real flexibility," the host said.', Stance.neutral),
        ("The summit was just a show for the cameras, the opposition leader said.", Stance.skeptical),
        ('"The truce talks are a show," the commander said.', Stance.skeptical),
    ],
)
def test_show_as_verb_is_no_doubt(resources: EngineResources, sentence: str, stance: Stance) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # Mending a rift between the sides is a step toward a deal.
        ('"Both capitals can settle their differences through dialogue," the envoy said.', Stance.support),
        ('The envoy said he was working to "bridge the remaining gaps" between the sides.', Stance.support),
        ('"We will resolve our disputes peacefully," the president said.', Stance.support),
        # Must not fire: what is mended is no rift between sides.
        ("The court will resolve the case next week, the lawyer said.", Stance.neutral),
        ("The company resolved the problem with its servers, the spokesman said.", Stance.neutral),
    ],
)
def test_mending_a_rift(resources: EngineResources, sentence: str, stance: Stance) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # A refusal with no talk word, and the same refusal denied: acceptance.
        ('"We object to any such arrangement," the minister said.', Stance.oppose),
        (
            '"Our government does not object to their wish to join the customs union," the minister said.',
            Stance.support,
        ),
        ('"The government did not reject the idea of a referendum," she said.', Stance.support),
    ],
)
def test_refusal_denied_with_no_talk_word(resources: EngineResources, sentence: str, stance: Stance) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # The subject of "be" judges the talk word that is its complement.
        (
            '"Our first victory is the transfer of the talks from Minsk to Vienna," the negotiator said.',
            Stance.support,
        ),
        ('"The best way forward is a ceasefire," the minister said.', Stance.support),
        ('"Our biggest mistake was the agreement with the militia," the senator said.', Stance.oppose),
        # A way out put forward exists; a truce or talks in place is a fact.
        ('"There is a Norwegian formula for peace," the premier wrote.', Stance.support),
        ('"There is a clear roadmap to a settlement," the envoy said.', Stance.support),
        ("There is a ceasefire in place along the border, the army said.", Stance.neutral),
        ('"There are talks under way in Doha," the official said.', Stance.neutral),
    ],
)
def test_what_be_says_of_a_talk_word_complement(
    resources: EngineResources, sentence: str, stance: Stance
) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # "It is <judgement> to <verb> the talk word": the judgement is of the clause.
        (
            '"It is very difficult to advance any peace plan while the shelling goes on," the adviser said.',
            Stance.skeptical,
        ),
        ('"It is important to resume the negotiations," the minister said.', Stance.support),
        ('"It is impossible to negotiate with these people," the general said.', Stance.oppose),
        # Must not fire: "it" of a passive, and a person ready.
        ('"It was agreed to extend the truce," the spokesman said.', Stance.support),
        ('"He is ready to resume the talks," the aide said.', Stance.support),
    ],
)
def test_extraposed_judgement(resources: EngineResources, sentence: str, stance: Stance) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # Fighting ruled out for what is to come, and no other way out, back a deal.
        ('"There will be no more war between our nations," the president said.', Stance.support),
        ('"I see no other alternative within reach," the envoy said.', Stance.support),
        # Must not fire: a night without fighting is a fact; no way out but to fight is no backing.
        ('"There was no fighting overnight," the army said.', Stance.neutral),
        ('"We have no alternative but to fight," the commander said.', Stance.neutral),
    ],
)
def test_no_more_fighting_and_no_alternative(
    resources: EngineResources, sentence: str, stance: Stance
) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # Deceit named in what the other side says or does: doubt of that side.
        ('"They only recite the same propaganda lines," the minister said.', Stance.skeptical),
        ('"Every word of this allegation about our navy is false," she said.', Stance.skeptical),
        ('"The whole episode was a fiasco from start to finish," the analyst said.', Stance.skeptical),
        # Denied or supposed, it is no doubt.
        ('"This is not a lie," she said.', Stance.neutral),
        ('"If they spread propaganda, we will respond," she said.', Stance.neutral),
    ],
)
def test_deceit_named_is_doubt(resources: EngineResources, sentence: str, stance: Stance) -> None:
    assert _stance(resources, sentence) is stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # A deal, or "this"/"these" standing for one, said to prolong the fighting: said against it.
        ('"These are two steps toward the continuation of the war," the spokesman said.', Stance.oppose),
        (
            "The spokesman said the envoy's proposals were in fact leading to the prolongation of the "
            "fighting.",
            Stance.oppose,
        ),
        ('"This is a recipe to continue the war," she said.', Stance.oppose),
        # A party continuing the war judges no deal; a negation turns it away.
        ("The army will continue the fighting, the general said.", Stance.neutral),
        ('"This plan will not prolong the war," she said.', Stance.support),
    ],
)
def test_a_deal_said_to_prolong_the_fighting(
    resources: EngineResources, sentence: str, stance: Stance
) -> None:
    assert _stance(resources, sentence) is stance
