"""Whether an article is a story about talks, and what that lets its speakers' plain words be.

An article about negotiations names them early or often. In one, what its parties say bears on the talks
even without a talk word ("the route will be safe", "the two sides remain far apart"); an article that
mentions talks once, deep in a long story about something else, is not news about negotiations at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from schemas import Topic
from services.engine.actors import ActorRegistry
from services.engine.claim_speech import ClaimSpeech
from services.engine.lexicon import Lexicon
from services.engine.resources import EngineResources
from services.engine.sentences import Sentence
from services.engine.speech.reader import Utterance, primary_utterance

# Talk words an article needs before every attributed statement in it is read as about the talks
# (a headline naming talks counts as one).
TALKS_STORY_CUES = 3
# An article whose lead (headline and first sentences) names no talks, with fewer than one talk word
# per this many body sentences, mentions them only in passing: one talk word in a story of typical
# length (some 370 words, 17 sentences) is a passing mention.
_LEAD_SENTENCES = 3
_PASSING_DENSITY = 15
# A matter in dispute between states that talks or a court settle ("the border dispute").
_DISPUTE_TOPIC = Topic.borders.value
# "Next: A happens; B announces C; D continues": a run of other headlines, not anyone's statement.
# A place named as where something is said or held: "in Seoul", "at Geneva".
_IN_PLACE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)
_HEADLINE_RUN = re.compile(r"[^;]{3,120};\s+[A-Z][^;]{3,120};\s+[A-Z]")


@dataclass(frozen=True)
class StoryCues:
    """How much an article speaks of talks: its talk words, and whether its headline names them."""

    words: int  # strong cues, and every third weak one ("the talks", "the deal", "the delegations")
    headline: bool
    headed_words: int = 0  # strong cues and every second weak one: the count when the headline names talks
    # Words naming a matter in dispute between states ("the border dispute"): what talks would settle.
    dispute_words: int = 0
    # The sides its sentences with talk words name (set by `with_sides`): whom the talks are between.
    sides: frozenset[str] = frozenset()

    def with_sides(
        self, text: str, sentences: list[Sentence], with_cues: set[int], registry: ActorRegistry
    ) -> StoryCues:
        """These cues with the sides named in the sentences with talk words (the headline among them)."""
        chosen = with_cues | {i for i, s in enumerate(sentences) if s.headline}
        named = set().union(*(_sides(text[sentences[i].start : sentences[i].end], registry) for i in chosen))
        return replace(self, sides=frozenset(named))

    @property
    def talks_story(self) -> bool:
        """Whether the article is about talks, so its parties' plain words are statements about them."""
        words = self.words + self.dispute_words
        if self.headline:
            return max(words, self.headed_words + self.dispute_words) + 1 >= TALKS_STORY_CUES
        return words >= TALKS_STORY_CUES


