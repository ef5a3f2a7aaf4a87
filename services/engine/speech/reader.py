"""Read who says what in an article's sentences: parse the candidates in one batch, resolve in text order.

Only sentences the cheap filter marks (a speech cue: a speech-verb form, "according to", a quotation
mark) and the caller selects are parsed, all in one ``parser.parse`` call; the key parsed is exactly the
sentence's text, so later stages asking for the same sentence hit the parse cache. Speakers are resolved
in text order because pronouns and "the minister" refer back. A sentence that opens a quotation right
after a quoted sentence, with no cue of its own, goes on with that quotation and keeps its speaker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from schemas import Speaker
from services.engine.actors import ActorRegistry
from services.engine.lexicon import Lexicon
from services.engine.sentences import Sentence, quote_regions
from services.engine.speech.acting import acting_subject
from services.engine.speech.events import EventFinder, SpeechEvent
from services.engine.speech.lexicon import SpeechLexicon
from services.engine.speech.quotations import (
    QUOTED_SHARE,
    QuotationRules,
    quote_spans,
    quoted_share,
    with_doubled_apostrophes_as_quotes,
)
from services.engine.speech.sides import SideRules, with_known_sides
from services.engine.speech.speakers import SourceResolver, SpeakerMemory
from services.engine.speech.titles import acronym_sides, titled_names
from services.engine.speech.utterance import Utterance, primary_utterance
from services.engine.syntax import Parser

__all__ = ["SpeechReader", "Utterance", "primary_utterance"]

if TYPE_CHECKING:
    from spacy.tokens import Doc

# A person the registry names after at most this many title words opening a sentence is its subject.
_SUBJECT_REACH = 5
# How an acting subject must be resolved to stand as a claim's holder: named, or a pronoun or role for one.
# A described body counts only with a side ("Pakistan's foreign office"), as the party check below requires.
_NAMING_VIAS = frozenset({"registry", "name", "pronoun", "nominal", "anonymous", "described"})
# How a headline's speaker must be resolved: a known actor or outlet (title case hides names).
_HEADLINE_VIAS = frozenset({"registry", "outlet"})


class SpeechReader(SideRules, QuotationRules):
    """Finds the utterances of an article's sentences with one registry, lexicon and parser."""

    def __init__(
        self, registry: ActorRegistry, lexicon: Lexicon, speech: SpeechLexicon, parser: Parser
    ) -> None:
        self.registry = registry
        self.speech = speech
        self.parser = parser
        self.finder = EventFinder(speech)
        self.resolver = SourceResolver(registry, lexicon, speech)

    def candidates(self, text: str, sentences: list[Sentence]) -> list[int]:
        """Indexes of the sentences with a speech cue."""
        return [i for i, s in enumerate(sentences) if self.speech.may_report_speech(text[s.start : s.end])]

    def read(
        self,
        text: str,
        sentences: list[Sentence],
        when: date | None,
        select: Callable[[int], bool] | None = None,
        acting: Callable[[int], bool] | None = None,
    ) -> list[list[Utterance]]:
        """The utterances of every sentence (empty for sentences not parsed), in text order.

        `select` narrows the sentences with a speech cue that are parsed. Sentences `acting` marks are
        parsed too; when one has no speech event, the subject of its main verb is taken as who holds
        what it says (form "subject"), if that subject names someone.
        """
        text = with_doubled_apostrophes_as_quotes(text)  # same length: the sentences' offsets hold
        chosen = [i for i in self.candidates(text, sentences) if select is None or select(i)]
        if acting is not None:
            chosen = sorted(set(chosen) | {i for i in range(len(sentences)) if acting(i)})
        docs = self.parser.parse([text[sentences[i].start : sentences[i].end] for i in chosen])
        doc_of = dict(zip(chosen, docs, strict=True))
        events_of = {
            i: self.finder.events(doc, quote_regions(text[sentences[i].start : sentences[i].end]))
            for i, doc in doc_of.items()
        }
        # Named entities in one batch for the sentences whose speaker is a noun phrase (others get theirs
        # one by one if resolution reads them): the same entities, in less time.
        self.parser.find_entities(
            doc
            for i, doc in doc_of.items()
            if self._names_source(doc, text, sentences[i], events_of[i], acting is not None and acting(i))
        )
        memory = SpeakerMemory(
            when,
            named_persons=self._named_persons(text, sentences),
            titled=titled_names(text, self.speech, self.registry),
            acronym_sides=acronym_sides(text, self.speech, self.registry),
            text=text,
        )
        found: list[list[Utterance]] = []
        for index, sentence in enumerate(sentences):
            doc = doc_of.get(index)
            utterances: list[Utterance] = []
            if doc is not None:
                sentence_text = text[sentence.start : sentence.end]
                quotes = quote_spans(sentence_text)
                # A cue inside a closed quotation is quoted speech; one after an unclosed mark may be
                # the attribution of the quotation ("“... at some point, X warned.").
                for event in events_of[index]:
                    if event.content_before:
                        before = self._content_before(event, index, sentences, text)
                        if before is None:
                            continue
                        event = before
                        if found and found[-1] and found[-1][-1].via == "carried":
                            found[-1].pop()  # the quotation is this sentence's speaker's, not carried
                        elif found and any(
                            u.content_span[0] <= sentence.start + event.content[0] < u.content_span[1]
                            for u in found[-1]
                        ):
                            continue  # the sentence before attributes that quotation already
                    elif event.content[0] >= len(sentence_text):
                        # "X continued:" ending the sentence: what is said is the next sentence.
                        after = self._content_after(event, index, sentences, text)
                        if after is None:
                            continue
                        event = after
                    utterance = self._utterance(index, sentence, doc, event, quotes, memory)
                    if utterance is not None:
                        utterances.append(utterance)
                if utterances:
                    memory.last_speaker_at = sentence.end
            if not utterances and doc is not None and acting is not None and acting(index):
                subject = self._acting(index, sentence, doc, memory)
                if subject is not None:
                    utterances.append(subject)
            if not utterances and index > 0:
                carried = self._quote_goes_on(index, sentences, text, found[index - 1])
                if carried is not None:
                    utterances.append(carried)
            found.append(self._channels(utterances, text))
        home = self.speech.home_country(text)
        return with_known_sides(found, lambda u: self._government_role(u, memory) if home else False, home)

    def _names_source(
        self, doc: Doc, text: str, sentence: Sentence, events: list[SpeechEvent], acting: bool
    ) -> bool:
        """Whether a speaker is a noun phrase the registry does not know, whose resolution reads entities."""
        if not events and acting:
            events = [e for e in [acting_subject(doc, self.speech)] if e is not None]
        sentence_text = text[sentence.start : sentence.end]
        return any(
            self.resolver.may_read_entities(doc[e.source_head], e.source, sentence_text)
            for e in events
            if e.source_head is not None and e.source is not None
        )

    def _title_like(self, word: str) -> bool:
        """A word of a title before a name: "Ukrainian", "President", "the", "U.S."."""
        bare = word.strip("“\"'‘(")
        return (
            not bare
            or bare.casefold() == "the"
            or self.speech.is_title_word(bare)
            or self.speech.country_in(bare) is not None
        )

    def _named_persons(self, text: str, sentences: list[Sentence]) -> list[tuple[int, Speaker]]:
        starts = [s.start for s in sentences]
        named: list[tuple[int, Speaker]] = []
        index = 0
        for mention in self.registry.mentions(text):
            while index + 1 < len(starts) and starts[index + 1] <= mention.start:
                index += 1
            prefix = text[starts[index] : mention.start].split()
            if len(prefix) > _SUBJECT_REACH or not all(self._title_like(w) for w in prefix):
                continue  # only a person opening the sentence ("Ukrainian President X ...") is its subject
            actor = mention.candidates[0].actor
            possessive = text.startswith(("'", "’"), mention.end)
            if actor.kind == "person" and len(mention.candidates) == 1 and not possessive:
                named.append((mention.start, self.registry.speaker(actor)))
        return named

    def _acting(self, index: int, sentence: Sentence, doc: Doc, memory: SpeakerMemory) -> Utterance | None:
        """The named subject of a sentence's main verb, as who holds what the sentence says."""
        event = acting_subject(doc, self.speech)
        if event is None:
            return None
        history, last_at = list(memory.history), memory.last_speaker_at
        utterance = self._utterance(index, sentence, doc, event, [], memory)
        if (
            utterance is None
            or utterance.via not in _NAMING_VIAS
            or utterance.speaker_kind == "outlet"
            or (not utterance.resolved and utterance.speaker.party == "unknown")
        ):
            # A subject naming nobody ("All parties should ..."), or no one whose side is known (a company,
            # a film star), is no holder of a position on talks, nor a speaker later words refer to.
            memory.history, memory.last_speaker_at = history, last_at
            return None
        return replace(utterance, kind="reported")

    def _utterance(
        self,
        index: int,
        sentence: Sentence,
        doc: object,
        event: SpeechEvent,
        quotes: list[tuple[int, int]],
        memory: SpeakerMemory,
    ) -> Utterance | None:
        if event.source_head is None or event.source is None:
            return None
        head = doc[event.source_head]  # type: ignore[index]
        root = doc[event.content_root] if event.content_root is not None else None  # type: ignore[index]
        history, last_at = list(memory.history), memory.last_speaker_at
        resolved = self.resolver.resolve(head, event.source, memory, sentence.start, root)
        if resolved is None:
            return None
        title_case_name = resolved.via != "name" or len(resolved.speaker.name.split()) > 2
        if sentence.headline and resolved.via not in _HEADLINE_VIAS and title_case_name:
            # A headline is in title case: its capitalized words are no reliable name.
            memory.history, memory.last_speaker_at = history, last_at
            return None
        if resolved.kind == "anonymous":
            kind = "anonymous_source"
        elif event.quoted or quoted_share(event.content, quotes) >= QUOTED_SHARE:
            kind = "direct_quote"
        else:
            kind = "reported"
        offset = sentence.start
        return Utterance(
            sentence=index,
            speaker=resolved.speaker,
            kind=kind,
            speaker_span=(offset + event.source[0], offset + event.source[1]),
            cue_span=(offset + event.cue[0], offset + event.cue[1]),
            content_span=(offset + event.content[0], offset + event.content[1]),
            via=resolved.via,
            form=event.form,
            resolved=resolved.resolved,
            speaker_kind=resolved.kind,
            bare=resolved.bare,
        )
