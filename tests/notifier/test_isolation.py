"""Endpoints do not hold each other up; filters; secret rotation; exactly once per webhook-id."""

from __future__ import annotations

import asyncio
import json
from collections import Counter

import pytest
from standardwebhooks.webhooks import Webhook

from tests.notifier.conftest import (
    make_alert,
    make_settings,
    new_secret,
    publish_alert,
    running_notifier,
    subscriptions,
)
from tests.notifier.receiver import Reply, wait_for

pytestmark = pytest.mark.redis


async def acked_all(redis, settings, count: int) -> bool:
    summary = await redis.xpending(settings.alerts_stream, settings.notifier_group)
    groups = await redis.xinfo_groups(settings.alerts_stream)
    delivered = next(
        int(g["entries-read"] or 0) for g in groups if g["name"].decode() == settings.notifier_group
    )
    return delivered >= count and int(summary["pending"]) == 0


async def test_a_slow_endpoint_delays_neither_a_fast_one_nor_the_stream(redis, prefix, receiver) -> None:
    settings = make_settings(prefix, webhook_read_timeout_s=30.0, webhook_endpoint_concurrency=1)
    secret = new_secret()
    # The slow endpoint answers nothing until the test opens the gate: its first attempt stays in
    # flight, whatever the machine's speed, while the fast endpoint and the stream must go on.
    gate = asyncio.Event()
    slow = receiver.endpoint("/slow", [secret], default=Reply(200, hold=gate))
    fast = receiver.endpoint("/fast", [secret])
    subs = subscriptions(
        {"name": "slow", "url": slow, "secret": secret, "allow_private": True},
        {"name": "fast", "url": fast, "secret": secret, "allow_private": True},
    )
    alerts = [make_alert() for _ in range(5)]
    async with running_notifier(settings, redis, subs):
        try:
            for alert in alerts:
                await publish_alert(redis, settings, alert)
            await wait_for(lambda: len(receiver.received("/fast")) == 5, 10, "all five on the fast endpoint")
            await wait_for(lambda: acked_all(redis, settings, 5), 10, "every alert acked")
            # One attempt at a time per endpoint (concurrency 1), still unanswered.
            assert [r.status for r in receiver.received("/slow")] == [None]
        finally:
            gate.set()
        await wait_for(
            lambda: sum(1 for r in receiver.received("/slow") if r.status == 200) == 5,
            30,
            "all five on the slow endpoint",
        )
    assert all(r.status == 200 for r in receiver.received("/fast"))
    assert Counter(r.webhook_id for r in receiver.received("/slow")) == Counter(a.alert_id for a in alerts)


async def test_a_filter_that_does_not_match_sends_nothing(redis, settings, receiver) -> None:
    secret = new_secret()
    subs = subscriptions(
        {"name": "all", "url": receiver.endpoint("/all", [secret]), "secret": secret, "allow_private": True},
        {
            "name": "picky",
            "url": receiver.endpoint("/picky", [secret]),
            "secret": secret,
            "allow_private": True,
            "filters": {"kinds": ["position_change"], "parties": ["ua"], "min_severity": "medium"},
        },
    )
    low_change = make_alert(kind="position_change", severity="low", parties=("UA",))
    other_party = make_alert(kind="position_change", severity="high", parties=("RU",))
    wanted = make_alert(kind="position_change", severity="medium", parties=("US", "UA"))
    async with running_notifier(settings, redis, subs):
        for alert in (low_change, other_party, wanted):
            await publish_alert(redis, settings, alert)
        await wait_for(
            lambda: len(receiver.received("/all")) == 3, 10, "all three on the unfiltered endpoint"
        )
        await wait_for(lambda: receiver.received("/picky"), 10, "the matching alert")
        await wait_for(lambda: acked_all(redis, settings, 3), 5, "every alert acked")
        jobs = await redis.hkeys(f"{{{settings.key_prefix}:notifier}}:jobs")
    assert [r.webhook_id for r in receiver.received("/picky")] == [wanted.alert_id]
    assert not [job for job in jobs if job.startswith(b"picky/")]  # nothing waits to be sent either


async def test_secret_rotation_sends_two_signatures(redis, settings, receiver) -> None:
    old, new = new_secret(), new_secret()
    url = receiver.endpoint("/rotating", [old, new])
    subs = subscriptions({"name": "rotating", "url": url, "secret": [old, new], "allow_private": True})
    async with running_notifier(settings, redis, subs):
        await publish_alert(redis, settings, make_alert())
        [request] = await wait_for(lambda: receiver.received("/rotating"), 10, "the delivery")
    signatures = request.headers["webhook-signature"].split(" ")
    assert len(signatures) == 2 and all(s.startswith("v1,") for s in signatures)
    assert request.verified_with == [0, 1]  # a receiver holding only the old, or only the new, verifies
    for secret in (old, new):
        assert json.loads(request.body) == Webhook(secret).verify(request.body, request.headers)


async def test_exactly_once_per_webhook_id_with_redeliveries_and_two_replicas(
    redis, prefix, receiver
) -> None:
    secret = new_secret()
    url = receiver.endpoint("/once", [secret], Reply(500), Reply(503))
    subs = subscriptions({"name": "once", "url": url, "secret": secret, "allow_private": True})
    alerts = [make_alert() for _ in range(12)]
    first = make_settings(prefix)
    second = make_settings(prefix)  # same group and schedule, another consumer name
    async with running_notifier(first, redis, subs), running_notifier(second, redis, subs):
        for alert in alerts + alerts[:4]:  # four published twice at once (a redelivering detector)
            await publish_alert(redis, first, alert)
        expected = {alert.alert_id for alert in alerts}

        def delivered() -> bool:
            return {r.webhook_id for r in receiver.received("/once") if r.status == 200} == expected

        await wait_for(delivered, 15, "every alert delivered")
        for alert in alerts[4:8]:  # four more published again after their delivery succeeded
            await publish_alert(redis, first, alert)
        await wait_for(lambda: acked_all(redis, first, 20), 5, "every entry acked")
        jobs_key = f"{{{prefix}:notifier}}:jobs"
        await wait_for(lambda: _no_jobs(redis, jobs_key), 5, "no delivery left to attempt")
    successes = Counter(r.webhook_id for r in receiver.received("/once") if r.status == 200)
    assert successes == Counter({alert_id: 1 for alert_id in expected})
    assert all(r.verified_with == [0] for r in receiver.received("/once"))


async def _no_jobs(redis, jobs_key: str) -> bool:
    return await redis.hlen(jobs_key) == 0
