"""Who a source noun phrase names: a registry actor, a person or body by its own name, a pronoun's referent.

Resolution of the phrase headed by a token of a parsed sentence, in order:
- a pronoun: the last compatible speaker ("he"/"she": a person of that gender, "it"/"they": a body or an
  unnamed source), or a person the registry finds named in the sentences just before;
- a registry wording covering the head ("Sergey Lavrov", "Kremlin spokesman", "the State Department");
- an outlet ("Reuters", "the newspaper"): a channel, marked as such;
- a name (proper nouns at the head): the registry's actor of that name, a person named earlier with the
  same surname, else the name as written (slug id) with the party a country in the phrase gives;
- an unnamed source ("officials", "a source close to ..."): the institution named in the phrase, else a
  generic unnamed source described by the phrase;
- a role or body without a name ("the minister", "the ministry"): the last speaker whose description
  has that word, else the description itself as the speaker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from schemas import Speaker
from services.engine.actors import UNKNOWN_PARTY, ActorRegistry, Mention, slugify
from services.engine.lexicon import Lexicon
from services.engine.speech.lexicon import SpeechLexicon

if TYPE_CHECKING:
    from spacy.tokens import Token

_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})
_BODY_PRONOUNS = frozenset({"it", "they", "we", "them"})
_INDEFINITE = frozenset(
    {
        "a",
        "an",
        "some",
        "several",
        "two",
        "three",
        "four",
        "many",
        "other",
        "another",
        "one",
        "few",
        "multiple",
        "numerous",
        "various",
        "both",
        "senior",
        "top",
    }
)
_OUTLET_PARTY = "media"


@dataclass
class Known:
    """A speaker met earlier in the article, with what later mentions may refer to it by."""

    speaker: Speaker
    kind: str  # person | body | anonymous | outlet
    words: frozenset[str]
    gender: str | None = None
    resolved: bool = False


@dataclass(frozen=True)
class Resolved:
    """The speaker a source phrase names and how."""

    speaker: Speaker
    kind: str  # person | body | anonymous | outlet
    via: str  # registry | name | pronoun | nominal | described | anonymous | outlet
    resolved: bool  # a registry actor


@dataclass
class SpeakerMemory:
    """What one article has established so far: the speakers in order, the persons the registry saw."""

    when: date | None
    history: list[Known] = field(default_factory=list)
    # (offset, speaker) of registry persons named in the text, to resolve "he" after a sentence with no cue.
    named_persons: list[tuple[int, Speaker]] = field(default_factory=list)
    last_speaker_at: int = -1

    def remember(self, known: Known, at: int) -> None:
        self.history = [k for k in self.history if k.speaker.id != known.speaker.id]
        self.history.append(known)
        self.last_speaker_at = at

    def last(self, kinds: tuple[str, ...], gender: str | None = None) -> Known | None:
        for known in reversed(self.history):
            if known.kind in kinds and (gender is None or known.gender in (None, gender)):
                return known
        return None


class SourceResolver:
    """Resolves source phrases of parsed sentences against the registry, the vocabulary and the memory."""

    def __init__(self, registry: ActorRegistry, lexicon: Lexicon, speech: SpeechLexicon) -> None:
        self.registry = registry
        self.lexicon = lexicon
        self.speech = speech

    # -- entry point ---------------------------------------------------------------------

    def resolve(
        self, head: Token, phrase: tuple[int, int], memory: SpeakerMemory, at: int
    ) -> Resolved | None:
        """The speaker the phrase [start, end) of `head`'s sentence names; `at`: the sentence's offset."""
        text = head.doc.text[phrase[0] : phrase[1]]
        lower = head.lower_
        if head.pos_ == "PRON" or lower in _MALE | _FEMALE | _BODY_PRONOUNS:
            return self._pronoun(lower, memory, at)
        words = frozenset(t.lower_ for t in head.subtree if t.is_alpha)
        mentions = self.registry.mentions(text)
        offset = head.idx - phrase[0]
        covering = [m for m in mentions if m.start <= offset < m.end] if 0 <= offset < len(text) else []
        found: Resolved | None = None
        if covering:
            found = self._registry(covering[0], memory)
        elif self._is_outlet(text, head):
            name = _without_article(text)
            found = Resolved(
                Speaker(id=slugify(name)[:80], name=name, party=_OUTLET_PARTY), "outlet", "outlet", False
            )
        elif head.pos_ == "PROPN":
            found = self._name(head, text, mentions, memory)
        elif self._is_anonymous(head):
            found = self._anonymous(head, text, mentions, memory)
        else:
            found = self._nominal(head, text, mentions, memory, words)
        if found is None:
            return None
        gender = _gender(words, self.speech)
        self._remember(found, words, gender, memory, at)
        return found

    # -- forms ---------------------------------------------------------------------------

    def _pronoun(self, lower: str, memory: SpeakerMemory, at: int) -> Resolved | None:
        if lower in _MALE or lower in _FEMALE:
            gender = "male" if lower in _MALE else "female"
            known = memory.last(("person",), gender)
            named = [s for offset, s in memory.named_persons if memory.last_speaker_at < offset < at]
            if named and (known is None or named[-1].id != known.speaker.id):
                speaker = named[-1]
                self._remember(Resolved(speaker, "person", "pronoun", True), frozenset(), gender, memory, at)
                return Resolved(speaker, "person", "pronoun", True)
            if known is None:
                return None
            known.gender = known.gender or gender
            memory.last_speaker_at = at
            return Resolved(known.speaker, "person", "pronoun", known.resolved)
        if lower in _BODY_PRONOUNS:
            kinds = ("body", "anonymous") if lower != "it" else ("body",)
            known = memory.last(kinds)
            if known is None:
                return None
            memory.last_speaker_at = at
            return Resolved(known.speaker, known.kind, "pronoun", known.resolved)
        return None

    def _registry(self, mention: Mention, memory: SpeakerMemory) -> Resolved:
        actor = self.registry.resolve(mention, memory.when)
        kind = "person" if actor.kind == "person" else "body"
        return Resolved(self.registry.speaker(actor), kind, "registry", True)

    def _name(
        self, head: Token, text: str, mentions: list[Mention], memory: SpeakerMemory
    ) -> Resolved | None:
        name_tokens = [t for t in head.lefts if t.dep_ in ("compound", "flat") and t.pos_ == "PROPN"]
        name_tokens = [t for t in name_tokens if t.i >= _contiguous_start(head)]
        tokens = [*name_tokens, head]
        while (
            tokens
            and (
                tokens[0].lower_ in self.speech.person_nouns
                or tokens[0].lower_ in self.speech.organization_nouns
                or self.speech.country_in(tokens[0].text) is not None
            )
            and len(tokens) > 1
        ):
            tokens.pop(0)
        name = " ".join(t.text for t in tokens).strip(" ,.'’")
        if not name:
            return None
        is_body = (
            head.ent_type_ in ("ORG", "GPE", "NORP", "FAC", "LOC")
            or head.lower_ in self.speech.organization_nouns
        )
        actor = self.registry.lookup(name)
        if actor is not None:
            kind = "person" if actor.kind == "person" else "body"
            return Resolved(self.registry.speaker(actor), kind, "registry", True)
        if not is_body:
            surname = tokens[-1].text
            for known in reversed(memory.history):
                if known.kind == "person" and known.speaker.name.split()[-1:] == [surname]:
                    return Resolved(known.speaker, "person", "name", known.resolved)
        party = self._party(text, mentions)
        if is_body:
            code = self.speech.country_in(name)
            if code is not None and len(tokens) == 1:
                # "Tehran said": a capital or a country stands for its government.
                return Resolved(
                    Speaker(id=f"{slugify(name)}-government", name=name, party=code), "body", "name", False
                )
            return Resolved(Speaker(id=slugify(name)[:80], name=name, party=party), "body", "name", False)
        return Resolved(Speaker(id=slugify(name)[:80], name=name, party=party), "person", "name", False)

    def _is_anonymous(self, head: Token) -> bool:
        if (
            head.lower_ not in self.speech.anonymous_heads
            and head.lemma_.casefold() not in self.speech.anonymous_heads
        ):
            return False
        if any(
            c.dep_ in ("compound", "appos") and c.pos_ == "PROPN" and c.ent_type_ == "PERSON"
            for c in head.children
        ):
            return False
        determiners = [c.lower_ for c in head.children if c.dep_ in ("det", "nummod", "amod", "quantmod")]
        plural = head.tag_ in ("NNS", "NNPS")
        definite = any(d in ("the", "this", "that", "these", "those") for d in determiners)
        if definite and not plural:
            return False  # "the official": a description, resolved as a role
        return plural or any(d in _INDEFINITE for d in determiners) or not determiners

    def _anonymous(self, head: Token, text: str, mentions: list[Mention], memory: SpeakerMemory) -> Resolved:
        bodies = [m for m in mentions if m.candidates[0].actor.kind != "person"]
        if bodies:
            actor = self.registry.resolve(bodies[0], memory.when)
            return Resolved(self.registry.speaker(actor), "anonymous", "anonymous", True)
        description = _without_article(text)
        party = self._party(text, mentions)
        speaker = Speaker(id=("source-" + slugify(description))[:80], name=description, party=party)
        return Resolved(speaker, "anonymous", "anonymous", False)

    def _nominal(
        self, head: Token, text: str, mentions: list[Mention], memory: SpeakerMemory, words: frozenset[str]
    ) -> Resolved | None:
        lemma = head.lemma_.casefold()
        if lemma in self.speech.person_nouns or head.lower_ in self.speech.person_nouns:
            kinds: tuple[str, ...] = ("person",)
        elif lemma in self.speech.organization_nouns:
            kinds = ("body",)
        elif lemma in self.speech.anonymous_heads:
            kinds = ("anonymous", "person")
        else:
            kinds = ()
        party = self._party(text, mentions)
        if kinds and _refers_back(head):
            for known in reversed(memory.history):
                if known.kind not in kinds or (party != UNKNOWN_PARTY and known.speaker.party != party):
                    continue
                if lemma in known.words or head.lower_ in known.words:
                    return Resolved(known.speaker, known.kind, "nominal", known.resolved)
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        description = _without_article(text)
        if len(description.split()) > 12:
            description = " ".join(description.split()[:12])
        kind = "person" if kinds == ("person",) else "body"
        speaker = Speaker(id=slugify(description)[:80], name=description, party=party)
        return Resolved(speaker, kind, "described", False)

    # -- helpers -------------------------------------------------------------------------

    def _party(self, text: str, mentions: list[Mention]) -> str:
        """The side a phrase tells: a registry actor named in it, else a country, demonym or capital."""
        for mention in mentions:
            party = mention.candidates[0].actor.party
            if party and party != UNKNOWN_PARTY:
                return party
        return self.speech.country_in(text) or UNKNOWN_PARTY

    def _is_outlet(self, text: str, head: Token) -> bool:
        bare = _without_article(text)
        lexicon = self.lexicon
        if lexicon.outlet_name.fullmatch(bare) or lexicon.outlet_word.fullmatch(bare):
            return True
        if head.pos_ == "PROPN" and lexicon.outlet_name.fullmatch(head.text):
            return True
        return head.pos_ == "NOUN" and head.lemma_.casefold() in self.speech.channel_nouns

    def _remember(
        self, found: Resolved, words: frozenset[str], gender: str | None, memory: SpeakerMemory, at: int
    ) -> None:
        if found.kind == "outlet":
            return
        previous = next((k for k in memory.history if k.speaker.id == found.speaker.id), None)
        merged = (
            words
            | (previous.words if previous else frozenset())
            | frozenset(w.casefold() for w in found.speaker.name.split())
        )
        known = Known(
            found.speaker,
            found.kind,
            merged,
            gender or (previous.gender if previous else None),
            found.resolved,
        )
        memory.remember(known, at)


def _refers_back(head: Token) -> bool:
    """ "the minister", "this official": a definite description, not "Iran's foreign ministry spokesman"."""
    children = list(head.children)
    if any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in children):
        return False
    return any(
        c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "his", "her", "its", "their")
        for c in children
    )


def _contiguous_start(head: Token) -> int:
    """The index where the run of proper nouns ending at `head` starts."""
    index = head.i
    while index > 0 and head.doc[index - 1].pos_ == "PROPN" and head.doc[index - 1].head.i in (head.i, index):
        index -= 1
    return index


def _gender(words: frozenset[str], speech: SpeechLexicon) -> str | None:
    if words & speech.female_nouns:
        return "female"
    if words & speech.male_nouns:
        return "male"
    return None


def _without_article(text: str) -> str:
    words = text.strip(" ,.'’\"").split()
    if words and words[0].casefold() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)
