"""Documents as sources: "the statement" met again, and who issued the one a document word refers back to."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from schemas import Speaker
from services.engine.actors import UNKNOWN_PARTY, Mention, slugify
from services.engine.speech.memory import Resolved, SpeakerMemory
from services.engine.speech.names import NameRules, without_article
from services.engine.speech.references import refers_back

if TYPE_CHECKING:
    from spacy.tokens import Token

_POSSESSIVE_END = re.compile(r"['’]s?$")
# How far before the document word, within its sentence, its issuer may be named.
_ISSUER_REACH = 120
# What joins a document word to an issuer named after it: "a joint statement, X and Y ...", "a letter from X".
_AFTER_DOCUMENT = re.compile(
    r"\s*(?:,|(?:issued |released |signed |sent )?(?:by|from))\s*[\"“]?\s*(?:the\s+)?"
)


class DocumentRules(NameRules):
    """Resolution of statements, letters and papers as sources (shared by the source resolver)."""

    def _document(
        self, head: Token, lemma: str, text: str, mentions: list[Mention], memory: SpeakerMemory, at: int
    ) -> Resolved | None:
        """A statement, letter or communiqué as the source: "the statement" is the one met before.

        A document named again ("The statement added") is the issuer's word going on; a new one is
        described with the side it names, the first of a joint one's ("a joint Qatari-Egyptian statement").
        """
        if refers_back(head) and len(list(head.subtree)) <= 3:
            for known in reversed(memory.history):
                if lemma in known.words or head.lower_ in known.words:
                    return Resolved(known.speaker, known.kind, "nominal", known.resolved)
            issuer = None if self._party(text, mentions) != UNKNOWN_PARTY else self._issuer(memory, at)
            if issuer is not None:
                return issuer
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        party = self._party(text, mentions)
        if party == UNKNOWN_PARTY:
            # Hyphens join the issuers of a joint statement ("US-Saudi"), not a stance ("pro-Russian").
            party = self.speech.country_in(text.replace("-", " ")) or UNKNOWN_PARTY
        bare = refers_back(head) and len(list(head.subtree)) <= 2
        description = " ".join(without_article(text).split()[:12])
        speaker = Speaker(id=slugify(description)[:80], name=description, party=party)
        return Resolved(speaker, "body", "described", False, bare)

    def _issuer(self, memory: SpeakerMemory, at: int) -> Resolved | None:
        """Who issued the document "the document" refers back to: the side named where one was introduced.

        "China has released a paper on the crisis. ... The document says": a document word earlier in the
        article, with a known actor just before it in its sentence ("China's position paper", "X said in a
        statement") or right after it ("in a joint statement, X and Y urged", "a letter from X"); the
        nearest such introduction wins.
        """
        before = memory.text[:at]
        for noun in reversed(list(self.speech.document_word.finditer(before))):
            sentence_start = max(before.rfind(". ", 0, noun.start()), before.rfind("\n", 0, noun.start())) + 1
            lead = before[max(sentence_start, noun.start() - _ISSUER_REACH) : noun.start()]
            if self.lexicon.outlet_name.search(lead) or self.lexicon.outlet_kind.search(lead):
                continue  # "according to the French agency AFP, in a statement": the outlet's country
            if _quoted(before, noun.start()):
                continue  # "... to draw a roadmap for the talks": a word of a quotation introduces nothing
            issuer = self._side_named(lead, memory, last=True)
            after = _AFTER_DOCUMENT.match(before, noun.end())
            if issuer is None and after is not None:
                following = before[after.end() : after.end() + _ISSUER_REACH]
                issuer = self._side_named(following, memory, last=False)
            if issuer is not None:
                return issuer
        return None

    def _side_named(self, words: str, memory: SpeakerMemory, last: bool) -> Resolved | None:
        """The actor named in `words`: the last one before a document word, or the one they open after it."""
        named = self.registry.mentions(words)
        if named and (last or named[0].start == 0):
            actor = self.registry.resolve(named[-1] if last else named[0], memory.when)
            kind = "person" if actor.kind == "person" else "body"
            return Resolved(self.registry.speaker(actor), kind, "nominal", True)
        countries = [
            (m, code)
            for m in self.speech.country_pattern.finditer(words)
            if (code := self.speech.country_in(m.group())) is not None
        ]
        if countries and (last or countries[0][0].start() == 0):
            # "Turkey has published a paper": the country stands for its government, as "Ankara said".
            found, code = countries[-1] if last else countries[0]
            name = _POSSESSIVE_END.sub("", found.group())
            speaker = Speaker(id=f"{slugify(name)}-government", name=name, party=code)
            return Resolved(speaker, "body", "nominal", False)
        return None


def _quoted(text: str, at: int) -> bool:
    """Whether offset `at` lies inside a quotation opened earlier in its paragraph."""
    opened = text[text.rfind("\n", 0, at) + 1 : at]
    return opened.count("“") > opened.count("”") or opened.count('"') % 2 == 1
