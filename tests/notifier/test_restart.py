"""A notifier killed with SIGKILL (mid-retry, mid-attempt) and replaced: the Redis schedule resumes."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from services.notifier.schedule import DeliveryJob, job_id_for
from tests.notifier.conftest import make_alert, make_settings, new_secret, publish_alert, running_notifier
from tests.notifier.conftest import subscriptions as build_subscriptions
from tests.notifier.receiver import Reply, wait_for

pytestmark = pytest.mark.redis

ROOT = Path(__file__).resolve().parents[2]
# The real command, as an operator runs it; everything else comes from CLAIMWATCH_ variables.
WORKER = [sys.executable, "-m", "services.cli.main", "worker", "notifier"]


def start_worker(settings, webhooks_file: Path, **extra: str) -> subprocess.Popen[bytes]:
    """A notifier in its own process, configured only through CLAIMWATCH_ variables and the YAML file."""
    env = dict(os.environ)
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "CLAIMWATCH_REDIS_URL": settings.redis_url,
            "CLAIMWATCH_KEY_PREFIX": settings.key_prefix,
            "CLAIMWATCH_ALERTS_STREAM": settings.alerts_stream,
            "CLAIMWATCH_DLQ_STREAM": settings.dlq_stream,
            "CLAIMWATCH_WEBHOOKS_FILE": str(webhooks_file),
            "CLAIMWATCH_BLOCK_MS": "50",
            "CLAIMWATCH_WEBHOOK_POLL_INTERVAL_S": "0.05",
            "CLAIMWATCH_WEBHOOK_CONNECT_TIMEOUT_S": "0.5",
            "CLAIMWATCH_WEBHOOK_READ_TIMEOUT_S": "1.0",
            **extra,
        }
    )
    with webhooks_file.with_suffix(".log").open("wb") as log_file:  # the child keeps its own descriptor
        return subprocess.Popen(WORKER, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log_file)


def kill(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


async def stored_job(redis, prefix: str, name: str, alert_id: str) -> DeliveryJob | None:
    raw = await redis.hget(f"{{{prefix}:notifier}}:jobs", job_id_for(name, alert_id))
    return DeliveryJob.model_validate_json(raw) if raw else None


def write_webhooks(tmp_path: Path, url: str, secret: str) -> Path:
    path = tmp_path / "webhooks.yaml"
    path.write_text(
        yaml.safe_dump(
            {"webhooks": [{"name": "resume", "url": url, "secret": secret, "allow_private": True}]}
        )
    )
    return path


async def test_killed_mid_retry_then_restarted_resumes_from_redis(redis, prefix, receiver, tmp_path) -> None:
    settings = make_settings(prefix)
    secret = new_secret()
    url = receiver.endpoint("/resume", [secret], Reply(500))
    webhooks_file = write_webhooks(tmp_path, url, secret)
    alert = make_alert()
    # Retries 3 s (+/-25%) apart: the retry is still waiting in Redis when the process is killed.
    worker = start_worker(
        settings, webhooks_file, CLAIMWATCH_WEBHOOK_BACKOFF_BASE_S="3", CLAIMWATCH_WEBHOOK_BACKOFF_MAX_S="3"
    )
    try:
        await publish_alert(redis, settings, alert)

        async def retry_scheduled() -> bool:
            job = await stored_job(redis, prefix, "resume", alert.alert_id)
            return job is not None and job.attempts == 1

        await wait_for(retry_scheduled, 20, "the first attempt failed and its retry scheduled")
    finally:
        kill(worker)
    assert [r.status for r in receiver.received("/resume")] == [500]
    due = await redis.zscore(f"{{{prefix}:notifier}}:due:resume", job_id_for("resume", alert.alert_id))
    assert due is not None and due > time.time()  # the retry outlived the process
    pending = await redis.xpending(settings.alerts_stream, settings.notifier_group)
    assert int(pending["pending"]) == 0  # the alert was acked once its delivery was scheduled

    async with running_notifier(
        settings,
        redis,
        build_subscriptions({"name": "resume", "url": url, "secret": secret, "allow_private": True}),
    ):
        await wait_for(
            lambda: [r for r in receiver.received("/resume") if r.status == 200],
            15,
            "the resumed retry delivered",
        )
    assert [r.status for r in receiver.received("/resume")] == [500, 200]
    assert {r.webhook_id for r in receiver.received("/resume")} == {alert.alert_id}
    assert await stored_job(redis, prefix, "resume", alert.alert_id) is None


async def test_killed_mid_attempt_is_attempted_again_after_the_lease(
    redis, prefix, receiver, tmp_path
) -> None:
    settings = make_settings(prefix)
    secret = new_secret()
    gate = asyncio.Event()  # the first attempt gets no answer until the worker is dead
    url = receiver.endpoint("/inflight", [secret], Reply(200, hold=gate))
    webhooks_file = write_webhooks(tmp_path, url, secret)
    alert = make_alert()
    # Its read timeout (5 s) only bounds how late the kill may land; the lease is that plus 5 s.
    worker = start_worker(settings, webhooks_file, CLAIMWATCH_WEBHOOK_READ_TIMEOUT_S="5")
    try:
        await publish_alert(redis, settings, alert)
        await wait_for(lambda: receiver.received("/inflight"), 20, "the attempt reached the receiver")
    finally:
        kill(worker)  # while the attempt is held unanswered: its outcome was never recorded
        gate.set()
    job = await stored_job(redis, prefix, "resume", alert.alert_id)
    assert job is not None and job.attempts == 0

    async with running_notifier(
        settings,
        redis,
        build_subscriptions({"name": "resume", "url": url, "secret": secret, "allow_private": True}),
    ):
        await wait_for(lambda: len(receiver.received("/inflight")) == 2, 30, "the attempt after the lease")
        await wait_for(
            lambda: redis.exists(f"{{{prefix}:notifier}}:sent:resume:{alert.alert_id}"),
            10,
            "the delivery recorded",
        )
    # At-least-once under a crash: the receiver saw the id twice and can drop the second by webhook-id.
    assert [r.webhook_id for r in receiver.received("/inflight")] == [alert.alert_id] * 2
    assert all(json.loads(r.body)["alert_id"] == alert.alert_id for r in receiver.received("/inflight"))


async def test_sigterm_lets_the_attempt_in_flight_finish(redis, prefix, receiver, tmp_path) -> None:
    settings = make_settings(prefix)
    secret = new_secret()
    gate = asyncio.Event()  # the attempt stays in flight until the worker has begun to stop
    url = receiver.endpoint("/graceful", [secret], Reply(200, hold=gate))
    webhooks_file = tmp_path / "webhooks.yaml"
    webhooks_file.write_text(
        yaml.safe_dump(
            {"webhooks": [{"name": "graceful", "url": url, "secret": secret, "allow_private": True}]}
        )
    )
    log = webhooks_file.with_suffix(".log")
    alert = make_alert()
    worker = start_worker(settings, webhooks_file, CLAIMWATCH_WEBHOOK_READ_TIMEOUT_S="60")
    try:
        await publish_alert(redis, settings, alert)
        await wait_for(lambda: receiver.received("/graceful"), 20, "the attempt reached the receiver")
        worker.send_signal(signal.SIGTERM)
        await wait_for(lambda: "consumer_stopped" in log.read_text(), 15, "the alerts consumer stopped")
        assert worker.poll() is None, "the worker exited with an attempt in flight"
        gate.set()
        await wait_for(lambda: worker.poll() is not None, 15, "the worker exited")
    finally:
        gate.set()
        if worker.poll() is None:
            kill(worker)
    assert worker.returncode == 0, log.read_text()
    assert [r.status for r in receiver.received("/graceful")] == [200]
    assert await redis.exists(f"{{{prefix}:notifier}}:sent:graceful:{alert.alert_id}")  # recorded before exit
    assert await stored_job(redis, prefix, "graceful", alert.alert_id) is None


async def test_a_queue_whose_subscription_was_removed_is_kept_and_reported(redis, settings, receiver) -> None:
    from structlog.testing import capture_logs

    from services.notifier.schedule import DeliverySchedule

    schedule = DeliverySchedule(redis, settings.key_prefix, settings.dedupe_ttl_s)
    await schedule.schedule(make_alert(), ["removed"], time.time())
    secret = new_secret()
    subs = build_subscriptions(
        {"name": "kept", "url": receiver.endpoint("/kept", [secret]), "secret": secret, "allow_private": True}
    )
    with capture_logs() as events:
        async with running_notifier(settings, redis, subs):
            await publish_alert(redis, settings, make_alert())
            await wait_for(lambda: receiver.received("/kept"), 10, "the live subscription's delivery")
    [warning] = [e for e in events if e["event"] == "webhook_queue_without_subscription"]
    assert warning["subscription"] == "removed" and warning["pending"] == 1
    assert await schedule.pending_count(["removed"]) == 1
