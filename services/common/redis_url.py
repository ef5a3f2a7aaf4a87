"""Check a Redis URL before anything connects with it: a typo must not mean another database.

redis-py reads ``redis://`` (no host) as 127.0.0.1:6379 and ``redis://host:6379/abc`` as
database 0, silently.  `check_redis_url` refuses both, and every other URL that does not say
exactly one server (or cluster node) and one database, naming the value in its message.

Accepted forms:
- ``redis://[user:password@]host[:port][/db]`` and ``rediss://`` (TLS); ``?db=N`` also works;
- ``unix://[user:password@]/path/to/socket[?db=N]``;
- ``redis+cluster://host[:port]`` and ``rediss+cluster://`` (a cluster has database 0 only).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

SCHEMES = ("redis", "rediss", "unix", "redis+cluster", "rediss+cluster")


class RedisUrlError(ValueError):
    """A Redis URL that does not name one server and one database; the message says what is wrong."""


def check_redis_url(url: str) -> str:
    """Return `url` unchanged when it names a server (or socket) and a numeric database; else raise.

    Raises RedisUrlError with a one-line reason (the caller adds which setting held it).
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        given = f"{parts.scheme}://" if parts.scheme else "(none)"
        raise RedisUrlError(f"unknown scheme {given}: use " + ", ".join(f"{name}://" for name in SCHEMES))
    databases = parse_qs(parts.query).get("db", [])
    if scheme == "unix":
        if not parts.path or parts.path == "/":
            raise RedisUrlError("no socket path (unix:///path/to/redis.sock)")
        path_db = ""
    else:
        if not parts.hostname:
            raise RedisUrlError(f"no host ({scheme}://host:port)")
        try:
            port = parts.port
        except ValueError:
            port = -1
        if port is not None and not 1 <= port <= 65535:
            given = parts.netloc.rsplit(":", 1)[-1]
            raise RedisUrlError(f"port {given!r} is not a port number (1-65535)")
        path_db = parts.path.strip("/")
    for database in ([path_db] if path_db else []) + databases:
        if not database.isdigit():
            raise RedisUrlError(f"database {database!r} is not a number (…/0, …/1)")
    if path_db and databases and int(path_db) != int(databases[0]):
        raise RedisUrlError(f"two databases given: /{path_db} and ?db={databases[0]}")
    if scheme.endswith("+cluster") and any(int(d) != 0 for d in ([path_db] if path_db else []) + databases):
        raise RedisUrlError("a Redis Cluster has database 0 only")
    return url


def redacted_url(url: str) -> str:
    """`url` with its password replaced by ``***``, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.netloc.rsplit("@", 1)[-1]
    return parts._replace(netloc=f"{user}:***@{host}").geturl()
