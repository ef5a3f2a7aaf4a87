"""A Redis that comes back empty is reported once (`redis_state_lost`) and counted, then served again.

Runs against a redis-server of the test's own, without persistence, killed and restarted on the
same port: exactly what a restart without persistence does to the shared server.
"""

from __future__ import annotations

import asyncio
import subprocess

import pytest
from structlog.testing import capture_logs

from services.common.consumer import Delivery, StreamConsumer
from services.common.metrics import REDIS_STATE_LOST
from services.common.redis import connect
from services.common.streams import Output
from tests.streaming.helpers import (
    free_redis_port,
    make_settings,
    redis_answers,
    start_redis_server,
    wait_for,
)

pytestmark = pytest.mark.redis


def lost_count(stage: str) -> float:
    return REDIS_STATE_LOST.labels(stage=stage)._value.get()


async def test_an_emptied_redis_is_reported_once_with_what_was_recreated(
    processes: list[subprocess.Popen[bytes]], prefix: str
) -> None:
    port = free_redis_port()
    url = f"redis://127.0.0.1:{port}/0"
    processes.append(start_redis_server(port))
    await wait_for(lambda: redis_answers(url), timeout=15, what="our redis-server")
    settings = make_settings(prefix, url, partitions=2)
    streams = [f"{settings.articles_stream}:0", f"{settings.articles_stream}:1"]
    out = f"{prefix}:out"

    async def echo(delivery: Delivery) -> list[Output]:
        number = delivery.fields[b"n"].decode()
        return [Output(stream=out, entry_id=number, fields={"n": number}, maxlen=1000)]

    client = connect(url)
    consumer = StreamConsumer(
        client, stage="state-lost-test", streams=streams, group="g", handler=echo, settings=settings
    )
    before = lost_count("state-lost-test")
    try:
        with capture_logs() as events:
            task = asyncio.create_task(consumer.run())
            await client.xadd(streams[0], {"n": "1"})
            await wait_for(lambda: _length(client, out, 1), what="the first output")
            assert lost_count("state-lost-test") == before  # a first start is no loss

            processes[-1].kill()  # no persistence: streams, groups and scripts are gone
            processes[-1].wait(timeout=10)
            processes.append(start_redis_server(port))
            await wait_for(lambda: redis_answers(url), timeout=15, what="the restarted redis-server")
            await client.xadd(streams[1], {"n": "2"})
            await wait_for(lambda: _length(client, out, 1, entry="2"), timeout=30, what="output after")
            consumer.stop()
            await asyncio.wait_for(task, timeout=10)
    finally:
        await client.aclose()

    lost = [event for event in events if event["event"] == "redis_state_lost"]
    assert len(lost) == 1, [event["event"] for event in events]
    assert sorted(lost[0]["groups_recreated"]) == sorted(streams)
    assert lost[0]["scripts_reloaded"] == ["publish_once"]
    assert lost[0]["stage"] == "state-lost-test" and lost[0]["group"] == "g"
    assert lost_count("state-lost-test") == before + 1


async def _length(client: object, stream: str, expected: int, entry: str | None = None) -> bool:
    entries = await client.xrange(stream)  # type: ignore[attr-defined]
    if entry is not None:
        return [fields[b"n"].decode() for _, fields in entries] == [entry]
    return len(entries) == expected
