"""The pipeline's attribute rules (tag to part of speech, morphology, lemma exceptions) applied by lookup.

spaCy's ``attribute_ruler`` runs its 179 rules through a token Matcher: over a tenth of the parse time
on news sentences, for what is mostly a table lookup. ``TagRules`` applies the very same rules, taken
from the loaded ruler: the one-token rules a token meets are found once per distinct (word, tag,
dependency, space) and remembered, longer rules are tried only on docs holding one of their words, and
the matches are applied in rule order (later rules win), as the ruler does. A ruler with patterns this
module does not read raises ``UnsupportedRules``, and the pipeline keeps its own ruler.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc, Token

# What a token pattern may test here, by the Matcher's attribute names.
_KEYS = {"LOWER": "lower_", "TAG": "tag_", "DEP": "dep_", "IS_SPACE": "is_space"}


def _hash(word: str) -> int:
    """The string id spaCy gives `word` (a token's LOWER attribute holds the id of its lowercase form)."""
    from spacy.strings import hash_string  # type: ignore[attr-defined]  # not in spaCy's stubs

    return int(hash_string(word))


class UnsupportedRules(ValueError):
    """The ruler holds a pattern this lookup does not read: keep the ruler itself."""


def _test(key: str, value: Any) -> Any:
    """A predicate over one token attribute for one pattern entry."""
    if not isinstance(value, dict):
        return lambda got: got == value
    if set(value) == {"IN"}:
        allowed = frozenset(value["IN"])
        return allowed.__contains__
    if set(value) == {"NOT_IN"}:
        barred = frozenset(value["NOT_IN"])
        return lambda got: got not in barred
    if set(value) == {"REGEX"} and key == "LOWER":
        return re.compile(value["REGEX"]).search
    raise UnsupportedRules(f"attribute rule test {value!r} on {key}")


@dataclass(frozen=True)
class _TokenSpec:
    tests: tuple[tuple[str, Any], ...]  # (token attribute, predicate)

    def matches(self, token: Token) -> bool:
        return all(test(getattr(token, attribute)) for attribute, test in self.tests)


def _spec(entry: dict[str, Any]) -> _TokenSpec:
    unknown = set(entry) - set(_KEYS)
    if unknown:
        raise UnsupportedRules(f"attribute rule tests {sorted(unknown)}")
    return _TokenSpec(tuple((_KEYS[key], _test(key, value)) for key, value in entry.items()))


@dataclass(frozen=True, eq=False)
class _Rule:
    order: int
    index: int
    attrs: dict[Any, Any]
    pattern: tuple[_TokenSpec, ...]


@dataclass(frozen=True)
class _Values:
    """The attributes a one-token pattern reads, from their string ids."""

    lower_: str
    tag_: str
    dep_: str
    is_space: bool


# What the rules a token meets set: (column, value) of the array columns, and any other attributes.
_Merged = tuple[tuple[tuple[int, Any], ...], tuple[tuple[Any, Any], ...]]


def _merge(found: list[tuple[int, dict[Any, Any]]], array_columns: tuple[int, ...]) -> _Merged:
    """The matches applied in rule order (later rules win), split into `array_columns` and the rest."""
    final: dict[Any, Any] = {}
    for _, attrs in sorted(found, key=lambda f: f[0]):
        final.update(attrs)
    columns = tuple((column, final.pop(attr)) for column, attr in enumerate(array_columns) if attr in final)
    return columns, tuple(final.items())


class TagRules:
    """Applies an attribute ruler's rules to parsed docs without a Matcher; the same result."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self._by_lower: dict[str, list[_Rule]] = {}
        self._by_tag: dict[str, list[_Rule]] = {}
        self._anywhere: list[_Rule] = []
        self._longer: list[tuple[_Rule, int, frozenset[str]]] = []
        # The longer rules by the hash of a word their anchor token may be (a token's LOWER): (rule, anchor).
        self._longer_at: dict[int, list[tuple[_Rule, int]]] = {}
        self._seen: dict[tuple[int, int, int, int], list[tuple[int, dict[Any, Any]]]] = {}
        self._merged_seen: dict[tuple[int, int, int, int], _Merged] = {}
        from spacy.attrs import LEMMA, MORPH, POS

        # The attributes set through one array (part of speech, morphology, lemma).
        self._columns = (POS, MORPH, LEMMA)
        for order in range(len(ruler.attrs)):
            for pattern in ruler.matcher.get(str(order))[1]:
                specs = tuple(_spec(e) for e in pattern)
                rule = _Rule(order, ruler.indices[order], ruler.attrs[order], specs)
                self._file(rule, pattern)

    def _file(self, rule: _Rule, pattern: list[dict[str, Any]]) -> None:
        if len(pattern) != 1:
            # A longer rule is tried only where a word one of its tokens must be occurs (its anchor).
            for anchor, entry in enumerate(pattern):
                given = entry.get("LOWER")
                if isinstance(given, str) or (isinstance(given, dict) and set(given) == {"IN"}):
                    words = frozenset([given] if isinstance(given, str) else given["IN"])
                    self._longer.append((rule, anchor, words))
                    for word in words:
                        self._longer_at.setdefault(_hash(word), []).append((rule, anchor))
                    return
            raise UnsupportedRules("a longer attribute rule with no given word")
        elif isinstance(pattern[0].get("LOWER"), str):
            self._by_lower.setdefault(pattern[0]["LOWER"], []).append(rule)
        elif isinstance(pattern[0].get("TAG"), str):
            self._by_tag.setdefault(pattern[0]["TAG"], []).append(rule)
        else:
            self._anywhere.append(rule)

    def _single(self, key: tuple[int, int, int, int], doc: Doc) -> list[tuple[int, dict[Any, Any]]]:
        """The (rule order, attributes) of the one-token rules a token with these attribute values meets."""
        found = self._seen.get(key)
        if found is None:
            strings = doc.vocab.strings
            token = _Values(strings[key[0]], strings[key[1]], strings[key[2]], bool(key[3]))
            rules = (*self._by_lower.get(token.lower_, ()), *self._by_tag.get(token.tag_, ()))
            rules += tuple(self._anywhere)
            found = sorted(
                ((r.order, r.attrs) for r in rules if r.pattern[0].matches(token)),  # type: ignore[arg-type]
                key=lambda f: f[0],
            )
            self._seen[key] = found
        return found

    def _merged(self, key: tuple[int, int, int, int], doc: Doc) -> _Merged:
        """What the one-token rules a token with these attribute values meets set on it, merged."""
        merged = self._merged_seen.get(key)
        if merged is None:
            merged = self._merged_seen[key] = _merge(self._single(key, doc), self._columns)
        return merged

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        keys = doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist()
        longer_at = self._longer_at
        extra: dict[int, list[tuple[int, dict[Any, Any]]]] = {}
        for j, key in enumerate(keys):  # the longer rules anchored on this token's word
            for rule, anchor in longer_at.get(key[0], ()):
                i, width = j - anchor, len(rule.pattern)
                if i < 0 or i + width > len(keys):
                    continue
                if all(spec.matches(doc[i + k]) for k, spec in enumerate(rule.pattern)):
                    at = i + rule.index if rule.index >= 0 else i + width + rule.index
                    extra.setdefault(at, []).append((rule.order, rule.attrs))  # rule order: sorted below
        values = None
        for i, key in enumerate(keys):
            if i in extra:
                columns, rest = _merge(self._single(tuple(key), doc) + extra[i], self._columns)  # type: ignore[arg-type]
            else:
                columns, rest = self._merged(tuple(key), doc)  # type: ignore[arg-type]
            if not columns and not rest:
                continue
            if values is None:
                values = doc.to_array(list(self._columns))
            for column, value in columns:
                values[i, column] = value
            if rest:  # a rule setting the tag or the dependency: rare, set on the token itself
                from spacy.tokens._retokenize import set_token_attrs

                set_token_attrs(doc[i], dict(rest))
        if values is not None:
            doc.from_array(list(self._columns), values)  # type: ignore[arg-type]  # to_array gives uint64
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)
