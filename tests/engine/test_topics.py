"""Topics: what talks are about, beyond one war; "talks about X" are about X."""

from __future__ import annotations

import pytest

from schemas import Article, Stance, Topic
from services.engine.cues import negotiation_cues
from services.engine.extract import extract_claims
from services.engine.resources import EngineResources
from services.engine.topics import classify_topic


@pytest.mark.parametrize(
    ("sentence", "topic"),
    [
        ("Iran said talks on its nuclear programme would resume next month.", Topic.nuclear),
        ("The inspectors said the enrichment of uranium had slowed.", Topic.nuclear),
        ("Beijing would only return to trade talks once Washington lifts the new tariffs.", Topic.trade),
        ("The two sides held talks about the release of the hostages.", Topic.hostages),
        ("A prisoner exchange was agreed after weeks of mediation.", Topic.hostages),
        ("He said normalization with the neighbouring kingdom would have to wait.", Topic.normalization),
        ("The cabinet voted to restore diplomatic relations with its rival.", Topic.normalization),
        ("The opposition demanded talks about early elections.", Topic.elections),
        ("Negotiators met to settle the maritime border dispute.", Topic.borders),
        ("Talks over the disputed border resumed on Monday.", Topic.borders),
        # The war's own topics keep their names.
        ("A ceasefire was agreed on Sunday.", Topic.ceasefire),
        ("Moscow rejects peace talks with Kyiv.", Topic.negotiations),
        ("Kyiv needs security guarantees before any deal.", Topic.security_guarantees),
        ("The country will never trade land for peace.", Topic.territory),
    ],
)
def test_topics(resources: EngineResources, sentence: str, topic: Topic) -> None:
    assert classify_topic(sentence, resources.lexicon) is topic


def test_talks_about_a_subject_are_about_that_subject(resources: EngineResources) -> None:
    lexicon = resources.lexicon
    # Without "about", the ceasefire comes first; with it, what the talks are about wins.
    assert classify_topic("Negotiations on tariffs went on despite the ceasefire.", lexicon) is Topic.trade
    assert classify_topic("Talks on the ceasefire stalled over tariffs.", lexicon) is Topic.ceasefire


def test_no_topic_without_topic_words(resources: EngineResources) -> None:
    assert classify_topic("The weather was mild in the capital.", resources.lexicon) is Topic.other


@pytest.mark.parametrize(
    ("body", "topic", "stance", "keys"),
    [
        (
            "Kremlin spokesman Dmitry Peskov said on Tuesday that Moscow rejects peace talks with Kyiv.",
            Topic.negotiations,
            Stance.oppose,
            [],
        ),
        (
            "Iran's foreign ministry spokesman said on Monday that the country's right to enrich uranium "
            "is not up for negotiation.",
            Topic.nuclear,
            Stance.oppose,
            [],
        ),
        (
            "The commerce ministry said Beijing would only return to trade talks once Washington lifts "
            "the new tariffs.",
            Topic.trade,
            Stance.conditional,
            ["tariff_relief"],
        ),
        (
            "Foreign Minister Ali Haddad said his government would recognise Israel only after a "
            "Palestinian state is established.",
            Topic.normalization,
            Stance.conditional,
            ["statehood"],
        ),
        (
            "Defence Minister Ivan Petrov said there would be no negotiations until the last enemy "
            "soldier has left our land.",
            Topic.negotiations,
            Stance.conditional,
            ["withdrawal"],
        ),
    ],
)
def test_negotiations_beyond_one_war_give_claims(
    resources: EngineResources, body: str, topic: Topic, stance: Stance, keys: list[str]
) -> None:
    article = Article(id="t", source="Test Wire", url="https://example.org/t", title="", body=body)
    [claim] = extract_claims(article, resources)
    assert (claim.topic, claim.stance, [c.key for c in claim.conditions]) == (topic, stance, keys)


@pytest.mark.parametrize(
    "sentence",
    [
        "The spokesman said the right to enrich uranium is not up for negotiation.",
        "Beijing said trade talks would resume next week.",
        "The two kingdoms agreed to normalize their relations.",
        "The minister said the normalization process would take a year.",
        "Pyongyang is ready to return to the table, the envoy said.",
        "The government would recognise Kosovo only after a vote in parliament.",
    ],
)
def test_negotiations_beyond_one_war_pass_the_cue_filter(resources: EngineResources, sentence: str) -> None:
    lexicon = resources.lexicon
    assert lexicon.may_mention_negotiations(sentence)
    assert negotiation_cues(sentence, lexicon, allow_weak=False)


def test_weak_cues_need_an_article_about_talks(resources: EngineResources) -> None:
    lexicon = resources.lexicon
    sentence = "The delegation presented a new proposal on Monday."
    assert negotiation_cues(sentence, lexicon, allow_weak=False) == []
    assert negotiation_cues(sentence, lexicon, allow_weak=True)
    # A person recognised is no state recognised.
    assert negotiation_cues("The jury recognised Maria Lopez for her work.", lexicon, allow_weak=False) == []
