"""Word-level comparison of two quotes of one statement: what is and is not a material difference."""

from __future__ import annotations

import pytest

from schemas import Severity
from services.engine.detect.quote_pairs import compare_quotes
from services.engine.detect.rules import default_rules

RULES = default_rules()


@pytest.mark.parametrize(
    ("quote_a", "quote_b"),
    [
        # Curly vs straight quotes and apostrophes, casing, trailing punctuation.
        (
            "“We won’t trade the harbour for a truce,” she said",
            '"we won\'t trade the harbour for a truce" she said',
        ),
        # Dashes and an ellipsis the outlet used to mark a cut.
        (
            "The harbour — and only the harbour — is on the table",
            "The harbour - and only the harbour ... on the table",
        ),
        # One outlet trims the quote: a sub-span of the other.
        ("the harbour is not for sale at any price", "The harbour is not for sale"),
        # Only function words differ ("in"/"on", "will be"/"is going to be").
        ("a truce in the valley will be signed soon", "a truce on the valley is going to be signed soon"),
        # Near-synonyms listed as equivalent, spelling and inflection variants.
        ("they will ultimately seek a defence pact", "they will eventually try a defense pact"),
        # Two derivations of one long stem: a noun for a verb form.
        ("after the implementation of the harbour plan", "after implementing the harbour plan"),
        # A pronoun replaced by the name it stands for.
        ("his generals want more time", "Rivera's generals want more time"),
        # Words reordered.
        ("at some point, the rebels will accept a truce", "the rebels will accept, at some point, a truce"),
    ],
)
def test_immaterial_differences_are_not_changes(quote_a: str, quote_b: str) -> None:
    comparison = compare_quotes(quote_a, quote_b, RULES)
    assert comparison.aligned
    assert comparison.changes == ()


def test_substituted_substantive_word_is_a_medium_change_naming_the_words() -> None:
    comparison = compare_quotes(
        "the islands need binding security guarantees before any vote",
        "The islands need binding security assurances before any vote.",
        RULES,
    )
    assert comparison.aligned
    [change] = comparison.changes
    assert (change.words_a, change.words_b) == (("guarantees",), ("assurances",))
    assert change.shown_a == "security guarantees before"
    assert change.shown_b == "security assurances before"
    assert change.severity is Severity.medium


def test_military_verb_swap_is_substantive() -> None:
    comparison = compare_quotes(
        "they will pause, rearm, and strike the ports again",
        "they will pause, refit, and strike the ports again",
        RULES,
    )
    [change] = comparison.changes
    assert change.signature == "rearm/refit"
    assert change.severity is Severity.medium


def test_one_substantive_side_makes_a_swap_medium_and_only_true_synonyms_fold() -> None:
    # Only "rearm" is a listed term: replaced by any word, what is threatened changes.
    [change] = compare_quotes(
        "the militia will regroup and rearm in the hills",
        "the militia will regroup and recover in the hills",
        RULES,
    ).changes
    assert change.signature == "rearm/recover"
    assert change.severity is Severity.medium
    # "finally" is not a rendering of "eventually" (it may mean "at last"): a low change.
    [change] = compare_quotes(
        "the council will eventually vote on the border plan",
        "the council will finally vote on the border plan",
        RULES,
    ).changes
    assert change.severity is Severity.low
    assert not compare_quotes(
        "the council will eventually vote on the border plan",
        "the council will ultimately vote on the border plan",
        RULES,
    ).changes


def test_words_sharing_only_a_short_start_are_different_words() -> None:
    [change] = compare_quotes(
        "we refuse any training of their units on our soil",
        "we refuse any trading of their units on our soil",
        RULES,
    ).changes
    assert change.signature == "trading/training"


def test_ordinary_word_swap_is_low() -> None:
    [change] = compare_quotes(
        "the delegation left the meeting hall in anger",
        "the delegation left the meeting hall in silence",
        RULES,
    ).changes
    assert change.severity is Severity.low
    assert change.signature == "anger/silence"


def test_inserted_negation_is_high() -> None:
    [change] = compare_quotes(
        "we will sign the border treaty", "we will not sign the border treaty", RULES
    ).changes
    assert change.negation
    assert change.severity is Severity.high


def test_negation_that_only_moved_is_not_a_flip() -> None:
    comparison = compare_quotes(
        "it will not be over for the navy, at some point",
        "at some point it is not going to be over for the navy",
        RULES,
    )
    assert all(not change.negation for change in comparison.changes)


def test_changed_number_is_substantive() -> None:
    [change] = compare_quotes(
        "we moved 1000 troops to the border", "we moved 10000 troops to the border", RULES
    ).changes
    assert change.severity is Severity.medium


def test_signature_does_not_depend_on_which_quote_comes_first() -> None:
    a, b = "binding security guarantees for the islands", "binding security assurances for the islands"
    assert (
        compare_quotes(a, b, RULES).changes[0].signature == compare_quotes(b, a, RULES).changes[0].signature
    )


@pytest.mark.parametrize(
    ("quote_a", "quote_b"),
    [
        ("the harbour is not for sale", "our farmers need cheaper diesel this winter"),
        # One shared word is not enough to call two quotes one statement.
        ("strongest possible hand to play", "the best cards to conclude the strongest deal"),
        # Shared words scattered through a longer, different sentence: a shared topic only.
        (
            "they have agreed to free the captured fishermen",
            "since it kept its word to the council we expect the militia to deliver on the release "
            "of the captured fishermen and an end to the raids",
        ),
    ],
)
def test_different_statements_do_not_align(quote_a: str, quote_b: str) -> None:
    assert not compare_quotes(quote_a, quote_b, RULES).aligned
