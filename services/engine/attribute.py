"""Attribute a sentence to its speaker: who says it, how (quote, report, unnamed source), via which outlet.

Forms recognised, in this order:
- headline forms: "Name: ...", "... – Name", "..., Name Says";
- a reporting verb with its speaker before ("X said", "X, head of Y, noted") or after it
  (`"...," said X`, `, says a source close to the Kremlin`);
- "according to X" (journalists, media and reports only hedge the report; an outlet is a channel);
- a known actor as the subject opening the sentence ("The Kremlin will not ...").
Who a speaker phrase names is resolved in ``services.engine.speakers``.
An outlet that reports or is cited ("UNN reports citing Le Monde") is the channel, never the speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from services.engine.sentences import Sentence, quote_regions
from services.engine.speakers import (
    INTRO,
    NAME_RUN,
    NOT_NAMES,
    Attribution,
    SpeakerContext,
    SpeakerResolver,
    full_name,
    trim_name,
)

# The word before "claims"/"reports"/"calls" making it a noun: a determiner or a lowercase common noun
# (but not a pronoun, an adverb, or an unnamed source, which are subjects of the verb).
_NOUN_USE = re.compile(
    r"(?:\b(?:a|an|the|his|her|its|their|our|these|those|such|of|and|new|recent|earlier|latest|many|some|media)"
    r"|(?<![\w-])(?!(?:he|she|it|they|who|also|still|now|later|then|only|again|repeatedly|source|official|insider|\w+ly"
    r"|spokesman|spokeswoman|spokesperson|minister|president|diplomat)\b)[a-z]+)\s+$"
)
_NEVER_NOUNS = ("says", "tells", "adds", "warns")  # "the agency says": always the verb
_QUOTE_BEFORE = re.compile(r"[\"”»][\s,]*$")
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|been|be|being)\s+$")
_COMMA_BEFORE = re.compile(r",\s*$")
# A speaker phrase after a verb starts with an article, a number, a name or a pronoun; not "that"/"there".
_SPEAKER_START = re.compile(
    r"\s*(?:(?:a|an|the|one|two|three|several|some|many|other|another)\s|[A-Z](?!here\b|hat\b)|he\b|she\b)"
)
_SUBJECT_STOP = re.compile(r"[\"“”»;:]|\bthat\b", re.IGNORECASE)
_AFTER_STOP = re.compile(r"[,.;:\"“”(]|\s(?:who|which|that|on|in an|during|after|before)\s")
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+([^,.;:\"“”]{2,120})")
_CITING = re.compile(
    r"\b(?:citing|cites|quoting|quoted by|citing a report by)\s+(?:the\s+)?([A-Z][^,.;:]{1,60})"
)
_HEADLINE_LEAD = re.compile(r"^\s*([^:]{2,60}):\s")
_HEADLINE_TAIL = re.compile(r"[–—-]\s*([^–—-]{2,60}?)\s*$")
_HEADLINE_SAYS = re.compile(
    r",\s*([^,]{2,60}?)\s+(?:[Ss]ays|[Ss]aid|[Ww]arns|[Cc]laims|[Ii]nsists|[Tt]ells \w+)\s*$"
)
_OPENING_QUOTES = '"“«„'
# A sentence's opening noun phrase: up to the first verb-like word ("... declined", "... have spent").
_SUBJECT_PHRASE = re.compile(
    r"((?:[\w'’.-]+\s+){0,7}?)(?:has|have|had|is|are|was|were|will|would|can|could|may|might"
    r"|declined|refused|\w+ed)\b"
)
_SUBJECT_LEAD = re.compile(r"(?:[Tt]he\s+)?")
# "X held talks with Y and agreed ...": a reporting verb right after "and" shares the sentence's subject.
_COORDINATED = re.compile(r"(?:,\s*|\s)and\s+(?:\w+ly\s+)?$")
# A lone capitalized word as the sentence's subject ("Hwang, decked out in ..., also held ...").
_LONE_SUBJECT = re.compile(r"([A-Z][\w'’-]+)(?=\s*,|\s+(?:also\s+|then\s+)?[a-z]+(?:ed|s)\b)")
_CAPITALIZED = re.compile(r"[A-Z][\w'’-]+")
_PERSON_SUBJECT = re.compile(r"(?:[Hh]e|[Ss]he)\b")
_SPEECH_VIAS = ("verb", "inverted", "according_to", "headline")
_CLOSERS = '"”»'
# "Pashinyan, who met Aliyev on Monday, said": a relative clause between the subject and its verb.
_RELATIVE_APPOSITIVE = re.compile(r",\s*(?:who|whose|whom|which)\b[^,;:\"“”]{1,160},\s*$")


def _opens_quote(text: str, start: int, end: int) -> bool:
    """Whether a sentence opens with a quotation mark that no closing mark ends inside it."""
    return text[start] in _OPENING_QUOTES and not any(c in _CLOSERS for c in text[start + 1 : end])


@dataclass(frozen=True)
class SentenceReport:
    """Everything attribution found in one sentence."""

    attribution: Attribution | None
    channel: str | None
    hedged_by_source: bool  # "according to journalists"
    quotes: list[tuple[int, int]]


class Attributor(SpeakerResolver):
    """Attributes sentences of an article, one after the other (it carries pronoun context)."""

    def context(self, text: str, when: date | None) -> SpeakerContext:
        """A fresh context for one article's cleaned text."""
        mentions = self.registry.mentions(text)
        return SpeakerContext(
            text=text, mentions=mentions, when=when, named_ids=self.registry.named_ids(mentions)
        )

    def attribute(self, sentence: Sentence, ctx: SpeakerContext) -> SentenceReport:
        """Attribute one sentence and update the context with its speaker."""
        text, start, end = ctx.text, sentence.start, sentence.end
        quotes = quote_regions(text, start, end) if any(q in text[start:end] for q in _OPENING_QUOTES) else []
        channel = self._channel(text[start:end])
        hedged = False
        found: Attribution | None = None
        if sentence.headline:
            found = self._headline(sentence, ctx)
        if found is None:
            found = self._by_verb(start, end, quotes, ctx)
        if found is None:
            found = self._by_passive_agent(start, end, quotes, ctx)
        if found is None:
            found, hedged = self._according_to(start, end, quotes, ctx)
        else:
            source, hedged = self._according_to(start, end, quotes, ctx)
            if source is not None and found.cue >= 0 and self.lexicon.action_verb.match(text, found.cue):
                # "Boko Haram has agreed to a truce, according to officials": the officials say so.
                found = source
        if found is None:
            found = self._by_subject(start, end, ctx)
        if found is not None:
            if quotes and found.kind == "reported" and found.via != "subject":
                words = sum(text.count(" ", a, b) + 1 for a, b in quotes)
                # A quotation is the statement itself when it opens the sentence or is more than a phrase.
                if words >= 4 or quotes[0][0] == start:
                    found = replace(found, kind="direct_quote")
            if (
                quotes == []
                and found.kind == "reported"
                and found.cue > start
                and _opens_quote(text, start, end)
            ):
                # An opening quote never closed before the attribution: the words up to it are the quote.
                found = replace(found, kind="direct_quote")
            if found.kind == "anonymous_source":
                ctx.last_source = found
            elif found.is_person:
                ctx.last_person = found
            elif found.via in _SPEECH_VIAS:
                ctx.last_org = found
        return SentenceReport(found, channel, hedged, quotes)

    # -- forms -------------------------------------------------------------------------

    def _headline(self, sentence: Sentence, ctx: SpeakerContext) -> Attribution | None:
        line = ctx.text[sentence.start : sentence.end]
        for pattern in (_HEADLINE_LEAD, _HEADLINE_TAIL, _HEADLINE_SAYS):
            match = pattern.search(line)
            if match is None:
                continue
            phrase_start = sentence.start + match.start(1)
            found = self._resolve_phrase(
                phrase_start,
                sentence.start + match.end(1),
                ctx,
                "headline",
                allow_unknown=pattern is not _HEADLINE_LEAD,
            )
            if found is not None:
                return replace(found, cue=phrase_start)
        return None

    def _by_verb(
        self, start: int, end: int, quotes: list[tuple[int, int]], ctx: SpeakerContext
    ) -> Attribution | None:
        text = ctx.text
        outlet_reports = False
        for verb in self.lexicon.reporting_verb.finditer(text, start, end):
            if any(a < verb.start() < b for a, b in quotes):
                continue
            before = text[start : verb.start()]
            if _NOUN_USE.search(before) and verb.group().endswith("s") and verb.group() not in _NEVER_NOUNS:
                continue  # "government claims of a ceasefire": a noun, not a verb
            if _PASSIVE_BEFORE.search(before):
                continue  # "talks are said to ...": nobody is named as saying it
            if _COORDINATED.search(before):
                # Not the object of the first verb: the subject both verbs share, or no speaker at all.
                shared = self._shared_subject(start, verb.start(), ctx)
                if shared is not None:
                    return replace(shared, cue=verb.start())
                continue
            after_quote = _QUOTE_BEFORE.search(before) is not None
            if after_quote or not before.strip():
                # `"...," said X`: the speaker follows the verb.
                found = self._after_verb(verb.end(), end, ctx)
                if found is not None:
                    return replace(found, cue=verb.start())
                if not before.strip():
                    continue
            window_start = max(start, verb.start() - 160)
            for stop in _SUBJECT_STOP.finditer(text, window_start, verb.start()):
                window_start = stop.end()
            relative = _RELATIVE_APPOSITIVE.search(text, window_start, verb.start())
            subject_end = relative.start() if relative else verb.start()
            found = None
            if (
                not after_quote
                and _COMMA_BEFORE.search(before)
                and self._is_outlet(text[verb.end() : min(end, verb.end() + 60)].split(",", 1)[0])
            ):
                continue  # ", reports the BBC's correspondent": the outlet's words, a channel
            if not after_quote and _COMMA_BEFORE.search(before):
                # ", says a source close to X": inverted after a comma when a speaker follows the verb
                # (", said there was ..." has none: then the subject stands before).
                found = self._after_verb(verb.end(), end, ctx, strict=True)
            if found is None:
                if self._names_outlet(text[window_start : verb.start()].strip(" ,").rsplit(",", 1)[-1]):
                    # "the news agency says the rebels agreed ...": what the outlet reports; only a person
                    # it quotes in turn ("The AP adds that Omeri confirmed ...") is a speaker.
                    outlet_reports = True
                    continue
                found = self._resolve_phrase(window_start, subject_end, ctx, "verb")
                if outlet_reports and found is not None and not found.is_person:
                    continue
            if found is not None and found.via == "pronoun" and found.is_person:
                # "Ahmadu gave an interview in which he confirmed ...": "he" is the sentence's own subject.
                own = self._named_subject(start, verb.start(), ctx)
                found = own if own is not None else found
            if found is not None:
                return replace(found, cue=verb.start())
        return None

    def _by_passive_agent(
        self, start: int, end: int, quotes: list[tuple[int, int]], ctx: SpeakerContext
    ) -> Attribution | None:
        """ "The truce proposal was rejected by Netanyahu": the agent of a passive stance verb speaks."""
        if " by " not in ctx.text[start:end]:
            return None  # most sentences: skip the scan
        for verb in self.lexicon.passive_agent.finditer(ctx.text, start, end):
            if any(a < verb.start() < b for a, b in quotes):
                continue
            found = self._after_verb(verb.end(), end, ctx, strict=True)
            if found is not None:
                return replace(found, via="verb", cue=verb.start())
        return None

    def _named_subject(self, start: int, verb_start: int, ctx: SpeakerContext) -> Attribution | None:
        """A person named as the sentence's subject before a pronoun that refers back to them."""
        shared = self._shared_subject(start, verb_start, ctx, known_only=True)
        if shared is None or not shared.is_person or shared.via == "pronoun":
            return None
        return replace(shared, via="pronoun")

    def _shared_subject(
        self, start: int, verb_start: int, ctx: SpeakerContext, known_only: bool = False
    ) -> Attribution | None:
        """The subject opening the sentence, for a reporting verb coordinated with an earlier one."""
        text = ctx.text
        intro = INTRO.match(text, start, verb_start)
        subject_start = intro.end() if intro else start
        for mention in ctx.mentions_in(subject_start, min(verb_start, subject_start + 90)):
            if _SUBJECT_LEAD.fullmatch(text, subject_start, mention.start) is None:
                break
            actor = self.registry.resolve(mention, ctx.when, ctx.named_ids)
            return Attribution(self.registry.speaker(actor), "reported", "verb", actor.kind == "person", True)
        if _PERSON_SUBJECT.match(text, subject_start) and ctx.last_person is not None:
            last = ctx.last_person
            return Attribution(last.speaker, "reported", "pronoun", True, last.resolved)
        name = NAME_RUN.match(text, subject_start, verb_start)
        if name is not None:
            found = self._unknown_name(name.group(), ctx, "verb", after=True)
            if found is not None:
                return found
        if known_only:
            opening = _CAPITALIZED.match(text, subject_start, verb_start)
            if opening is None or NOT_NAMES.match(opening.group()):
                return None
            if opening.group() in ctx.unknown_names:
                return Attribution(ctx.unknown_names[opening.group()], "reported", "verb", True, False)
            full = full_name(opening.group(), text[:start])
            if full == opening.group():
                return None  # a lone word never written as part of a full name: not known as a person
            return Attribution(self.registry.unknown_speaker(full), "reported", "verb", True, False)
        lone = _LONE_SUBJECT.match(text, subject_start, verb_start)
        if lone is not None and not NOT_NAMES.match(lone.group(1)):
            word = lone.group(1)
            known = ctx.unknown_names.get(word)
            full = known.name if known else full_name(word, text[:start])
            speaker = known or self.registry.unknown_speaker(full)
            return Attribution(speaker, "reported", "verb", True, False)
        return None

    def _after_verb(
        self, verb_end: int, end: int, ctx: SpeakerContext, strict: bool = False
    ) -> Attribution | None:
        stop = _AFTER_STOP.search(ctx.text, verb_end, min(end, verb_end + 160))
        phrase_end = stop.start() if stop else min(end, verb_end + 160)
        if strict and not _SPEAKER_START.match(ctx.text, verb_end, phrase_end):
            return None
        return self._resolve_phrase(verb_end, phrase_end, ctx, "inverted", after=True)

    def _according_to(
        self, start: int, end: int, quotes: list[tuple[int, int]], ctx: SpeakerContext
    ) -> tuple[Attribution | None, bool]:
        for match in _ACCORDING.finditer(ctx.text, start, end):
            if any(a < match.start() < b for a, b in quotes):
                continue
            phrase = match.group(1)
            if self.lexicon.hedge_source.match(phrase):
                return None, True
            if self.lexicon.outlet_name.search(phrase) or self.lexicon.outlet_kind.search(phrase):
                continue
            found = self._resolve_phrase(match.start(1), match.end(1), ctx, "according_to")
            if found is not None:
                return replace(found, cue=match.start()), False
        return None, False

    def _by_subject(self, start: int, end: int, ctx: SpeakerContext) -> Attribution | None:
        intro = INTRO.match(ctx.text, start, end)
        subject_start = intro.end() if intro else start
        for mention in ctx.mentions_in(subject_start, min(end, subject_start + 90)):
            # Only an actor opening the clause is its subject; a place name is not a speaker here.
            if _SUBJECT_LEAD.fullmatch(ctx.text, subject_start, mention.start) is None:
                break
            if mention.is_metonym:
                if self.lexicon.position_noun.match(ctx.text, mention.end):
                    # "Moscow's plans to ...": the place stands for its government, whose position the
                    # article itself states.
                    actor = self.registry.resolve(mention, ctx.when, ctx.named_ids)
                    return Attribution(
                        self.registry.speaker(actor), "editorial", "owner", False, True, cue=mention.start
                    )
                return None
            actor = self.registry.resolve(mention, ctx.when, ctx.named_ids)
            kind = (
                "anonymous_source"
                if self._is_anonymous(ctx.text[subject_start : mention.end + 30])
                else "reported"
            )
            return Attribution(
                self.registry.speaker(actor), kind, "subject", actor.kind == "person", True, cue=mention.start
            )
        opening = _SUBJECT_PHRASE.match(ctx.text, subject_start, end)
        if opening is not None and self.lexicon.anonymous_head.search(opening.group(1)):
            # "Officials at the White House declined ...": unnamed people of an institution as subject.
            institutions = [
                m
                for m in ctx.mentions_in(subject_start, opening.end(1))
                if m.candidates[0].actor.kind != "person"
            ]
            if institutions:
                actor = self.registry.resolve(institutions[0], ctx.when, ctx.named_ids)
                return Attribution(
                    self.registry.speaker(actor),
                    "anonymous_source",
                    "subject",
                    False,
                    True,
                    cue=subject_start,
                )
        name = NAME_RUN.match(ctx.text, subject_start, end)
        if (
            name is not None
            and trim_name(name.group()) == name.group()
            and self.name_kind(name.group()) == "person"
        ):
            # An unknown person opening the sentence is who a following "he" refers to; no claim from it.
            speaker = ctx.unknown_names.get(name.group()) or self.registry.unknown_speaker(name.group())
            ctx.unknown_names.setdefault(name.group(), speaker)
            ctx.unknown_names.setdefault(name.group().split()[-1], speaker)
            ctx.last_person = Attribution(speaker, "reported", "subject", True, False)
        return None

    # -- phrases -------------------------------------------------------------------------

    def _channel(self, sentence: str) -> str | None:
        cited = _CITING.search(sentence)
        if cited is not None:
            outlet = self.lexicon.outlet_name.search(cited.group(1))
            return outlet.group() if outlet else cited.group(1).strip()
        outlet = self.lexicon.outlet_name.search(sentence)
        if outlet is not None:
            return outlet.group()
        kind = self.lexicon.outlet_kind.search(sentence)
        return kind.group(1).strip() if kind else None
