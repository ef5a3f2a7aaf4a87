"""Split cleaned text into sentences with offsets; a quotation is never cut in two.

Sentences never cross a line (paragraph). Abbreviations ("Mr.", "Jan.", "U.S.") and initials
do not end a sentence. A boundary inside a quotation is ignored, so a quote of several
sentences followed by "he said" stays one sentence with its attribution. A quotation left open
runs to the next closing mark of any kind or to the paragraph end (at most a few sentences):
the quote and the attribution inside it are one statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Sgt|Capt|Cpt|Sen|Rep|Gov|St|Jr|Sr|Maj|Adm|Brig|Cmdr|Jan|Feb|Mar|Apr"
    r"|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Nos|vs|etc|Inc|Ltd|Co|Corp|Rev|Hon|Pres|approx|Fig|Vol|Art|para"
    r"|Mt|Ft|Ave|Blvd|Dept|Univ|Assn|Bros|ed|e\.g|i\.e)|\b[A-Z]|(?:\b[A-Za-z]\.){2,}[A-Za-z]?)\.$"
)
_OPENING = {"“": "”", "«": "»", "„": "“"}
_LINE = re.compile(r"[^\n]+")
_QUOTE_CHAR = re.compile(r"[\"“”«»„]")
_ANY_CLOSER = '"”»'
_MAX_DANGLING = 700


@dataclass(frozen=True)
class Sentence:
    """A sentence of the cleaned text: [start, end) and the paragraph it belongs to."""

    start: int
    end: int
    paragraph: int
    headline: bool = False


def quote_regions(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """[open, close] offsets of every closed double quotation in text[start:end]."""
    end = len(text) if end is None else end
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    closer = ""
    for match in _QUOTE_CHAR.finditer(text, start, end):
        char = match.group()
        if open_at is None:
            if char in _OPENING or char == '"':
                open_at, closer = match.start(), _OPENING.get(char, '"')
        elif char == closer:
            regions.append((open_at, match.start()))
            open_at = None
    return regions


def _dangling_quote(
    text: str, start: int, end: int, regions: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The region of a quotation opened after the last closed one and never closed by its own mark.

    It runs to the next closing mark of any kind ("...” after a straight opening quote) or, when there is
    none, to the paragraph end, so the quote and the attribution after it stay one statement. Past
    `_MAX_DANGLING` characters an unclosed mark is taken for a typo and bounds nothing.
    """
    after = regions[-1][1] + 1 if regions else start
    opening = next((i for i in range(after, end) if text[i] in _OPENING or text[i] == '"'), None)
    if opening is None:
        return None
    close = next((i for i in range(opening + 1, end) if text[i] in _ANY_CLOSER), end)
    if close - opening > _MAX_DANGLING:
        return None
    return (opening, close)


def _inside(position: int, regions: list[tuple[int, int]]) -> bool:
    return any(open_at < position < close_at for open_at, close_at in regions)


def split_paragraph(text: str, start: int, end: int, paragraph: int) -> list[Sentence]:
    """Sentences of the paragraph text[start:end]."""
    regions: list[tuple[int, int]] = []
    if any(q in text[start:end] for q in '"“«„'):
        regions = quote_regions(text, start, end)
        dangling = _dangling_quote(text, start, end, regions)
        if dangling is not None:
            regions.append(dangling)
    sentences: list[Sentence] = []
    sentence_start = start
    chunk = text[start:end]
    for match in _BOUNDARY.finditer(chunk):
        boundary = start + match.end()
        head = chunk[max(0, match.start() - 12) : match.start() + 1]
        if match.group().startswith(".") and _ABBREVIATION.search(head):
            continue
        if regions and _inside(boundary - 1, regions):
            continue
        sentences.append(Sentence(sentence_start, boundary, paragraph))
        sentence_start = boundary
        while sentence_start < end and text[sentence_start].isspace():
            sentence_start += 1
    if sentence_start < end:
        sentences.append(Sentence(sentence_start, end, paragraph))
    return sentences


def split_sentences(text: str, headline_end: int = 0) -> list[Sentence]:
    """Every sentence of a cleaned text; the headline line (text[:headline_end]) is one sentence."""
    sentences: list[Sentence] = []
    for paragraph, match in enumerate(_LINE.finditer(text)):
        if paragraph == 0 and headline_end and match.end() == headline_end:
            sentences.append(Sentence(match.start(), match.end(), 0, headline=True))
            continue
        sentences.extend(split_paragraph(text, match.start(), match.end(), paragraph))
    return sentences
