"""The delivery schedule's Lua scripts run by SHA, and survive a server that lost them."""

from __future__ import annotations

import subprocess
import time

from services.common.redis import connect
from services.notifier.schedule import DeliverySchedule
from tests.notifier.conftest import make_alert
from tests.notifier.receiver import wait_for
from tests.streaming.helpers import free_redis_port, redis_answers, start_redis_server


async def script_commands(client) -> dict[str, int]:
    stats = await client.info("commandstats")
    return {name: int(stats[name]["calls"]) for name in ("cmdstat_eval", "cmdstat_evalsha") if name in stats}


async def test_the_schedule_runs_its_scripts_by_sha_and_reloads_them(
    processes: list[subprocess.Popen[bytes]],
) -> None:
    port = free_redis_port()
    url = f"redis://127.0.0.1:{port}/0"
    processes.append(start_redis_server(port))  # a server of this test's own: SCRIPT FLUSH is ours
    await wait_for(lambda: redis_answers(url), 15, "our redis-server")
    client = connect(url)
    try:
        schedule = DeliverySchedule(client, "cwtest-scripts", sent_ttl_s=60)
        first, second = make_alert(), make_alert()
        assert await schedule.schedule(first, ["ops"], due_at=time.time()) == [True]
        assert await schedule.schedule(first, ["ops"], due_at=time.time()) == [False]  # idempotent

        await client.script_flush()  # as after a restart without persistence: the scripts are gone
        assert await schedule.schedule(second, ["ops", "audit"], due_at=time.time()) == [True, True]
        claimed = await schedule.claim_due("ops", now=time.time() + 1, lease_s=30, limit=10)
        assert sorted(job.alert_id for job in claimed) == sorted([first.alert_id, second.alert_id])
        await schedule.complete(claimed[0])
        assert await schedule.reschedule(claimed[1], due_at=time.time() + 5)
        assert await schedule.reschedule(claimed[0], due_at=time.time()) is False  # completed: gone
        assert await schedule.pending_count(["ops", "audit"]) == 2

        calls = await script_commands(client)
        assert calls.get("cmdstat_evalsha", 0) >= 6 and "cmdstat_eval" not in calls, calls
    finally:
        await client.aclose()