@lru_cache(maxsize=64)  # the parse plan (``prefetch``) and extraction count the same article's
def story_cues(text: str, headline_end: int, lexicon: Lexicon, title: str = "") -> StoryCues:
    """The talk words of a cleaned article (its headline is text[:headline_end]).

    `title` is the article's own title: it names talks for the story even when cleaning left it out of
    the text (a byline or a time stamp taken for the headline).
    """
    strong, weak = len(lexicon.strong_cue.findall(text)), len(lexicon.weak_cue.findall(text))
    headline = text[:headline_end]
    dropped_title = title.strip() if title.strip() and title.strip() not in text else ""
    named = _names_talks(headline, lexicon) or _names_talks(dropped_title, lexicon)
    disputes = [p for topic, p in lexicon.topic_patterns if topic == _DISPUTE_TOPIC]
    dispute_words = sum(len(p.findall(text)) for p in disputes)
    return StoryCues(strong + weak // 3, named, strong + weak // 2, dispute_words=dispute_words)


def _names_talks(headline: str, lexicon: Lexicon) -> bool:
    """A headline names talks with a strong cue or a word of the negotiations topic ("deal", "talks").

    A weak cue alone ("withdraw", "plan") is no sign.
    """
    if not headline:
        return False
    talk_words = [pattern for topic, pattern in lexicon.topic_patterns if topic == Topic.negotiations.value]
    return lexicon.strong_cue.search(headline) is not None or any(p.search(headline) for p in talk_words)


def passing_mention(text: str, sentences: list[Sentence], lexicon: Lexicon, story: StoryCues) -> bool:
    """Whether talks come up only in passing: no talk word in the headline or lead, and few in a long story.

    An article about talks names them early or often; one that mentions them once, deep in a long story
    about something else (a hostage's fate, a leader's health), is not news about negotiations; nor is
    one whose lead speaks of a deal in another sense (a company's purchase). A headline naming talks
    makes the story about them.
    """
    body = [s for s in sentences if not s.headline]
    if story.headline or (story.words + story.dispute_words) * _PASSING_DENSITY >= len(body):
        return False
    lead_end = body[min(len(body), _LEAD_SENTENCES) - 1].end if body else len(text)
    return lexicon.strong_cue.search(text, 0, lead_end) is None


def speaks_in_talks_story(
    sentence: Sentence,
    sentence_text: str,
    utterances: list[Utterance],
    speech: ClaimSpeech | None,
    story: StoryCues,
    resources: EngineResources,
    next_to_cues: bool,
) -> bool:
    """A named speaker's own words (a speech verb of theirs) in an article about talks.

    A subject merely acting is no statement, and neither is speech with no clause of its own ("briefed
    him on the attacks"): only a quotation or a content whose head is a verb says something. Away from
    the talk words, an anonymous source of no known side, a sentence mostly about other sides and a run
    of other headlines are not the story's.
    """
    primary = primary_utterance(utterances)
    if speech is None or not story.talks_story:
        return False
    if not next_to_cues and (
        _HEADLINE_RUN.match(sentence_text)
        or (speech.attribution == "anonymous_source" and speech.speaker.party in ("unknown", "media"))
        or _about_other_sides(sentence_text, speech, story, resources.actors)
    ):
        return False
    if primary is None:
        # A quotation going on, or "He also ...": the speaker of the sentence before goes on speaking.
        carried_on = speech.via in ("carried", "list")
        return carried_on and not resources.lexicon.not_negotiation.search(sentence_text)
    if primary.form == "subject" or primary.speaker.id != speech.speaker.id:
        return False
    if resources.lexicon.not_negotiation.search(sentence_text):
        return False  # "held bilateral talks with his counterpart": a meeting, not these talks
    if primary.kind == "direct_quote":
        return True
    doc = resources.parser.parse_one(sentence_text)
    start, end = (offset - sentence.start for offset in primary.content_span)
    # The content's heads below the speech verb. A parenthetical attribution ("..., according to X",
    # "Kim, experts say, ...") holds the sentence's root, which heads nothing outside: such a sentence is
    # the outlet's account of the speaker unless quoted (above).
    heads = [t for t in doc if start <= t.idx < end and not start <= t.head.idx < end]
    return any(t.pos_ in ("VERB", "AUX") for t in heads)


def _about_other_sides(
    sentence_text: str, speech: ClaimSpeech, story: StoryCues, registry: ActorRegistry
) -> bool:
    """Whether a sentence is mostly about sides the talks are not between: another matter.

    "X condemned the launch by Country C" in a story about talks between A and B is not about the talks;
    with no side named next to the talk words there is nothing to tell them apart by.
    """
    named = _sides(sentence_text, registry) - {speech.speaker.party}
    if not named or not story.sides:
        return False
    return 2 * len(named & story.sides) < len(named)


def _sides(sentence_text: str, registry: ActorRegistry) -> set[str]:
    """The parties a sentence names, but for a place it is said or held in ("said in Seoul")."""
    return {
        m.candidates[0].actor.party
        for m in registry.mentions(sentence_text)
        if not (m.is_metonym and _IN_PLACE.search(sentence_text, 0, m.start))
    }
