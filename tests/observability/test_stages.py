"""The stage declarations: what each stage reads, and the routes a stage adds to the endpoint."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
import pytest

from services.cli.stages import STAGES, stages_named
from services.common.http import HttpServer, ObservabilityApp
from services.common.settings import Settings
from services.common.stage import stream_groups


def test_each_stage_declares_its_streams_and_group_once() -> None:
    settings = Settings.model_construct(partitions=2, extractor_group="ex", detector_group="de")
    assert [stage.name for stage in STAGES] == ["extractor", "detector", "notifier"]
    assert stream_groups(settings, stages_named(["extractor", "detector"])) == [
        ("claimwatch:articles:0", "ex"),
        ("claimwatch:articles:1", "ex"),
        ("claimwatch:claims:0", "de"),
        ("claimwatch:claims:1", "de"),
    ]
    assert stages_named(["notifier"])[0].stream_groups(settings) == [("claimwatch:alerts", "notifier")]
    with pytest.raises(ValueError, match="unknown stage 'extracter'"):
        stages_named(["extracter"])


def test_declaring_the_stages_loads_no_engine_and_no_worker_code() -> None:
    import subprocess
    import sys

    script = (
        "import sys, services.cli.stages\n"
        "print(sorted(m for m in sys.modules if m.startswith(('services.engine', 'services.extractor.',"
        " 'services.detector.', 'services.notifier.'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    # Only the engine's error classes (re-exported by services.common.errors), never its code.
    assert result.stdout.strip() == "['services.engine', 'services.engine.errors']"


async def test_a_stage_route_is_served_beside_the_built_in_ones() -> None:
    seen: list[Mapping[str, list[str]]] = []

    async def positions(query: Mapping[str, list[str]]) -> tuple[int, Any]:
        seen.append(query)
        return 200, [{"actor": query.get("actor", ["?"])[0]}]

    server = HttpServer(ObservabilityApp(routes={"/positions": positions}))
    port = await server.start()
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            answer = await client.get("/positions", params={"actor": "un"})
            index = (await client.get("/")).json()
            metrics = await client.get("/metrics")
    finally:
        await server.stop()
    assert answer.status_code == 200 and answer.json() == [{"actor": "un"}]
    assert seen == [{"actor": ["un"]}]
    assert "/positions" in index["endpoints"] and "/metrics" in index["endpoints"]
    assert metrics.status_code == 200 and "claimwatch_" in metrics.text


def test_a_stage_route_may_not_replace_a_built_in_one() -> None:
    async def fake(query: Mapping[str, list[str]]) -> tuple[int, Any]:
        return 200, {}

    with pytest.raises(ValueError, match="/metrics"):
        ObservabilityApp(routes={"/metrics/": fake})
