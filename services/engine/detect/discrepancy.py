"""quote_discrepancy: outlets quoting one statement with materially different words.

For every earlier claim that quotes the same speaker in another article on compatible days,
the two quotes are aligned (``quote_pairs.compare_quotes``).  The most telling change names the
alert: its id is built from the speaker and the changed words, not from the claim ids, so
three outlets quoting "guarantees", "guarantees" and "assurances" raise one alert whichever
pair is seen first.  Every outlet known at the time is placed on the side whose words it uses;
which outlets the alert names therefore depends on what had arrived, its id does not.  The
same speaker misquoted with the very same word swap on another occasion folds into that id.
Two quotes apart at more than ``MAX_MATERIAL_CHANGES`` places are two texts, not one misquoted.
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
from services.engine.detect.clustering import cached_comparison, compatible_windows
from services.engine.detect.quote_pairs import QuoteChange
from services.engine.detect.rules import DetectionRules
from services.engine.detect.timing import claim_window
from services.engine.detect.wording import text_words

MAX_OTHER_CHANGES_SHOWN = 2
# A misquote changes a word or two of one text; renderings apart at more places than this are
# two texts (two translations of a communique, two statements of one day), not one misquoted.
MAX_MATERIAL_CHANGES = 2


def quote_discrepancies(
    claim: Claim, peers: Sequence[Claim], detected_at: datetime, rules: DetectionRules
) -> list[Alert]:
    """Alerts for quotes of `claim`'s statement, in other articles, that differ materially."""
    if not claim.quote:
        return []
    # may_be_one_statement(claim, p, rules) for quoting peers, with `claim`'s facts read once.
    window = claim_window(claim, rules)
    candidates = [
        p
        for p in peers
        if p.quote
        and p.speaker.id == claim.speaker.id
        and p.claim_id != claim.claim_id
        and p.article_id != claim.article_id
        and compatible_windows(window, claim_window(p, rules), rules, quoted=True)
    ]
    alerts: dict[str, Alert] = {}
    seen_signatures: set[str] = set()
    for peer in candidates:
        # In claim-id order (sorted() would keep `claim` first on a tie, as `<=` does).
        first, second = (claim, peer) if claim.claim_id <= peer.claim_id else (peer, claim)
        comparison = cached_comparison(first.quote or "", second.quote or "", rules)
        if not comparison.aligned or not comparison.changes:
            continue
        if len(comparison.changes) > MAX_MATERIAL_CHANGES:
            continue
        primary = comparison.changes[0]
        # The id depends on the speaker and the signature only: one alert per signature.
        if primary.signature in seen_signatures:
            continue
        seen_signatures.add(primary.signature)
        # Named by speaker and words only: the pairs (A, C) and (B, C) of one statement may carry
        # different dates (said_at vs publication day) and must still give one id.
        identifier = alert_id(AlertKind.quote_discrepancy, claim.speaker.id, primary.signature)
        if identifier in alerts:
            continue
        side_a, side_b = _sides(first, second, primary, [claim, *candidates], rules)
        alerts[identifier] = _alert(identifier, primary, comparison.changes[1:], side_a, side_b, detected_at)
    return list(alerts.values())


# Words each preceded by a separator, and one closing them, the separator escaped inside a
# word: a run of words in a quote is then a substring of the quote's line, which str finds far
# faster than comparing list slices.
_SEPARATOR = "\x1f"
_ESCAPE = "\\"


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def _word_line(text: str) -> str:
    escaped = (w.replace(_ESCAPE, _ESCAPE * 2).replace(_SEPARATOR, _ESCAPE + "s") for w in text_words(text))
    return "".join(_SEPARATOR + word for word in escaped) + _SEPARATOR


register(_word_line)


def _sides(
    first: Claim, second: Claim, change: QuoteChange, known: Sequence[Claim], rules: DetectionRules
) -> tuple[list[Claim], list[Claim]]:
    """The claims using quote A's words and quote B's words at the changed place.

    A claim uses the words when they occur in a row in its quote (at least one word).
    """
    side_a, side_b = [first], [second]
    # None: the shown text has no words, which no quote uses.
    needle_a = _word_line(change.shown_a) if text_words(change.shown_a) else None
    needle_b = _word_line(change.shown_b) if text_words(change.shown_b) else None
    pair = (first.claim_id, second.claim_id)
    for other in known:
        if other.claim_id in pair or not other.quote:
            continue
        line = _word_line(other.quote)
        in_a = needle_a is not None and needle_a in line
        in_b = needle_b is not None and needle_b in line
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
