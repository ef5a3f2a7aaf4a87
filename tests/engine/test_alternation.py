"""Alternations are written the same in every process, whatever the hash seed."""

from services.engine.lexicon import alternation, literal_alternation


def test_longest_pattern_first_and_ties_in_text_order() -> None:
    assert alternation(["talks", "deal", "truce", "deal", "pact"]) == "(?:talks|truce|deal|pact)"


def test_the_order_given_does_not_change_the_alternation() -> None:
    words = ["swap", "pact", "deal", "accord", "truce"]
    assert alternation(words) == alternation(list(reversed(words)))
    assert literal_alternation(words) == literal_alternation(list(reversed(words)))
