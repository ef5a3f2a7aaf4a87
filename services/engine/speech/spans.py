"""Character spans of parsed phrases: a source's noun phrase, a content trimmed of quotation marks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.engine.syntax import text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_PUNCT = " ,.;:—–-\"“”«»'’"


def in_quote(offset: int, quotes: list[tuple[int, int]]) -> bool:
    """Whether the character offset lies inside one of the quotations."""
    return bool(quotes) and any(a < offset < b for a, b in quotes)  # most sentences quote nothing


def phrase_span(token: Token) -> tuple[int, int]:
    """The character span of a source noun phrase: its subtree without relative clauses and edges."""
    drop = {t.i for child in token.children if child.dep_ in ("relcl", "acl") for t in child.subtree}
    kept = [t for t in token.subtree if t.i not in drop]
    while kept and (kept[-1].is_punct or kept[-1].dep_ in ("cc", "prep")):
        kept.pop()
    while kept and kept[0].is_punct:
        kept.pop(0)
    if not kept:
        return token.idx, token.idx + len(token.text)
    return kept[0].idx, kept[-1].idx + len(kept[-1].text)


def trimmed(doc: Doc | Span, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) with quotation marks, spaces and commas trimmed at both ends; None when empty."""
    text = text_of(doc)
    end = min(end, len(text))
    while start < end and text[start] in _PUNCT:
        start += 1
    while end > start and text[end - 1] in _PUNCT:
        end -= 1
    return (start, end) if end - start >= 2 else None


def tagged(span: tuple[int, int] | None, how: str) -> tuple[int, int, str] | None:
    """The span with how the content was found ("clause", "quote", "object"), or None."""
    return (span[0], span[1], how) if span is not None else None


def subtree_span(token: Token, without: Token | None = None) -> tuple[int, int]:
    """The character span of a token's subtree, without the subtree of `without`."""
    skip = {t.i for t in without.subtree} if without is not None else set()
    tokens = [t for t in token.subtree if t.i not in skip]
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def names_a_title(doc: Doc, quote_start: int) -> bool:
    """Whether the quotation opening at `quote_start` follows a preposition or an article: a title."""
    before = [t for t in doc if t.idx + len(t.text) <= quote_start and not t.is_space]
    return bool(before) and before[-1].pos_ in ("ADP", "DET") and before[-1].lower_ != "that"


def is_passive(verb: Token) -> bool:
    """Whether the verb is passive ("was announced")."""
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
