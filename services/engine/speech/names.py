"""Names in a source phrase: the person or body a proper noun, a title or a national institution names."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from schemas import Speaker
from services.engine.actors import UNKNOWN_PARTY, ActorRegistry, Mention, slugify
from services.engine.lexicon import Lexicon
from services.engine.speakers import full_name
from services.engine.speech.lexicon import SpeechLexicon
from services.engine.speech.memory import Resolved, SpeakerMemory
from services.engine.syntax import entities

if TYPE_CHECKING:
    from spacy.tokens import Token

_POSSESSIVE_WORD = re.compile(r"['’]s?$")


class NameRules:
    """Resolution of names, titles and national institutions (shared by the source resolver)."""

    registry: ActorRegistry
    lexicon: Lexicon
    speech: SpeechLexicon

    def _name(
        self, head: Token, text: str, mentions: list[Mention], memory: SpeakerMemory, at: int
    ) -> Resolved | None:
        name = self._person_entity(head) or self._name_tokens(head)
        if not name:
            return None
        is_body = (
            head.ent_type_ in ("ORG", "GPE", "NORP", "FAC", "LOC")
            or (head.lower_ in self.speech.organization_nouns and head.ent_type_ != "PERSON")
            # "Tehran said" with or without a named-entity tagger: a capital or country is a body.
            or (len(name.split()) == 1 and self.speech.country_in(name) is not None)
        )
        actor = self.registry.lookup(name)
        if actor is not None:
            kind = "person" if actor.kind == "person" else "body"
            return Resolved(self.registry.speaker(actor), kind, "registry", True)
        if is_body and self.speech.country_in(name) is None:
            # "Following the meeting, Tukur told": a tagger's place or body that is a speaker's surname.
            last = name.split()[-1:]
            persons = [k.speaker.name.split()[-1:] for k in memory.history if k.kind == "person"]
            single = len(name.split()) == 1
            introduced = single and any(name in t.name.split() for t in memory.titled if t.at < at)
            in_registry = single and self._named_earlier(name, memory, at) is not None
            is_body = last not in persons and not introduced and not in_registry
        party = self._party(text, mentions)
        if party == UNKNOWN_PARTY and name in memory.acronym_sides:
            party = memory.acronym_sides[name]  # "the PLC": the side its introduction told
        if not is_body:
            surname = name.split()[-1]
            for known in reversed(memory.history):
                if known.kind == "person" and known.speaker.name.split()[-1:] == [surname]:
                    if not known.resolved and known.speaker.name == name:
                        # A bare surname met as nobody known: a registry person named earlier may be it.
                        named = self._named_earlier(name, memory, at)
                        if named is not None:
                            return named
                    if known.speaker.party == UNKNOWN_PARTY:
                        # Met first without a side (a headline): the phrase or an introduction tells it.
                        told = party if party != UNKNOWN_PARTY else _titled_party(known.speaker.name, memory)
                        if told != UNKNOWN_PARTY:
                            known.speaker = known.speaker.model_copy(update={"party": told})
                    return Resolved(known.speaker, "person", "name", known.resolved)
            single = len(name.split()) == 1
            for titled in reversed(memory.titled):
                # "Ri said" after "Foreign Minister Ri Yong Ho": a family name may be written first.
                same = titled.name == name or titled.name.split()[-1] == surname
                if titled.at < at + len(text) and (same or (single and name in titled.name.split())):
                    found = self.registry.lookup(titled.name)
                    if found is not None:
                        return Resolved(self.registry.speaker(found), "person", "registry", True)
                    party = party if party != UNKNOWN_PARTY else titled.party
                    name = titled.name if len(titled.name) > len(name) else name
                    break
            if len(name.split()) == 1:
                named = self._named_earlier(name, memory, at)
                if named is not None:
                    return named
                # "Kim, wearing a grey suit, said": the full name written earlier in the article.
                name = self._strip_titles(full_name(name, memory.text[:at])) or name
                actor = self.registry.lookup(name)
                if actor is not None and actor.kind == "person":
                    return Resolved(self.registry.speaker(actor), "person", "registry", True)
            if party == UNKNOWN_PARTY:
                # "X tells CNN" in a headline, "US envoy X" in the story: the introduction tells the side.
                party = _titled_party(name, memory)
        if is_body:
            national = self._national_institution(head, name, mentions, memory)
            if national is not None:
                return national
            code = self.speech.country_in(name)
            if code is not None and len(name.split()) == 1:
                # "Tehran said": a capital or a country stands for its government.
                return Resolved(
                    Speaker(id=f"{slugify(name)}-government", name=name, party=code), "body", "name", False
                )
            return Resolved(Speaker(id=slugify(name)[:80], name=name, party=party), "body", "name", False)
        return Resolved(Speaker(id=slugify(name)[:80], name=name, party=party), "person", "name", False)

    def _named_earlier(self, word: str, memory: SpeakerMemory, at: int) -> Resolved | None:
        """The registry person named earlier in the article whose name has this word ("Wang" after "Wang
        Yi", "Mr Johnson" after "Boris Johnson's demands"), the latest one if several."""
        if self.speech.is_title_word(word) or not word[:1].isupper():
            return None  # "President" alone names nobody
        for mention in reversed(self.registry.mentions(memory.text[:at])):
            if len(mention.candidates) != 1:
                continue
            actor = mention.candidates[0].actor
            wordings = (actor.name, *actor.aliases)
            if actor.kind == "person" and any(word in wording.split() for wording in wordings):
                return Resolved(self.registry.speaker(actor), "person", "registry", True)
        return None

    def _national_institution(
        self, head: Token, name: str, mentions: list[Mention], memory: SpeakerMemory
    ) -> Resolved | None:
        """ "Egypt's Foreign Ministry": the registry's entry for that institution, else the country's own.

        The country may be written as a possessive or an adjective; the registry may list the institution
        under the adjective form ("Egyptian Foreign Ministry").
        """
        doc = head.doc
        country_words = [
            t.text for t in head.subtree if t.i < head.i and self.speech.country_in(t.text) is not None
        ]
        if not country_words or head.lower_ not in self.speech.organization_nouns:
            return None
        demonym = self.lexicon.demonyms.get(country_words[0].casefold())
        bare = " ".join(w for w in name.split() if w not in country_words)
        for wording in filter(None, (f"{demonym} {bare}" if demonym else None, f"{country_words[0]} {bare}")):
            actor = self.registry.lookup(wording)
            if actor is not None:
                return Resolved(self.registry.speaker(actor), "body", "registry", True)
        del doc
        for mention in mentions:
            actor = self.registry.resolve(mention, memory.when)
            if actor.kind != "person" and mention.text in country_words:
                return Resolved(self.registry.speaker(actor), "body", "registry", True)
        if demonym is None:
            return None
        national = f"{demonym} {bare}"
        code = self.speech.country_in(country_words[0]) or UNKNOWN_PARTY
        return Resolved(Speaker(id=slugify(national)[:80], name=national, party=code), "body", "name", False)

    def _name_tokens(self, head: Token) -> str:
        """The proper nouns ending at `head`, without the title words leading them."""
        name_tokens = [t for t in head.lefts if t.dep_ in ("compound", "flat") and t.pos_ == "PROPN"]
        name_tokens = [t for t in name_tokens if t.i >= _contiguous_start(head)]
        tokens = [*name_tokens, head]
        while (
            len(tokens) > 1
            and head.lower_ not in self.speech.organization_nouns
            and (
                self.speech.is_title_word(tokens[0].text)
                or tokens[0].lower_ in self.speech.organization_nouns
                or self.speech.country_in(tokens[0].text) is not None
            )
        ):
            tokens.pop(0)
        return " ".join(t.text for t in tokens).strip(" ,.'’")

    def _speech_owner(self, head: Token) -> Token | None:
        """The possessor of a statement-like noun ("X's statement", "the minister's remarks")."""
        nouns = self.speech.speech_nouns
        if head.lemma_.casefold() not in nouns and head.lower_ not in nouns:
            return None
        owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")), None)
        if owner is not None:
            return owner
        # "a statement from Secretary of State X", "a letter by the president": the issuer named after it.
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "by"):
                issuer = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if issuer is not None and issuer.pos_ in ("PROPN", "NOUN"):
                    return issuer
        return None

    def _named_in_title(self, head: Token) -> Token | None:
        """The person a title or a dateline heads ("Hamas's spokesman X", "Minister of Foreign Affairs X")."""
        entities(head.doc)
        if head.ent_type_ == "PERSON":
            return None
        carriers = [c for c in head.children if c.dep_ == "appos"]
        if head.lower_ in self.speech.person_nouns or head.pos_ == "PROPN":
            carriers += [
                grand
                for c in head.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for grand in c.children
                if grand.dep_ == "pobj"
            ]
        person = next((c for c in carriers if c.ent_type_ == "PERSON"), None)
        if person is None and head.lower_ in self.speech.person_nouns:
            # "Minister of Foreign Affairs Cavusoglu": the name closing the title, tagged or not.
            person = next(
                (
                    c
                    for c in carriers
                    if c.pos_ == "PROPN"
                    and c.ent_type_ in ("", "PERSON")
                    and c.lower_ not in self.speech.organization_nouns
                    and not self.speech.is_title_word(c.text)
                    and self.speech.country_in(c.text) is None
                    and c.i == c.right_edge.i
                ),
                None,
            )
        return person

    def _person_entity(self, head: Token) -> str | None:
        """The person a phrase names: the PERSON entity at its head, or one its title or dateline carries.

        "Karine Jean-Pierre" is one entity however it is tokenized; in "Minister of Foreign Affairs X" and
        "TEHRAN (agency) - ... X said" the parse hangs the name under the title or the dateline.
        """
        doc = entities(head.doc)
        if head.ent_type_ == "PERSON":
            entity = next((e for e in doc.ents if e.start <= head.i < e.end), None)
            if entity is not None:
                return self._strip_titles(entity.text)
        carriers = [c for c in head.children if c.dep_ == "appos"]
        if head.lower_ in self.speech.person_nouns or head.ent_type_ in ("GPE", "ORG", ""):
            carriers += [
                grand
                for c in head.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for grand in c.children
                if grand.dep_ == "pobj"
            ]
        for carrier in carriers:
            if carrier.ent_type_ == "PERSON":
                entity = next((e for e in doc.ents if e.start <= carrier.i < e.end), None)
                if entity is not None:
                    return self._strip_titles(entity.text)
        return None

    def _strip_titles(self, name: str) -> str:
        words = name.split()
        # "Hamas's spokesman Hazem Qassem", "EU's trade chief X": the name follows the last title word.
        cut = max(
            (
                i + 1
                for i, w in enumerate(words[:-1])
                if _POSSESSIVE_WORD.search(w) or w.casefold() in self.speech.person_nouns
            ),
            default=0,
        )
        words = words[cut:]
        while len(words) > 1 and (
            self.speech.is_title_word(words[0])
            or words[0].casefold().strip(".") in ("mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen")
            or self.speech.country_in(words[0]) is not None
        ):
            words.pop(0)
        return " ".join(words).strip(" ,.'’")

    def _party(self, text: str, mentions: list[Mention]) -> str:
        """The side a phrase tells: a registry actor named in it, else a country, demonym or capital."""
        for mention in mentions:
            party = mention.candidates[0].actor.party
            if party and party != UNKNOWN_PARTY:
                return party
        return self.speech.country_in(text) or UNKNOWN_PARTY


def _titled_party(name: str, memory: SpeakerMemory) -> str:
    """The side the article's introduction of this person gives ("US envoy X"), wherever it stands."""
    surname = name.split()[-1]
    for titled in memory.titled:
        if titled.party != UNKNOWN_PARTY and (titled.name == name or titled.name.split()[-1] == surname):
            return titled.party
    return UNKNOWN_PARTY


def _contiguous_start(head: Token) -> int:
    """The index where the run of proper nouns ending at `head` starts."""
    index = head.i
    while index > 0 and head.doc[index - 1].pos_ == "PROPN" and head.doc[index - 1].head.i in (head.i, index):
        index -= 1
    return index


def without_article(text: str) -> str:
    words = text.strip(" ,.'’\"").split()
    if words and words[0].casefold() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)
