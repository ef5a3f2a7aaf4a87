"""Condition objects and kinds of a claim: what the ledger and the stands are keyed by.

``withdrawal:kursk`` and ``leverage:kursk`` both concern the object Kursk, with the kinds
withdrawal and leverage; ``not:recognition:crimea`` is the kind ``not:recognition`` on
Crimea.  The conflicts between kinds are in ``rules`` (from ``conflicts.yaml``); the alerts
in ``standings`` (between actors) and ``changes`` (one actor over time).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from schemas import Claim
from services.engine.detect.cache import ClaimMemo
from services.engine.detect.rules import NEGATED_PREFIX, ConditionKey, DetectionRules

UNKNOWN_PARTY = "unknown"


def condition_kinds(claim: Claim, rules: DetectionRules | None = None) -> dict[str, set[str]]:
    """Condition object -> the kinds `claim` holds on it.

    With `rules`: a claim ruling out preconditions while naming a precondition kind ("such a
    prisoner release cannot be a prerequisite for talks") refuses that kind as a precondition,
    so it holds the kind's negation (``not:prisoner_exchange``), what the other side's demand
    conflicts with.
    """
    keys = [ConditionKey.parse(condition.key) for condition in claim.conditions]
    refuses = rules is not None and any(key.kind in rules.no_precondition_kinds for key in keys)
    kinds: dict[str, set[str]] = {}
    for key in keys:
        kind = key.kind
        if (
            refuses
            and rules is not None
            and kind not in rules.not_precondition_kinds
            and not kind.startswith(NEGATED_PREFIX)
        ):
            kind = NEGATED_PREFIX + kind
        kinds.setdefault(key.object, set()).add(kind)
    return kinds


def _frozen_kinds(claim: Claim, rules: DetectionRules) -> Mapping[str, frozenset[str]]:
    return MappingProxyType({obj: frozenset(kinds) for obj, kinds in condition_kinds(claim, rules).items()})


held_kinds: ClaimMemo[Mapping[str, frozenset[str]]] = ClaimMemo(_frozen_kinds)
"""``condition_kinds(claim, rules)``, read-only and remembered per claim."""


def condition_text(claim: Claim, obj: str, kind: str) -> str:
    """The words of `claim`'s condition of `kind` on `obj`, as the article wrote them.

    A kind held as refused (``condition_kinds``) reads with the words of the kind it refuses.
    """
    bare = kind.removeprefix(NEGATED_PREFIX)
    for wanted in dict.fromkeys((kind, bare)):
        for condition in claim.conditions:
            key = ConditionKey.parse(condition.key)
            if key.object == obj and key.kind == wanted:
                return condition.text
    return ""
