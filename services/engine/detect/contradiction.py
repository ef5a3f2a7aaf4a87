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
from services.engine.detect.rules import ConditionKey, DetectionRules

UNKNOWN_PARTY = "unknown"


def condition_kinds(claim: Claim) -> dict[str, set[str]]:
    """Condition object -> the kinds `claim` holds on it."""
    kinds: dict[str, set[str]] = {}
    for condition in claim.conditions:
        key = ConditionKey.parse(condition.key)
        kinds.setdefault(key.object, set()).add(key.kind)
    return kinds


def _frozen_kinds(claim: Claim, _rules: DetectionRules) -> Mapping[str, frozenset[str]]:
    return MappingProxyType({obj: frozenset(kinds) for obj, kinds in condition_kinds(claim).items()})


held_kinds: ClaimMemo[Mapping[str, frozenset[str]]] = ClaimMemo(_frozen_kinds)
"""``condition_kinds(claim)``, read-only and remembered per claim (the rules do not matter)."""


def condition_text(claim: Claim, obj: str, kind: str) -> str:
    """The words of `claim`'s condition of `kind` on `obj`, as the article wrote them."""
    for condition in claim.conditions:
        key = ConditionKey.parse(condition.key)
        if key.object == obj and key.kind == kind:
            return condition.text
    return ""
