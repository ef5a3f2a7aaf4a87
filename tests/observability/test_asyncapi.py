"""schemas/asyncapi.json is what FastStream generates from the stages' declarations, and nothing else."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from services.cli.asyncapi_export import DOCUMENT_PATH, document_settings, main, render_document
from services.cli.stages import STAGES
from services.common.asyncapi import stages_broker


@pytest.fixture(scope="module")
def generated() -> str:
    return render_document()


def test_asyncapi_document_matches_the_code(generated: str) -> None:
    assert DOCUMENT_PATH.exists(), "run: python -m services.cli.asyncapi_export"
    assert DOCUMENT_PATH.read_text(encoding="utf-8") == generated, (
        "schemas/asyncapi.json drifted from the workers' code; regenerate it with "
        "`python -m services.cli.asyncapi_export` and review the diff"
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


def received_payloads(document: dict[str, Any]) -> dict[tuple[str, str], str]:
    """Map (stream, consumer group) of every `receive` operation to its payload schema's name."""
    payloads: dict[tuple[str, str], str] = {}
    for operation in document["operations"].values():
        if operation["action"] != "receive":
            continue
        channel = document["channels"][operation["channel"]["$ref"].rsplit("/", 1)[-1]]
        for reference in channel["messages"].values():
            message = document["components"]["messages"][reference["$ref"].rsplit("/", 1)[-1]]
            schema = message["payload"]["$ref"].rsplit("/", 1)[-1]
            payloads[(channel["address"], channel["bindings"]["redis"]["groupName"])] = schema
    return payloads


def test_document_declares_the_consumed_streams_and_their_formats(generated: str) -> None:
    document = json.loads(generated)
    assert received_payloads(document) == {
        ("claimwatch:articles", "extractor"): "Article",
        ("claimwatch:claims", "detector"): "Claim",
        ("claimwatch:alerts", "notifier"): "Alert",
    }
    # An external producer finds the Article's fields, which are required, and the flat-field form.
    article = document["components"]["schemas"]["Article"]
    assert {"id", "source", "body"} <= set(article["required"])
    channel = next(c for c in document["channels"].values() if c["address"] == "claimwatch:articles")
    assert "XADD claimwatch:articles" in channel["description"]


def test_faststream_itself_consumes_and_publishes_nothing() -> None:
    """A worker app's broker declares nothing: the reliable loop is the only reader and writer."""
    from services.detector.main import create_app as detector_app
    from services.extractor.main import create_app as extractor_app
    from services.notifier.main import create_app as notifier_app

    settings = document_settings()
    for app in (extractor_app(settings), detector_app(settings), notifier_app(settings)):
        assert app.broker is not None
        assert app.broker.subscribers == [] and app.broker.publishers == []
    # The document's streams are declared on a broker built for it alone, from the declarations.
    described = stages_broker(settings, STAGES, "redis://redis:6379")
    assert len(described.subscribers) == 3  # articles, claims, alerts (one partition each)
    assert len(described.publishers) == 5  # claims, alerts and the dead letters of each stage


def test_a_worker_app_documents_its_own_stage() -> None:
    from services.notifier.main import create_app as notifier_app

    app = notifier_app(document_settings())
    # What `faststream docs gen services.notifier.main:create_app --factory` documents.
    channels = app.schema.to_specification().to_jsonable()["channels"]
    assert set(channels) == {"claimwatch:alerts:notifier", "claimwatch:dlq:notifier"}


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
