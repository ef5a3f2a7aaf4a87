"""The parser: entities added later equal a full parse's, and the matrix backend changes no annotation."""

from __future__ import annotations

from typing import Any

import pytest

from services.engine.condition_keys import parsed_places
from services.engine.syntax import (
    Parser,
    entities,
    faster_matrix_ops,
    has_entities,
    text_of,
    use_matrix_ops,
)

_SENTENCES = [
    "Foreign Minister Aline Marchetti told reporters in Lisbon on Tuesday that the ceasefire would hold.",
    "The Northern Alliance rejected the offer, a spokesman for the group said.",
    "According to two officials at the United Nations, the talks in Geneva will resume on 4 March.",
    "He said nothing.",
    "Bruno Kessler, the mediator, met envoys from Estonia and the Kurdish Regional Government.",
    "Nobody was there.",
]


def _entities(doc: Any) -> list[tuple[Any, ...]]:
    tokens = [(t.ent_iob_, t.ent_type_) for t in doc]
    return tokens + [(e.start, e.end, e.label_) for e in doc.ents]


def _annotations(doc: Any) -> list[tuple[Any, ...]]:
    return [(t.tag_, t.pos_, t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in doc]


def test_entities_added_later_equal_a_full_parse(pipeline: Any) -> None:
    if "ner" not in pipeline.pipe_names:
        pytest.skip("this model has no entity recognizer")
    docs = list(pipeline.pipe(_SENTENCES))
    full = [_entities(doc) for doc in docs]
    assert {"PERSON", "GPE", "ORG"} <= {e.label_ for doc in docs for e in doc.ents}  # the texts hold some

    lazy = Parser()
    bare = lazy.parse(_SENTENCES)  # entities wait until a stage reads them
    assert not any(has_entities(doc) for doc in bare)
    assert all(doc.ents == () for doc in bare)
    # One doc alone, the rest in one batch: the same entities as when the pipeline ran whole.
    first = entities(bare[0])
    assert first is bare[0]
    assert _entities(first) == full[0]
    again = lazy.parse(_SENTENCES, entities=True)
    assert [d is b for d, b in zip(again, bare, strict=True)] == [True] * len(_SENTENCES)
    assert [_entities(doc) for doc in again] == full


def test_entities_later_change_nothing_else(pipeline: Any) -> None:
    full = [_annotations(doc) for doc in pipeline.pipe(_SENTENCES)]
    lazy = Parser()
    docs = [entities(doc) for doc in lazy.parse(_SENTENCES)]
    assert [_annotations(doc) for doc in docs] == full


def test_entities_of_a_span_are_found_on_its_doc(pipeline: Any) -> None:
    doc = Parser().parse_one(_SENTENCES[0])
    clause = doc[3:]  # "told reporters in Lisbon ..."
    assert not has_entities(doc)
    assert entities(clause) is clause
    assert has_entities(doc)
    assert "Lisbon" in [e.text for e in clause.ents]


def test_parse_one_gives_entities_to_a_doc_parsed_without_them(pipeline: Any) -> None:
    parser = Parser()
    text = _SENTENCES[4]
    bare = parser.parse_one(text)
    assert not has_entities(bare)
    doc = parser.parse_one(text, entities=True)
    assert doc is bare  # the cached doc, not a second parse
    assert {e.label_ for e in doc.ents} >= {"PERSON", "GPE"}


def test_places_of_a_sentence_parsed_without_entities_are_the_recognized_ones(pipeline: Any) -> None:
    text = "The envoy said the army would pull back from Transnistria and Gagauzia before the vote."
    eager = tuple(parsed_places(Parser().parse_one(text, entities=True)))
    doc = Parser().parse_one(text)
    places = parsed_places(doc)
    assert not has_entities(doc)  # nothing read yet
    assert tuple(places) == eager
    assert "Transnistria" in places and has_entities(doc)


def test_empty_text_counts_as_having_entities(pipeline: Any) -> None:
    doc = Parser().parse_one("")
    assert has_entities(doc) and len(doc) == 0


def test_numpy_blas_gives_the_annotations_of_blis(stock_pipeline: Any) -> None:
    from thinc.api import NumpyOps

    stock = stock_pipeline
    on_blis = [_annotations(doc) for doc in stock.pipe(_SENTENCES)]
    networks = [c.model for _, c in stock.pipeline if hasattr(getattr(c, "model", None), "walk")]
    layers = [layer for network in networks for layer in network.walk()]
    before = [layer.ops for layer in layers]
    try:
        use_matrix_ops(stock, NumpyOps(use_blis=False))
        assert all(not layer.ops.use_blis for layer in stock.get_pipe("tok2vec").model.walk())
        assert [_annotations(doc) for doc in stock.pipe(_SENTENCES)] == on_blis
    finally:
        for layer, ops in zip(layers, before, strict=True):
            layer.ops = ops


def test_faster_matrix_ops_is_numpy_blas_or_none() -> None:
    pytest.importorskip("thinc")
    ops = faster_matrix_ops()
    assert ops is None or ops.use_blis is False


@pytest.mark.parametrize(
    "text",
    [
        "The mediators met twice ,  and  the envoy left.  ",
        "\u201cNo talks without a truce,\u201d the delegate from Arvania said.\n\nNothing followed.",
        "",
    ],
)
def test_text_of_is_the_text_of_a_doc_and_of_every_span(pipeline: Any, text: str) -> None:
    parser = Parser()
    parsed, unparsed = parser.parse_one(text), pipeline(text)  # one remembered at parse, one not
    for doc in (parsed, unparsed):
        assert text_of(doc) == doc.text == text
        for start in range(len(doc) + 1):
            for end in range(start, len(doc) + 1):
                assert text_of(doc[start:end]) == doc[start:end].text
