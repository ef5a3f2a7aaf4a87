"""schemas/asyncapi.json is what FastStream generates from the workers' code, and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.common.asyncapi_export import DOCUMENT_PATH, main, render_document


@pytest.fixture(scope="module")
def generated() -> str:
    return render_document()


def test_asyncapi_document_matches_the_code(generated: str) -> None:
    assert DOCUMENT_PATH.exists(), "run: python -m services.common.asyncapi_export"
    assert DOCUMENT_PATH.read_text(encoding="utf-8") == generated, (
        "schemas/asyncapi.json drifted from the workers' code; regenerate it with "
        "`python -m services.common.asyncapi_export` and review the diff"
    )


def test_document_describes_the_streams_and_wire_models(generated: str) -> None:
    document = json.loads(generated)
    assert document["asyncapi"].startswith("3.")
    assert document["info"]["title"] == "claimwatch"
    addresses = {channel["address"] for channel in document["channels"].values()}
    assert {"claimwatch:claims", "claimwatch:alerts"} <= addresses
    schemas = set(document["components"]["schemas"])
    assert {"Claim", "Alert"} <= schemas
    # The document is generated with a fixed Redis URL, never from the environment's.
    assert [server["host"] for server in document["servers"].values()] == ["redis:6379"]


def test_check_mode_reports_drift(tmp_path: Path, generated: str, capsys: pytest.CaptureFixture[str]) -> None:
    current = tmp_path / "asyncapi.json"
    current.write_text(generated, encoding="utf-8")
    assert main(["--check", "--output", str(current)]) == 0
    current.write_text(generated.replace("claimwatch:alerts", "claimwatch:alarms"), encoding="utf-8")
    assert main(["--check", "--output", str(current)]) == 1
    assert "out of date" in capsys.readouterr().err


def test_documents_served_at_docs_carry_no_redis_password() -> None:
    from faststream.redis import RedisBroker

    from services.common.asyncapi import asyncapi_html, asyncapi_json, build_specification

    broker = RedisBroker("redis://worker:pa55-w0rd@redis.internal:6380/2")

    @broker.publisher(stream="claimwatch:claims")
    async def publish_claim() -> None:  # pragma: no cover - declared for the document only
        return None

    text = asyncapi_json([broker]) + asyncapi_html(build_specification([broker]))
    assert "pa55-w0rd" not in text
    assert "redis.internal:6380" in text
