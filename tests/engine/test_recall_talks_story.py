"""In a story about talks, a party's plain words are its statement; elsewhere they are not (invented text)."""

from __future__ import annotations

from schemas import Claim
from services.engine.resources import EngineResources
from tests.engine.articles import claims_in


def _claims(resources: EngineResources, body: str, title: str = "") -> list[Claim]:
    return claims_in(resources, body, title, article_id="story-test")


_TALKS = (
    "Delegations from Arvenia and Koltar met in Geneva on Tuesday for a second round of peace talks.\n"
    "The negotiations are the first since the ceasefire collapsed in March.\n"
)


def test_a_quoted_pronoun_speaker_in_a_talks_story_is_a_claim(resources: EngineResources) -> None:
    body = (
        _TALKS
        + "Arvenian Foreign Minister Lena Dorsk said the ceasefire talks would go on until Friday.\n"
        + '"We will not leave this room empty-handed," she said.'
    )
    claims = _claims(resources, body)
    assert [c.speaker.name for c in claims if "empty-handed" in c.text] == ["Lena Dorsk"]


def test_a_speaker_going_on_without_a_speech_verb_is_a_claim(resources: EngineResources) -> None:
    # "She also wants ...": no speech verb, no talk word, the speaker of the sentence before goes on.
    body = (
        _TALKS
        + "Arvenian Foreign Minister Lena Dorsk said the ceasefire talks would go on until Friday.\n"
        + "She also wants a joint monitoring mission along the front line."
    )
    claims = _claims(resources, body)
    assert [c.speaker.name for c in claims if "monitoring mission" in c.text] == ["Lena Dorsk"]


def test_a_quoted_pronoun_speaker_with_one_talk_word_is_not(resources: EngineResources) -> None:
    body = (
        "Coach Marta Vell said her team had finally found its rhythm after a long season.\n"
        "The club is in talks over a new stadium lease, she added.\n"
        '"We will not leave this room empty-handed," she said.'
    )
    assert not [c for c in _claims(resources, body) if "empty-handed" in c.text]


def test_a_sports_story_with_a_truce_in_passing_gives_nothing(resources: EngineResources) -> None:
    body = (
        "Midfielder Tomas Reyka scored twice as Dunmore beat Carrow 3-1 on Saturday.\n"
        "The win lifts Dunmore to third in the table, two points behind the leaders.\n"
        '"We played with courage," Reyka said after the match.\n'
        "Fans of both clubs had agreed a truce on chanting before kick-off, the league said.\n"
        '"It was a great day for the town," he added.\n'
        "Dunmore travel to Ashby next weekend."
    )
    assert _claims(resources, body) == []
