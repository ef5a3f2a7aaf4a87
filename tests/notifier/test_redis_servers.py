"""The notifier on other Redis servers: its own one restarted mid-run, and the embedded one."""

from __future__ import annotations

import subprocess
import uuid
from collections import Counter
from pathlib import Path

from structlog.testing import capture_logs

from services.common.redis import EmbeddedRedis, connect
from tests.notifier.conftest import make_alert, make_settings, new_secret, publish_alert, running_notifier
from tests.notifier.conftest import subscriptions as build_subscriptions
from tests.notifier.receiver import Reply, WebhookReceiver, wait_for
from tests.streaming.helpers import free_redis_port, redis_answers, start_redis_server


def delivered(receiver: WebhookReceiver, path: str) -> Counter[str]:
    """How many times each webhook-id was answered 200 on `path` (every request verified)."""
    requests = receiver.received(path)
    assert all(request.verified_with == [0] for request in requests), "a request failed verification"
    return Counter(request.webhook_id for request in requests if request.status == 200)


async def test_the_notifier_survives_a_redis_restart_and_goes_on(
    receiver: WebhookReceiver, processes: list[subprocess.Popen[bytes]]
) -> None:
    port = free_redis_port()
    url = f"redis://127.0.0.1:{port}/0"
    processes.append(start_redis_server(port))
    await wait_for(lambda: redis_answers(url), 15, "our redis-server")
    prefix = f"cwtest-h4-restart-{uuid.uuid4().hex[:8]}"
    settings = make_settings(prefix, redis_url=url)
    secret = new_secret()
    subs = build_subscriptions(
        {"name": "ops", "url": receiver.endpoint("/ops", [secret]), "secret": secret, "allow_private": True}
    )
    before, after = make_alert(), make_alert()
    client = connect(url)
    try:
        with capture_logs() as events:
            async with running_notifier(settings, client, subs):
                await publish_alert(client, settings, before)
                await wait_for(lambda: delivered(receiver, "/ops")[before.alert_id], 10, "the first delivery")

                processes[-1].kill()  # no persistence: the stream, its group and the schedule are gone
                processes[-1].wait(timeout=10)

                def both_loops_noticed() -> bool:
                    seen = {event["event"] for event in events}
                    return {"notifier_redis_unavailable", "redis_unavailable"} <= seen

                await wait_for(both_loops_noticed, 15, "the dispatcher and the consumer to meet the outage")
                processes.append(start_redis_server(port))
                await wait_for(lambda: redis_answers(url), 15, "the restarted redis-server")

                await publish_alert(client, settings, after)
                await wait_for(
                    lambda: delivered(receiver, "/ops")[after.alert_id], 30, "the delivery after the restart"
                )
        # Leaving the block stopped the notifier cleanly: its tasks had not died on the outage.
        assert delivered(receiver, "/ops") == Counter({before.alert_id: 1, after.alert_id: 1})
        created = [event for event in events if event["event"] == "consumer_group_created"]
        assert len(created) == 2, "the group is created at start and again after the restart emptied Redis"
    finally:
        await client.aclose()


async def test_the_notifier_on_the_embedded_redis(receiver: WebhookReceiver, tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path / "embedded")
    url = server.start()
    client = connect(url)
    prefix = f"cwtest-h4-embedded-{uuid.uuid4().hex[:8]}"
    settings = make_settings(prefix, redis_url=url)
    secret = new_secret()
    subs = build_subscriptions(
        # One failure first: the retry goes through the schedule's scripts on Redis 6.2.
        {
            "name": "flaky",
            "url": receiver.endpoint("/flaky", [secret], Reply(500)),
            "secret": secret,
            "allow_private": True,
        },
        {
            "name": "picky",
            "url": receiver.endpoint("/picky", [secret]),
            "secret": secret,
            "allow_private": True,
            "filters": {"kinds": ["quote_discrepancy"]},
        },
    )
    alerts = [make_alert(kind="contradiction"), make_alert(kind="quote_discrepancy", severity="low")]
    try:
        assert (await client.info("server"))["redis_version"].startswith("6.2")
        async with running_notifier(settings, client, subs):
            for alert in alerts:
                await publish_alert(client, settings, alert)
            expected = Counter(alert.alert_id for alert in alerts)
            await wait_for(lambda: delivered(receiver, "/flaky") == expected, 20, "both alerts on /flaky")
            await wait_for(lambda: delivered(receiver, "/picky"), 10, "the quote discrepancy on /picky")

            async def settled() -> bool:
                pending = await client.xpending(settings.alerts_stream, settings.notifier_group)
                return int(pending["pending"]) == 0 and not await client.hlen(f"{{{prefix}:notifier}}:jobs")

            await wait_for(settled, 10, "every alert acked and every delivery settled")
        assert [r.status for r in receiver.received("/flaky")].count(500) == 1
        assert delivered(receiver, "/picky") == Counter({alerts[1].alert_id: 1})
    finally:
        await client.aclose()
        server.stop()
