"""Condition objects and kinds of a claim: what the ledger and the stands are keyed by.

``withdrawal:kursk`` and ``leverage:kursk`` both concern the object Kursk, with the kinds
withdrawal and leverage; ``not:recognition:crimea`` is the kind ``not:recognition`` on
Crimea.  The conflicts between kinds are in ``rules`` (from ``conflicts.yaml``); the alerts
in ``standings`` (between actors) and ``changes`` (one actor over time).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from schemas import Claim, Condition
from services.engine.detect.cache import ClaimMemo
from services.engine.detect.rules import NEGATED_PREFIX, ConditionKey, DetectionRules
from services.engine.detect.wording import text_words

UNKNOWN_PARTY = "unknown"
# How far before a condition's words a demand word names it as a demand ("demands for the levy
# to be dropped"), and how many of its own first words may be one ("demanded the removal").
DEMAND_WORDS_BEFORE = 4
DEMAND_WORDS_AT_START = 2
# A scoped kind: 'sanctions_relief.full', 'sanctions_relief.partial'.
SCOPE_SEPARATOR = "."
SCOPE_FULL, SCOPE_PARTIAL = "full", "partial"
_CLAUSE_BREAK = re.compile(r"[,;:.!?]\s")


def condition_kinds(claim: Claim, rules: DetectionRules | None = None) -> dict[str, set[str]]:
    """Condition object -> the kinds `claim` holds on it.

    With `rules`: a claim ruling out preconditions while naming a precondition kind ("such a
    prisoner release cannot be a prerequisite for talks") refuses that kind as a precondition,
    so it holds the kind's negation (``not:prisoner_exchange``), what the other side's demand
    conflicts with.  So does a claim rejecting a condition it names as a demand
    (``rejects_demand``: "rejected their demand for the dam's removal" holds ``not:removal``).
    """
    keys = [ConditionKey.parse(condition.key) for condition in claim.conditions]
    refuses = rules is not None and any(key.kind in rules.no_precondition_kinds for key in keys)
    kinds: dict[str, set[str]] = {}
    for key, condition in zip(keys, claim.conditions, strict=True):
        kind = key.kind
        refused = refuses and kind not in rules.not_precondition_kinds if rules is not None else False
        if (
            rules is not None
            and not kind.startswith(NEGATED_PREFIX)
            and (refused or rejects_demand(claim, condition, rules))
        ):
            kind = NEGATED_PREFIX + kind
        kinds.setdefault(key.object, set()).add(kind)
        scope = scope_of(condition, rules) if rules is not None and kind in rules.scoped_kinds else None
        if scope is not None:
            kinds[key.object].add(f"{kind}{SCOPE_SEPARATOR}{scope}")
    return kinds


def scope_of(condition: Condition, rules: DetectionRules) -> str | None:
    """'full' or 'partial' when the condition's words say how much is asked, else None.

    A full word under a negation ("not entirely", "not the removal of all sanctions") is partial.
    """
    words = text_words(condition.text)
    partial = not rules.partial_scope_words.isdisjoint(words)
    full = False
    for index, word in enumerate(words):
        if word in rules.full_scope_words:
            if rules.negators.isdisjoint(words[:index]):
                full = True
            else:
                partial = True
    if full == partial:
        return None  # neither, or both: no telling
    return SCOPE_FULL if full else SCOPE_PARTIAL


def rejects_demand(claim: Claim, condition: Condition, rules: DetectionRules) -> bool:
    """True when `claim` names `condition` as a demand and rejects it, outside the condition's words.

    A demand word among the few words before the condition or its first words ("demanded the
    removal of the dam", "their demands for the levy to be dropped"), and a rejection word
    elsewhere in its clause ("rejected", "unacceptable"): the speaker refuses what was asked.
    """
    if not rules.demand_words or not rules.rejection_words:
        return False
    text, words = claim.text, condition.text
    start = text.casefold().find(words.casefold()) if words else -1
    if start < 0:
        return False  # words rewritten by the extraction: where they stand is not known
    own = text_words(words)
    # One clause: "rejects the ultimatum, demands the removal" rejects one thing and asks another.
    head = _CLAUSE_BREAK.split(text[:start])[-1]
    tail = _CLAUSE_BREAK.split(text[start + len(words) :])[0]
    before = text_words(head)
    rest = (*before, *text_words(tail))
    asked = (*before[-DEMAND_WORDS_BEFORE:], *own[:DEMAND_WORDS_AT_START])
    return not rules.demand_words.isdisjoint(asked) and not rules.rejection_words.isdisjoint(rest)


def _frozen_kinds(claim: Claim, rules: DetectionRules) -> Mapping[str, frozenset[str]]:
    return MappingProxyType({obj: frozenset(kinds) for obj, kinds in condition_kinds(claim, rules).items()})


held_kinds: ClaimMemo[Mapping[str, frozenset[str]]] = ClaimMemo(_frozen_kinds)
"""``condition_kinds(claim, rules)``, read-only and remembered per claim."""


def condition_text(claim: Claim, obj: str, kind: str) -> str:
    """The words of `claim`'s condition of `kind` on `obj`, as the article wrote them.

    A kind held as refused (``condition_kinds``) reads with the words of the kind it refuses.
    """
    bare = kind.removeprefix(NEGATED_PREFIX).split(SCOPE_SEPARATOR)[0]
    for wanted in dict.fromkeys((kind, bare)):
        for condition in claim.conditions:
            key = ConditionKey.parse(condition.key)
            if key.object == obj and key.kind == wanted:
                return condition.text
    return ""
