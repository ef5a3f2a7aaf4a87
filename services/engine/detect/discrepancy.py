"""quote_discrepancy: outlets quoting one statement with materially different words.

For every earlier claim that quotes the same speaker in another article on compatible days,
the two quotes are aligned (``quotes.compare_quotes``).  The most telling change names the
alert: its id is built from the speaker and the changed words, not from the claim ids, so
three outlets quoting "guarantees", "guarantees" and "assurances" raise one alert whichever
pair is seen first.  Every outlet known at the time is placed on the side whose words it uses;
which outlets the alert names therefore depends on what had arrived, its id does not.  The
same speaker misquoted with the very same word swap on another occasion folds into that id.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache

from schemas import Alert, AlertKind, Claim
from services.engine.detect.alerts import (
    MAX_EVIDENCE_PER_SIDE,
    alert_id,
    evidence,
    parties_of,
    sources_of,
    weakened,
)
from services.engine.detect.cache import TEXT_MEMO_SIZE, register
from services.engine.detect.clustering import cached_comparison, may_be_one_statement
from services.engine.detect.quotes import QuoteChange
from services.engine.detect.rules import DetectionRules
from services.engine.detect.wording import text_words

MAX_OTHER_CHANGES_SHOWN = 2


def quote_discrepancies(
    claim: Claim, peers: Sequence[Claim], detected_at: datetime, rules: DetectionRules
) -> list[Alert]:
    """Alerts for quotes of `claim`'s statement, in other articles, that differ materially."""
    if not claim.quote:
        return []
    candidates = [p for p in peers if p.quote and may_be_one_statement(claim, p, rules)]
    alerts: dict[str, Alert] = {}
    for peer in candidates:
        first, second = sorted((claim, peer), key=lambda c: c.claim_id)
        comparison = cached_comparison(first.quote or "", second.quote or "", rules)
        if not comparison.aligned or not comparison.changes:
            continue
        primary = comparison.changes[0]
        # Named by speaker and words only: the pairs (A, C) and (B, C) of one statement may carry
        # different dates (said_at vs publication day) and must still give one id.
        identifier = alert_id(AlertKind.quote_discrepancy, claim.speaker.id, primary.signature)
        if identifier in alerts:
            continue
        side_a, side_b = _sides(first, second, primary, [claim, *candidates], rules)
        alerts[identifier] = _alert(identifier, primary, comparison.changes[1:], side_a, side_b, detected_at)
    return list(alerts.values())


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    if not needle:
        return False
    width = len(needle)
    return any(haystack[i : i + width] == needle for i in range(len(haystack) - width + 1))


# Words each preceded by a separator no word holds, and one closing it: a run of words in a
# quote is then a substring of the quote's line, which str finds far faster than list slices.
_SEPARATOR = "\x1f"


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def _word_line(text: str) -> str | None:
    found = text_words(text)
    if any(_SEPARATOR in word for word in found):
        return None  # cannot be told apart: fall back to comparing lists
    return "".join(_SEPARATOR + word for word in found) + _SEPARATOR


register(_word_line)


def _quotes_words(quote: str, shown: str) -> bool:
    """True when the words of `shown` (at least one) occur in a row in `quote`: ``_contains``."""
    needle = text_words(shown)
    if not needle:
        return False
    quote_line, shown_line = _word_line(quote), _word_line(shown)
    if quote_line is None or shown_line is None:
        return _contains(text_words(quote), needle)
    return shown_line in quote_line


def _sides(
    first: Claim, second: Claim, change: QuoteChange, known: Sequence[Claim], rules: DetectionRules
) -> tuple[list[Claim], list[Claim]]:
    """The claims using quote A's words and quote B's words at the changed place."""
    side_a, side_b = [first], [second]
    for other in known:
        if other.claim_id in (first.claim_id, second.claim_id) or not other.quote:
            continue
        in_a, in_b = _quotes_words(other.quote, change.shown_a), _quotes_words(other.quote, change.shown_b)
        # Words first: aligning the quotes costs far more, and only matters for a one-sided match.
        if in_a == in_b or not _one_statement_quotes(other, first, rules):
            continue
        if in_a:
            side_a.append(other)
        else:
            side_b.append(other)
    return side_a, side_b


def _one_statement_quotes(a: Claim, b: Claim, rules: DetectionRules) -> bool:
    x, y = sorted((a, b), key=lambda c: c.claim_id)
    return cached_comparison(x.quote or "", y.quote or "", rules).aligned


def _alert(
    identifier: str,
    primary: QuoteChange,
    others: Sequence[QuoteChange],
    side_a: list[Claim],
    side_b: list[Claim],
    detected_at: datetime,
) -> Alert:
    # The larger group of outlets reads first: "A and B quote ... while C quotes ...".
    swapped = len(side_b) > len(side_a)
    if swapped:
        side_a, side_b = side_b, side_a
    shown = [(c.shown_b, c.shown_a) if swapped else (c.shown_a, c.shown_b) for c in (primary, *others)]
    (shown_a, shown_b), other_shown = shown[0], shown[1:]
    side_a, side_b = side_a[:MAX_EVIDENCE_PER_SIDE], side_b[:MAX_EVIDENCE_PER_SIDE]
    speaker = side_a[0].speaker.name
    verb_a = "quote" if len({c.source for c in side_a}) > 1 else "quotes"
    verb_b = "quote" if len({c.source for c in side_b}) > 1 else "quotes"
    summary = (
        f'{sources_of(side_a)} {verb_a} {speaker} as saying "{shown_a}" '
        f'while {sources_of(side_b)} {verb_b} "{shown_b}"'
    )
    if other_shown:
        extra = "; ".join(f'"{a}" vs "{b}"' for a, b in other_shown[:MAX_OTHER_CHANGES_SHOWN])
        summary += f" (other differences: {extra})"
    claims = [*side_a, *side_b]
    return Alert(
        alert_id=identifier,
        kind=AlertKind.quote_discrepancy,
        severity=weakened(primary.severity, (side_a, side_b)),
        topic=side_a[0].topic,
        actors=sorted({c.speaker.id for c in claims}),
        parties=parties_of(claims),
        claim_ids=[c.claim_id for c in claims],
        summary=summary + ".",
        evidence=evidence(claims),
        detected_at=detected_at,
    )
