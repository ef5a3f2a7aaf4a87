"""Conditions on talks, with normalized keys that compare across outlets, wordings and sides.

Key scheme (``<kind>:<object>`` when the condition names a place, the place normalized by the
lexicon's gazetteer; ``<kind>`` alone otherwise):
- ``withdrawal:<place>``: talks wait for someone to leave the place ("until the liberation of the
  Kursk region", "only after the AFU withdraw from Kursk", "as long as the AFU remain in Kursk",
  "once Kyiv leaves the Kursk region"); ``withdrawal`` alone when the place is the speaker's own land
  ("until the last soldier has left our land");
- ``leverage:<place>``: holding the place is an asset in talks ("its position in Kursk is important
  for negotiations"). Same object, conflicting kind: a detector compares it with withdrawal:<place>;
- ``recognition:<place>``, ``elections``, ``sanctions_relief``, ``neutrality``, ``neutral_venue``,
  ``nato_membership``, ``icj_settlement``, ``good_faith``: other kinds of clause conditions from the lexicon;
- standalone keys from the lexicon: ``position_of_strength``, ``security_guarantees``, ``good_faith``,
  ``ceasefire_first``;
- kinds named by a noun or verb alone: ``reparations``, ``referendum``, ``hostage_release``,
  ``prisoner_exchange``, ``denuclearization``, ``tariff_relief``, ... (the lexicon's list);
- ``other:<slug>``: a clause after an open marker ("until", "only if", "unless") of no listed kind,
  the slug its first content words ("until the army returns to barracks" -> other:army-returns-barracks);
- ``not:<key>``: the condition is denied ("regardless of Kursk"); ``no_preconditions``.

Terms (`deal_terms`, in condition_terms.py) use the same keys for what a deal holds and for the subject
matter of a demand, offer, refusal or proposal ("refuses to recognise Kosovo" -> recognition:kosovo); they
set no condition.
How a clause is keyed (its kinds and their objects) is condition_keys.py.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from schemas import Condition
from services.engine.condition_keys import (
    MAX_CLAUSE,
    classify_clause,
    clause_keys,
    clause_slug,
    is_past,
    parsed_places,
    thing_key,
)
from services.engine.condition_terms import deal_terms, terms_after
from services.engine.lexicon import Lexicon
from services.engine.syntax import text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["classify_clause", "clause_slug", "deal_terms", "find_conditions", "is_past"]

# A comma inside a number ("5,000") and an opening quotation mark ('accepts "new realities"') end no clause.
# Nor does the point of an abbreviation ("U.S. sanctions").
_CLAUSE_END = re.compile(
    r"(?:,(?!\d)|(?<!\b[A-Z])\.(?!\d)|[;:!?”»]|\"(?!\w))|\s[–—-]\s|\b(?:and then|but|because|so that)\b"
)
# The kind of a provision to be scrapped (lexicon.yaml, conditions: removal).
_REMOVAL = "removal"
_PRECONDITIONS = re.compile(r"preconditions", re.IGNORECASE)


def _clause(text: str, start: int) -> tuple[int, int]:
    """[start, end) of the clause that opens at `start`."""
    stop = _CLAUSE_END.search(text, start + 1, min(len(text), start + MAX_CLAUSE))
    return start, stop.start() if stop else min(len(text), start + MAX_CLAUSE)


def find_conditions(doc: Doc | Span, lexicon: Lexicon) -> list[Condition]:
    """Every condition on talks stated in one parsed sentence, each key once.

    The clause after a marker is classified by its words; its object place is a gazetteer place, else a
    place the parse names in it (so "recognise Palestine" and "leave South Sudan" have their own keys).
    """
    text = text_of(doc)
    places = parsed_places(doc, lexicon)
    found: dict[str, Condition] = {}
    denied_spans: list[tuple[int, int]] = []
    for negator in lexicon.condition_negator.finditer(text):
        start, end = _clause(text, negator.start())
        denied_spans.append((start, end))
        key = classify_clause(text[negator.end() : end], lexicon, places=places)
        if key is not None:
            found.setdefault(f"not:{key}", Condition(text=text[start:end].strip(), key=f"not:{key}"))
        elif _PRECONDITIONS.search(negator.group()):
            found.setdefault("no_preconditions", Condition(text=negator.group(), key="no_preconditions"))
    for marker in lexicon.condition_marker.finditer(text):
        if any(a <= marker.start() < b for a, b in denied_spans):
            continue
        start, end = _clause(text, marker.start())
        clausal = _clausal_mark(doc, marker.start(), marker.end(), lexicon)
        if clausal is False and lexicon.weak_marker.fullmatch(marker.group()):
            continue  # "after troops left Kherson": a clause in the past after a weak marker
        for key in _marker_keys(
            marker.group(), text[marker.end() : end], lexicon, text, places, bool(clausal)
        ):
            found.setdefault(key, Condition(text=text[start:end].strip(), key=key))
    for key, condition in terms_after(lexicon.demand, doc, lexicon, places, denied_spans):
        found.setdefault(key, condition)
    for rule in lexicon.standalone_conditions:
        match = rule.pattern.search(text)
        if match is not None and rule.key not in found:
            found[rule.key] = Condition(text=match.group(), key=rule.key)
    refused = _refused_content(text, lexicon)
    if refused is not None and refused.key not in found:
        found[refused.key] = refused
    leverage = _leverage(text, lexicon)
    if leverage is not None and leverage.key not in found:
        found[leverage.key] = leverage
    return list(found.values())


def _clausal_mark(doc: Doc | Span, start: int, end: int, lexicon: Lexicon) -> bool | None:
    """Whether the marker at [start, end) opens a clause the parse reads as to come (True) or as past
    (False: "after troops left Kherson"); None when it opens no clause (a preposition: "after the war").

    A preposition on a verb a demand word governs ("talks must begin after the prisoners are freed",
    "... after releasing the prisoners") opens what must come first: True.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    if span[-1].dep_ == "prep":
        verb = span[-1].head
        base = doc[0].idx if len(doc) else 0
        demanded = any(
            c.dep_ == "aux" and lexicon.demand.match(text_of(doc), c.idx - base) is not None
            for c in verb.children
        )
        return True if demanded else None
    if span[-1].dep_ != "mark":
        return None
    head = span[-1].head
    if head.pos_ not in ("VERB", "AUX"):
        return None
    tags = {head.tag_, *(c.tag_ for c in head.children if c.dep_ in ("aux", "auxpass"))}
    if _supposed(head, frozenset(lexicon.data.conditions.stative_verbs)):
        return True  # "would close the reactor if sanctions were lifted": a supposition, not the past
    return not ("VBD" in tags and not tags & {"MD", "VBZ", "VBP"})


