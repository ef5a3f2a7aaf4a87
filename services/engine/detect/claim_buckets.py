"""Statement buckets: one speaker's raw claims per day, an interface and the in-memory store.

A claim is filed in its *home* bucket (``said:<speaker>:<day>``) and compared with the
claims of the buckets its statement may be reported in (the nearby days): ``record`` reads
those and adds the claim, atomically, so whichever of two claims is recorded second sees the
first, whatever the order of arrival and however many detector replicas run.  On a
redelivery the claim is already filed; ``record`` never returns the claim itself.  Each
bucket keeps its latest-said `window` claims, and a claim reads at most ``MAX_PEERS``, the
nearest buckets first, so a busy speaker costs no more than a quiet one beyond that; the Redis
store also lets a bucket expire after the claim retention, since statement identity only
looks a few days around a claim.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time
from typing import Protocol

from schemas import Claim

# Peers returned per claim at most, nearest buckets first: a statement is reported by tens of
# outlets, not hundreds, and the cost of judging a claim must not grow with a busy speaker.
MAX_PEERS = 250


def said_score(claim: Claim) -> float:
    """Order key of a claim in its bucket: when it was said, else published (epoch s), else 0."""
    if claim.said_at is not None:
        return datetime.combine(claim.said_at, time(12, 0), tzinfo=UTC).timestamp()
    if claim.published_at is not None:
        published = claim.published_at
        if published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        return published.timestamp()
    return 0.0


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
    """Buckets in a dict, each keeping its `window` latest-said claims (as the Redis store does).

    A bucket's claims are ordered by (said score, claim id), as a Redis sorted set orders them;
    reads take the latest first, bucket by bucket in the order given, up to `max_peers`.
    """

    def __init__(self, window: int = 500, max_peers: int = MAX_PEERS) -> None:
        self._window = window
        self._max_peers = max_peers
        self._buckets: dict[str, dict[str, tuple[float, Claim]]] = {}

    def record(self, claim: Claim, home: str, reads: Sequence[str]) -> list[Claim]:
        peers: dict[str, Claim] = {}
        remaining = self._max_peers
        for name in reads:
            if remaining <= 0:
                break
            bucket = self._buckets.get(name, {})
            latest = sorted(bucket, key=lambda c: (bucket[c][0], c), reverse=True)[:remaining]
            remaining -= len(latest)
            for cid in latest:
                if cid != claim.claim_id:
                    peers.setdefault(cid, bucket[cid][1])
        bucket = self._buckets.setdefault(home, {})
        bucket[claim.claim_id] = (said_score(claim), claim)
        if len(bucket) > self._window:
            ranked = sorted(bucket, key=lambda c: (bucket[c][0], c))
            for cid in ranked[: len(bucket) - self._window]:
                del bucket[cid]
        return list(peers.values())

    def bucket_count(self) -> int:
        """How many buckets are held."""
        return len(self._buckets)
