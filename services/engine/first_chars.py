"""Lexicon patterns that skip at once the places where no match can start: the same matches, sooner.

Python's regular expressions try a pattern at every position of a text. A lexicon pattern is mostly a
long case-insensitive alternation after ``\\b``, so the engine works through every wording at every
position, though a match can only start at a handful of letters. ``with_first_chars`` reads the parsed
pattern for the characters any match must begin with and, when they are few, puts a lookahead on them
before it: ``(?=[dg])(?:\\b(?:dismantl...|give up...))``. The lookahead only tests what the pattern
would test next, so every match (its span and groups) is the same. A pattern whose first character is
not known for sure (it may match nothing, begins with a class like ``\\w``, changes flags) is kept as
it is.
"""

from __future__ import annotations

import re
from typing import Any

try:  # the parser of the `re` module (private, but it is what `re.compile` itself uses)
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - an interpreter without them gets the patterns as they are
    _sre = _sre_parse = None  # type: ignore[assignment]

# More possible first characters than this and the lookahead saves too little to be worth its test.
_MAX_FIRST = 24
# Flags under which a character class of the first characters may not test what the pattern does.
_UNSAFE_FLAGS = re.VERBOSE | re.LOCALE


def with_first_chars(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` with a lookahead on the characters its matches begin with; itself when not known."""
    if _sre_parse is None or not isinstance(pattern.pattern, str) or pattern.flags & _UNSAFE_FLAGS:
        return pattern
    try:
        first = _first(list(_sre_parse.parse(pattern.pattern, pattern.flags)))
    except (re.error, TypeError, ValueError):  # pragma: no cover - compiled already, so it parses
        return pattern
    if not first or len(first) > _MAX_FIRST:
        return pattern
    chars = "".join(re.escape(c) for c in sorted(first))
    try:
        return re.compile(f"(?=[{chars}])(?:{pattern.pattern})", pattern.flags)
    except re.error:  # e.g. global inline flags, which must open the pattern
        return pattern


def _first(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The characters a match of the parsed items must begin with; None when that is not certain."""
    for op, value in items:
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # zero-width: the first character is the next item's
        if op is _sre.LITERAL:
            return {chr(value)}
        if op is _sre.IN:
            return _in_class(value)
        if op is _sre.SUBPATTERN:
            _group, add_flags, del_flags, inner = value
            return None if add_flags or del_flags else _first(list(inner))
        if op is _sre.ATOMIC_GROUP:
            return _first(list(value))
        if op is _sre.BRANCH:
            found: set[str] = set()
            for alternative in value[1]:
                chars = _first(list(alternative))
                if chars is None:
                    return None
                found |= chars
            return found
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            low, _high, inner = value
            return _first(list(inner)) if low >= 1 else None
        return None  # any character, a class, a back reference...: not known
    return None  # the items may match the empty string


def _in_class(members: list[tuple[Any, Any]]) -> set[str] | None:
    """The characters of a character class given as literals; None for ranges, categories, negation."""
    found: set[str] = set()
    for op, value in members:
        if op is not _sre.LITERAL:
            return None
        found.add(chr(value))
    return found
