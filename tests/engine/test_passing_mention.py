"""An article that mentions talks once, deep in a long story about something else, yields no claims."""

from __future__ import annotations

from schemas import Article
from services.engine.extract import extract_claims

_FILLER = [
    "Heavy rain flooded the river valley on Sunday.",
    "Hundreds of families left their homes before dawn.",
    "Rescue teams used boats to reach the lower streets.",
    "The local school was turned into a shelter.",
    "Farmers said the harvest in the valley was lost.",
    "Power lines were cut in three districts.",
    "The regional hospital moved patients to the upper floors.",
    "Volunteers handed out blankets and bottled water.",
    "Forecasters expect more rain later in the week.",
    "Roads to the capital were closed for most of the day.",
    "The mayor visited the shelter in the afternoon.",
    "Insurance firms began counting the damage.",
    "A bridge on the northern road was swept away.",
    "The army sent trucks with food and medicine.",
    "Residents cleared mud from their doorsteps.",
    "Several villages remain cut off by the water.",
    "Engineers are checking the dam above the town.",
    "Shops in the old market stayed shut.",
    "The railway line will reopen next month.",
    "Officials opened a hotline for missing relatives.",
]
_TALKS = (
    "Foreign Minister Anna Weber said on Monday that her government would not resume peace talks"
    " with the rebels."
)


def _article(sentences: list[str]) -> Article:
    return Article(id="flood-1", source="Test Wire", title="", body="\n\n".join(sentences))


def test_one_mention_of_talks_deep_in_a_long_story_yields_no_claims() -> None:
    assert extract_claims(_article([*_FILLER[:18], _TALKS, *_FILLER[18:]])) == []


def test_the_same_mention_in_the_lead_is_read() -> None:
    claims = extract_claims(_article([_FILLER[0], _TALKS, *_FILLER[1:]]))
    assert [c.text for c in claims] == [_TALKS]


def test_the_same_mention_in_a_short_story_is_read() -> None:
    claims = extract_claims(_article([*_FILLER[:6], _TALKS]))
    assert [c.text for c in claims] == [_TALKS]
