"""RedisClaimStore: the detector's statement buckets (one speaker's claims per day) in Redis.

Each bucket is two keys: a sorted set of claim ids scored by when the claim was said, and a
hash of claim id -> claim JSON.  Every bucket of one speaker shares the speaker's hash tag,
so one Lua script reads the buckets of the nearby days and files the claim in its own day,
atomically, on one node of a Redis Cluster too: of two claims recorded concurrently by two
replicas, the second sees the first (see services.engine.detect.claim_buckets).  The script
trims a bucket to its newest `window` claims and gives both keys a time to live of
`retention_s`, renewed on each write: raw claims expire, the ledger's positions do not
(services/detector/redis_ledger.py).

The script returns the peers' ids only; their JSON is fetched (HMGET) for the ids this
process has not parsed before.  A peer trimmed or expired between the two steps is left
out, as it would have been a moment later.  `record_many` files a batch of claims with all
their scripts in one pipeline, in order: the same as filing them one by one.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from schemas import Claim
from services.common.encoding import as_text as _text
from services.common.scripts import LuaScript, ScriptCall, run_script_calls
from services.engine.detect.claim_buckets import MAX_PEERS, said_score

# KEYS[1] = home order (zset), KEYS[2] = home claims (hash), KEYS[3..] = order keys of the
# buckets read; ARGV = claim_id, score, claim JSON, window, retention seconds, max peers.
# Returns, per bucket read, the latest-said ids it held before this claim was added, at most
# max peers in all (the buckets in the order given).
RECORD_CLAIM = """
local held = {}
local remaining = tonumber(ARGV[6])
for i = 3, #KEYS do
  if remaining > 0 then
    local ids = redis.call('ZREVRANGE', KEYS[i], 0, remaining - 1)
    remaining = remaining - #ids
    held[#held + 1] = ids
  else
    held[#held + 1] = {}
  end
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[4])
if excess > 0 then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, excess - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1)
  redis.call('HDEL', KEYS[2], unpack(oldest))
end
redis.call('EXPIRE', KEYS[1], ARGV[5])
redis.call('EXPIRE', KEYS[2], ARGV[5])
return held
"""
RECORD_CLAIM_SCRIPT = LuaScript(RECORD_CLAIM)
# Parsed claims kept per process: claims are immutable (deterministic ids), so a peer seen
# once is never fetched or parsed again.  About 2-3 KB each.
CACHE_SIZE = 10_000


def bucket_keys(prefix: str, bucket: str) -> tuple[str, str]:
    """The (order, claims) keys of a bucket 'said:<speaker>:<day>', tagged by its speaker.

    Braces in the name would break the hash tag; a bucket of another shape is its own tag.
    """
    safe = bucket.replace("{", "(").replace("}", ")")
    family, _, rest = safe.partition(":")
    speaker, _, day = rest.rpartition(":")
    if family != "said" or not speaker:
        return f"{prefix}:detector:{{{safe}}}:order", f"{prefix}:detector:{{{safe}}}:claims"
    base = f"{prefix}:detector:said:{{{speaker}}}:{day}"
    return f"{base}:order", f"{base}:claims"


# Default time to live of a statement bucket: a month (Settings.detector_claim_retention_s).
DEFAULT_RETENTION_S = 30 * 24 * 3600


class RedisClaimStore:
    """AsyncClaimStore over Redis: atomic per speaker, bounded window, expiring buckets."""

    def __init__(
        self,
        redis: Any,
        *,
        key_prefix: str,
        window: int,
        retention_s: int = DEFAULT_RETENTION_S,
        max_peers: int = MAX_PEERS,
        cache_size: int = CACHE_SIZE,
    ) -> None:
        self.redis = redis
        self.key_prefix = key_prefix
        self.window = window
        self.retention_s = retention_s
        self.max_peers = max_peers
        self.cache_size = cache_size
        self._parsed: OrderedDict[str, Claim] = OrderedDict()

    async def record(self, claim: Claim, home: str, reads: Sequence[str]) -> list[Claim]:
        """Add `claim` to `home` atomically with reading `reads`; return the *other* claims held."""
        return (await self.record_many([(claim, home, reads)]))[0]

    async def record_many(self, filings: Sequence[tuple[Claim, str, Sequence[str]]]) -> list[list[Claim]]:
        """`record` each (claim, home, reads) in turn, in one round trip; return each one's peers.

        The same as calling `record` for each in order: the scripts run one after the other,
        so a claim sees those filed before it (in this batch or by another replica) and not
        those after; each pair is still compared exactly once.
        """
        calls: list[ScriptCall] = []
        for claim, home, reads in filings:
            order, claims = bucket_keys(self.key_prefix, home)
            keys = [order, claims, *(bucket_keys(self.key_prefix, b)[0] for b in reads)]
            args = [
                claim.claim_id,
                said_score(claim),
                claim.model_dump_json(),
                self.window,
                self.retention_s,
                self.max_peers,
            ]
            calls.append((keys, args))
        replies = iter(await run_script_calls(self.redis, RECORD_CLAIM_SCRIPT, calls))
        held: list[list[list[str]]] = []
        for claim, _, _ in filings:
            per_bucket = next(replies)
            held.append([[i for i in map(_text, ids) if i != claim.claim_id] for ids in per_bucket])
        # Claims of this batch are known already; only peers filed elsewhere need fetching.
        known: dict[str, Claim] = {claim.claim_id: claim for claim, _, _ in filings}
        await self._fetch_missing(filings, held, known)
        for claim in known.values():
            self._remember(claim)
        out: list[list[Claim]] = []
        for held_ids in held:
            ids = dict.fromkeys(i for bucket_ids in held_ids for i in bucket_ids)
            out.append([known[i] for i in ids if i in known])
        return out

    async def _fetch_missing(
        self,
        filings: Sequence[tuple[Claim, str, Sequence[str]]],
        held: list[list[list[str]]],
        known: dict[str, Claim],
    ) -> None:
        """Put every held claim into `known`: from the cache, else fetched (HMGET) and parsed."""
        wanted: dict[str, dict[str, None]] = {}  # claims key -> missing ids, in order
        for (_, _, reads), held_ids in zip(filings, held, strict=True):
            for bucket, ids in zip(reads, held_ids, strict=True):
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
