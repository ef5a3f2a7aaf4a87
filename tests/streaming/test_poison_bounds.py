"""Poison entries over a real Redis: dead-lettered at once, bounded in size, nothing of them lost.

Deeply nested JSON is poison (`invalid_json` on the first delivery, never retried); an entry
too large for any stage is dead-lettered with an excerpt, its size and digest, and deleted
from its stream; every field name of an entry survives into its dead letter.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
import redis.asyncio as aioredis

from schemas import Alert, Article, Claim, DeadLetter
from services.common.consumer import Delivery, StreamConsumer
from services.common.dead_letter import MAX_PAYLOAD_EXCERPT_BYTES, excerpt, max_entry_bytes
from services.common.errors import PoisonMessageError
from services.common.settings import Settings
from services.common.streams import Output, error_key, parse_entry
from services.extractor.handlers import parse_article
from tests.streaming.helpers import make_settings, redis_test_url, wait_for

pytestmark = pytest.mark.redis

ARTICLE = {"id": "a-1", "source": "Wire", "title": "Talks", "body": "The minister said talks may resume."}


def nested(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


@pytest.fixture
def settings(prefix: str) -> Settings:
    return make_settings(prefix, redis_test_url(1), max_deliveries=5)


@asynccontextmanager
async def extractor_parsing(redis: aioredis.Redis, settings: Settings) -> AsyncIterator[list[str]]:
    """A reader loop whose handler parses articles as the extractor does; yields the ids parsed."""
    parsed: list[str] = []

    async def handle(delivery: Delivery) -> list[Output]:
        parsed.append(parse_article(delivery.fields, settings.max_body_bytes).id)
        return []

    consumer = StreamConsumer(
        redis, stage="test", streams=[settings.articles_stream], group="g", handler=handle, settings=settings
    )
    await consumer.ensure_groups()  # before `settled` asks the group what is pending
    task = asyncio.create_task(consumer.run())
    try:
        yield parsed
    finally:
        consumer.stop()
        await asyncio.wait_for(task, timeout=10)


async def dead_letters(redis: aioredis.Redis, settings: Settings) -> list[DeadLetter]:
    return [DeadLetter.model_validate_json(f[b"data"]) for _, f in await redis.xrange(settings.dlq_stream)]


async def settled(redis: aioredis.Redis, settings: Settings, letters: int) -> bool:
    pending = await redis.xpending(settings.articles_stream, "g")
    return int(await redis.xlen(settings.dlq_stream)) == letters and int(pending["pending"]) == 0


@pytest.mark.parametrize("model", [Article, Claim, Alert])
def test_deeply_nested_json_is_invalid_json_for_every_wire_model(model: type) -> None:
    document = json.dumps({"id": "x"})[:-1] + f', "title": {nested(1000)}}}'
    with pytest.raises(PoisonMessageError) as caught:
        parse_entry({b"data": document.encode()}, model, "invalid_entry")
    assert caught.value.code == "invalid_json"
    assert "nested too deeply" in caught.value.reason


async def test_deeply_nested_entry_is_dead_lettered_on_its_first_delivery(
    redis1: aioredis.Redis, settings: Settings
) -> None:
    document = json.dumps(ARTICLE)[:-1] + f', "extra": {nested(1000)}}}'
    bad_id = (await redis1.xadd(settings.articles_stream, {"data": document})).decode()
    await redis1.xadd(settings.articles_stream, {"data": json.dumps({**ARTICLE, "id": "a-2"})})
    async with extractor_parsing(redis1, settings) as parsed:
        await wait_for(lambda: settled(redis1, settings, 1), what="one dead letter, nothing pending")
    [letter] = await dead_letters(redis1, settings)
    assert (letter.error, letter.message_id, letter.delivery_count) == ("invalid_json", bad_id, 1)
    assert parsed == ["a-2"]  # the next entry flows on
    # Never treated as a passing failure: no error kept for a retry.
    assert await redis1.get(error_key(settings.articles_stream, bad_id)) is None


async def test_oversized_entry_is_removed_and_its_dead_letter_is_bounded(
    redis1: aioredis.Redis, settings: Settings
) -> None:
    huge = json.dumps({**ARTICLE, "id": "huge", "body": "talks " * 3_500_000})  # 21 MB
    assert len(huge) > 20_000_000 > max_entry_bytes(settings)
    huge_id = (await redis1.xadd(settings.articles_stream, {"data": huge})).decode()
    kept_id = (await redis1.xadd(settings.articles_stream, {"data": json.dumps(ARTICLE)})).decode()
    async with extractor_parsing(redis1, settings) as parsed:
        await wait_for(lambda: settled(redis1, settings, 1), what="the dead letter, nothing pending")
        await wait_for(lambda: _length_is(redis1, settings.articles_stream, 1), what="the entry removed")
    assert parsed == ["a-1"]
    assert [entry_id.decode() for entry_id, _ in await redis1.xrange(settings.articles_stream)] == [kept_id]
    [(_, fields)] = await redis1.xrange(settings.dlq_stream)
    assert len(fields[b"data"]) < 3 * MAX_PAYLOAD_EXCERPT_BYTES  # the DLQ copy is a few KB, not 21 MB
    letter = DeadLetter.model_validate_json(fields[b"data"])
    assert (letter.error, letter.message_id, letter.entry_removed) == ("body_too_large", huge_id, True)
    assert letter.payload_truncated and huge.startswith(letter.payload)
    assert len(letter.payload.encode()) <= MAX_PAYLOAD_EXCERPT_BYTES
    assert letter.payload_bytes == len(huge.encode())
    assert letter.payload_sha256 == hashlib.sha256(huge.encode()).hexdigest()
    assert "removed from" in letter.reason


async def test_poison_entry_within_the_size_limit_stays_in_its_stream(
    redis1: aioredis.Redis, settings: Settings
) -> None:
    medium = json.dumps({**ARTICLE, "id": 17, "body": "word " * 20_000})  # 100 KB, a bad id
    bad_id = (await redis1.xadd(settings.articles_stream, {"data": medium})).decode()
    async with extractor_parsing(redis1, settings):
        await wait_for(lambda: settled(redis1, settings, 1), what="the dead letter, nothing pending")
    [letter] = await dead_letters(redis1, settings)
    assert (letter.error, letter.entry_removed, letter.payload_truncated) == ("invalid_article", False, True)
    assert letter.payload_sha256 == hashlib.sha256(medium.encode()).hexdigest()
    assert [e.decode() for e, _ in await redis1.xrange(settings.articles_stream)] == [bad_id]


async def test_entry_whose_only_field_has_an_empty_name_keeps_the_name(
    redis1: aioredis.Redis, settings: Settings
) -> None:
    await redis1.xadd(settings.articles_stream, {"": "some text"})
    async with extractor_parsing(redis1, settings):
        await wait_for(lambda: settled(redis1, settings, 1), what="the dead letter, nothing pending")
    [letter] = await dead_letters(redis1, settings)
    assert letter.error == "invalid_article"
    assert json.loads(letter.payload) == {"": "some text"}
    assert not letter.payload_truncated and letter.payload_bytes == len(letter.payload.encode())


def test_excerpt_never_cuts_a_character() -> None:
    text = "é" * 3000  # 2 bytes each
    cut = excerpt(text, 4095)
    assert cut == "é" * 2047 and len(cut.encode()) <= 4095


async def _length_is(redis: aioredis.Redis, stream: str, expected: int) -> bool:
    return int(await redis.xlen(stream)) == expected
