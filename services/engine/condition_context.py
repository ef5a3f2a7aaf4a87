"""Condition objects only an article's context gives: a kind that takes a place but found none in its
sentence, and a removal whose thing is named by a general noun ("the arrangement must be ditched").

A place kind with no place (``withdrawal``, ``recognition``, ``retention``, ``territorial_integrity``) is the
speaker's own land (the key scheme's meaning of a bare withdrawal: "until the last soldier has left our
land") when the article names the speaker's country, else the place the article names most: the story's
territory ("Russian troops must also withdraw" said by a third state of a war in Ukraine). A withdrawal
refused (``retention``) keeps land the speaker's side holds: the story's territory, never the speaker's own
country. A removal of a
general noun (the lexicon's ``general_things``) is the removal of the thing an earlier claim of the article
named ("scrap the backstop" ... "the arrangement must be ditched": removal:backstop).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache

from schemas import Claim, Condition
from services.engine.condition_keys import place_slug
from services.engine.first_chars import with_first_chars
from services.engine.lexicon import Lexicon

# A withdrawal refused (condition_terms): a place kind too.
_RETENTION = "retention"
_REMOVAL = "removal"


def resolve_objects(
    claims: Sequence[Claim], body: str, lexicon: Lexicon, country_of: Mapping[str, str]
) -> list[Claim]:
    """The claims of one article (in text order) with the objects their context gives (see the module
    docstring). `country_of` maps a country's names to its party code (speech.yaml's countries): the
    first name given for a code is the country's own."""
    country_name = _country_names(country_of)
    story = _story_place(body, lexicon, country_name)
    place_kinds = {rule.kind for rule in lexicon.condition_kinds if rule.needs_place} | {_RETENTION}
    general = frozenset(lexicon.data.conditions.general_things)
    things: list[str] = []
    resolved: list[Claim] = []
    for claim in claims:
        own_name = country_name.get(claim.speaker.party.split("_", 1)[0])
        own = place_slug(own_name, lexicon) if own_name and _names(body, own_name) else None
        keys = {c.key for c in claim.conditions}
        conditions: list[Condition] = []
        for condition in claim.conditions:
            # A withdrawal refused keeps land the speaker's side holds: the story's, never its own.
            kept = story if story != own else None
            place = kept if condition.key.removeprefix("not:").startswith(_RETENTION) else own or story
            key = _resolved_key(condition.key, place_kinds, general, place, things)
            if key != condition.key and key in keys:
                continue  # the claim holds that key already
            conditions.append(condition if key == condition.key else Condition(text=condition.text, key=key))
            keys.add(key)
        for condition in conditions:
            kind, _, thing = condition.key.partition(":")
            if kind == _REMOVAL and thing and thing not in general:
                things.append(thing)
        changed = [c.key for c in conditions] != [c.key for c in claim.conditions]
        resolved.append(claim.model_copy(update={"conditions": conditions}) if changed else claim)
    return resolved


def _resolved_key(
    key: str, place_kinds: set[str], general: frozenset[str], place: str | None, things: list[str]
) -> str:
    prefix = "not:" if key.startswith("not:") else ""
    kind, _, target = key.removeprefix(prefix).partition(":")
    if not target and kind in place_kinds and place is not None:
        return f"{prefix}{kind}:{place}"
    if kind == _REMOVAL and target in general and things:
        return f"{prefix}{kind}:{things[-1]}"
    return key


def _country_names(country_of: Mapping[str, str]) -> dict[str, str]:
    """Each party code's country name (lower case): the first name speech.yaml gives it."""
    names: dict[str, str] = {}
    for name, code in country_of.items():
        names.setdefault(code, name)
    return names


def _names(body: str, name: str) -> bool:
    return _name_pattern(name).search(body) is not None


@lru_cache(maxsize=1024)
def _name_pattern(name: str) -> re.Pattern[str]:
    """The name as a whole word in any case, compiled once and skipping where it cannot begin."""
    return with_first_chars(re.compile(r"\b" + re.escape(name) + r"\b", re.IGNORECASE))


def _story_place(body: str, lexicon: Lexicon, country_name: Mapping[str, str]) -> str | None:
    """The place the article names most (a gazetteer place, or a country by its own name), if one leads;
    a tie names none."""
    counts: Counter[str] = Counter(lexicon.place_id(m.group()) for m in lexicon.place.finditer(body))
    for name in country_name.values():
        found = len(_name_pattern(name).findall(body))
        if found:
            counts[place_slug(name, lexicon)] += found
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]