def _supposed(head: Token, stative: frozenset[str] = frozenset()) -> bool:
    """Whether the clause is a deed supposed under a modal's verb ("would close ... if sanctions were
    lifted", "would be possible if the envoys signed a treaty") or under an infinitive a readiness takes
    ("was prepared to ease ... if it was satisfied"): in the past tense it supposes what is to come (the
    second conditional, or reported speech told back). A state of mind supposed is no deed."""
    governor = head.head
    if head.dep_ != "advcl" or governor.i == head.i:
        return False
    if governor.dep_ == "xcomp" and governor.head.pos_ == "ADJ":
        return True  # "was prepared to ease them if it was satisfied ...": a deed to come, told back in time
    if not any(c.dep_ == "auxpass" for c in head.children) and head.lemma_.casefold() in stative:
        return False  # "if the rebels wanted a ceasefire, they would say so": a wish supposed, no term
    return any(c.dep_ == "aux" and c.tag_ == "MD" for c in governor.children)


def _marker_keys(
    marker: str,
    clause: str,
    lexicon: Lexicon,
    sentence: str,
    places: Sequence[str] = (),
    clausal: bool = False,
) -> list[str]:
    """The keys of the clause after a condition marker: its listed kinds ("only after a ceasefire and the
    withdrawal of ...": both), or other:<slug> after an open one.

    After a weak marker ("once", "if", "after") only kinds marked after_weak count, unless the parse
    reads a clause to come ("once Washington lifts the tariffs"): then every kind does.
    """
    weak = lexicon.weak_marker.fullmatch(marker) is not None and not clausal
    if weak and is_past(clause):
        return []
    keys = clause_keys(clause, lexicon, sentence, weak_only=weak, places=places)
    if keys or lexicon.open_marker.fullmatch(marker) is None:
        return keys
    if lexicon.not_open.match(clause) or is_past(clause):
        return []
    slug = clause_slug(clause, lexicon)
    return [f"other:{slug}"] if slug else []


@functools.cache
def _any_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern matching any of the lexicon's `patterns` as words (none: never matches)."""
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b" if patterns else r"(?!)", re.IGNORECASE)


def _refused_content(text: str, lexicon: Lexicon) -> Condition | None:
    """A deal refused for what it holds ("would never accept any deal that included the backstop"): the
    thing it holds is to be removed, removal:<thing>."""
    match = _any_of(tuple(lexicon.data.conditions.refused_content)).search(text)
    if match is None:
        return None
    _, end = _clause(text, match.end())
    length = match.end() - match.start()
    key = thing_key(_REMOVAL, text[match.start() : end], length, length, lexicon)
    return Condition(text=text[match.start() : end].strip(), key=key) if key is not None else None


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
