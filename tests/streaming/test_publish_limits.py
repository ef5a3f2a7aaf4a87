"""`publish` reads files with the same size limit as `analyze`, and `--max-file-mb` raises it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from tests.streaming.helpers import redis_test_url

pytestmark = pytest.mark.redis
ROOT = Path(__file__).resolve().parents[2]


def publish(*args: str, prefix: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("CLAIMWATCH_")}
    env |= {"PYTHONPATH": str(ROOT), "CLAIMWATCH_ARTICLES_STREAM": f"{prefix}:articles"}
    return subprocess.run(
        [sys.executable, "-m", "services.cli.main", "publish", *args, "--redis", redis_test_url(3)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_publish_max_file_mb_raises_the_ten_mb_limit(
    redis3: aioredis.Redis, prefix: str, tmp_path: Path
) -> None:
    big = tmp_path / "long-report.txt"
    big.write_text("A long report\n" + "The envoy said the talks would go on. " * 320_000, encoding="utf-8")
    assert big.stat().st_size > 11 * 1_048_576

    refused = publish(str(big), prefix=prefix, cwd=tmp_path)
    assert refused.returncode == 2
    assert f"{big}: file too large" in refused.stderr and "over the 10 MB limit" in refused.stderr
    assert int(await redis3.xlen(f"{prefix}:articles")) == 0

    accepted = publish(str(big), "--max-file-mb", "12", prefix=prefix, cwd=tmp_path)
    assert accepted.returncode == 0, accepted.stderr[-2000:]
    assert "published 1 article(s)" in accepted.stdout
    assert int(await redis3.xlen(f"{prefix}:articles")) == 1

    lowered = publish(str(big), "--max-file-mb", "1", prefix=prefix, cwd=tmp_path)
    assert lowered.returncode == 2 and "over the 1 MB limit" in lowered.stderr
