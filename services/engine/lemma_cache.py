"""The pipeline's rule lemmatizer, asked once per distinct (word, part of speech, morphology).

spaCy's rule lemmatizer works token by token in Python and remembers only some of its answers, so
news sentences spend about a tenth of their parse time on lemmas. A rule lemma depends on nothing but
the token's text, part of speech and morphology: ``CachedLemmas`` reads those for the whole doc at
once, asks the wrapped lemmatizer only for combinations it has not met, and writes the lemmas back in
one go. Tokens that already have a lemma (set by the attribute rules) keep it, as with the lemmatizer.

Asking is slow too: a rule lemma is kept when the rules' form is a known word, and spaCy's tables list
the known words, so each question scans lists of up to 60,000 words. ``CachedLemmas`` gives the wrapped
lemmatizer the same words as sets (membership is all the rules test): the same lemmas, in a tenth of
the time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.pipeline import Lemmatizer
    from spacy.tokens import Doc

# Distinct (word, part of speech, morphology) remembered before the memory starts afresh.
_MEMORY = 200_000


class CachedLemmas:
    """Sets rule lemmas like the wrapped lemmatizer, remembering each answer."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        if lemmatizer.mode != "rule" or lemmatizer.overwrite:
            raise ValueError("only a rule lemmatizer that keeps existing lemmas is cached")
        self.lemmatizer = lemmatizer
        self._seen: dict[tuple[int, int, int], int] = {}
        _known_words_as_sets(lemmatizer)

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        columns = doc.to_array([ORTH, POS, MORPH, LEMMA])
        strings = doc.vocab.strings
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(columns.tolist()):
            if lemma:
                continue
            key = (orth, pos, morph)
            found = self._seen.get(key)
            if found is None:
                if len(self._seen) >= _MEMORY:
                    self._seen.clear()
                found = self._seen[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            columns[i, 3] = found
            changed = True
        if changed:
            doc.from_array([LEMMA], columns[:, 3:4])  # type: ignore[arg-type]  # to_array gives uint64
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def _known_words_as_sets(lemmatizer: Lemmatizer) -> None:
    """The lemmatizer's lists of known words by part of speech (``lemma_index``) as sets, in place."""
    if not lemmatizer.lookups.has_table("lemma_index"):
        return
    index = lemmatizer.lookups.get_table("lemma_index")
    for key, words in list(index.items()):  # keys are the part-of-speech names' hashes
        if isinstance(words, list):
            index[key] = frozenset(words)
