"""One statement reported by several outlets: recognising it, and grouping claims into statements.

Two claims report one statement when the same speaker is quoted or paraphrased in different
articles, on compatible days (said within the statement slack, or a quote reprinted), with
the same words: aligned quotes when both quote; otherwise shared content words and the same
position (a paraphrase with another stance or other conditions is another statement, even a
day later: "will not hold talks until ..." on Monday and "rejects talks" on Tuesday).  The
test is symmetric, so it never depends on which claim came first.
Reports of one statement are corroboration, never a position change.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from schemas import Claim, Stance, Statement
from services.engine.detect.cache import register
from services.engine.detect.quote_pairs import QuoteComparison, compare_quotes
from services.engine.detect.rules import DetectionRules
from services.engine.detect.timing import SaidWindow, anchor_day, claim_window, windows_overlap
from services.engine.detect.wording import text_content_words

# Paraphrases (no quote on one side) must share this many content words, and this fraction
# of the shorter one's, besides the speaker's own name.  Words like "Ukraine", "position" and
# "negotiations" recur in every report on a subject, so paraphrases need several in common and
# both claims dated: without a date the wording alone is too weak a sign of one statement.
MIN_SHARED_PARAPHRASE_WORDS = 4
MIN_PARAPHRASE_FRACTION = 0.5


# A claim compared with a full bucket of 500 quoting peers, whose own pairs are compared again
# when the sides of an alert are drawn up: room for several such rounds.
@lru_cache(maxsize=8192)
def cached_comparison(quote_a: str, quote_b: str, rules: DetectionRules) -> QuoteComparison:
    """compare_quotes, remembered: clustering and discrepancy compare the same pairs."""
    return compare_quotes(quote_a, quote_b, rules)


register(cached_comparison)


def compatible_days(a: Claim, b: Claim, rules: DetectionRules, quoted: bool = False) -> bool:
    """True unless the two claims are dated to clearly different days.

    With `quoted` (both claims quote), a report known only by its publication date may come
    up to ``quote_reuse_days`` after the statement: outlets reprint a quote for days.  Two
    exact dates further apart than the slack are the speaker saying it again.
    """
    return compatible_windows(claim_window(a, rules), claim_window(b, rules), rules, quoted)


def compatible_windows(
    window_a: SaidWindow | None, window_b: SaidWindow | None, rules: DetectionRules, quoted: bool = False
) -> bool:
    """``compatible_days`` for two claims' said windows."""
    if window_a is None or window_b is None:
        return True
    if windows_overlap(window_a, window_b, rules.statement_slack_days):
        return True
    if not quoted or (window_a.exact and window_b.exact):
        return False
    earlier, later = sorted((window_a, window_b), key=lambda w: w.latest)
    if later.exact:
        return False  # the dated statement comes after the report: another statement
    return (later.latest - earlier.latest).days <= rules.quote_reuse_days


def may_be_one_statement(a: Claim, b: Claim, rules: DetectionRules) -> bool:
    """Same speaker, different articles, compatible days: worth comparing the words."""
    return (
        a.claim_id != b.claim_id
        and a.speaker.id == b.speaker.id
        and a.article_id != b.article_id
        and compatible_days(a, b, rules, quoted=bool(a.quote and b.quote))
    )


def same_statement(a: Claim, b: Claim, rules: DetectionRules) -> bool:
    """True when `a` and `b` are reports of one statement by one speaker."""
    if not may_be_one_statement(a, b, rules):
        return False
    if a.quote and b.quote:
        first, second = sorted((a, b), key=lambda c: c.claim_id)
        return cached_comparison(first.quote or "", second.quote or "", rules).aligned
    return _paraphrases(a, b, rules)


def _different_positions(a: Claim, b: Claim) -> bool:
    """True when two paraphrases say different things: other stances, or other conditions."""
    if a.stance != b.stance and Stance.neutral not in (a.stance, b.stance):
        return True
    keys_a, keys_b = {c.key for c in a.conditions}, {c.key for c in b.conditions}
    return bool(keys_a) and bool(keys_b) and keys_a != keys_b


def _paraphrases(a: Claim, b: Claim, rules: DetectionRules) -> bool:
    if anchor_day(a) is None or anchor_day(b) is None or _different_positions(a, b):
        return False
    name_words = text_content_words(a.speaker.name, rules) | text_content_words(b.speaker.name, rules)
    words_a = text_content_words(a.text, rules) - name_words
    words_b = text_content_words(b.text, rules) - name_words
    shorter = min(len(words_a), len(words_b))
    shared = len(words_a & words_b)
    return (
        shorter > 0 and shared >= MIN_SHARED_PARAPHRASE_WORDS and shared / shorter >= MIN_PARAPHRASE_FRACTION
    )


def statement_groups(claims: Sequence[Claim], rules: DetectionRules) -> list[list[Claim]]:
    """Group claims into statements (connected reports of one statement), in first-seen order."""
    parent = list(range(len(claims)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_speaker: dict[str, list[int]] = {}
    for index, claim in enumerate(claims):
        by_speaker.setdefault(claim.speaker.id, []).append(index)
    for indices in by_speaker.values():
        for pos, i in enumerate(indices):
            for j in indices[pos + 1 :]:
                if root(i) != root(j) and same_statement(claims[i], claims[j], rules):
                    parent[max(root(i), root(j))] = min(root(i), root(j))
    groups: dict[int, list[Claim]] = {}
    for index, claim in enumerate(claims):
        groups.setdefault(root(index), []).append(claim)
    return list(groups.values())


def statement_of(group: Sequence[Claim]) -> Statement:
    """The Statement a group of claims reports, with its corroboration count."""
    anchor = min(group, key=lambda c: c.claim_id)
    digest = hashlib.sha256("\x1f".join(sorted(c.claim_id for c in group)).encode("utf-8")).hexdigest()[:24]
    topics = Counter(c.topic for c in group)
    topic = max(topics, key=lambda t: (topics[t], -[c.topic for c in group].index(t)))
    quoted = [c for c in group if c.quote]
    said = sorted({c.said_at for c in group if c.said_at is not None})
    sources = sorted({c.source for c in group})
    return Statement(
        statement_id=f"statement:{digest}",
        speaker=anchor.speaker,
        topic=topic,
        said_at=said[0] if said else None,
        quote=(quoted[0].quote if quoted else None),
        text=(quoted[0] if quoted else group[0]).text,
        claim_ids=[c.claim_id for c in group],
        sources=sources,
        corroboration=len(sources),
    )


def statements(claims: Sequence[Claim], rules: DetectionRules) -> list[Statement]:
    """Every statement the claims report, each with the outlets that corroborate it."""
    return [statement_of(group) for group in statement_groups(claims, rules)]
