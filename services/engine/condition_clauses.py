"""Condition clauses on the predicates that govern a talk word: what makes a stance conditional.

A clause marker ("until", "unless", "only if", "once", "as long as") whose clause hangs on a predicate over
the talk word, unless the clause tells the past; a listed preposition ("until the withdrawal of ...");
"not ... without" ("will not negotiate without concessions"); "only" over such a predicate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.engine.lexicon import Lexicon
from services.engine.syntax import text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_NEGATION_WORDS = frozenset({"not", "never", "n't", "no", "neither", "nor", "without", "cannot"})
# Markers whose clause may hold the talk word itself: "tariffs stay until a new deal is signed".
_AWAITING = frozenset({"until", "till", "unless"})


def sets_terms(doc: Doc | Span, scope_tokens: set[int], lexicon: Lexicon) -> bool:
    """A condition clause, a "not ... without", or an "only" on a predicate over the talk word."""
    return (
        _attached_condition(doc, scope_tokens, lexicon)
        or any(_demands_first(doc.doc[i]) for i in scope_tokens)
        or _only_governs(doc, scope_tokens)
    )


def _attached_condition(doc: Doc | Span, scope_tokens: set[int], lexicon: Lexicon) -> bool:
    """A condition clause (until, unless, only if, once, as long as ...) on a predicate in scope.

    A clause marker ("unless sanctions are lifted") counts unless its clause tells the past; a
    preposition ("until the withdrawal of ...", "in exchange for ...") only when the lexicon lists it
    among `conditions.prepositions` and its object is no time ("until the end of the year").
    """
    sentence = doc.doc
    for token in doc:
        if token.dep_ not in ("mark", "prep", "advmod"):
            continue
        clause_head = token.head if token.dep_ == "mark" else token
        anchor = clause_head.head
        while anchor.pos_ in ("ADV", "SCONJ") and anchor.head.i != anchor.i:
            anchor = anchor.head  # "as long as": the clause hangs on "long"
        if anchor.i not in scope_tokens:
            continue  # on another predicate
        start = max(token.i - 3, doc[0].i)
        phrase = text_of(sentence)[sentence[start].idx : token.idx + len(token.text)]
        match = _last_marker(phrase, lexicon)
        if match is None:
            continue
        if clause_head.i in scope_tokens and match.casefold() not in _AWAITING:
            continue  # the talk word inside the clause: "if the deal fails", "as long as talks go on"
        if token.dep_ == "mark":
            if not tells_the_past(clause_head):
                return True
            continue
        objects = [c for c in token.children if c.dep_ in ("pobj", "pcomp")]
        if token.lower_ in lexicon.condition_prepositions and objects:
            rest = text_of(sentence)[
                objects[0].left_edge.idx : objects[0].right_edge.idx + len(objects[0].right_edge)
            ]
            if not lexicon.not_open.match(" " + rest):
                return True
    return False


def _demands_first(token: Token) -> bool:
    """ "Will not negotiate without concessions": a refusal until something is given, a condition."""
    negated = any(c.dep_ == "neg" or c.lower_ in _NEGATION_WORDS for c in token.children if c.dep_ != "prep")
    return (
        negated
        and token.pos_ == "VERB"
        and any(
            c.dep_ == "prep"
            and c.lower_ == "without"
            and not any(g.lower_.startswith("pre") for g in c.subtree)
            for c in token.children
        )
    )


def _only_governs(doc: Doc | Span, scope_tokens: set[int]) -> bool:
    """A verb restricted by "only" over a talk word ("the group only abides by what is agreed at the
    table"), "not only" excepted."""
    for token in doc:
        if token.lower_ != "only" or token.dep_ != "advmod" or token.head.i not in scope_tokens:
            continue
        if token.i > doc[0].i and token.nbor(-1).lower_ == "not":
            continue
        if token.head.pos_ in ("VERB", "AUX"):
            return True
    return False


def _last_marker(phrase: str, lexicon: Lexicon) -> str | None:
    """The condition marker `phrase` ends with ("only if", "as long as", "unless"), if any."""
    for match in lexicon.condition_marker.finditer(phrase):
        if match.end() == len(phrase):
            return match.group()
    return None


def tells_the_past(head: Token) -> bool:
    """ "The truce held until militants attacked": a clause in the past sets no condition."""
    tags = {head.tag_, *(c.tag_ for c in head.children if c.dep_ in ("aux", "auxpass"))}
    return "VBD" in tags and not tags & {"MD", "VBZ", "VBP"}
