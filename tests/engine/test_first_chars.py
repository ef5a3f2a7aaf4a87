from __future__ import annotations

import re

import pytest

from services.engine.first_chars import with_first_chars

_TEXTS = [
    "Delegates of Varnia said they would dismantle two reactors and give up their nuclear programme.",
    "THE ENVOY WILL GIVE UP NOTHING, the ministry in Osterholm insisted on Monday.",
    "A \u212aelvin sign and a long \u017f: odd letters that fold to k and s.",
    "",
]


@pytest.mark.parametrize(
    ("source", "flags"),
    [
        (r"\b(?:dismantl\w* (\w+ ){0,3}(reactors?|warheads?)|(give|gives) up (its |their )?nuclear)", re.I),
        (r"\b(?:kelvin|sign)\b", re.I),
        (r"(?:long|odd) (?P<what>\w+)", 0),
        (r"[dg]ive(?=s?\b)|insist\w*", re.I),
    ],
)
def test_a_pattern_with_known_first_characters_finds_the_same_matches(source: str, flags: int) -> None:
    pattern = re.compile(source, flags)
    faster = with_first_chars(pattern)
    assert faster is not pattern
    assert faster.groupindex == pattern.groupindex
    for text in _TEXTS:
        found = [(m.span(), m.groups()) for m in pattern.finditer(text)]
        assert [(m.span(), m.groups()) for m in faster.finditer(text)] == found
        for at in range(len(text)):
            expected = pattern.match(text, at)
            got = faster.match(text, at)
            assert (got and got.span()) == (expected and expected.span())


@pytest.mark.parametrize(
    ("source", "flags"),
    [
        (r"\w+ said", re.I),  # a class: any word character may start it
        (r"(?:talks)?\s*end", 0),  # an optional first part
        (r"\b(?-i:Talks)\b", re.I),  # flags changed inside
        (r"(?i)talks", 0),  # global inline flags must stay first
        (r"talks  # the word", re.X),
        (r"[^x]talks", 0),
        (r"\b", 0),
    ],
)
def test_a_pattern_whose_first_character_is_not_certain_is_kept(source: str, flags: int) -> None:
    pattern = re.compile(source, flags)
    assert with_first_chars(pattern) is pattern
