"""The detector worker's state in Redis: statement buckets, the position ledger and the stands.

``RedisDetectionState.file_many`` files a batch of claims' filings (see
services.engine.detect.detector.plan_filing) in order, one pipeline per kind of state, and
returns for each what the stores held before it: the input of the pure ``judge``.  Each
script is atomic per speaker (statement buckets, ledger) or per condition object (stands),
so any number of replicas sharing the Redis see what one detector would.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from services.common.settings import Settings
from services.detector.redis_claims import RedisClaimStore
from services.detector.redis_ledger import RedisLedger
from services.engine.detect.detector import Filed, Filing


class RedisDetectionState:
    """Statement buckets (expiring), ledger (kept) and stands (expiring) under one key prefix."""

    def __init__(self, redis: Any, settings: Settings) -> None:
        self.claims = RedisClaimStore(
            redis,
            key_prefix=settings.key_prefix,
            window=settings.detector_window,
            retention_s=settings.detector_claim_retention_s,
        )
        self.ledger = RedisLedger(
            redis, key_prefix=settings.key_prefix, stand_retention_s=settings.detector_stand_retention_s
        )

    async def file(self, filing: Filing) -> Filed:
        """File one claim's filing; what the stores held before it."""
        return (await self.file_many([filing]))[0]

    async def file_many(self, filings: Sequence[Filing], *, read_peers: bool = True) -> list[Filed]:
        """File each filing in turn (three round trips for the batch); each one's `Filed`.

        Without `read_peers` nothing is read back (no peers, empty neighbourhoods): for loading
        a history that is not judged (benchmarks/detector_judge.py).
        """
        peers = await self.claims.record_many(
            [(f.claim, f.home, f.reads if read_peers else ()) for f in filings]
        )
        marks = [m for f in filings for m in f.marks]
        placements = iter(await self.ledger.file_marks(marks, neighbours=read_peers))
        stands = iter(await self.ledger.file_stands([s for f in filings for s in f.stands]))
        return [
            Filed(
                peers=tuple(claim_peers),
                placements=tuple(next(placements) for _ in filing.marks),
                stands=tuple(next(stands) for _ in filing.stands),
            )
            for filing, claim_peers in zip(filings, peers, strict=True)
        ]
