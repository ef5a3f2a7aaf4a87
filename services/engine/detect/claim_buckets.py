"""Statement buckets: one speaker's raw claims per day, an interface and the in-memory store.

A claim is filed in its *home* bucket (``said:<speaker>:<day>``) and compared with the
claims of the buckets its statement may be reported in (the nearby days): ``record`` reads
those and adds the claim, atomically, so whichever of two claims is recorded second sees the
first, whatever the order of arrival and however many detector replicas run.  On a
redelivery the claim is already filed; ``record`` never returns the claim itself.  Each
bucket keeps its newest `window` claims; the Redis store also lets a bucket expire after the
claim retention, since statement identity only looks a few days around a claim.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

from schemas import Claim


class ClaimStore(Protocol):
    """Synchronous store (in-process `analyze`)."""

    def record(self, claim: Claim, home: str, reads: Sequence[str]) -> list[Claim]:
        """Add `claim` to `home`; return the *other* claims the `reads` buckets held, each once."""
        ...


class AsyncClaimStore(Protocol):
    """Asynchronous store (the detector worker's Redis store implements this)."""

    async def record(self, claim: Claim, home: str, reads: Sequence[str]) -> list[Claim]:
        """Add `claim` to `home` atomically with reading `reads`; return the other claims held."""
        ...


class InMemoryClaimStore:
    """Buckets in a dict, each keeping its newest `window` claims."""

    def __init__(self, window: int = 500) -> None:
        self._window = window
        self._buckets: dict[str, OrderedDict[str, Claim]] = {}

    def record(self, claim: Claim, home: str, reads: Sequence[str]) -> list[Claim]:
        peers: dict[str, Claim] = {}
        for name in reads:
            for cid, held in self._buckets.get(name, {}).items():
                if cid != claim.claim_id:
                    peers.setdefault(cid, held)
        bucket = self._buckets.setdefault(home, OrderedDict())
        bucket[claim.claim_id] = claim
        while len(bucket) > self._window:
            bucket.popitem(last=False)
        return list(peers.values())

    def bucket_count(self) -> int:
        """How many buckets are held."""
        return len(self._buckets)
