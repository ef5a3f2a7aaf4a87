"""The reader loop over a real Redis: groups at 0, ack after publish, DLQ, dedupe, reclaim, NOGROUP, stop."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest
import redis.asyncio as aioredis

from schemas import DeadLetter
from services.common.consumer import Delivery, StreamConsumer
from services.common.errors import PoisonMessageError
from services.common.settings import Settings
from services.common.streams import Output, ensure_group, publish_once
from tests.streaming.helpers import make_settings, redis_test_url, wait_for

pytestmark = pytest.mark.redis

Handler = Callable[[Delivery], Awaitable[list[Output]]]


@pytest.fixture
def settings(prefix: str) -> Settings:
    return make_settings(prefix, redis_test_url(1))


def echo_handler(out_stream: str, seen: list[str] | None = None) -> Handler:
    """Publish one output per entry, keyed by its `n` field."""

    async def handle(delivery: Delivery) -> list[Output]:
        number = delivery.fields[b"n"].decode()
        if seen is not None:
            seen.append(number)
        return [Output(stream=out_stream, entry_id=number, fields={"n": number}, maxlen=1000, kind="claim")]

    return handle


@asynccontextmanager
async def running(consumer: StreamConsumer) -> AsyncIterator[asyncio.Task[None]]:
    task = asyncio.create_task(consumer.run())
    try:
        yield task
    finally:
        consumer.stop()
        await asyncio.wait_for(task, timeout=10)


def make_consumer(redis: aioredis.Redis, settings: Settings, handler: Handler, name: str) -> StreamConsumer:
    return StreamConsumer(
        redis,
        stage="test",
        streams=[settings.articles_stream],
        group="g",
        handler=handler,
        settings=settings,
        consumer=name,
    )


async def out_numbers(redis: aioredis.Redis, stream: str) -> list[str]:
    return [fields[b"n"].decode() for _, fields in await redis.xrange(stream)]


async def pending_count(redis: aioredis.Redis, stream: str, group: str = "g") -> int:
    info = await redis.xpending(stream, group)
    return int(info["pending"])


async def test_entries_added_before_the_first_worker_are_consumed_and_acked(
    redis1: aioredis.Redis, settings: Settings, prefix: str
) -> None:
    out = f"{prefix}:out"
    for n in range(20):
        await redis1.xadd(settings.articles_stream, {"n": str(n)})
    consumer = make_consumer(redis1, settings, echo_handler(out), "c1")
    async with running(consumer):
        await wait_for(lambda: _len_is(redis1, out, 20), what="20 outputs")
        await wait_for(lambda: _pending_is(redis1, settings.articles_stream, 0), what="all acked")
    assert sorted(await out_numbers(redis1, out), key=int) == [str(n) for n in range(20)]


async def test_publish_once_skips_ids_already_published(redis1: aioredis.Redis, prefix: str) -> None:
    stream = f"{prefix}:out"
    outputs = [Output(stream=stream, entry_id=f"id-{n}", fields={"n": str(n)}, maxlen=100) for n in range(3)]
    assert await publish_once(redis1, outputs, ttl_s=60) == [True, True, True]
    again = [*outputs, Output(stream=stream, entry_id="id-9", fields={"n": "9"}, maxlen=100)]
    assert await publish_once(redis1, again, ttl_s=60) == [False, False, False, True]
    assert await out_numbers(redis1, stream) == ["0", "1", "2", "9"]


async def test_poison_entry_goes_to_the_dlq_with_its_reason_and_the_stream_flows_on(
    redis1: aioredis.Redis, settings: Settings, prefix: str
) -> None:
    out = f"{prefix}:out"
    echo = echo_handler(out)

    async def handle(delivery: Delivery) -> list[Output]:
        if delivery.fields.get(b"n") == b"bad":
            raise PoisonMessageError("invalid_article", "field 'n' must be a number")
        return await echo(delivery)

    await redis1.xadd(settings.articles_stream, {"n": "1"})
    bad_id = (await redis1.xadd(settings.articles_stream, {"n": "bad"})).decode()
    await redis1.xadd(settings.articles_stream, {"n": "2"})
    async with running(make_consumer(redis1, settings, handle, "c1")):
        await wait_for(lambda: _len_is(redis1, out, 2), what="good entries through")
        await wait_for(lambda: _len_is(redis1, settings.dlq_stream, 1), what="one dead letter")
        await wait_for(lambda: _pending_is(redis1, settings.articles_stream, 0), what="all acked")
    [(_, fields)] = await redis1.xrange(settings.dlq_stream)
    letter = DeadLetter.model_validate_json(fields[b"data"])
    assert (letter.error, letter.message_id, letter.stream) == (
        "invalid_article",
        bad_id,
        settings.articles_stream,
    )
    assert letter.reason == "field 'n' must be a number"
    assert json.loads(letter.payload) == {"n": "bad"} and letter.delivery_count == 1


async def test_failing_entry_is_retried_then_dead_lettered_with_the_last_error(
    redis1: aioredis.Redis, settings: Settings, prefix: str
) -> None:
    out = f"{prefix}:out"
    echo = echo_handler(out)
    attempts: dict[str, int] = {}

    async def handle(delivery: Delivery) -> list[Output]:
        number = delivery.fields[b"n"].decode()
        attempts[number] = attempts.get(number, 0) + 1
        if number == "flaky" and attempts[number] < 2:
            raise RuntimeError("engine hiccup")
        if number == "broken":
            raise ValueError("cannot handle this one")
        return await echo(delivery)

    for number in ("flaky", "broken", "fine"):
        await redis1.xadd(settings.articles_stream, {"n": number})
    async with running(make_consumer(redis1, settings, handle, "c1")):
        await wait_for(lambda: _len_is(redis1, settings.dlq_stream, 1), what="broken entry dead-lettered")
        await wait_for(lambda: _pending_is(redis1, settings.articles_stream, 0), what="nothing pending")
    assert sorted(await out_numbers(redis1, out)) == ["fine", "flaky"]
    assert attempts["flaky"] == 2 and attempts["broken"] == settings.max_deliveries
    [(_, fields)] = await redis1.xrange(settings.dlq_stream)
    letter = DeadLetter.model_validate_json(fields[b"data"])
    assert letter.error == "max_deliveries"
    assert "ValueError: cannot handle this one" in letter.reason
    assert letter.delivery_count == settings.max_deliveries + 1


async def test_entries_pending_on_a_dead_consumer_are_reclaimed(
    redis1: aioredis.Redis, settings: Settings, prefix: str
) -> None:
    out = f"{prefix}:out"
    for n in range(10):
        await redis1.xadd(settings.articles_stream, {"n": str(n)})
    await ensure_group(redis1, settings.articles_stream, "g")
    # A consumer that read six entries and died before acking them.
    taken = await redis1.xreadgroup("g", "dead", {settings.articles_stream: ">"}, count=6)
    assert len(taken[0][1]) == 6
    async with running(make_consumer(redis1, settings, echo_handler(out), "alive")):
        await wait_for(lambda: _len_is(redis1, out, 10), what="all ten outputs, six of them reclaimed")
        await wait_for(lambda: _pending_is(redis1, settings.articles_stream, 0), what="all acked")
    assert sorted(await out_numbers(redis1, out), key=int) == [str(n) for n in range(10)]


async def test_redelivery_after_a_crash_between_publish_and_ack_publishes_nothing_twice(
    redis1: aioredis.Redis, settings: Settings, prefix: str
) -> None:
    out = f"{prefix}:out"
    for n in range(5):
        await redis1.xadd(settings.articles_stream, {"n": str(n)})
    await ensure_group(redis1, settings.articles_stream, "g")
    # The dead consumer published its outputs (through the same script) but never acked.
    taken = await redis1.xreadgroup("g", "dead", {settings.articles_stream: ">"}, count=5)
    outputs = [
        Output(stream=out, entry_id=f[b"n"].decode(), fields={"n": f[b"n"].decode()}, maxlen=1000)
        for _, f in taken[0][1]
    ]
    assert all(await publish_once(redis1, outputs, ttl_s=60))
    seen: list[str] = []
    async with running(make_consumer(redis1, settings, echo_handler(out, seen), "alive")):
        await wait_for(lambda: _pending_is(redis1, settings.articles_stream, 0), what="reclaimed and acked")
    assert sorted(seen, key=int) == [str(n) for n in range(5)]  # handled again...
    assert sorted(await out_numbers(redis1, out), key=int) == [str(n) for n in range(5)]  # ...published once


async def test_group_is_recreated_after_the_stream_is_flushed(
    redis1: aioredis.Redis, settings: Settings, prefix: str
) -> None:
    out = f"{prefix}:out"
    await redis1.xadd(settings.articles_stream, {"n": "1"})
    async with running(make_consumer(redis1, settings, echo_handler(out), "c1")):
        await wait_for(lambda: _len_is(redis1, out, 1), what="first output")
        await redis1.delete(settings.articles_stream)  # what FLUSHDB or a restart without persistence does
        await redis1.xadd(settings.articles_stream, {"n": "2"})  # the stream exists again, without the group
        await wait_for(lambda: _len_is(redis1, out, 2), what="output after the group was recreated")
    groups = await redis1.xinfo_groups(settings.articles_stream)
    assert [g["name"] for g in groups] == [b"g"]


async def test_stop_finishes_the_batch_in_hand_and_acks_it(
    redis1: aioredis.Redis, settings: Settings, prefix: str
) -> None:
    out = f"{prefix}:out"
    echo = echo_handler(out)
    started = asyncio.Event()
    release = asyncio.Event()

    async def slow(delivery: Delivery) -> list[Output]:
        started.set()
        await release.wait()
        return await echo(delivery)

    for n in range(4):
        await redis1.xadd(settings.articles_stream, {"n": str(n)})
    consumer = make_consumer(redis1, settings, slow, "c1")
    task = asyncio.create_task(consumer.run())
    await asyncio.wait_for(started.wait(), timeout=10)
    consumer.stop()  # SIGTERM arrives while the batch is in the handler
    release.set()
    await asyncio.wait_for(task, timeout=10)
    assert sorted(await out_numbers(redis1, out), key=int) == ["0", "1", "2", "3"]
    assert await pending_count(redis1, settings.articles_stream) == 0


async def test_dead_letter_payload_keeps_flat_fields_readable(
    redis1: aioredis.Redis, settings: Settings
) -> None:
    async def reject(delivery: Delivery) -> list[Output]:
        raise PoisonMessageError("invalid_article", "missing body")

    await redis1.xadd(settings.articles_stream, {"id": "a1", "source": "wire"})
    async with running(make_consumer(redis1, settings, reject, "c1")):
        await wait_for(lambda: _len_is(redis1, settings.dlq_stream, 1), what="dead letter")
    [(_, fields)] = await redis1.xrange(settings.dlq_stream)
    letter = DeadLetter.model_validate_json(fields[b"data"])
    assert json.loads(letter.payload) == {"id": "a1", "source": "wire"}


async def _len_is(redis: aioredis.Redis, stream: str, expected: int) -> bool:
    return int(await redis.xlen(stream)) == expected


async def _pending_is(redis: aioredis.Redis, stream: str, expected: int) -> bool:
    return await pending_count(redis, stream) == expected


async def test_departed_consumers_holding_nothing_are_forgotten(
    redis1: aioredis.Redis, settings: Settings, prefix: str
) -> None:
    out = f"{prefix}:out"
    await redis1.xadd(settings.articles_stream, {"n": "1"})
    await ensure_group(redis1, settings.articles_stream, "g")
    await redis1.xgroup_createconsumer(settings.articles_stream, "g", "departed")  # gone, held nothing
    taken = await redis1.xreadgroup("g", "holder", {settings.articles_stream: ">"}, count=1)
    assert taken  # "holder" holds the entry: it must survive until the entry is reclaimed
    await asyncio.sleep(0.3)
    consumer = StreamConsumer(
        redis1,
        stage="test",
        streams=[settings.articles_stream],
        group="g",
        handler=echo_handler(out),
        settings=settings,
        consumer="alive",
        forget_idle_ms=200,
    )
    async with running(consumer):
        await wait_for(lambda: _len_is(redis1, out, 1), what="the held entry reclaimed")

        async def only_live_ones_left() -> bool:
            names = {c["name"] for c in await redis1.xinfo_consumers(settings.articles_stream, "g")}
            return b"departed" not in names and b"alive" in names

        await wait_for(only_live_ones_left, what="the departed consumer forgotten")
