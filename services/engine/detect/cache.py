"""Bounded memos of what the detector derives from claims and texts, so a busy bucket stays cheap.

A claim is judged against up to a window of peers per bucket, and every peer is judged again
with each new claim: without memos its quote is re-tokenized, its dates re-read and its
conditions re-parsed hundreds of times.  Claims are frozen and texts are strings, so what is
derived from them never changes.  Per-claim memos hold the claim objects the detector's store
hands out (the in-memory store and the Redis store's parsed-claim cache return the same object
for a claim each time) and are keyed by object identity, never by claim id, so a memo can
never return facts of another claim that happens to carry the same id (a test reusing an id, a
corrected re-extraction).  Every memo is bounded; ``clear_all`` empties them (a cold start,
for benchmarks and tests).
"""

from __future__ import annotations

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
    """Bounded memo of `derive(claim, rules)` for the claim objects the detector holds.

    Keyed by the claim object's identity: each entry keeps its claim alive, so no other
    object can take its id while the entry lasts, and a claim seen again as another (equal)
    object is simply derived again.  Entries computed under other rules are derived again
    too.  The oldest entries go first once `size` is reached.
    """

    def __init__(
        self, derive: Callable[[Claim, DetectionRules], Derived], size: int = CLAIM_MEMO_SIZE
    ) -> None:
        self._derive = derive
        self._size = size
        self._entries: dict[int, tuple[Claim, DetectionRules, Derived]] = {}
        register(self)

    def __call__(self, claim: Claim, rules: DetectionRules) -> Derived:
        """The derived value for `claim` under `rules`, computed once while remembered."""
        entry = self._entries.get(id(claim))
        if entry is not None and entry[0] is claim and entry[1] is rules:
            return entry[2]
        value = self._derive(claim, rules)
        if entry is None and len(self._entries) >= self._size:
            del self._entries[next(iter(self._entries))]
        self._entries[id(claim)] = (claim, rules, value)
        return value

    def cache_clear(self) -> None:
        """Forget every remembered value."""
        self._entries.clear()
