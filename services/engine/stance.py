"""Stance toward talks or a deal, and negation of the talk words."""

from __future__ import annotations

import re

from schemas import Condition, Stance
from services.engine.conditions import is_past
from services.engine.lexicon import Lexicon

_CLAUSE_END = re.compile(r"[,;:.!?\"“”(]|\s[–—]\s")
# Conditions that do not bind talks: leverage describes what helps at the table, good faith is doubt.
_NON_BINDING_PREFIXES = ("leverage:", "good_faith", "no_preconditions", "not:")
_STRONG_MARKER = re.compile(
    r"\b(?:only (?:after|if|when)|until|as long as|unless|provided that|on (?:the )?condition"
    r"|hinges? on|depends? on|precondition)",
    re.IGNORECASE,
)


def is_negated(text: str, cues: list[tuple[int, int]], lexicon: Lexicon) -> bool:
    """A negation within a few words before a negotiation word ("will not engage in talks", "no talks")."""
    for start, _ in cues:
        window = text[max(0, start - 40) : start]
        clause_break = max(window.rfind(","), window.rfind(";"), window.rfind("."))
        if lexicon.negation.search(window[clause_break + 1 :]):
            return True
    return False


def classify_stance(text: str, conditions: list[Condition], lexicon: Lexicon) -> Stance:
    """Stance toward talks or a deal: conditional > oppose > skeptical > support > neutral."""
    binding = [c for c in conditions if not c.key.startswith(_NON_BINDING_PREFIXES)]
    unnegated = lexicon.condition_negator.sub(" ", text)  # "without preconditions": no condition
    # "The truce held until militants attacked": a past clause tells what happened, it sets no condition.
    marker = any(
        not is_past(_CLAUSE_END.split(unnegated[m.end() : m.end() + 80], 1)[0])
        for m in _STRONG_MARKER.finditer(unnegated)
    )
    if binding or marker:
        return Stance.conditional
    if lexicon.not_oppose.search(text):
        return Stance.support  # "did not rule out talks": a refusal denied
    if lexicon.oppose.search(text):
        return Stance.oppose
    if lexicon.skeptical.search(text):
        return Stance.skeptical
    if lexicon.support.search(text):
        return Stance.support
    return Stance.neutral
