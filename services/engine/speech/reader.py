"""Read who says what in an article's sentences: parse the candidates in one batch, resolve in text order.

Only sentences the cheap filter marks (a speech cue: a speech-verb form, "according to", a quotation
mark) and the caller selects are parsed, all in one ``parser.parse`` call; the key parsed is exactly the
sentence's text, so later stages asking for the same sentence hit the parse cache. Speakers are resolved
in text order because pronouns and "the minister" refer back. A sentence that opens a quotation right
after a quoted sentence, with no cue of its own, goes on with that quotation and keeps its speaker.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from schemas import Speaker
from services.engine.actors import UNKNOWN_PARTY, ActorRegistry
from services.engine.lexicon import Lexicon
from services.engine.sentences import Sentence, quote_regions
from services.engine.speech.events import EventFinder, SpeechEvent, acting_subject
from services.engine.speech.lexicon import SpeechLexicon
from services.engine.speech.speakers import SourceResolver, SpeakerMemory
from services.engine.speech.titles import acronym_sides, titled_names
from services.engine.syntax import Parser

if TYPE_CHECKING:
    from spacy.tokens import Doc

_OPENING_QUOTES = '"“«„'
_CLOSING_QUOTES = '"”»'
# A person the registry names after at most this many title words opening a sentence is its subject.
_SUBJECT_REACH = 5
# How an acting subject must be resolved to stand as a claim's holder: named, or a pronoun or role for one.
# A described body counts only with a side ("Pakistan's foreign office"), as the party check below requires.
_NAMING_VIAS = frozenset({"registry", "name", "pronoun", "nominal", "anonymous", "described"})
# How a headline's speaker must be resolved: a known actor or outlet (title case hides names).
_HEADLINE_VIAS = frozenset({"registry", "outlet"})
# Parties of an outlet that are no state's: a channel only.
_OUTLET_PARTY = "media"
_NO_STATE = frozenset({_OUTLET_PARTY, "unknown"})
# A quotation counts as the content when it covers this share of it.
_QUOTED_SHARE = 0.6


@dataclass(frozen=True)
class Utterance:
    """One attributed statement; offsets index the text the sentences were split from."""

    sentence: int
    speaker: Speaker
    kind: str  # direct_quote | reported | anonymous_source
    speaker_span: tuple[int, int] | None
    cue_span: tuple[int, int] | None
    content_span: tuple[int, int]
    via: str  # registry | name | pronoun | nominal | described | anonymous | outlet | carried
    form: str  # active | passive | quoted_as | shared | according_to | carried
    resolved: bool
    speaker_kind: str  # person | body | anonymous | outlet
    bare: bool = False  # the speaker is a bare reference back to nobody named ("the group said")


def _quotes(sentence_text: str) -> list[tuple[int, int]]:
    """Closed quotations of a sentence, plus one left open (it runs to the sentence end)."""
    regions = quote_regions(sentence_text)
    after = regions[-1][1] + 1 if regions else 0
    opening = next((i for i in range(after, len(sentence_text)) if sentence_text[i] in _OPENING_QUOTES), None)
    if opening is not None:
        regions.append((opening, len(sentence_text)))
    return regions


def _quoted_share(content: tuple[int, int], quotes: list[tuple[int, int]]) -> float:
    start, end = content
    covered = sum(max(0, min(end, b + 1) - max(start, a)) for a, b in quotes)
    return covered / max(1, end - start)


class SpeechReader:
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
                quotes = _quotes(sentence_text)
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
        return _with_known_sides(found, lambda u: self._government_role(u, memory) if home else False, home)

    def _channels(self, utterances: list[Utterance], text: str) -> list[Utterance]:
        """A sentence's utterances with a state's outlet kept as a channel unless it is the state's voice.

        State media speaks for its state only when nobody else speaks in the sentence and what it reports
        is not another side's doing ("state media said the rebels agreed" relays the rebels).
        """
        outlets = [u for u in utterances if u.speaker_kind == "outlet" and u.speaker.party != _OUTLET_PARTY]
        if not outlets:
            return utterances
        others = any(u.speaker_kind != "outlet" for u in utterances)
        kept: list[Utterance] = []
        for utterance in utterances:
            if utterance in outlets and (others or self._relays_other_side(utterance, text)):
                channel = utterance.speaker.model_copy(update={"party": _OUTLET_PARTY})
                utterance = replace(utterance, speaker=channel)
            kept.append(utterance)
        return kept

    def _relays_other_side(self, utterance: Utterance, text: str) -> bool:
        """Whether an outlet's report is about a side other than its state: a non-government group or
        another country named in it."""
        content = text[utterance.content_span[0] : utterance.content_span[1]]
        words = {w.casefold() for w in re.findall(r"[\w-]+", content)}
        if words & self.speech.nongovernment_words:
            return True
        named = {self.speech.country_in(m.group()) for m in self.speech.country_pattern.finditer(content)}
        named.discard(None)
        state = utterance.speaker.party
        return bool(named) and state != UNKNOWN_PARTY and state not in named

    def _government_role(self, utterance: Utterance, memory: SpeakerMemory) -> bool:
        """Whether an unplaced speaker is a government's role or body: "Interior Minister X", "the cabinet".

        A named person's role is the one the article introduced the name with; a description's is its words.
        """
        if utterance.speaker_kind == "outlet":
            return True  # an outlet with no side yet is state media naming no country ("the state media")
        if utterance.via not in ("name", "nominal", "described"):
            return False
        name = utterance.speaker.name
        words = frozenset(w.casefold() for w in name.split())
        if utterance.via != "described":
            surname = name.split()[-1] if name.split() else ""
            roles = [t.words for t in memory.titled if t.name == name or t.name.split()[-1] == surname]
            words = roles[0] if roles else frozenset()
        speech = self.speech
        # "a spokesman for the commission" speaks for the commission, no government.
        other_bodies = (words & speech.organization_nouns) - speech.government_roles
        return bool(words & speech.government_roles) and not words & speech.nongovernment_words | other_bodies

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
        elif event.quoted or _quoted_share(event.content, quotes) >= _QUOTED_SHARE:
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


def _with_known_sides(
    found: list[list[Utterance]], of_government: Callable[[Utterance], bool], home: str | None
) -> list[list[Utterance]]:
    """A person first met without a side ("X tells CNN" in a headline) keeps the side the story gives later;
    a government's role or body written with no country ("Interior Minister X", "the government") is the
    government of the country the article is about (`home`, when one dominates it)."""
    sides: dict[str, Speaker] = {}
    for utterances in found:
        for utterance in utterances:
            if utterance.speaker_kind == "person" and utterance.speaker.party != "unknown":
                sides.setdefault(utterance.speaker.id, utterance.speaker)
    for utterances in found:
        for utterance in utterances:
            speaker = utterance.speaker
            if home and speaker.party == "unknown" and speaker.id not in sides and of_government(utterance):
                sides[speaker.id] = speaker.model_copy(update={"party": home})
    return [
        [
            replace(u, speaker=sides[u.speaker.id])
            if u.speaker.party == "unknown" and u.speaker.id in sides
            else u
            for u in utterances
        ]
        for utterances in found
    ]


def primary_utterance(utterances: list[Utterance]) -> Utterance | None:
    """The statement a sentence is: the one saying the most, by a speaker who is not an outlet.

    An outlet ("..., Reuters reported") is a channel: a sentence only an outlet speaks has no speaker here;
    nor has one only "the group" or "his agent" speaks with nobody named before, nor "the commissioner"
    with no name and no side (a role nobody in the article holds).
    """
    speakers = [u for u in utterances if u.speaker_kind != "outlet" and not u.bare and not _unplaced(u)]
    if not speakers:
        # "..., Iranian state television said" with nobody else speaking: the state's media is its voice.
        speakers = [u for u in utterances if _state_outlet(u)]
    if not speakers:
        return None
    return max(speakers, key=lambda u: (u.content_span[1] - u.content_span[0], -u.content_span[0]))


def _state_outlet(utterance: Utterance) -> bool:
    """A state's outlet with its state known ("Iranian state television"): it may speak for the state."""
    return utterance.speaker_kind == "outlet" and utterance.speaker.party not in _NO_STATE


def _unplaced(utterance: Utterance) -> bool:
    """A role without a name, a referent or a side: "the commissioner said" in an article naming nobody."""
    return utterance.via == "described" and utterance.speaker.party == "unknown"
