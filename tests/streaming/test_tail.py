"""`claimwatch tail alerts` follows the stream: what it held, then what arrives, until SIGTERM."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from services.cli.publishing import publish_articles
from services.engine.analysis import analyze
from tests.streaming.helpers import (
    alert_keys,
    make_settings,
    redis_test_url,
    running_pipeline,
    seed_articles,
    until_idle,
    wait_for,
)

pytestmark = pytest.mark.redis
ROOT = Path(__file__).resolve().parents[2]


async def test_tail_follows_new_alerts_and_stops_on_sigterm(
    redis2: aioredis.Redis, prefix: str, tmp_path: Path
) -> None:
    settings = make_settings(prefix, redis_test_url(2))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "CLAIMWATCH_REDIS_URL": settings.redis_url or "",
        "CLAIMWATCH_ALERTS_STREAM": settings.alerts_stream,
    }
    output = tmp_path / "alerts.jsonl"
    with output.open("w") as sink:
        tail = subprocess.Popen(
            [sys.executable, "-m", "services.cli.main", "tail", "alerts", "--jsonl"],
            env=env,
            cwd=ROOT,
            stdout=sink,
            stderr=subprocess.DEVNULL,
        )
    try:
        articles = seed_articles()
        expected = analyze(articles)
        async with running_pipeline(settings, redis2):
            await publish_articles(redis2, settings, articles)
            await until_idle(redis2, settings, ("extractor", "detector"))

        async def all_printed() -> bool:
            return len(output.read_text().splitlines()) >= len(expected.alerts)

        await wait_for(all_printed, timeout=30, what="tail to print every alert")
        tail.send_signal(signal.SIGTERM)
        assert await asyncio.to_thread(tail.wait, 15) == 0
    finally:
        if tail.poll() is None:
            tail.kill()
    records = [json.loads(line) for line in output.read_text().splitlines()]
    assert sorted((r["alert_id"], r["kind"]) for r in records) == alert_keys(expected.alerts)
