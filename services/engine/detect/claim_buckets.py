"""Where the detector keeps earlier claims: an interface, and the in-memory implementation.

Detection is pairwise and order-independent: every claim is filed under a few *buckets*
(e.g. ``speaker:antony-blinken``, ``condition:withdrawal:kursk``) and compared with the
claims the bucket already held.  ``record`` is atomic per bucket, so whichever of two claims
is recorded second sees the first: every pair is compared exactly once, whatever the order
of arrival and however many detector replicas run.  On a redelivery the claim is already in
the bucket; ``record`` never returns the claim itself, and the alerts it yields again carry
the same deterministic ids, which the publisher de-duplicates.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

from schemas import Claim


class ClaimStore(Protocol):
    """Synchronous store (in-process `analyze`)."""

    def record(self, claim: Claim, buckets: Sequence[str]) -> dict[str, list[Claim]]:
        """Add `claim` to each bucket; return, per bucket, the *other* claims it holds."""
        ...


class AsyncClaimStore(Protocol):
    """Asynchronous store (the detector worker's Redis store implements this)."""

    async def record(self, claim: Claim, buckets: Sequence[str]) -> dict[str, list[Claim]]:
        """Add `claim` to each bucket atomically per bucket; return the *other* claims each holds."""
        ...


class InMemoryClaimStore:
    """Buckets in a dict, each keeping its newest `window` claims."""

    def __init__(self, window: int = 500) -> None:
        self._window = window
        self._buckets: dict[str, OrderedDict[str, Claim]] = {}

    def record(self, claim: Claim, buckets: Sequence[str]) -> dict[str, list[Claim]]:
        peers: dict[str, list[Claim]] = {}
        for name in buckets:
            bucket = self._buckets.setdefault(name, OrderedDict())
            peers[name] = [c for cid, c in bucket.items() if cid != claim.claim_id]
            bucket[claim.claim_id] = claim
            while len(bucket) > self._window:
                bucket.popitem(last=False)
        return peers
