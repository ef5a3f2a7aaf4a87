"""Which of a sentence's conditions bind the speaker's talks, and which only belong to refused content.

"We will not negotiate until they withdraw" sets a condition on the talks; "we will not allow them to
regroup after their withdrawal" or "refuses to join alliances without the guarantors' consent" name a
condition inside what is refused: the refusal, not the condition, is the stance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from schemas import Condition
from services.engine.lexicon import Lexicon
from services.engine.stance.scope import negations, word_forms

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Conditions that do not bind talks: leverage describes what helps at the table, good faith is doubt.
NON_BINDING_PREFIXES = ("leverage:", "good_faith", "no_preconditions", "not:")
# Relations of a complement: what a predicate takes, not a clause that modifies it.
_COMPLEMENTS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "acl", "attr", "oprd"})


def binding_conditions(doc: Doc | Span, conditions: list[Condition], lexicon: Lexicon) -> list[Condition]:
    """The conditions that make the stance conditional (see the module docstring)."""
    return [
        c
        for c in conditions
        if not c.key.startswith(NON_BINDING_PREFIXES)
        and not _in_refused_content(doc, c.text, lexicon)
        and not _told_of_a_deal_or_by_another(doc, c.text, lexicon)
    ]


def _told_of_a_deal_or_by_another(doc: Doc | Span, text: str, lexicon: Lexicon) -> bool:
    """Whether the condition's words lie in a relative clause telling what a deal holds ("a truce, during
    which 20 detainees will be freed in exchange for 40 prisoners") or in another speaker's words the
    sentence gives as background ("..., as the army had said it was open to a pause in exchange for ..."):
    terms told, not set by the speaker."""
    span = _span_of(doc, text)
    if span is None:
        return False
    speech = lexicon.stance_words["speech"]
    current = span[0]
    for _ in range(12):
        if current.dep_ == "relcl" or any(
            c.dep_ == "prep" and any(o.dep_ == "pobj" and o.lower_ in ("which", "whom") for o in c.children)
            for c in current.children
        ):
            return True
        if (
            current.dep_ == "advcl"
            and current.lemma_.casefold() in speech
            and any(c.dep_ == "nsubj" for c in current.children)
        ):
            return True  # "as the army had said ..."; "..., noting that ..." is the speaker's own
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def _span_of(doc: Doc | Span, text: str) -> Span | None:
    start = doc.text.find(text)
    if start < 0 or not text:
        return None
    span = doc.char_span(start, start + len(text), alignment_mode="expand")
    return span if span is not None and len(span) else None


def _in_refused_content(doc: Doc | Span, text: str, lexicon: Lexicon) -> bool:
    """Whether the condition's words lie in the complement of a refusal or a negated predicate."""
    start = doc.text.find(text)
    if start < 0 or not text:
        return False
    span = doc.char_span(start, start + len(text), alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    predicate = _predicate_of(span[0])
    if predicate is None or _refuses(predicate, lexicon):
        return False  # the condition modifies the refusal itself: "will not negotiate until ..."
    current = predicate
    while current.head.i != current.i and current.dep_ in _COMPLEMENTS:
        current = current.head
        if current.lemma_.casefold() in lexicon.stance_words["speech"]:
            return False
        if _refuses(current, lexicon):
            return True
    return False


def _predicate_of(token: Token) -> Token | None:
    """The nearest verb governing a token (the token itself when it is one)."""
    current = token
    for _ in range(12):
        if current.pos_ in ("VERB", "AUX"):
            return current
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def _refuses(predicate: Token, lexicon: Lexicon) -> bool:
    """A refusal verb not itself negated ("refuses to join"), or a negated predicate ("will not allow")."""
    count = negations(predicate, lexicon) % 2
    refusal = bool(set(word_forms(predicate, lexicon)) & lexicon.stance_words["refuse"])
    return count == 1 if not refusal else count == 0
