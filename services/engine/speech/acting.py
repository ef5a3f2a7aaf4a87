"""Who a sentence without a speech cue says acts or takes a position: the subject of its main verb."""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.engine.speech.events import SpeechEvent
from services.engine.speech.lexicon import SpeechLexicon
from services.engine.speech.spans import phrase_span, trimmed
from services.engine.syntax import text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc

_COPULAS = frozenset({"be", "seem", "remain", "appear", "become"})


def acting_subject(doc: Doc, lexicon: SpeechLexicon) -> SpeechEvent | None:
    """Who the sentence says acts or takes a position: the subject of its main verb ("X welcomed the talks").

    Not speech: for a sentence without a speech cue that extraction keeps as a claim. None for a main verb
    of speech (the events handle it), a subject that is no one ("it", "there") or a passive subject.
    """
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in ("VERB", "AUX") or root.lemma_.casefold() in lexicon.verbs:
        return None
    if root.lemma_.casefold() in _COPULAS:
        return None  # "Kyiv was quiet": a state, not a position anyone takes
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ in ("it", "there", "this", "that", "which", "what"):
        return None
    source = phrase_span(subject)
    content = trimmed(doc, source[1], len(text_of(doc)))
    if content is None:
        return None
    cue = (root.idx, root.idx + len(root.text))
    return SpeechEvent(cue, subject.i, source, content, "subject", content_root=root.i)
