"""What a statement about talks is about: the topic its words name.

"Talks on the nuclear programme", "negotiations over tariffs": the words after a talk word and its
preposition name the subject of the talks, so they are classified first; then the lexicon's topic
phrases ("land for peace" is territory), then its topics in order (specific before "negotiations").
"""

from __future__ import annotations

import re

from schemas import Topic
from services.engine.lexicon import Lexicon

# A talk word and what it is about: "talks on X", "a deal over X", "negotiations to end X".
_ABOUT = re.compile(
    r"\b(?:talks|negotiations?|deal|agreement|dialogue|accord|discussions|consultations|truce|framework)"
    r"\s+(?:on|about|over|regarding|concerning|around|for"
    r"|to (?:end|resolve|settle|restore|revive|limit|curb))"
    r"\s+([^,;:.!?\"“”]{1,80})",
    re.IGNORECASE,
)
_GENERIC = {Topic.negotiations.value, Topic.other.value}


def classify_topic(text: str, lexicon: Lexicon) -> Topic:
    """The topic "talks about X" names, else a topic phrase, else the lexicon's first topic in `text`."""
    for about in _ABOUT.finditer(text):
        # The subject named first after the preposition: "talks on tariffs despite the ceasefire" is trade.
        first: tuple[int, str] | None = None
        for topic, pattern in (*lexicon.topic_phrase_patterns, *lexicon.topic_patterns):
            match = pattern.search(about.group(1)) if topic not in _GENERIC else None
            if match is not None and (first is None or match.start() < first[0]):
                first = (match.start(), topic)
        if first is not None:
            return Topic(first[1])
    for topic, pattern in (*lexicon.topic_phrase_patterns, *lexicon.topic_patterns):
        if pattern.search(text):
            return Topic(topic)
    return Topic.other
