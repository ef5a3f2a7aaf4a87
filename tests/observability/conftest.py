"""Fixtures for the observability tests: Redis DB 5 with a key prefix of their own, Prometheus tools."""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis.asyncio as aioredis

TEST_DB = 5
REPO_ROOT = Path(__file__).resolve().parents[2]
DEPLOY = REPO_ROOT / "deploy"


def redis_test_url() -> str:
    """The test Redis server with DB 5 (the observability tests' own)."""
    base = os.environ.get("CLAIMWATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379")
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{TEST_DB}", parts.query, ""))


def free_port() -> int:
    """Return a TCP port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def tool(name: str) -> str:
    """Return the path of a Prometheus binary, or skip the test when it is not installed."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (apt-get install prometheus); .ci/run installs it")
    return path


@pytest.fixture
def promtool() -> str:
    return tool("promtool")


@pytest.fixture
async def redis() -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(redis_test_url())
    try:
        await client.ping()
    except Exception as error:  # any failure to reach the server means "no server"
        pytest.skip(f"no Redis server for the tests ({type(error).__name__})")
    yield client
    await client.aclose()


@pytest.fixture
async def prefix(redis: aioredis.Redis) -> AsyncIterator[str]:
    """A key prefix of this test's own; every key containing it is deleted afterwards."""
    value = f"cwtest-h5-{uuid.uuid4().hex[:10]}"
    yield value
    keys = [key async for key in redis.scan_iter(match=f"*{value}*", count=500)]
    if keys:
        await redis.delete(*keys)
