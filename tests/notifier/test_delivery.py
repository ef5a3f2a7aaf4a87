"""End-to-end delivery: alerts stream -> notifier -> a real HTTP receiver that verifies signatures."""

from __future__ import annotations

import json

import pytest

from services.common.metrics import REGISTRY
from services.notifier.schedule import job_id_for
from tests.notifier.conftest import make_alert, new_secret, publish_alert, running_notifier, subscriptions
from tests.notifier.receiver import Reply, wait_for

pytestmark = pytest.mark.redis


async def dead_letters(redis, settings) -> list[dict]:
    entries = await redis.xrange(settings.dlq_stream)
    return [json.loads(fields[b"data"]) for _, fields in entries]


async def pending_alerts(redis, settings) -> int:
    summary = await redis.xpending(settings.alerts_stream, settings.notifier_group)
    return int(summary["pending"])


async def test_200_delivers_the_alert_signed_once(redis, settings, receiver) -> None:
    secret = new_secret()
    url = receiver.endpoint("/ok", [secret])
    subs = subscriptions({"name": "ops", "url": url, "secret": secret, "allow_private": True})
    alert = make_alert()
    async with running_notifier(settings, redis, subs):
        await publish_alert(redis, settings, alert)
        await wait_for(lambda: receiver.received("/ok"), 10, "the delivery")
        await wait_for(lambda: _acked(redis, settings), 5, "the alert acked")
    [request] = receiver.received("/ok")
    assert request.verified_with == [0]
    assert request.webhook_id == alert.alert_id
    assert json.loads(request.body) == json.loads(alert.model_dump_json())
    assert request.headers["content-type"] == "application/json"
    assert await redis.exists(f"{{{settings.key_prefix}:notifier}}:sent:ops:{alert.alert_id}")
    assert not await redis.hexists(
        f"{{{settings.key_prefix}:notifier}}:jobs", job_id_for("ops", alert.alert_id)
    )


async def _acked(redis, settings) -> bool:
    return await pending_alerts(redis, settings) == 0


async def test_500_then_200_is_retried_and_delivered_once(redis, settings, receiver) -> None:
    secret = new_secret()
    url = receiver.endpoint("/flaky", [secret], Reply(500, body=b"database down"))
    subs = subscriptions({"name": "flaky", "url": url, "secret": secret, "allow_private": True})
    alert = make_alert()
    async with running_notifier(settings, redis, subs):
        await publish_alert(redis, settings, alert)
        await wait_for(lambda: [r for r in receiver.received("/flaky") if r.status == 200], 10, "a 2xx")
    requests = receiver.received("/flaky")
    assert [r.status for r in requests] == [500, 200]
    assert {r.webhook_id for r in requests} == {alert.alert_id}
    assert all(r.verified_with == [0] for r in requests)
    assert await dead_letters(redis, settings) == []


def metric(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_attempts_are_counted_by_outcome_and_timed(redis, settings, receiver) -> None:
    secret = new_secret()
    url = receiver.endpoint("/counted", [secret], Reply(500))
    subs = subscriptions(
        {"name": "counted", "url": url, "secret": secret, "allow_private": True},
        {
            "name": "nothing",
            "url": url,
            "secret": secret,
            "allow_private": True,
            "filters": {"kinds": ["position_change"]},
        },
    )
    before = {
        outcome: metric("claimwatch_webhook_deliveries_total", outcome=outcome)
        for outcome in ("success", "retry", "filtered")
    }
    timed_before = metric("claimwatch_webhook_delivery_duration_seconds_count")
    async with running_notifier(settings, redis, subs):
        await publish_alert(redis, settings, make_alert())
        await wait_for(lambda: [r for r in receiver.received("/counted") if r.status == 200], 10, "a 2xx")
        await wait_for(
            lambda: metric("claimwatch_webhook_deliveries_total", outcome="success") > before["success"],
            5,
            "count",
        )
    assert metric("claimwatch_webhook_deliveries_total", outcome="success") - before["success"] == 1
    assert metric("claimwatch_webhook_deliveries_total", outcome="retry") - before["retry"] == 1
    assert metric("claimwatch_webhook_deliveries_total", outcome="filtered") - before["filtered"] == 1
    assert metric("claimwatch_webhook_delivery_duration_seconds_count") - timed_before == 2


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"data": "{not json"}, "invalid_json"),
        ({"data": '{"alert_id": "a-1", "kind": "rumour"}'}, "invalid_alert"),
    ],
)
async def test_a_bad_alert_entry_is_dead_lettered_and_the_stream_flows(
    redis, settings, receiver, fields, code
):
    secret = new_secret()
    url = receiver.endpoint("/after-bad", [secret])
    subs = subscriptions({"name": "after-bad", "url": url, "secret": secret, "allow_private": True})
    good = make_alert()
    async with running_notifier(settings, redis, subs):
        await redis.xadd(settings.alerts_stream, fields)
        await publish_alert(redis, settings, good)
        await wait_for(lambda: receiver.received("/after-bad"), 10, "the good alert after the bad one")
        [letter] = await wait_for(lambda: dead_letters(redis, settings), 5, "the bad entry dead-lettered")
        await wait_for(lambda: _acked(redis, settings), 5, "both entries acked")
    assert letter["error"] == code and letter["stream"] == settings.alerts_stream
    assert [r.webhook_id for r in receiver.received("/after-bad")] == [good.alert_id]
