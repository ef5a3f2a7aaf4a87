"""Parses batched across articles before extraction: the same docs, the same claims, no sentence wasted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from schemas import Article
from services.engine.analysis import analyze
from services.engine.extract import extract_claims
from services.engine.prefetch import parse_plan
from services.engine.resources import EngineResources
from services.engine.syntax import Parser

_BODIES = [
    (
        "Valdoria ready to resume talks with Kestrel Islands",
        "Valdoria is ready to resume peace talks with the Kestrel Islands, Foreign Minister Ilse Varga "
        "said on Monday. \"We will not sign any agreement until the blockade is lifted,\" she told "
        "reporters in the capital. The islands' envoy, Tomas Brandt, said his delegation would attend "
        "the negotiations in Oslo if the ceasefire held.\nThe fishing season opens next week.",
    ),
    (
        "",
        "Negotiators from Marenia and Ostrava met again on Thursday. Marenia's chief negotiator said a "
        "deal on the border was within reach. He added that the talks would continue next month. "
        "Ostrava rejected the proposal, according to a statement from its government.",
    ),
    ("Storm closes harbour", "A storm closed the harbour on Friday. Ferries will sail again on Sunday."),
]


def _articles() -> list[Article]:
    return [
        Article(id=f"prefetch-{i}", source="Test Wire", title=title, body=body)
        for i, (title, body) in enumerate(_BODIES)
    ]


def _fresh(resources: EngineResources, parser: Parser | None = None) -> EngineResources:
    """The same data with a parser of its own (an empty parse cache)."""
    return replace(resources, parser=parser or Parser(resources.parser.model))


def _annotations(doc: Any) -> list[tuple[Any, ...]]:
    return [(t.tag_, t.pos_, t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in doc]


class _RecordingParser(Parser):
    """A parser that notes every text it parses anew."""

    def __init__(self, model: str | None) -> None:
        super().__init__(model)
        self.parsed: list[str] = []

    def parse(self, texts: Sequence[str], entities: bool = False) -> list[Any]:
        self.parsed += [t for t in dict.fromkeys(texts) if t not in self._cache]
        return super().parse(texts, entities)


def test_a_doc_is_the_same_whichever_batch_parses_it(resources: EngineResources) -> None:
    sentences = [sentence for _, body in _BODIES for sentence in body.split(". ")]
    together = _fresh(resources).parser.parse(sentences, entities=True)
    for sentence, doc in zip(sentences, together, strict=True):
        alone = _fresh(resources).parser.parse_one(sentence, entities=True)
        assert _annotations(alone) == _annotations(doc), sentence


def test_analyze_finds_the_claims_extraction_finds_article_by_article(resources: EngineResources) -> None:
    articles = _articles()
    one_by_one = [claim for article in articles for claim in extract_claims(article, _fresh(resources))]
    batched = analyze(articles, _fresh(resources)).claims
    assert one_by_one, "the written articles hold claims"
    assert [c.model_dump() for c in batched] == [c.model_dump() for c in one_by_one]


def test_the_plan_names_only_sentences_extraction_parses(resources: EngineResources) -> None:
    for article in _articles():
        recorder = _RecordingParser(resources.parser.model)
        extract_claims(article, _fresh(resources, recorder))
        plan = parse_plan(article, resources)
        planned = plan.texts() if plan is not None else []
        assert set(planned) <= set(recorder.parsed), article.id
        if article.id == "prefetch-0":
            assert planned, "a story about talks has sentences to parse"
    assert parse_plan(_articles()[2], resources) is None  # no talk word: extraction stops before parsing
