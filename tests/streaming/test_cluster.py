"""The pipeline on a Redis Cluster of our own (three nodes): same keys, same results, partitions spread."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemas import Alert, Claim
from services.cli.publishing import publish_articles
from services.common.redis import connect
from services.common.streams import StreamLayout
from services.engine.analysis import analyze
from tests.streaming.helpers import (
    alert_keys,
    comparable_claims,
    make_settings,
    running_pipeline,
    seed_articles,
    stream_records,
    until_idle,
)

pytestmark = pytest.mark.redis
NODES = 3


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _free_ports() -> list[int]:
    # A cluster node also listens on its port + 10000 (the cluster bus).
    for first in range(6500, 6600, NODES):
        ports = list(range(first, first + NODES))
        if all(_port_free(p) and _port_free(p + 10000) for p in ports):
            return ports
    pytest.skip("no free ports in 6500-6599 for a cluster of our own")


@pytest.fixture
def cluster_url(tmp_path: Path) -> Iterator[str]:
    server = next(
        (p for p in ("/usr/bin/redis-server", shutil.which("redis-server")) if p and Path(p).exists()), None
    )
    cli = shutil.which("redis-cli")
    if server is None or cli is None:
        pytest.skip("redis-server and redis-cli are needed for a cluster")
    ports = _free_ports()
    nodes = []
    for port in ports:
        folder = tmp_path / str(port)
        folder.mkdir()
        nodes.append(
            subprocess.Popen(
                [
                    server,
                    "--port",
                    str(port),
                    "--bind",
                    "127.0.0.1",
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                cwd=folder,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    try:
        deadline = time.monotonic() + 15
        while any(_port_free(p) for p in ports):
            if time.monotonic() > deadline:
                pytest.fail("cluster nodes did not start")
            time.sleep(0.05)
        created = subprocess.run(
            [
                cli,
                "--cluster",
                "create",
                *[f"127.0.0.1:{p}" for p in ports],
                "--cluster-replicas",
                "0",
                "--cluster-yes",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if created.returncode != 0:
            pytest.skip(f"could not create a cluster: {created.stdout[-300:]}")
        while (
            "cluster_state:ok"
            not in subprocess.run(
                [cli, "-p", str(ports[0]), "cluster", "info"], capture_output=True, text=True
            ).stdout
        ):
            if time.monotonic() > deadline + 30:
                pytest.fail("cluster did not reach state ok")
            time.sleep(0.1)
        yield f"redis+cluster://127.0.0.1:{ports[0]}"
    finally:
        for node in nodes:
            node.kill()
            node.wait(timeout=10)


async def test_partitioned_pipeline_on_a_redis_cluster(cluster_url: str, prefix: str) -> None:
    settings = make_settings(prefix, cluster_url, partitions=3)
    client = connect(cluster_url)
    articles = seed_articles(copies=2)
    try:
        async with running_pipeline(settings, client):
            await publish_articles(client, settings, articles)
            await until_idle(client, settings, ("extractor", "detector"))
        layout = StreamLayout.from_settings(settings)
        claims = await stream_records(client, layout.claims, Claim)
        alerts = await stream_records(client, [layout.alerts], Alert)
        expected = analyze(articles)
        assert comparable_claims(claims) == comparable_claims(expected.claims)
        assert alert_keys(alerts) == alert_keys(expected.alerts)
        # The partitions really are spread: their keys hash to different slots.
        slots = {await client.cluster_keyslot(stream) for stream in layout.articles + layout.claims}
        assert len(slots) == 6
    finally:
        await client.aclose()
