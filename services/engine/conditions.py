"""Conditions on talks, with normalized keys that compare across outlets, wordings and sides.

Key scheme (``<kind>:<object>`` when the condition names a place, the place normalized by the
lexicon's gazetteer; ``<kind>`` alone otherwise):
- ``withdrawal:<place>``: talks wait for someone to leave the place ("until the liberation of the
  Kursk region", "only after the AFU withdraw from Kursk", "as long as the AFU remain in Kursk",
  "once Kyiv leaves the Kursk region");
- ``leverage:<place>``: holding the place is an asset in talks ("its position in Kursk is important
  for negotiations"). Same object, conflicting kind: a detector compares it with withdrawal:<place>;
- ``recognition:<place>``, ``elections``, ``sanctions_relief``, ``nato_membership``: other kinds of
  clause conditions from the lexicon;
- standalone keys from the lexicon: ``position_of_strength``, ``security_guarantees``, ``good_faith``,
  ``ceasefire_first``;
- ``not:<key>``: the condition is denied ("regardless of Kursk"); ``no_preconditions``.
"""

from __future__ import annotations

import re

from schemas import Condition
from services.engine.lexicon import Lexicon

_CLAUSE_END = re.compile(r"[,.;:!?\"“”»]|\s[–—-]\s|\b(?:and then|but|because|so that)\b")
_MAX_CLAUSE = 120
_PRECONDITIONS = re.compile(r"preconditions", re.IGNORECASE)


def _clause(text: str, start: int) -> tuple[int, int]:
    """[start, end) of the clause that opens at `start`."""
    stop = _CLAUSE_END.search(text, start + 1, min(len(text), start + _MAX_CLAUSE))
    return start, stop.start() if stop else min(len(text), start + _MAX_CLAUSE)


def classify_clause(clause: str, lexicon: Lexicon, sentence: str = "") -> str | None:
    """The key of a condition clause ("once Kyiv leaves the Kursk region" -> "withdrawal:kursk"), if any.

    The object is the place named after the kind's word in the clause, else any place in the clause,
    else the one place the whole `sentence` names ("Talks hinge on regional retreat" in a Kursk headline).
    """
    for rule in lexicon.condition_kinds:
        match = rule.pattern.search(clause)
        if match is None:
            continue
        if not rule.needs_place:
            return rule.kind
        place = lexicon.place.search(clause, match.start()) or lexicon.place.search(clause)
        if place is not None:
            return f"{rule.kind}:{lexicon.place_id(place.group())}"
        places = {lexicon.place_id(p) for p in lexicon.place.findall(sentence)}
        if len(places) == 1:
            return f"{rule.kind}:{places.pop()}"
    return None


def find_conditions(text: str, lexicon: Lexicon) -> list[Condition]:
    """Every condition on talks stated in `text` (one sentence), each key once."""
    found: dict[str, Condition] = {}
    denied_spans: list[tuple[int, int]] = []
    for negator in lexicon.condition_negator.finditer(text):
        start, end = _clause(text, negator.start())
        denied_spans.append((start, end))
        key = classify_clause(text[negator.end() : end], lexicon)
        if key is not None:
            found.setdefault(f"not:{key}", Condition(text=text[start:end].strip(), key=f"not:{key}"))
        elif _PRECONDITIONS.search(negator.group()):
            found.setdefault("no_preconditions", Condition(text=negator.group(), key="no_preconditions"))
    for marker in lexicon.condition_marker.finditer(text):
        if any(a <= marker.start() < b for a, b in denied_spans):
            continue
        start, end = _clause(text, marker.start())
        key = classify_clause(text[marker.end() : end], lexicon, text)
        if key is not None and key not in found:
            found[key] = Condition(text=text[start:end].strip(), key=key)
    for rule in lexicon.standalone_conditions:
        match = rule.pattern.search(text)
        if match is not None and rule.key not in found:
            found[rule.key] = Condition(text=match.group(), key=rule.key)
    leverage = _leverage(text, lexicon)
    if leverage is not None and leverage.key not in found:
        found[leverage.key] = leverage
    return list(found.values())


def _leverage(text: str, lexicon: Lexicon) -> Condition | None:
    """A place held described as an asset in talks ("position in Kursk ... important")."""
    if lexicon.leverage_value.search(text) is None:
        return None
    for holding in lexicon.leverage_holding.finditer(text):
        place = lexicon.place.search(text, holding.end(), holding.end() + 40)
        if place is None:
            continue
        key = f"{lexicon.leverage_kind}:{lexicon.place_id(place.group())}"
        return Condition(text=text[holding.start() : place.end()], key=key)
    return None
