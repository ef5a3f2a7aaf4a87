"""The delivery schedule in Redis: one job per (subscription, alert), due times per endpoint.

Keys (all under one hash tag, ``{<key_prefix>:notifier}``, so every script runs unchanged on
a Redis Cluster):

- ``...:jobs``                 hash  job id -> DeliveryJob JSON (the alert, attempts made, last result)
- ``...:due:<subscription>``   zset  job id -> when it may next be attempted (epoch seconds)
- ``...:sent:<subscription>:<alert_id>``  set after a 2xx, with a TTL: never sent twice
- ``...:disabled``             hash  subscription -> why and when a 410 disabled it

A job id is ``<subscription>/<alert_id>``: scheduling the same alert again (a redelivered
stream entry) finds the job, or the sent marker, and adds nothing.  Claiming a job moves its
due time forward by a lease; a notifier that dies mid-attempt leaves the job to be claimed
again when the lease runs out, and a restarted notifier simply resumes the due sets.

The scripts run by SHA (EVALSHA, loaded again when the server answers NOSCRIPT), like the
pipeline's (services.common.scripts).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from schemas import Alert
from services.common.encoding import as_text
from services.common.scripts import LuaScript, run_script_calls

# KEYS: jobs, due, sent. ARGV: job id, job JSON, due time. Returns 1 when a job was added.
_SCHEDULE = LuaScript("""
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1
""")
# KEYS: due, jobs. ARGV: now, lease end, limit. Returns the claimed jobs' JSON.
_CLAIM = LuaScript("""
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local jobs = {}
for _, id in ipairs(ids) do
  local job = redis.call('HGET', KEYS[2], id)
  if job then
    redis.call('ZADD', KEYS[1], ARGV[2], id)
    jobs[#jobs + 1] = job
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return jobs
""")
# KEYS: jobs, due, sent. ARGV: job id, sent TTL seconds.
_COMPLETE = LuaScript("""
redis.call('SET', KEYS[3], '1', 'EX', tonumber(ARGV[2]))
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
""")
# KEYS: jobs, due. ARGV: job id, job JSON, due time. Only while the job still exists.
_RESCHEDULE = LuaScript("""
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1
""")


class DeliveryJob(BaseModel):
    """One alert to deliver to one subscription, with what the attempts so far returned."""

    model_config = ConfigDict(extra="ignore")

    job_id: str
    subscription: str
    alert: Alert
    attempts: int = 0
    created_at: float
    last_status: int | None = None
    last_error: str | None = None
    last_response: str | None = None

    @property
    def alert_id(self) -> str:
        return self.alert.alert_id


def job_id_for(subscription: str, alert_id: str) -> str:
    """The idempotent id of the delivery of `alert_id` to `subscription`."""
    return f"{subscription}/{alert_id}"


class DeliverySchedule:
    """Jobs, due times, sent markers and disabled subscriptions, kept in Redis."""

    def __init__(self, redis: Any, key_prefix: str, sent_ttl_s: int) -> None:
        self._redis = redis
        self._base = f"{{{key_prefix}:notifier}}"
        self._sent_ttl_s = sent_ttl_s

    @property
    def jobs_key(self) -> str:
        return f"{self._base}:jobs"

    def due_key(self, subscription: str) -> str:
        return f"{self._base}:due:{subscription}"

    def sent_key(self, subscription: str, alert_id: str) -> str:
        return f"{self._base}:sent:{subscription}:{alert_id}"

    @property
    def disabled_key(self) -> str:
        return f"{self._base}:disabled"

    async def schedule(self, alert: Alert, subscriptions: Sequence[str], due_at: float) -> list[bool]:
        """Create a due-now job per subscription unless one exists or it was sent; True per new job."""
        if not subscriptions:
            return []
        calls = []
        for name in subscriptions:
            job = DeliveryJob(
                job_id=job_id_for(name, alert.alert_id), subscription=name, alert=alert, created_at=due_at
            )
            keys = [self.jobs_key, self.due_key(name), self.sent_key(name, alert.alert_id)]
            calls.append((keys, [job.job_id, job.model_dump_json(), repr(due_at)]))
        return [bool(int(flag)) for flag in await run_script_calls(self._redis, _SCHEDULE, calls)]

    async def claim_due(self, subscription: str, now: float, lease_s: float, limit: int) -> list[DeliveryJob]:
        """Take up to `limit` due jobs of `subscription`, pushing their due time to now + lease."""
        if limit <= 0:
            return []
        [raw] = await run_script_calls(
            self._redis,
            _CLAIM,
            [([self.due_key(subscription), self.jobs_key], [repr(now), repr(now + lease_s), limit])],
        )
        return [DeliveryJob.model_validate_json(as_text(item)) for item in raw]

    async def was_sent(self, job: DeliveryJob) -> bool:
        return bool(await self._redis.exists(self.sent_key(job.subscription, job.alert_id)))

    async def complete(self, job: DeliveryJob) -> None:
        """Record a 2xx: set the sent marker and drop the job, atomically."""
        keys = [self.jobs_key, self.due_key(job.subscription), self.sent_key(job.subscription, job.alert_id)]
        await run_script_calls(self._redis, _COMPLETE, [(keys, [job.job_id, self._sent_ttl_s])])

    async def reschedule(self, job: DeliveryJob, due_at: float) -> bool:
        """Store the job's new state and due time; False when it no longer exists."""
        keys = [self.jobs_key, self.due_key(job.subscription)]
        [flag] = await run_script_calls(
            self._redis, _RESCHEDULE, [(keys, [job.job_id, job.model_dump_json(), repr(due_at)])]
        )
        return bool(int(flag))

    async def drop(self, job: DeliveryJob) -> None:
        """Forget a job (dead-lettered, or already sent)."""
        pipe = self._redis.pipeline(transaction=True)
        pipe.hdel(self.jobs_key, job.job_id)
        pipe.zrem(self.due_key(job.subscription), job.job_id)
        await pipe.execute()

    async def release(self, job: DeliveryJob, due_at: float) -> None:
        """Hand a claimed job back (shutdown): due again at `due_at`, attempts unchanged."""
        await self._redis.zadd(self.due_key(job.subscription), {job.job_id: due_at}, xx=True)

    async def pending_count(self, subscriptions: Sequence[str], after: float | None = None) -> int:
        """Jobs queued for these subscriptions (only those due after `after`, when given)."""
        if not subscriptions:
            return 0
        pipe = self._redis.pipeline(transaction=False)
        for name in subscriptions:
            if after is None:
                pipe.zcard(self.due_key(name))
            else:
                pipe.zcount(self.due_key(name), f"({after!r}", "+inf")
        return sum(int(count) for count in await pipe.execute())

    async def queued_subscriptions(self) -> set[str]:
        """Names of subscriptions with a due set in Redis (to spot queues no configuration serves)."""
        prefix = self.due_key("")
        names = set()
        async for key in self._redis.scan_iter(match=prefix.replace("{", "\\{").replace("}", "\\}") + "*"):
            names.add(as_text(key)[len(prefix) :])
        return names

    async def disable(self, subscription: str, url_fingerprint: str, status: int, at: datetime) -> None:
        """Mark a subscription disabled (its endpoint answered 410 Gone) for every notifier replica."""
        record = {"url_fingerprint": url_fingerprint, "status": status, "disabled_at": at.isoformat()}
        await self._redis.hset(self.disabled_key, subscription, json.dumps(record))

    async def disabled(self) -> dict[str, dict[str, Any]]:
        """Disabled subscriptions and why (name -> record)."""
        raw = await self._redis.hgetall(self.disabled_key)
        return {as_text(name): json.loads(as_text(value)) for name, value in raw.items()}

    async def enable(self, subscription: str) -> bool:
        """Lift a 410 disable; its queued jobs are attempted again. True when it was disabled."""
        return bool(await self._redis.hdel(self.disabled_key, subscription))
