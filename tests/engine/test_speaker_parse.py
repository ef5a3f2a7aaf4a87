"""Claims take their speaker from the parse-based attribution (sentences written for these tests)."""

from __future__ import annotations

from schemas import Claim
from services.engine.resources import EngineResources
from tests.engine.articles import claims_in


def _claims(resources: EngineResources, body: str) -> list[Claim]:
    return claims_in(resources, body, article_id="parse-test")


def test_a_titled_unknown_speaker_keeps_the_party_of_the_title(resources: EngineResources) -> None:
    body = "Iran's deputy foreign minister Reza Tavani said the nuclear talks would resume next week."
    [claim] = _claims(resources, body)
    assert (claim.speaker.id, claim.speaker.party) == ("reza-tavani", "IR")


def test_a_role_refers_back_to_the_person_introduced_with_it(resources: EngineResources) -> None:
    body = (
        "Serbian President Dusan Markovic arrived in Brussels on Monday for the summit.\n"
        "The president said negotiations with Kosovo could not go on without guarantees."
    )
    [claim] = _claims(resources, body)
    assert (claim.speaker.id, claim.speaker.party) == ("dusan-markovic", "RS")


def test_the_named_subject_holds_a_sentence_without_speech_verb(resources: EngineResources) -> None:
    body = "Pakistan's foreign office welcomed the ceasefire talks between the two neighbours on Friday."
    [claim] = _claims(resources, body)
    assert claim.speaker.party == "PK"


def test_an_unknown_company_as_subject_holds_no_claim(resources: EngineResources) -> None:
    body = "Norvella Pictures is negotiating a ceasefire of sorts with its rival studio over release dates."
    assert _claims(resources, body) == []


_TALKS_STORY = (
    "Delegations from Arvenia and Koltar met in Geneva on Tuesday for a second round of peace talks.\n"
    "The talks are the first since the ceasefire collapsed, and negotiations are expected to last a week.\n"
    "Arvenian Foreign Minister Lena Dorsk said the route to the venue would be kept open for both sides.\n"
    "Officials from both delegations described the talks as difficult."
)


def test_a_speakers_words_in_a_story_about_talks_are_a_claim(resources: EngineResources) -> None:
    claims = _claims(resources, _TALKS_STORY)
    route = [c for c in claims if "route" in c.text]
    assert [c.speaker.name for c in route] == ["Lena Dorsk"]


def test_the_same_words_in_a_story_with_one_talk_word_are_not(resources: EngineResources) -> None:
    body = (
        "Arvenian Foreign Minister Lena Dorsk said the route to the venue would be kept open.\n"
        "She spoke after a meeting about the border talks with the transport ministry."
    )
    assert not [c for c in _claims(resources, body) if "route" in c.text]


def test_speech_reported_only_by_its_subject_matter_is_not_a_claim(resources: EngineResources) -> None:
    body = _TALKS_STORY.replace(
        "said the route to the venue would be kept open for both sides",
        "briefed her counterpart on the damage done by the storms last winter",
    )
    assert not [c for c in _claims(resources, body) if "storms" in c.text]


def test_a_story_told_in_plain_talk_words_is_about_talks(resources: EngineResources) -> None:
    body = (
        "The delegations of Arvenia and Koltar met in Geneva on Tuesday for talks on the dam.\n"
        "The talks lasted six hours, and the two delegations will meet again next week.\n"
        "Both delegations brought a proposal, and the talks are to resume on Monday.\n"
        '"The talks were useful," Arvenian Foreign Minister Lena Dorsk told reporters.'
    )
    claims = [c for c in _claims(resources, body) if "useful" in c.text]
    assert [c.speaker.name for c in claims] == ["Lena Dorsk"]


def test_one_plain_talk_word_in_other_news_gives_nothing(resources: EngineResources) -> None:
    body = (
        "The city council approved the new budget on Tuesday.\n"
        '"The talks with the unions were useful," Mayor Lena Dorsk told reporters.'
    )
    assert _claims(resources, body) == []
