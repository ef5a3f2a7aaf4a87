"""Speakers referred back to: a pronoun's referent, "the minister" for the last speaker with that role.

The source resolver remembers every speaker it resolves (with the words of its phrase and its gender) so
that later pronouns and definite descriptions in the article find them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from schemas import Speaker
from services.engine.actors import UNKNOWN_PARTY, ActorRegistry, slugify
from services.engine.speech.lexicon import SpeechLexicon
from services.engine.speech.memory import Known, Resolved, SpeakerMemory
from services.engine.syntax import entities

if TYPE_CHECKING:
    from spacy.tokens import Token

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
BODY_PRONOUNS = frozenset({"it", "they", "we", "them"})


class ReferenceRules:
    """Pronouns and definite roles resolved against remembered speakers (shared by the source resolver)."""

    registry: ActorRegistry
    speech: SpeechLexicon

    def _pronoun(self, lower: str, memory: SpeakerMemory, at: int) -> Resolved | None:
        if lower in MALE_PRONOUNS or lower in FEMALE_PRONOUNS:
            gender = "male" if lower in MALE_PRONOUNS else "female"
            known = memory.last(("person",), gender)
            named = [s for offset, s in memory.named_persons if memory.last_speaker_at < offset < at]
            if named and (known is None or named[-1].id != known.speaker.id):
                speaker = named[-1]
                found = Resolved(speaker, "person", "pronoun", True)
                self._remember(found, frozenset(), gender, memory, at)
                return Resolved(speaker, "person", "pronoun", True)
            if known is None:
                return None
            known.gender = known.gender or gender
            memory.last_speaker_at = at
            return Resolved(known.speaker, "person", "pronoun", known.resolved)
        if lower in BODY_PRONOUNS:
            kinds = ("body", "anonymous") if lower != "it" else ("body",)
            known = memory.last(kinds)
            if known is None:
                return None
            memory.last_speaker_at = at
            return Resolved(known.speaker, known.kind, "pronoun", known.resolved)
        return None

    def _referent(
        self, lemma: str, word: str, kinds: tuple[str, ...], party: str, memory: SpeakerMemory, at: int
    ) -> Resolved | None:
        """The last speaker, or person introduced with a role, that "the <lemma>" can stand for."""
        generic = lemma in self.speech.generic_roles
        candidates: list[tuple[int, Resolved, frozenset[str], str]] = []
        for known in memory.history:
            if known.kind in kinds:
                resolved = Resolved(known.speaker, known.kind, "nominal", known.resolved)
                words = known.words | self._role_words(known, memory)
                candidates.append((known.at, resolved, words, known.speaker.party))
        if "person" in kinds:
            for titled in memory.titled:
                if titled.at >= at:
                    break
                actor = self.registry.lookup(titled.name)
                if actor is not None:
                    resolved = Resolved(self.registry.speaker(actor), "person", "nominal", True)
                else:
                    speaker = Speaker(id=slugify(titled.name)[:80], name=titled.name, party=titled.party)
                    resolved = Resolved(speaker, "person", "nominal", False)
                candidates.append((titled.at, resolved, titled.words, resolved.speaker.party))
        wanted = self.speech.spelled(frozenset({lemma, word}))
        latest_first = sorted(candidates, key=lambda c: c[0], reverse=True)
        for _, resolved, words, known_party in latest_first:
            if party != UNKNOWN_PARTY and known_party != party:
                continue
            words = self.speech.spelled(words)
            if wanted & words or (generic and words & self.speech.person_nouns):
                return resolved
        if party != UNKNOWN_PARTY and "person" in kinds and lemma in self.speech.talks_roles:
            return self._of_side_in_talks(party, latest_first, memory, at)
        return None

    def _of_side_in_talks(
        self,
        party: str,
        candidates: list[tuple[int, Resolved, frozenset[str], str]],
        memory: SpeakerMemory,
        at: int,
    ) -> Resolved | None:
        """The latest person of `party` who spoke or was named before: "the Russian negotiator" in talks."""
        persons = [(offset, r) for offset, r, _, known_party in candidates if known_party == party]
        persons = [(offset, r) for offset, r in persons if r.kind == "person" and offset < at]
        for offset, speaker in memory.named_persons:
            if offset < at and speaker.party == party:
                persons.append((offset, Resolved(speaker, "person", "nominal", True)))
        if not persons:
            return None
        return max(persons, key=lambda p: p[0])[1]

    def _role_words(self, known: Known, memory: SpeakerMemory) -> frozenset[str]:
        """The words of the roles the registry gives a known actor on the article's date.

        "Sullivan said ... the national security adviser added": the registry's role for the speaker
        tells what "the adviser" stands for when the article's own introduction of him is lost.
        """
        entry = self.registry.get(known.speaker.id) if known.resolved else None
        if entry is None:
            return frozenset()
        return frozenset(
            word.casefold()
            for role in entry.roles
            if (role.from_ is None or memory.when is None or role.from_ <= memory.when)
            and (role.to is None or memory.when is None or memory.when <= role.to)
            for word in role.text.split()
        )

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
            at,
        )
        memory.remember(known, at)


def main_subject(pronoun: Token) -> Token | None:
    """The named subject of the main clause when a pronoun is the subject of a clause inside it."""
    verb = pronoun.head
    root = pronoun.sent.root
    if verb is root or verb.dep_ not in ("relcl", "advcl", "pcomp", "acl"):
        return None
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ != "PROPN":
        return None
    entities(subject.doc)
    if subject.ent_type_ not in ("PERSON", ""):
        return None
    return subject


def refers_back(head: Token) -> bool:
    """ "the minister", "this official": a definite description, not "Iran's foreign ministry spokesman"."""
    children = list(head.children)
    if any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in children):
        return False
    determiners = [c for c in children if c.dep_ in ("det", "poss", "nummod")]
    if not determiners:
        # "Russian chief negotiator said": journalese drops the article of a definite role.
        return head.tag_ not in ("NNS", "NNPS")
    return any(c.lower_ in ("the", "this", "that", "his", "her", "its", "their") for c in determiners)


def pronoun_gender(words: frozenset[str], speech: SpeechLexicon) -> str | None:
    if words & speech.female_nouns:
        return "female"
    if words & speech.male_nouns:
        return "male"
    return None
