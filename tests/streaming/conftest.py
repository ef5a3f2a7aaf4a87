"""Fixtures for the streaming tests: a real Redis (DB 1, 2, 3), a key prefix per test, cleanup.

DB 1 holds the reader-loop tests, DB 2 the in-process pipeline tests, DB 3 the tests that
run workers as subprocesses.  Every key containing the test's prefix is deleted afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis

from tests.streaming.helpers import redis_test_url


async def _client(db: int) -> aioredis.Redis:
    client = aioredis.Redis.from_url(redis_test_url(db))
    try:
        await client.ping()
    except Exception as error:
        await client.aclose()
        pytest.skip(f"no Redis server for the tests ({type(error).__name__}: {error})")
    return client


async def _cleanup(client: aioredis.Redis, prefix: str) -> None:
    keys = [key async for key in client.scan_iter(match=f"*{prefix}*", count=1000)]
    if keys:
        await client.delete(*keys)


@pytest.fixture
def prefix() -> str:
    return f"cwtest-h3-{uuid.uuid4().hex[:10]}"


@pytest.fixture
async def redis1(prefix: str) -> AsyncIterator[aioredis.Redis]:
    client = await _client(1)
    yield client
    await _cleanup(client, prefix)
    await client.aclose()


@pytest.fixture
async def redis2(prefix: str) -> AsyncIterator[aioredis.Redis]:
    client = await _client(2)
    yield client
    await _cleanup(client, prefix)
    await client.aclose()


@pytest.fixture
async def redis3(prefix: str) -> AsyncIterator[aioredis.Redis]:
    client = await _client(3)
    yield client
    await _cleanup(client, prefix)
    await client.aclose()
