"""Main clauses that make no step of the speaker's, or name terms without a talk word: backing a side
("support Moldova"), a relative clause telling what a deal holds ("during which ..."), a principle stated
("the charter must be observed"), what a side asked for as the subject of "be" ("what we asked for was
partial relief") and a side's position as a subject ("our position will not change")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.engine.lexicon import Lexicon
from services.engine.stance.scope import deontic, is_be, word_forms

if TYPE_CHECKING:
    from spacy.tokens import Token


def what_was_asked(token: Token, lexicon: Lexicon) -> bool:
    """ "What we asked for was X", "what they proposed was not X but Y": "be" whose subject clause is a
    demand or an offer names the terms asked (stance.words.demand, "propose", "offer")."""
    if not is_be(token):
        return False
    words = lexicon.stance_words
    asking = words["demand"] | {"propose", "offer"}
    return any(
        c.dep_ == "csubj"
        and bool(set(word_forms(c, lexicon)) & asking)
        and any(w.lower_ == "what" for w in c.subtree)
        for c in token.children
    )


def relative_clause(token: Token) -> bool:
    """A clause a relative word opens through a preposition ("during which", "under which"): it tells
    what its noun holds, as a relative clause does."""
    return any(
        c.dep_ == "prep" and any(o.dep_ == "pobj" and o.lower_ in ("which", "whom") for o in c.children)
        for c in token.children
    )


def backs_a_side(token: Token, lexicon: Lexicon) -> bool:
    """A verb of support whose object is a country, a people or a person ("support Moldova", "stand by
    the Kurds") or the bond with one (stance.words.side: "keep up their solidarity"): the speaker backs a
    side, which says nothing of talks or a deal."""
    if not set(word_forms(token, lexicon)) & lexicon.stance_words["support"]:
        return False
    objects = [c for c in token.children if c.dep_ == "dobj"]
    objects += [o for p in token.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
    sides = lexicon.stance_words["side"]
    return bool(objects) and all(
        o.ent_type_ in ("GPE", "NORP", "PERSON")
        or (o.pos_ == "PROPN" and not o.ent_type_)
        or o.lemma_.casefold() in sides
        for o in objects
    )


def principle_stated(token: Token, forms: set[str], lexicon: Lexicon) -> bool:
    """A thing that must (not) be kept or reached, in the passive, with no one named as its subject ("the
    charter must be strictly observed", "a country's safety should not be achieved by expanding blocs"):
    a principle stated (stance.words.principle), not terms set on the other side nor a refusal."""
    if not (forms & lexicon.stance_words["principle"]) or not deontic(token, lexicon):
        return False
    if not any(c.dep_ == "auxpass" for c in token.children):
        return False
    subjects = [c for c in token.children if c.dep_ == "nsubjpass"]
    return bool(subjects) and all(
        s.pos_ == "NOUN" and s.ent_type_ not in ("GPE", "NORP", "ORG", "PERSON") for s in subjects
    )


def position_subject(token: Token, lexicon: Lexicon) -> bool:
    """The verb's subject is a side's position (stance.words.position: "our position", "Lima's stance")."""
    return any(
        c.dep_ == "nsubj" and c.lemma_.casefold() in lexicon.stance_words["position"] for c in token.children
    )
