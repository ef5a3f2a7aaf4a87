"""Single quotation marks ('We will not negotiate,' he said.) told apart from apostrophes.

British and many wire styles quote with single marks, which are also apostrophes ("don't",
"Ukraine's", "rock 'n' roll", "the Russians' demands", "the '90s"). A single-quoted region here opens
at a word boundary (start of text, after whitespace or opening punctuation) before a letter, closes
after a non-space before whitespace, punctuation or the end, stays on one line, contains a space and no
double quotation mark, and lies outside double quotations (where single marks nest). The engine reads
a copy of the text with such regions re-marked as double curly quotes: same length, same offsets, so
spans and quotes taken from the copy index the original text.
"""

from __future__ import annotations

import re

from services.engine.sentences import quote_regions

# Opening: not preceded by a character other than whitespace or opening punctuation, followed by a letter.
_OPENER = re.compile(r"(?<![^\s(\[—–:-])['‘](?=[^\W\d_])")
# Closing: preceded by a non-space, followed by whitespace, punctuation or the end of the text.
_CLOSER = re.compile(r"(?<=\S)['’](?=[\s.,;:!?)\]—–-]|$)")
_MAX_QUOTE = 600
_DOUBLE = '"“”«»„'


def _closing_mark(text: str, opener: int) -> int | None:
    """The offset of the mark closing the single quotation opened at `opener`, if it is one."""
    for closer in _CLOSER.finditer(text, opener + 1, min(len(text), opener + _MAX_QUOTE)):
        content = text[opener + 1 : closer.start()]
        if "\n" in content or any(mark in content for mark in _DOUBLE):
            return None
        # The first closing mark decides: with no space before it ("rock 'n' roll") the marks are apostrophes.
        return closer.start() if " " in content else None
    return None


def mark_single_quotes(text: str) -> str:
    """`text` with every single-quoted region's marks replaced by “ and ” (length and offsets kept)."""
    if "'" not in text and "‘" not in text:
        return text
    doubles = quote_regions(text)
    marked: list[str] | None = None
    resume = 0
    for opener in _OPENER.finditer(text):
        start = opener.start()
        if start < resume or any(a < start < b for a, b in doubles):
            continue
        close = _closing_mark(text, start)
        if close is None:
            continue
        if marked is None:
            marked = list(text)
        marked[start], marked[close] = "“", "”"
        resume = close + 1
    return text if marked is None else "".join(marked)
