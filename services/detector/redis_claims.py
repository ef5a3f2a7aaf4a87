"""RedisClaimStore: the detector's buckets of earlier claims, kept in Redis for every replica.

Each bucket is two keys sharing a hash tag (one slot, so one script may touch both on a
Redis Cluster): a sorted set of claim ids scored by when the claim was said, and a hash of
claim id -> claim JSON.  `record` runs one Lua script per bucket, which reads the bucket,
adds the claim and trims the oldest-said claims beyond the window, atomically: of two
claims recorded concurrently by two replicas, the second sees the first, so every pair is
compared exactly once (see services.engine.detect.claim_buckets).  Peers come back ordered by when
they were said, not by arrival.

The script returns the peers' ids only; their JSON is fetched (HMGET) for the ids this
process has not parsed before.  A peer trimmed out of the window between the two steps is
left out, as it would have been a moment later.  `record_many` files a batch of claims with
all their scripts in one pipeline, in order: the same as filing them one by one, in one
round trip (plus one HMGET round trip when peers filed elsewhere must be fetched).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from datetime import UTC, datetime, time
from typing import Any

from schemas import Claim
from services.common.scripts import LuaScript, ScriptCall, run_script_calls

# KEYS[1] = order (zset), KEYS[2] = claims (hash); ARGV = claim_id, score, claim JSON, window.
# Returns the ids the bucket held before this claim was added, oldest-said first.
RECORD_CLAIM = """
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[4])
if excess > 0 then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, excess - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1)
  redis.call('HDEL', KEYS[2], unpack(oldest))
end
return ids
"""
RECORD_CLAIM_SCRIPT = LuaScript(RECORD_CLAIM)
# Parsed claims kept per process: claims are immutable (deterministic ids), so a peer seen
# once is never fetched or parsed again.  About 2-3 KB each.
CACHE_SIZE = 10_000


def said_score(claim: Claim, now: datetime | None = None) -> float:
    """Order key of a claim: when it was said, else when published, else when recorded (epoch seconds)."""
    if claim.said_at is not None:
        return datetime.combine(claim.said_at, time(12, 0), tzinfo=UTC).timestamp()
    if claim.published_at is not None:
        published = claim.published_at
        if published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        return published.timestamp()
    return (now or datetime.now(UTC)).timestamp()


def bucket_keys(prefix: str, bucket: str) -> tuple[str, str]:
    """The (order, claims) keys of a bucket; braces in the name would break the hash tag."""
    tag = bucket.replace("{", "(").replace("}", ")")
    return f"{prefix}:detector:{{{tag}}}:order", f"{prefix}:detector:{{{tag}}}:claims"


class RedisClaimStore:
    """AsyncClaimStore over Redis: per-bucket atomic record, bounded window, ordered by said time."""

    def __init__(self, redis: Any, *, key_prefix: str, window: int, cache_size: int = CACHE_SIZE) -> None:
        self.redis = redis
        self.key_prefix = key_prefix
        self.window = window
        self.cache_size = cache_size
        self._parsed: OrderedDict[str, Claim] = OrderedDict()

    async def record(self, claim: Claim, buckets: Sequence[str]) -> dict[str, list[Claim]]:
        """Add `claim` to each bucket atomically per bucket; return the *other* claims each held."""
        return (await self.record_many([(claim, buckets)]))[0]

    async def record_many(
        self, filings: Sequence[tuple[Claim, Sequence[str]]]
    ) -> list[dict[str, list[Claim]]]:
        """`record` each (claim, buckets) in turn, in one round trip; return each one's peers.

        The same as calling `record` for each in order: the per-bucket scripts run one after
        the other, so a claim sees those filed before it (in this batch or by another
        replica) and not those after; each pair is still compared exactly once.
        """
        calls: list[ScriptCall] = []
        for claim, buckets in filings:
            claim_json = claim.model_dump_json()
            score = said_score(claim)
            for bucket in buckets:
                args = [claim.claim_id, score, claim_json, self.window]
                calls.append((bucket_keys(self.key_prefix, bucket), args))
        replies = iter(await run_script_calls(self.redis, RECORD_CLAIM_SCRIPT, calls))
        held: list[list[list[str]]] = []
        for claim, buckets in filings:
            held.append([[i for i in map(_text, next(replies)) if i != claim.claim_id] for _ in buckets])
        # Claims of this batch are known already; only peers filed elsewhere need fetching.
        known: dict[str, Claim] = {claim.claim_id: claim for claim, _ in filings}
        await self._fetch_missing(filings, held, known)
        for claim in known.values():
            self._remember(claim)
        return [
            {
                bucket: [known[i] for i in ids if i in known]
                for bucket, ids in zip(buckets, held_ids, strict=True)
            }
            for (_, buckets), held_ids in zip(filings, held, strict=True)
        ]

    async def _fetch_missing(
        self,
        filings: Sequence[tuple[Claim, Sequence[str]]],
        held: list[list[list[str]]],
        known: dict[str, Claim],
    ) -> None:
        """Put every held claim into `known`: from the cache, else fetched (HMGET) and parsed."""
        wanted: dict[str, dict[str, None]] = {}  # claims key -> missing ids, in order
        for (_, buckets), held_ids in zip(filings, held, strict=True):
            for bucket, ids in zip(buckets, held_ids, strict=True):
                for claim_id in ids:
                    if claim_id in known:
                        continue
                    cached = self._parsed.get(claim_id)
                    if cached is not None:
                        known[claim_id] = cached
                        self._parsed.move_to_end(claim_id)  # in use: keep it cached
                    else:
                        wanted.setdefault(bucket_keys(self.key_prefix, bucket)[1], {})[claim_id] = None
        if not wanted:
            return
        pipe = self.redis.pipeline(transaction=False)
        for claims_key, missing in wanted.items():
            pipe.hmget(claims_key, list(missing))
        for missing, values in zip(wanted.values(), await pipe.execute(), strict=True):
            for claim_id, raw in zip(missing, values, strict=True):
                if raw is not None and claim_id not in known:
                    known[claim_id] = Claim.model_validate_json(raw)

    def _remember(self, claim: Claim) -> None:
        self._parsed[claim.claim_id] = claim
        self._parsed.move_to_end(claim.claim_id)
        while len(self._parsed) > self.cache_size:
            self._parsed.popitem(last=False)

    async def clear(self) -> int:
        """Delete every bucket under this prefix (tests, resets); return how many keys went."""
        deleted = 0
        async for key in self.redis.scan_iter(match=f"{self.key_prefix}:detector:*", count=500):
            deleted += await self.redis.delete(key)
        return deleted


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
