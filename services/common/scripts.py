"""Lua scripts run in one pipeline round trip: EVALSHA, loading the script only when refused.

redis-py's registered scripts make every pipeline that carries one ask the server first
(SCRIPT EXISTS): a second round trip per pipeline, which for the detector (one pipeline per
batch of claims) and the publisher cost about as much CPU as the script calls themselves.
Here the calls go out as plain EVALSHA; a server that lacks the script (restarted, flushed
with SCRIPT FLUSH) refuses them with NOSCRIPT, which a script did not run for, so loading it
and sending the refused calls again runs each exactly once.

On a Redis Cluster the calls go out as EVAL with the script text: a cluster pipeline spreads
commands over nodes and cannot load a script on the node that lacks it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from redis.exceptions import NoScriptError

from services.common.redis import is_cluster

ScriptCall = tuple[Sequence[str], Sequence[Any]]  # (keys, args) of one call


@dataclass(frozen=True)
class LuaScript:
    """A Lua script's source and SHA1 (what EVALSHA names it by)."""

    source: str
    sha: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sha", hashlib.sha1(self.source.encode("utf-8")).hexdigest())


async def run_script_calls(redis: Any, script: LuaScript, calls: Sequence[ScriptCall]) -> list[Any]:
    """Run `script` once per (keys, args) in `calls`, in order, in one pipeline; return each reply.

    The keys of one call must share a hash slot (Redis Cluster); different calls may not.
    A call the server refuses with NOSCRIPT is sent again after loading the script; any other
    error reply is raised (the first one) once every call has been sent.
    """
    if not calls:
        return []
    cluster = is_cluster(redis)
    replies = await _send(redis, script, calls, cluster)
    refused = [index for index, reply in enumerate(replies) if isinstance(reply, NoScriptError)]
    if refused:
        await redis.script_load(script.source)
        again = await _send(redis, script, [calls[index] for index in refused], cluster)
        for index, reply in zip(refused, again, strict=True):
            replies[index] = reply
    for reply in replies:
        if isinstance(reply, Exception):
            raise reply
    return replies


async def load_missing_scripts(redis: Any, scripts: Mapping[str, LuaScript]) -> list[str]:
    """Load the `scripts` (by name) the server lacks; return the names loaded.

    None on a Redis Cluster, where calls go out as EVAL with the script text.
    """
    if is_cluster(redis) or not scripts:
        return []
    present = await redis.script_exists(*(script.sha for script in scripts.values()))
    missing = [name for name, found in zip(scripts, present, strict=True) if not found]
    for name in missing:
        await redis.script_load(scripts[name].source)
    return missing


async def _send(redis: Any, script: LuaScript, calls: Sequence[ScriptCall], cluster: bool) -> list[Any]:
    pipe = redis.pipeline(transaction=False)
    for keys, args in calls:
        if cluster:
            pipe.eval(script.source, len(keys), *keys, *args)
        else:
            pipe.evalsha(script.sha, len(keys), *keys, *args)
    return list(await pipe.execute(raise_on_error=False))
