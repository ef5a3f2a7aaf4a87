"""What a statement about talks is about: the topic its words name."""

from __future__ import annotations

from schemas import Topic
from services.engine.lexicon import Lexicon


def classify_topic(text: str, lexicon: Lexicon) -> Topic:
    """The topic a phrase names outright, else the first topic of the lexicon's list with a word in `text`."""
    for topic, pattern in (*lexicon.topic_phrase_patterns, *lexicon.topic_patterns):
        if pattern.search(text):
            return Topic(topic)
    return Topic.other
