"""Main clauses that make no step of the speaker's, or name terms without a talk word: backing a side
("support Moldova"), a relative clause telling what a deal holds ("during which ..."), and what a side
asked for as the subject of "be" ("what we asked for was partial relief")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.engine.lexicon import Lexicon
from services.engine.stance.scope import is_be, word_forms

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
