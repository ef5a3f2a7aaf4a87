"""Retries, Retry-After, timeouts, 410, redirects, the dead-letter stream, an endpoint down then up."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from services.notifier.main import enable_subscription
from services.notifier.schedule import DeliveryJob, job_id_for
from tests.notifier.conftest import (
    make_alert,
    make_settings,
    new_secret,
    publish_alert,
    running_notifier,
    subscriptions,
)
from tests.notifier.receiver import Reply, WebhookReceiver, wait_for

pytestmark = pytest.mark.redis


async def dead_letters(redis, settings) -> list[dict]:
    return [json.loads(fields[b"data"]) for _, fields in await redis.xrange(settings.dlq_stream)]


async def stored_job(redis, settings, name: str, alert_id: str) -> DeliveryJob | None:
    raw = await redis.hget(f"{{{settings.key_prefix}:notifier}}:jobs", job_id_for(name, alert_id))
    return DeliveryJob.model_validate_json(raw) if raw else None


def answered(receiver: WebhookReceiver, path: str, status: int) -> list:
    return [request for request in receiver.received(path) if request.status == status]


async def test_429_retry_after_seconds_is_honoured(redis, settings, receiver) -> None:
    secret = new_secret()
    url = receiver.endpoint("/busy", [secret], Reply(429, headers=(("retry-after", "1"),)))
    subs = subscriptions({"name": "busy", "url": url, "secret": secret, "allow_private": True})
    async with running_notifier(settings, redis, subs):
        await publish_alert(redis, settings, make_alert())
        await wait_for(lambda: answered(receiver, "/busy", 200), 10, "the retry after Retry-After")
    first, second = receiver.received("/busy")
    # Without Retry-After the first retry would come after ~0.05 s (webhook_backoff_base_s).
    assert second.at - first.at >= 0.95
    assert first.webhook_id == second.webhook_id


async def test_503_retry_after_http_date_is_honoured(redis, settings, receiver) -> None:
    secret = new_secret()
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=3), usegmt=True)
    url = receiver.endpoint("/maint", [secret], Reply(503, headers=(("retry-after", later),)))
    subs = subscriptions({"name": "maint", "url": url, "secret": secret, "allow_private": True})
    async with running_notifier(settings, redis, subs):
        await publish_alert(redis, settings, make_alert())
        await wait_for(lambda: answered(receiver, "/maint", 200), 10, "the retry after the HTTP date")
    first, second = receiver.received("/maint")
    assert second.at - first.at >= 1.5  # the date has 1 s resolution: 3 s ahead is at least 2 s later


async def test_read_timeout_is_a_failed_attempt_then_retried(redis, settings, receiver) -> None:
    secret = new_secret()
    url = receiver.endpoint("/slow-once", [secret], Reply(200, delay_s=2.5))  # read timeout is 1 s
    subs = subscriptions({"name": "slow-once", "url": url, "secret": secret, "allow_private": True})
    alert = make_alert()
    async with running_notifier(settings, redis, subs):
        await publish_alert(redis, settings, alert)
        await wait_for(lambda: len(receiver.received("/slow-once")) == 2, 10, "the attempt after the timeout")
        await wait_for(
            lambda: redis.exists(f"{{{settings.key_prefix}:notifier}}:sent:slow-once:{alert.alert_id}"),
            5,
            "the sent marker",
        )
    requests = receiver.received("/slow-once")
    # At-least-once on the wire: the receiver saw the timed-out attempt too, with the same webhook-id.
    assert {r.webhook_id for r in requests} == {alert.alert_id}
    assert all(r.verified_with == [0] for r in requests)
    assert await dead_letters(redis, settings) == []


async def test_410_disables_the_subscription(redis, settings, receiver) -> None:
    secret = new_secret()
    url = receiver.endpoint("/gone", [secret], default=Reply(410, body=b"unsubscribed"))
    subs = subscriptions({"name": "gone", "url": url, "secret": secret, "allow_private": True})
    first, second = make_alert(), make_alert()
    async with running_notifier(settings, redis, subs):
        await publish_alert(redis, settings, first)
        letters = await wait_for(lambda: dead_letters(redis, settings), 10, "the dead letter of the 410")
        await publish_alert(redis, settings, second)
        await wait_for(lambda: _acked(redis, settings), 5, "the second alert acked")
    assert len(receiver.received("/gone")) == 1
    [letter] = letters
    assert letter["error"] == "webhook_gone"
    assert letter["last_status"] == 410
    assert letter["last_response"] == "unsubscribed"
    assert letter["endpoint"] == f"http://127.0.0.1:{receiver.port}/gone"
    assert json.loads(letter["payload"])["alert_id"] == first.alert_id
    assert await redis.hexists(f"{{{settings.key_prefix}:notifier}}:disabled", "gone")
    assert await stored_job(redis, settings, "gone", second.alert_id) is None  # never scheduled

    # The owner fixed the endpoint and re-enabled the subscription: deliveries flow again.
    assert await enable_subscription(redis, settings, "gone")
    receiver.endpoints["/gone"].default = Reply(200)
    third = make_alert()
    async with running_notifier(settings, redis, subs):
        await publish_alert(redis, settings, third)
        await wait_for(lambda: answered(receiver, "/gone", 200), 10, "the delivery after re-enabling")
    assert [r.webhook_id for r in receiver.received("/gone")] == [first.alert_id, third.alert_id]


async def _acked(redis, settings) -> bool:
    summary = await redis.xpending(settings.alerts_stream, settings.notifier_group)
    return int(summary["pending"]) == 0 and (await redis.xlen(settings.alerts_stream)) > 0


async def test_last_attempt_goes_to_the_dlq_with_endpoint_and_response(redis, settings, receiver) -> None:
    secret = new_secret()
    receiver.endpoint("/broken", [secret], default=Reply(500, body=b"stack trace here"))
    url = receiver.url("/broken") + "?token=query-secret-123"
    subs = subscriptions({"name": "broken", "url": url, "secret": secret, "allow_private": True})
    alert = make_alert()
    async with running_notifier(settings, redis, subs):
        await publish_alert(redis, settings, alert)
        [letter] = await wait_for(lambda: dead_letters(redis, settings), 10, "the dead letter")
    assert len(receiver.received("/broken")) == settings.webhook_max_attempts
    assert letter["error"] == "webhook_failed"
    assert letter["delivery_count"] == settings.webhook_max_attempts
    assert letter["last_status"] == 500 and letter["last_response"] == "stack trace here"
    assert letter["endpoint"] == f"http://127.0.0.1:{receiver.port}/broken"
    assert "query-secret-123" not in json.dumps(letter)
    assert await stored_job(redis, settings, "broken", alert.alert_id) is None


async def test_redirect_is_not_followed(redis, settings, receiver) -> None:
    secret = new_secret()
    target = receiver.endpoint("/elsewhere", [secret])
    url = receiver.endpoint("/moved", [secret], default=Reply(307, headers=(("location", target),)))
    subs = subscriptions({"name": "moved", "url": url, "secret": secret, "allow_private": True})
    async with running_notifier(settings, redis, subs):
        await publish_alert(redis, settings, make_alert())
        [letter] = await wait_for(lambda: dead_letters(redis, settings), 10, "the dead letter")
    assert letter["last_status"] == 307
    assert receiver.received("/elsewhere") == []


async def test_receiver_down_then_up(redis, prefix) -> None:
    settings = make_settings(prefix, webhook_max_attempts=50)
    secret = new_secret()
    late = WebhookReceiver()
    port = await late.start()
    await late.stop()  # the port is known and nothing listens on it
    url = late.endpoint("/late", [secret])
    subs = subscriptions({"name": "late", "url": url, "secret": secret, "allow_private": True})
    alert = make_alert()
    try:
        async with running_notifier(settings, redis, subs):
            await publish_alert(redis, settings, alert)

            async def failed_twice() -> bool:
                job = await stored_job(redis, settings, "late", alert.alert_id)
                return job is not None and job.attempts >= 2

            await wait_for(failed_twice, 10, "two refused connections")
            job = await stored_job(redis, settings, "late", alert.alert_id)
            assert job is not None and job.last_status is None and "ConnectError" in (job.last_error or "")
            await late.start(port)
            await wait_for(lambda: late.received("/late"), 10, "the delivery once the receiver is up")
            await wait_for(
                lambda: redis.exists(f"{{{prefix}:notifier}}:sent:late:{alert.alert_id}"), 5, "sent"
            )
    finally:
        await late.stop()
    [request] = late.received("/late")
    assert request.verified_with == [0] and request.webhook_id == alert.alert_id
