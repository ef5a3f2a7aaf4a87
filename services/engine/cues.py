"""Negotiation vocabulary in a sentence: the cues that make it a candidate claim."""

from __future__ import annotations

from functools import lru_cache

from services.engine.lexicon import Lexicon


def negotiation_cues(text: str, lexicon: Lexicon, allow_weak: bool) -> list[tuple[int, int]]:
    """Spans of negotiation vocabulary in a sentence, minus meetings, contracts and commerce."""
    return list(_cues(text, lexicon, allow_weak))


# The latest sentences' cues are remembered: the parse plan (``prefetch``) and extraction read them both.
@lru_cache(maxsize=2048)
def _cues(text: str, lexicon: Lexicon, allow_weak: bool) -> tuple[tuple[int, int], ...]:
    cues = [m.span() for m in lexicon.strong_cue.finditer(text)]
    if allow_weak:
        cues += [m.span() for m in lexicon.weak_cue.finditer(text)]
    if not cues:
        return ()
    excluded = [m.span() for m in lexicon.not_negotiation.finditer(text)]
    return tuple(c for c in cues if not any(a <= c[0] < b for a, b in excluded))
