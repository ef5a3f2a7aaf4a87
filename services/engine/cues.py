"""Negotiation vocabulary in a sentence: the cues that make it a candidate claim."""

from __future__ import annotations

from services.engine.lexicon import Lexicon


def negotiation_cues(text: str, lexicon: Lexicon, allow_weak: bool) -> list[tuple[int, int]]:
    """Spans of negotiation vocabulary in a sentence, minus meetings, contracts and commerce."""
    cues = [m.span() for m in lexicon.strong_cue.finditer(text)]
    if allow_weak:
        cues += [m.span() for m in lexicon.weak_cue.finditer(text)]
    if not cues:
        return cues
    excluded = [m.span() for m in lexicon.not_negotiation.finditer(text)]
    return [c for c in cues if not any(a <= c[0] < b for a, b in excluded)]
