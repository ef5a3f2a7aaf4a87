"""`claimwatch run|publish|tail` as a user runs them (subprocesses; DB 2 or the embedded Redis)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from services.common.settings import Settings
from services.engine.analysis import analyze
from tests.streaming.helpers import (
    SEEDS_DIR,
    alert_keys,
    comparable_claims,
    make_settings,
    redis_test_url,
    running_pipeline,
    seed_articles,
    until_idle,
)

pytestmark = pytest.mark.redis
ROOT = Path(__file__).resolve().parents[2]


def claimwatch(
    *args: str, env: dict[str, str], cwd: Path = ROOT, timeout: float = 120
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "services.cli.main", *args],
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def settings_env(settings: Settings) -> dict[str, str]:
    names = ("redis_url", "key_prefix", "articles_stream", "claims_stream", "alerts_stream", "dlq_stream")
    return {f"CLAIMWATCH_{name.upper()}": str(getattr(settings, name)) for name in names}


def test_run_on_the_embedded_redis_shows_the_alerts_of_the_seeds(tmp_path: Path) -> None:
    env = {"CLAIMWATCH_EMBEDDED_REDIS_DIR": str(tmp_path / "redis"), "CLAIMWATCH_LOG_LEVEL": "WARNING"}
    env = {**env, **{k: "" for k in ("CLAIMWATCH_REDIS_URL",) if k in os.environ}}
    done = claimwatch("run", str(SEEDS_DIR), "--exit-when-idle", env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    shown = set(re.findall(r"^  alert (\S+) ·", done.stdout, flags=re.MULTILINE))
    expected = analyze(seed_articles())
    assert shown == {alert.alert_id for alert in expected.alerts}
    assert "published 5 article(s)" in done.stderr
    assert (tmp_path / "redis" / "redis.db").exists(), "the embedded server keeps its data file"


async def test_publish_then_tail_gives_the_records_analyze_gives(redis2: aioredis.Redis, prefix: str) -> None:
    settings = make_settings(prefix, redis_test_url(2))
    env = settings_env(settings)
    published = claimwatch("publish", str(SEEDS_DIR), env=env)
    assert published.returncode == 0, published.stderr
    assert "published 5 article(s)" in published.stdout
    await redis2.xadd(settings.articles_stream, {"id": "x", "source": "wire"})  # no body: a dead letter
    async with running_pipeline(settings, redis2):
        await until_idle(redis2, settings, ("extractor", "detector"))

    claims_out = claimwatch("tail", "claims", "--no-follow", "--jsonl", env=env)
    records = [json.loads(line) for line in claims_out.stdout.splitlines()]
    assert {record.pop("record") for record in records} == {"claim"}
    expected = analyze(seed_articles())
    assert sorted(records, key=lambda r: r["claim_id"]) == comparable_claims(expected.claims)

    alerts_out = claimwatch("tail", "alerts", "--no-follow", "--jsonl", env=env)
    alerts = [json.loads(line) for line in alerts_out.stdout.splitlines()]
    assert sorted((a["alert_id"], a["kind"]) for a in alerts) == alert_keys(expected.alerts)

    readable = claimwatch("tail", "dlq", "--no-follow", env=env)
    assert "invalid_article" in readable.stdout and "'body': Field required" in readable.stdout


def test_publish_reports_unreadable_files_and_fails_when_nothing_is_readable(
    tmp_path: Path, prefix: str
) -> None:
    settings = make_settings(prefix, redis_test_url(2))
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    done = claimwatch("publish", str(bad), env=settings_env(settings))
    assert done.returncode != 0
    assert "broken.json" in done.stderr
