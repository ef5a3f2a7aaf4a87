"""Bounded memos of what the detector derives from claims and texts, so a busy bucket stays cheap.

A claim is judged against up to a window of peers per bucket, and every peer is judged again
with each new claim: without memos its quote is re-tokenized, its dates re-read and its
conditions re-parsed hundreds of times.  Claims are frozen and texts are strings, so what is
derived from them never changes.  Per-claim memos are keyed by claim id (and the rules) and
remember the claim they were computed from: a lookup with a different claim under the same id
(a test reusing an id, a corrected re-extraction) is recomputed unless the two claims are
equal, so a memo can never return another claim's facts.  Every memo is a bounded LRU;
``clear_all`` empties them (a cold start, for benchmarks and tests).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from schemas import Claim
from services.engine.detect.rules import DetectionRules

# About a detector's store cache (10,000 parsed claims): a busy speaker's window of 500 and the
# condition buckets of its claims fit many times over.
CLAIM_MEMO_SIZE = 10_000
TEXT_MEMO_SIZE = 20_000

Derived = TypeVar("Derived")


class _Clearable(Protocol):
    def cache_clear(self) -> None: ...


_MEMOS: list[_Clearable] = []


def register(memo: _Clearable) -> None:
    """Have `clear_all` empty `memo` too (any object with ``cache_clear``, e.g. an lru_cache)."""
    _MEMOS.append(memo)


def clear_all() -> None:
    """Empty every registered memo."""
    for memo in _MEMOS:
        memo.cache_clear()


class ClaimMemo(Generic[Derived]):
    """LRU of `derive(claim, rules)`, keyed by claim id and rules, checked against the claim."""

    def __init__(
        self, derive: Callable[[Claim, DetectionRules], Derived], size: int = CLAIM_MEMO_SIZE
    ) -> None:
        self._derive = derive
        self._size = size
        self._entries: OrderedDict[tuple[str, DetectionRules], tuple[Claim, Derived]] = OrderedDict()
        register(self)

    def __call__(self, claim: Claim, rules: DetectionRules) -> Derived:
        """The derived value for `claim` under `rules`, computed once while remembered."""
        key = (claim.claim_id, rules)
        entry = self._entries.get(key)
        if entry is not None and (entry[0] is claim or entry[0] == claim):
            self._entries.move_to_end(key)
            return entry[1]
        value = self._derive(claim, rules)
        self._entries[key] = (claim, value)
        self._entries.move_to_end(key)
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return value

    def cache_clear(self) -> None:
        """Forget every remembered value."""
        self._entries.clear()
