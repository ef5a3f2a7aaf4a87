"""How the reporter tells a statement: the reporter's own words, hedges, reported changes of position."""

from __future__ import annotations

import re

from services.engine.lexicon import Lexicon

_BLANK_QUOTE = re.compile(r"[\"“«„][^\"“”«»„]*[\"”»“]")
_CLAUSE_END = re.compile(r"[,;:.!?\"“”(]|\s[–—]\s")


def blank_quotes(text: str) -> str:
    """`text` with every closed quotation replaced by spaces (offsets kept): the reporter's words only."""
    return _BLANK_QUOTE.sub(lambda m: " " * len(m.group()), text)


def is_hedged(reporter_text: str, cue: int, lexicon: Lexicon) -> bool:
    """A hedge in the reporter's words: "reportedly" anywhere, "may" only before the reporting verb at `cue`.

    Quotes are blanked by the caller; `cue` is the verb's offset in the sentence (-1: no verb, all counts).
    """
    if lexicon.report_hedge.search(reporter_text) is not None:
        return True
    return lexicon.modal_hedge.search(reporter_text, 0, cue if cue >= 0 else len(reporter_text)) is not None


def reported_change(text: str, lexicon: Lexicon) -> str | None:
    """The words with which the article reports a change of position, up to the end of their clause."""
    match = lexicon.reported_change.search(text)
    if match is None:
        return None
    stop = _CLAUSE_END.search(text, match.end())
    return text[match.start() : stop.start() if stop else len(text)].strip()
