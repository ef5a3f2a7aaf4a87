"""Who speaks a candidate sentence, as extraction weighs it: the parse's speaker, the word rules', a
quotation's attribution that follows, a list's introducer, or the speaker of the sentence before.

The dependency parse (``speech.reader``) names the speakers it finds; a sentence with none of its own
may still go on with the one before ("He also ...", a quotation going on, a condition) or be an item of
a list someone introduced. A connective opening with no pronoun or quote ("But ...") is the outlet's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas import Speaker
from services.engine.actors import ActorRegistry
from services.engine.attribute import SentenceReport
from services.engine.lexicon import Lexicon
from services.engine.reporting import blank_quotes
from services.engine.sentences import Sentence
from services.engine.speech.reader import Utterance, primary_utterance

OPENING_QUOTES = '"“«„'
CLOSING_QUOTES = '"”»“'

# Openings of a sentence that goes on with the one before: a pronoun, a connective, a condition, a quote.
_CONTINUES = re.compile(
    r"[\"“«„]|(?:he|she|they|however|but|also|moreover|furthermore|in addition|at the same time|still|yet"
    r"|instead|if|in the event|once|unless|only|otherwise|then|this means|that means)\b",
    re.IGNORECASE,
)
# What lets a sentence without a speaker of its own carry the previous one: a quotation going on, or a
# pronoun as its subject (after a connective, or after a leading "if/once/unless ..." clause). Without
# one, a connective opening ("But ...", "However ...") starts the outlet's own words.
_CARRIES_SPEAKER = re.compile(
    r"[\"“«„]|(?:(?:however|but|also|moreover|furthermore|in addition|at the same time|still|yet|instead"
    r"|otherwise|then|and|in turn|meanwhile)\s*,?\s*)*"
    r"(?:(?:if|once|unless|when|while|although|though|because|as long as|only if|only when|only after"
    r"|in the event)\b[^,;:]{1,140},\s*)?(?:he|she|they)\b",
    re.IGNORECASE,
)
# A broadcast transcript's line: "(SOUNDBITE) (ENGLISH) TITLE NAME, SAYING: "..."" names who speaks the
# quotation after it; the capitals are the transcript's, not an acronym.
_TRANSCRIPT = re.compile(
    r"(?:\((?:[A-Z][A-Z/ ]*)\)\s*)*"  # "(SOUNDBITE) (ENGLISH) "
    r"(?P<label>[A-Z][A-Z.'’ -]{2,80}?[A-Z.])\s*(?:\([A-Z ]+\)\s*)?,\s*SAYING\s*:\s*"
)
_TRANSCRIPT_REACH = 4
# How many sentences back a quoted paragraph with no attribution looks for the quotation it goes on with.
_QUOTED_PARAGRAPH_REACH = 4
# A list item opens with a bullet mark; its speaker introduces the list at most this many sentences before.
_BULLET = re.compile(r"[-–•▪●*·]\s")
_LIST_REACH = 20


@dataclass(frozen=True)
class ClaimSpeech:
    """Who speaks a candidate sentence, and how sure the engine is of it."""

    speaker: Speaker
    attribution: str
    penalty: float
    cue: int
    via: str = "carried"


# A connective sentence after a speaker's but with no pronoun or quote: the outlet's own words.
OUTLET_WORDS = ClaimSpeech(Speaker(id="outlet", name="outlet", party="media"), "editorial", 0.0, -1, "outlet")


def _opens_unclosed_quote(text: str, sentence: Sentence) -> bool:
    chunk = text[sentence.start : sentence.end]
    return bool(chunk) and chunk[0] in OPENING_QUOTES and not any(c in chunk[1:] for c in CLOSING_QUOTES)


def _parsed_speech(utterance: Utterance, sentence: Sentence) -> ClaimSpeech:
    """The speaker the dependency parse gives a sentence, as extraction weighs it."""
    penalty = 0.1 if sentence.headline else 0.0
    penalty += 0.05 if utterance.via == "pronoun" else 0.0
    penalty += 0.0 if utterance.resolved else 0.1
    if utterance.via == "carried":
        return ClaimSpeech(utterance.speaker, utterance.kind, penalty + 0.05, -1, "quote_forward")
    cue = utterance.cue_span[0] if utterance.cue_span is not None else -1
    if utterance.form == "subject":
        # The sentence says what its subject does or holds ("X welcomed the talks"): no speech verb.
        return ClaimSpeech(utterance.speaker, "reported", penalty, cue, "subject")
    via = "pronoun" if utterance.via == "pronoun" else "verb"
    return ClaimSpeech(utterance.speaker, utterance.kind, penalty, cue, via)


def claim_speech(
    index: int,
    sentences: list[Sentence],
    reports: list[SentenceReport],
    text: str,
    lexicon: Lexicon,
    parsed: list[list[Utterance]] | None = None,
) -> ClaimSpeech | None:
    """The speaker of sentence `index`: the parse's, else its own by the word rules, an attribution after
    an open quote, or the one before."""
    primary = primary_utterance(parsed[index]) if parsed is not None else None
    own = reports[index].attribution
    if primary is not None and primary.form != "subject":
        return _parsed_speech(primary, sentences[index])
    if own is not None:
        penalty = 0.1 if sentences[index].headline else 0.0
        penalty += 0.05 if own.via == "pronoun" else 0.0
        penalty += 0.0 if own.resolved else 0.1
        return ClaimSpeech(own.speaker, own.kind, penalty, own.cue, own.via)
    sentence = sentences[index]
    if _opens_unclosed_quote(text, sentence):
        for later in range(index + 1, min(index + 4, len(sentences))):
            if sentences[later].paragraph != sentence.paragraph:
                break
            found = reports[later].attribution
            if found is not None and found.via in ("verb", "inverted", "pronoun"):
                kind = "anonymous_source" if found.kind == "anonymous_source" else "direct_quote"
                return ClaimSpeech(found.speaker, kind, 0.05, -1, "quote_forward")
    listed = _list_speaker(index, sentences, reports, text, parsed)
    if listed is not None:
        return listed
    # "..., the group added" with no group named before: the sentence names its speaker, just nobody known.
    names_nobody = parsed is not None and any(u.bare for u in parsed[index])
    if (
        index > 0
        and not names_nobody
        and not sentence.headline
        and not sentences[index - 1].headline
        and _CONTINUES.match(text, sentence.start, sentence.end)
    ):
        before = previous_speaker(index - 1, reports, parsed)
        if before is not None and sentence.paragraph - sentences[index - 1].paragraph <= 1:
            if not _CARRIES_SPEAKER.match(
                text, sentence.start, sentence.end
            ) and not lexicon.carry_modal.search(blank_quotes(text[sentence.start : sentence.end])):
                return OUTLET_WORDS
            kind = "anonymous_source" if before[1] == "anonymous_source" else "reported"
            return ClaimSpeech(before[0], kind, 0.2, -1)
    if primary is not None:
        # No speech verb and nobody to carry on: the named subject of the main verb holds it.
        return _parsed_speech(primary, sentence)
    return None


def transcript_speech(
    index: int, sentences: list[Sentence], text: str, registry: ActorRegistry
) -> ClaimSpeech | None:
    """The speaker a transcript line names for its quotation: this sentence's, or the one it goes on from.

    "(SOUNDBITE) U.S. PRESIDENT X, SAYING: "..."" opens a quotation X speaks; the sentences after it are
    X's until the quotation closes.
    """
    for line in range(index, max(-1, index - _TRANSCRIPT_REACH), -1):
        if line < index and sentences[line].headline:
            return None
        found = _TRANSCRIPT.match(text, sentences[line].start, sentences[line].end)
        if found is None:
            continue
        if line < index and not _still_quoted(text[found.end() : sentences[index].start]):
            return None
        label = " ".join(word.capitalize() if word.isalpha() else word for word in found["label"].split())
        named = [m for m in registry.mentions(label) if m.candidates[0].actor.kind == "person"]
        speaker = (
            registry.speaker(named[-1].candidates[0].actor)
            if named
            else Speaker(
                id=re.sub(r"[^a-z0-9]+", "-", label.casefold()).strip("-")[:80], name=label, party="unknown"
            )
        )
        via = "transcript" if line == index else "quote_forward"
        return ClaimSpeech(speaker, "direct_quote", 0.05 if named else 0.15, -1, via)
    return None


def _still_quoted(between: str) -> bool:
    """Whether a quotation opened just before `between` is still open at its end."""
    if not between or between[0] not in OPENING_QUOTES:
        return False
    return not any(mark in between[1:] for mark in CLOSING_QUOTES)


def quoted_paragraph_speech(
    index: int,
    sentences: list[Sentence],
    reports: list[SentenceReport],
    text: str,
    parsed: list[list[Utterance]] | None,
) -> ClaimSpeech | None:
    """A paragraph wholly in quotation marks, with no attribution: more of the quotation before it.

    "“We welcome the talks,” the statement said." then "“We urge both sides to ...”": the second
    paragraph is the same speaker's, across other quoted paragraphs and lines naming nobody.
    """
    sentence = sentences[index]
    chunk = text[sentence.start : sentence.end].rstrip(" .")
    first_of_paragraph = index == 0 or sentences[index - 1].paragraph != sentence.paragraph
    if not (first_of_paragraph and chunk[:1] in OPENING_QUOTES and chunk[-1:] in CLOSING_QUOTES):
        return None
    if any(c in chunk[1:-1] for c in CLOSING_QUOTES if c not in OPENING_QUOTES):
        return None  # a quotation closed inside: words of the outlet's own around it
    for before in range(index - 1, max(-1, index - _QUOTED_PARAGRAPH_REACH - 1), -1):
        if sentences[before].headline:
            return None
        found = previous_speaker(before, reports, parsed)
        if found is None:
            continue
        if found[1] != "direct_quote":
            return None
        return ClaimSpeech(found[0], "direct_quote", 0.1, -1, "quote_forward")
    return None


def role_speech(
    utterances: list[Utterance], sentence: Sentence, speech_nouns: frozenset[str], lexicon: Lexicon
) -> ClaimSpeech | None:
    """A speaker the registry does not know, named only by a role or a bare noun ("a spokesman for the
    commission", "the rebel organization"), as the speaker of a sentence with talk words.

    The parse leaves such a speaker out (nobody named, no side), but in a story about talks what it says
    with talk words is a statement about them: the claim keeps the role as its speaker, with less trust.
    A document with no issuer named ("the statement said") is nobody's, and so is what talks or a deal
    made ("the agreement calls for", "the truce agreed last week"): they stay without a speaker.
    """
    roles = [
        u
        for u in utterances
        if u.via == "described"
        and u.speaker_kind != "outlet"
        and u.form != "subject"
        and u.speaker.name.split()[-1].casefold() not in speech_nouns
        and not _talk_noun(u.speaker.name, lexicon)
    ]
    if not roles:
        return None
    role = max(roles, key=lambda u: (u.content_span[1] - u.content_span[0], -u.content_span[0]))
    cue = role.cue_span[0] if role.cue_span is not None else -1
    penalty = 0.2 + (0.1 if sentence.headline else 0.0)
    return ClaimSpeech(role.speaker, role.kind, penalty, cue, "role")


def _talk_noun(name: str, lexicon: Lexicon) -> bool:
    """Whether a described speaker is talks themselves or what they made: "the accord", "the truce"."""
    return bool(lexicon.strong_cue.search(name) or lexicon.weak_cue.search(name))


def _list_speaker(
    index: int,
    sentences: list[Sentence],
    reports: list[SentenceReport],
    text: str,
    parsed: list[list[Utterance]] | None,
) -> ClaimSpeech | None:
    """The speaker of a list item: whoever speaks the sentence introducing the list.

    "X outlined the outcomes:" or "..., X announced." then "▪ We propose ...", "- The deal will ...": each
    item (every sentence of a paragraph opening with a bullet) is the introducer's point.
    """
    if not _in_list(index, sentences, text):
        return None
    intro = index - 1
    while intro >= 0 and _in_list(intro, sentences, text):
        intro -= 1
    if intro < 0 or index - intro > _LIST_REACH or sentences[intro].headline:
        return None
    before = previous_speaker(intro, reports, parsed)
    if before is None:
        return None
    kind = "anonymous_source" if before[1] == "anonymous_source" else "reported"
    return ClaimSpeech(before[0], kind, 0.15, -1, "list")


def _in_list(index: int, sentences: list[Sentence], text: str) -> bool:
    """Whether sentence `index` belongs to a list item (its paragraph opens with a bullet)."""
    first = index
    while first > 0 and sentences[first - 1].paragraph == sentences[index].paragraph:
        first -= 1
    return _BULLET.match(text, sentences[first].start) is not None


def previous_speaker(
    index: int, reports: list[SentenceReport], parsed: list[list[Utterance]] | None
) -> tuple[Speaker, str] | None:
    """Who spoke sentence `index` (the parse's speaker, else the word rules'), with the attribution kind."""
    primary = primary_utterance(parsed[index]) if parsed is not None else None
    if primary is not None and primary.form != "subject":
        return primary.speaker, primary.kind
    own = reports[index].attribution
    return (own.speaker, own.kind) if own is not None else None
