"""Quotations across sentences: a quotation before or after the cue's sentence, a quotation going on."""

from __future__ import annotations

import re
from dataclasses import replace

from services.engine.sentences import Sentence, quote_regions
from services.engine.speech.events import SpeechEvent
from services.engine.speech.utterance import Utterance

_OPENING_QUOTES = '"“«„'
_CLOSING_QUOTES = '"”»'
# A quotation counts as the content when it covers this share of it.
QUOTED_SHARE = 0.6
# Two apostrophes typed for a double quotation mark (''Yes,'' she said), as some newspapers' archives
# print them: opening after a space, a bracket or a dash and before a word; closing otherwise.
# A third apostrophe is a single quotation inside: '''Yes,' he said'' opens both.
_DOUBLED_OPENING = re.compile(r"(?:^|(?<=[\s(\[—–-]))''(?=\S)")
_DOUBLED_CLOSING = re.compile(r"(?<=\S)''(?!')")


def with_doubled_apostrophes_as_quotes(text: str) -> str:
    """`text` with each pair of apostrophes standing for a double quotation mark made one (same length).

    The pair becomes the mark and a space: " “" before a quotation, "” " after it, so that every offset
    into `text` stays valid.
    """
    if "''" not in text:
        return text
    text = _DOUBLED_OPENING.sub(" “", text)
    return _DOUBLED_CLOSING.sub("” ", text)


def quote_spans(sentence_text: str) -> list[tuple[int, int]]:
    """Closed quotations of a sentence, plus one left open (it runs to the sentence end)."""
    regions = quote_regions(sentence_text)
    after = regions[-1][1] + 1 if regions else 0
    opening = next((i for i in range(after, len(sentence_text)) if sentence_text[i] in _OPENING_QUOTES), None)
    if opening is not None:
        regions.append((opening, len(sentence_text)))
    return regions


def quoted_share(content: tuple[int, int], quotes: list[tuple[int, int]]) -> float:
    start, end = content
    covered = sum(max(0, min(end, b + 1) - max(start, a)) for a, b in quotes)
    return covered / max(1, end - start)


class QuotationRules:
    """Content and speakers of quotations that run over sentence bounds (shared by the speech reader)."""

    @staticmethod
    def _content_before(
        event: SpeechEvent, index: int, sentences: list[Sentence], text: str
    ) -> SpeechEvent | None:
        """The event with the quotation that is the whole sentence before as its content."""
        if index == 0 or sentences[index - 1].paragraph != sentences[index].paragraph:
            return None
        before = sentences[index - 1]
        start, end = before.start, before.end
        if text[end - 1] not in _CLOSING_QUOTES:
            return None
        # The quotation closing the sentence before: from its opening mark, or from the sentence start
        # when it opened in an earlier sentence.
        opening = max((i for i in range(start, end - 1) if text[i] in _OPENING_QUOTES), default=start - 1)
        if opening >= start and text[opening] == '"' and text[end - 1] == '"':
            opening = text.rfind('"', start, end - 1)
        start, end = opening + 1, end - 1
        while end > start and text[end - 1] in " ,.":
            end -= 1
        if end - start < 2:
            return None
        offset = sentences[index].start
        return replace(event, content=(start - offset, end - offset), quoted=True)

    @staticmethod
    def _content_after(
        event: SpeechEvent, index: int, sentences: list[Sentence], text: str
    ) -> SpeechEvent | None:
        """The event with the next sentence (same or next paragraph) as its content; offsets stay relative."""
        if index + 1 >= len(sentences) or sentences[index + 1].paragraph - sentences[index].paragraph > 1:
            return None
        following = sentences[index + 1]
        start, end = following.start, following.end
        while start < end and text[start] in _OPENING_QUOTES + " ":
            start += 1
        while end > start and text[end - 1] in _CLOSING_QUOTES + " .":
            end -= 1
        if end - start < 2:
            return None
        offset = sentences[index].start
        return replace(
            event, content=(start - offset, end - offset), quoted=text[following.start] in _OPENING_QUOTES
        )

    @staticmethod
    def _quote_goes_on(
        index: int, sentences: list[Sentence], text: str, before: list[Utterance]
    ) -> Utterance | None:
        """A sentence opening a quotation right after a quoted one: the same speaker goes on."""
        sentence = sentences[index]
        if not before or text[sentence.start] not in _OPENING_QUOTES:
            return None
        if sentence.paragraph - sentences[index - 1].paragraph > 1:
            return None
        # "..., X told Y, according to Press TV. “...”": the quotation goes on in X's words, not the outlet's.
        speakers = [u for u in before if u.speaker_kind != "outlet"]
        if not speakers:
            return None
        last = speakers[-1]
        if last.kind != "direct_quote":
            return None
        if sentence.start <= last.content_span[0] < sentence.end:
            return None  # "X continued:" already took this sentence as its content
        end = sentence.end
        while end > sentence.start and text[end - 1] in " .,;" + _CLOSING_QUOTES:
            end -= 1
        if end - sentence.start < 3:
            return None
        return Utterance(
            sentence=index,
            speaker=last.speaker,
            kind="direct_quote",
            speaker_span=None,
            cue_span=None,
            content_span=(sentence.start + 1, end),
            via="carried",
            form="carried",
            resolved=last.resolved,
            speaker_kind=last.speaker_kind,
        )
