from __future__ import annotations

import re

import pytest

from services.engine.regex_trie import literal_trie, plain_alternation

_WORDS = [
    "Varnia", "Varnian", "Varnians", "Vell", "Velland", "South Velland", "St. Orm", "U.S.", "Osterby", "",
]
_TEXTS = [
    "Varnians and the Varnian envoy met South Velland's delegates in St. Orm, the U.S. said.",
    "VELLAND and vell, velland-based: none of U.S. knew Osterby.",
    "Varni Varn V.",
]


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
@pytest.mark.parametrize("after", ["", r"\b", r"(?![\w-])", r"s?\b", r"[a-z]{0,4}\b"])
def test_a_tree_of_letters_matches_what_the_longest_first_alternation_does(flags: int, after: str) -> None:
    plain = re.compile(r"(?<![\w-])" + plain_alternation(_WORDS) + after, flags)
    tree = re.compile(r"(?<![\w-])" + literal_trie(_WORDS) + after, flags)
    assert tree.pattern != plain.pattern
    for text in _TEXTS:
        assert [m.span() for m in tree.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_letters_alike_when_case_is_ignored_keep_the_plain_alternation() -> None:
    words = ["ſtate", "state", "stat"]  # a long s matches "s" when case is ignored
    assert literal_trie(words) == plain_alternation(words)


def test_no_words_match_what_an_empty_alternation_matches() -> None:
    assert literal_trie([]) == plain_alternation([]) == "(?:)"
