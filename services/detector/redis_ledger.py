"""The position ledger and the stands of condition objects, in Redis, for every detector replica.

Ledger (services.engine.detect.ledger): per actor and issue, a sorted set of entry names
('<day>|<position>') scored by the day's ordinal, and a hash of entry name -> entry facts
(JSON) and entry name + '#e' -> its evidence claim (JSON).  Every issue of one actor shares
the actor's hash tag.  One Lua script per (claim, issue) reads the neighbourhood (the latest
entries before the claim's window, those inside it, the first after it: fixed counts, so
the cost does not grow with the history) and merges the claim's entry, atomically: the
merge is the one ``ledger.merged`` does in memory, so both give the same neighbourhoods.
Ledger keys never expire: they hold the positions.

Stands (services.engine.detect.standings): per condition object a hash of '<actor>|<kind>'
-> stand facts and '<actor>|<kind>#e' -> evidence.  One script per (claim, object) returns
every stand of the object and merges the claim's; the hash expires after the stand
retention, renewed on each write, so condition strings of unrelated news do not stay forever.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from services.common.encoding import as_text as _text
from services.common.scripts import LuaScript, ScriptCall, run_script_calls
from services.engine.detect.issues import Issue
from services.engine.detect.ledger import (
    MAX_LISTED,
    MAX_OVERLAPPING,
    NEIGHBOURS,
    LedgerEntry,
    Mark,
    Placement,
)
from services.engine.detect.standings import Stand

EVIDENCE_SUFFIX = "#e"
# Default time to live of an object's stands: a bit over a year (Settings.detector_stand_retention_s).
DEFAULT_STAND_RETENTION_S = 400 * 24 * 3600

# Shared Lua helpers: a sorted, capped union of two lists; which of two claims shows an entry.
_LUA_HELPERS = """
local function union(a, b, cap)
  local seen, out = {}, {}
  for _, v in ipairs(a) do if not seen[v] then seen[v] = true; out[#out + 1] = v end end
  for _, v in ipairs(b) do if not seen[v] then seen[v] = true; out[#out + 1] = v end end
  table.sort(out)
  local capped = {}
  for i = 1, math.min(cap, #out) do capped[i] = out[i] end
  return capped
end
local function better(conf_a, id_a, conf_b, id_b)
  if conf_a ~= conf_b then return conf_a > conf_b end
  return id_a < id_b
end
local function contains(list, value)
  for _, v in ipairs(list) do if v == value then return true end end
  return false
end
"""

# KEYS[1] = days (zset), KEYS[2] = entries (hash).  ARGV = member, day ordinal, lo, hi,
# claim_id, source, exact (0/1), confidence, evidence JSON, cap, neighbours, max overlapping,
# position, undated (0/1: read only).  Returns {before, inside, after}: flat lists of member,
# facts JSON, evidence JSON
# ('' for entries holding the claim's own position: nothing to compare, nothing to parse).
FILE_MARK = (
    _LUA_HELPERS
    + """
-- An entry with the claim's own position never conflicts with it: its evidence is left out.
local own = '|' .. ARGV[13]
local function entries(members)
  local out = {}
  for _, m in ipairs(members) do
    out[#out + 1] = m
    out[#out + 1] = redis.call('HGET', KEYS[2], m)
    if string.sub(m, -string.len(own)) == own then
      out[#out + 1] = ''
    else
      out[#out + 1] = redis.call('HGET', KEYS[2], m .. '#e')
    end
  end
  return out
end
local before = redis.call('ZREVRANGEBYSCORE', KEYS[1], '(' .. ARGV[3], '-inf', 'LIMIT', 0, ARGV[11])
local inside = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[3], ARGV[4], 'LIMIT', 0, ARGV[12])
local after = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[4], '+inf', 'LIMIT', 0, ARGV[11])
local result = {entries(before), entries(inside), entries(after)}
-- An undated claim's mark (ARGV[14] = '1') reads the latest entries and files nothing.
if ARGV[14] == '1' then return result end
local cap = tonumber(ARGV[10])
local confidence = tonumber(ARGV[8])
local raw = redis.call('HGET', KEYS[2], ARGV[1])
if not raw then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
  local facts = {exact = ARGV[7] == '1', count = 1, sources = {ARGV[6]}, claim_ids = {ARGV[5]},
                 confidence = confidence, evidence_id = ARGV[5]}
  redis.call('HSET', KEYS[2], ARGV[1], cjson.encode(facts), ARGV[1] .. '#e', ARGV[9])
else
  local facts = cjson.decode(raw)
  if not contains(facts.claim_ids, ARGV[5]) then
    facts.exact = facts.exact or ARGV[7] == '1'
    facts.count = facts.count + 1
    facts.sources = union(facts.sources, {ARGV[6]}, cap)
    facts.claim_ids = union(facts.claim_ids, {ARGV[5]}, cap)
    if better(confidence, ARGV[5], facts.confidence, facts.evidence_id) then
      facts.confidence = confidence
      facts.evidence_id = ARGV[5]
      redis.call('HSET', KEYS[2], ARGV[1] .. '#e', ARGV[9])
    end
    redis.call('HSET', KEYS[2], ARGV[1], cjson.encode(facts))
  end
end
return result
"""
)
FILE_MARK_SCRIPT = LuaScript(FILE_MARK)

# KEYS[1] = the object's stands (hash).  ARGV = member, party, first ordinal (0: undated),
# last ordinal, strong (0/1), source, confidence, claim_id, evidence JSON, cap, retention s.
# Returns the hash as it was (HGETALL), then merges the claim's stand.
FILE_STAND = (
    _LUA_HELPERS
    + """
local before = redis.call('HGETALL', KEYS[1])
local first, last = tonumber(ARGV[3]), tonumber(ARGV[4])
local confidence = tonumber(ARGV[7])
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local facts
if not raw then
  facts = {party = ARGV[2], first = first, last = last, strong = ARGV[5] == '1', sources = {ARGV[6]},
           confidence = confidence, evidence_id = ARGV[8]}
  redis.call('HSET', KEYS[1], ARGV[1] .. '#e', ARGV[9])
else
  facts = cjson.decode(raw)
  facts.party = ARGV[2]
  if first > 0 and (facts.first == 0 or first < facts.first) then facts.first = first end
  if last > 0 and last > facts.last then facts.last = last end
  facts.strong = facts.strong or ARGV[5] == '1'
  facts.sources = union(facts.sources, {ARGV[6]}, tonumber(ARGV[10]))
  if better(confidence, ARGV[8], facts.confidence, facts.evidence_id) then
    facts.confidence = confidence
    facts.evidence_id = ARGV[8]
    redis.call('HSET', KEYS[1], ARGV[1] .. '#e', ARGV[9])
  end
end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(facts))
redis.call('EXPIRE', KEYS[1], ARGV[11])
return before
"""
)
FILE_STAND_SCRIPT = LuaScript(FILE_STAND)


def _tag(value: str) -> str:
    return value.replace("{", "(").replace("}", ")")


def ledger_keys(prefix: str, actor: str, issue: Issue) -> tuple[str, str]:
    """The (days, entries) keys of one actor's history on one issue, tagged by the actor."""
    base = f"{prefix}:ledger:{{{_tag(actor)}}}:{_tag(issue.key)}"
    return f"{base}:days", f"{base}:entries"


def stand_key(prefix: str, obj: str) -> str:
    """The hash of one condition object's stands."""
    return f"{prefix}:stands:{{{_tag(obj)}}}"


def _entries(flat: Sequence[Any]) -> tuple[LedgerEntry, ...]:
    out = []
    for index in range(0, len(flat), 3):
        member, facts_raw, evidence_raw = (_text(v) for v in flat[index : index + 3])
        day, _, position = member.partition("|")
        facts = json.loads(facts_raw)
        out.append(
            LedgerEntry(
                day=date.fromisoformat(day),
                position=position,
                exact=bool(facts["exact"]),
                count=int(facts["count"]),
                sources=tuple(facts["sources"]),
                claim_ids=tuple(facts["claim_ids"]),
                shown=evidence_raw,
            )
        )
    return tuple(out)


def _stands(obj: str, flat: Sequence[Any]) -> tuple[Stand, ...]:
    fields = {_text(flat[i]): _text(flat[i + 1]) for i in range(0, len(flat), 2)}
    out = []
    for member in sorted(m for m in fields if not m.endswith(EVIDENCE_SUFFIX)):
        evidence = fields.get(member + EVIDENCE_SUFFIX)
        if evidence is None:
            continue
        actor, _, kind = member.rpartition("|")
        facts = json.loads(fields[member])
        out.append(
            Stand(
                object=obj,
                actor=actor,
                kind=kind,
                party=facts["party"],
                first=date.fromordinal(facts["first"]) if facts["first"] else None,
                last=date.fromordinal(facts["last"]) if facts["last"] else None,
                strong=bool(facts["strong"]),
                sources=tuple(facts["sources"]),
                shown=evidence,
            )
        )
    return tuple(out)


class RedisLedger:
    """The ledger and the stands over Redis: the same merges as the in-memory ones, atomically."""

    def __init__(
        self, redis: Any, *, key_prefix: str, stand_retention_s: int = DEFAULT_STAND_RETENTION_S
    ) -> None:
        self.redis = redis
        self.key_prefix = key_prefix
        self.stand_retention_s = stand_retention_s

    async def file_marks(self, marks: Sequence[Mark], *, neighbours: bool = True) -> list[Placement]:
        """File each mark in turn (one pipeline); return each one's neighbourhood before it.

        Without `neighbours` nothing is read back (empty placements): for loading a history.
        """
        calls: list[ScriptCall] = []
        for mark in marks:
            claim = mark.claim
            args = [
                f"{mark.day.isoformat()}|{mark.position}",
                mark.day.toordinal(),
                mark.earliest.toordinal(),
                mark.latest.toordinal(),
                claim.claim_id,
                claim.source,
                "1" if mark.exact else "0",
                repr(claim.confidence),
                claim.model_dump_json(),
                MAX_LISTED,
                NEIGHBOURS if neighbours else 0,
                MAX_OVERLAPPING if neighbours else 0,
                mark.position,
                "1" if mark.undated else "0",
            ]
            calls.append((ledger_keys(self.key_prefix, mark.actor, mark.issue), args))
        replies = await run_script_calls(self.redis, FILE_MARK_SCRIPT, calls)
        return [Placement(_entries(b), _entries(i), _entries(a)) for b, i, a in replies]

    async def file_stands(self, stands: Sequence[Stand]) -> list[tuple[Stand, ...]]:
        """File each stand in turn (one pipeline); return its object's stands as they were."""
        calls: list[ScriptCall] = []
        for stand in stands:
            claim = stand.evidence
            args = [
                stand.member,
                stand.party,
                stand.first.toordinal() if stand.first else 0,
                stand.last.toordinal() if stand.last else 0,
                "1" if stand.strong else "0",
                claim.source,
                repr(claim.confidence),
                claim.claim_id,
                claim.model_dump_json(),
                MAX_LISTED,
                self.stand_retention_s,
            ]
            calls.append(([stand_key(self.key_prefix, stand.object)], args))
        replies = await run_script_calls(self.redis, FILE_STAND_SCRIPT, calls)
        return [_stands(stand.object, reply) for stand, reply in zip(stands, replies, strict=True)]

    async def histories(
        self, actor: str | None = None, issue_kind: str | None = None
    ) -> dict[tuple[str, Issue], list[LedgerEntry]]:
        """Every (actor, issue) history under this prefix (optionally one actor's), in said order."""
        tag = _tag(actor) if actor else "*"
        pattern = f"{self.key_prefix}:ledger:{{{tag}}}:*:days"
        found: dict[tuple[str, Issue], list[LedgerEntry]] = {}
        async for raw_key in self.redis.scan_iter(match=pattern, count=500):
            key = _text(raw_key)
            _, _, rest = key.partition(":ledger:{")
            actor_id, _, issue_part = rest.partition("}:")
            issue = Issue.parse(issue_part.removesuffix(":days"))
            if issue_kind and issue.kind != issue_kind and issue.key != issue_kind:
                continue
            members = [_text(m) for m in await self.redis.zrange(key, 0, -1)]
            entries_key = key.removesuffix(":days") + ":entries"
            flat: list[Any] = []
            if members:
                values = await self.redis.hmget(
                    entries_key, [f for m in members for f in (m, m + EVIDENCE_SUFFIX)]
                )
                for index, member in enumerate(members):
                    flat.extend([member, values[2 * index], values[2 * index + 1]])
            found[(actor_id, issue)] = list(_entries(flat))
        return dict(sorted(found.items()))
