"""schemas/asyncapi.json is what FastStream generates from the workers' code, and nothing else."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from schemas import Article
from services.common.asyncapi_export import (
    DOCUMENT_PATH,
    document_settings,
    main,
    render_document,
    worker_apps,
)
from services.common.stream_docs import consume_article


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


def test_faststream_itself_consumes_nothing() -> None:
    """The workers' started brokers only publish: the reliable loop is the only reader of a group."""
    settings = document_settings()
    for app in worker_apps(settings)[:3]:
        assert app.broker is not None and app.broker.subscribers == []
    # The consumed streams live on a broker nothing starts; its handlers refuse to run.
    docs_broker = worker_apps(settings)[3]
    assert len(docs_broker.subscribers) == 3
    with pytest.raises(RuntimeError, match="only documents"):
        asyncio.run(consume_article(Article(id="a", source="s", body="b")))


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
