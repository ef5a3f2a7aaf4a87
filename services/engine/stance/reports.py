"""Reports of the other side's acts: what a speaker tells of another party is no stance of their own."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from services.engine.lexicon import Lexicon
from services.engine.stance.scope import word_forms
from services.engine.syntax import text_of

if TYPE_CHECKING:
    from spacy.tokens import Token

    from services.engine.actors import ActorRegistry
    from services.engine.stance.scope import Scope


class OtherSide:
    """A test of subject words: do they name a registry actor of a known party other than the speaker's?

    `own` tells the converse: the words name an actor of the speaker's own party.
    """

    def __init__(self, actors: ActorRegistry, party: str) -> None:
        self._actors = actors
        self._party = party

    def _parties(self, words: str) -> set[str]:
        return {self._actors.resolve(m).party for m in self._actors.mentions(words)}

    def __call__(self, words: str) -> bool:
        parties = self._parties(words)
        return bool(parties) and self._party not in parties and "unknown" not in parties

    def own(self, words: str, demonyms: dict[str, str] | None = None) -> bool:
        """The words name an actor of the speaker's party, or its people ("the Saudi-led coalition")."""
        parties = self._parties(words)
        for country, demonym in (demonyms or {}).items():
            if re.search(rf"\b{re.escape(demonym)}\b", words):
                parties |= self._parties(country.title())
        return self._party in parties


def other_side_of(actors: ActorRegistry, party: str) -> OtherSide | None:
    """The test of subject words for a speaker of `party`; None when the party is not known (nothing
    to compare with)."""
    if party in ("unknown", "media", ""):
        return None
    return OtherSide(actors, party)


def said_of_the_other_side(scope: Scope, other_side: Callable[[str], bool]) -> bool:
    """Whether the nearest subject up the path names an actor of another party than the speaker's."""
    on_path = {t.i for t in scope.path}
    for token in scope.path:
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i not in on_path:
                if any(c.dep_ == "amod" and c.lower_ == "other" for c in child.children):
                    return True  # "the other side", "the other signatories": named as the other side
                words = text_of(child.doc)[child.left_edge.idx : child.right_edge.idx + len(child.right_edge)]
                return other_side(words)
    return False


def told_as_done(scope: Scope, lexicon: Lexicon, side: Callable[[str], bool] | None) -> bool:
    """A deal one side made, told as done by someone else ("Lima had signed the accord", "the rebel
    envoys signed it"): the speaker's account of that side's act, not the speaker's stance toward the deal.

    See `concluded_by_one_side`; the verb is the first one up the talk word's path.
    """
    if side is None:
        return False  # the speaker's party unknown: the side named may be the speaker's own
    act = next((t for t in scope.path[1:] if t.pos_ in ("VERB", "AUX")), None)
    return act is not None and concluded_by_one_side(act, lexicon, side)


def concluded_by_one_side(act: Token, lexicon: Lexicon, side: Callable[[str], bool] | None = None) -> bool:
    """A verb of concluding (stance.words.conclude) told as done, active, of one side named by a noun.

    Done: a past or a perfect, with no modal and no infinitive. One side: a singular noun ("Lima", "the
    government") or a plural of one people ("the Russian envoys"); the speaker's own side ("we", "our
    delegation", an actor of the speaker's party when it is known) stands, and so does both sides' deal
    told jointly ("the two parties have agreed", "Kiev and Moscow signed", "the delegations reached"):
    a mediator's account of the deal it brokered.
    """
    words = lexicon.stance_words
    if not set(word_forms(act, lexicon)) & words["conclude"]:
        return False
    auxiliaries = [c for c in act.children if c.dep_ in ("aux", "auxpass")]
    if act.tag_ not in ("VBD", "VBN") or any(a.tag_ in ("MD", "TO") or a.lower_ == "to" for a in auxiliaries):
        return False
    if (act.tag_ == "VBN" and not auxiliaries) or any(a.dep_ == "auxpass" for a in auxiliaries):
        return False  # "the deal signed last week", "a truce was agreed": no one named as its maker
    subject = _subject(act)
    if subject is None or subject.pos_ not in ("NOUN", "PROPN"):
        return False  # "we signed it", "they agreed": the speaker's side or the one just named
    if any(w.lower_ in words["first_person"] or w.lower_ in ("our", "my", "its") for w in subject.subtree):
        return False
    if _joint(subject):
        return False
    text = text_of(subject.doc)[subject.left_edge.idx : subject.right_edge.idx + len(subject.right_edge)]
    return not (isinstance(side, OtherSide) and side.own(text, lexicon.demonyms))


def _joint(subject: Token) -> bool:
    """A subject naming both sides: coordinated, "both"/"two"/"all", or a plural not of one people."""
    children = list(subject.children)
    if any(c.dep_ == "conj" for c in children):
        return True
    if any(c.lower_ in ("both", "two", "all", "each") for c in children):
        return True
    if subject.tag_ in ("NNS", "NNPS"):
        # "the Russian negotiators": one people's; "the delegations", "the rival factions": both
        return not any(c.dep_ == "amod" and c.text[:1].isupper() for c in children)
    return False


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or that of the verb it is coordinated with ("met and signed the deal")."""
    for candidate in (verb, verb.head if verb.dep_ == "conj" else verb):
        for child in candidate.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
    return None
