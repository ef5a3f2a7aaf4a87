"""Attribute rules by lookup and remembered lemmas give exactly the annotations of spaCy's own components."""

from __future__ import annotations

from typing import Any

import pytest

_SENTENCES = [
    "There is no deal yet, and there were no talks last week.",
    "We're gonna sit down with them, let's be clear, but y'all know it ain't easy.",
    "I told you it was over; you said it wasn't, and it's still not.",
    "But the envoys, who had met twice, said they would try again on Friday.",
    "The ministers    met  in Geneva.\n\nNothing was agreed.",
    "She has got ta go, c'mon.",
    "The rebels were freeing hostages while the envoys freed prisoners and better offers were made.",
    # Several suffix rules apply; the lemma is the form the known words hold (looked up in sets here).
    "The ministries' analyses said wolves and thieves had hidden the knives under dried leaves.",
]


def _annotations(nlp: object, texts: list[str]) -> list[list[tuple[str, ...]]]:
    return [
        [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.ent_type_) for t in doc]
        for doc in nlp.pipe(texts)  # type: ignore[attr-defined]
    ]


def test_lookup_rules_match_the_attribute_ruler(pipeline: Any, stock_pipeline: Any) -> None:
    fast, stock = pipeline, stock_pipeline
    if not {"claimwatch_tag_rules", "claimwatch_cached_lemmas"} <= set(fast.pipe_names):
        pytest.skip("this model keeps its own attribute ruler and lemmatizer")
    assert {"attribute_ruler", "lemmatizer"} <= set(stock.pipe_names)
    assert _annotations(fast, _SENTENCES) == _annotations(stock, _SENTENCES)
    # Remembered lemmas: the same words again, in another order, still get the lemmatizer's lemmas.
    again = list(reversed(_SENTENCES))
    assert _annotations(fast, again) == _annotations(stock, again)
