"""The wire contract: exported JSON Schema files match the models, and keep issue 2's names."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from pydantic import BaseModel, ValidationError

from schemas.export import (
    EXPORT_COMMAND,
    EXPORTED_MODELS,
    SCHEMA_DIR,
    drift,
    expected_files,
    schema_file_name,
    write,
)

# One valid message per wire model, written by hand (not produced by the code under test).
SAMPLES: dict[str, dict[str, Any]] = {
    "article": {
        "id": "example-1",
        "source": "Example Times",
        "url": "https://news.example/talks",
        "title": "Minister sets terms for talks",
        "body": "The minister said talks could start only after the troops leave the region.",
        "published_at": "2025-03-04T10:00:00+00:00",
        "language": "en",
        "received_at": "2025-03-04T10:05:00+00:00",
    },
    "claim": {
        "claim_id": "c-1f2e",
        "article_id": "example-1",
        "source": "Example Times",
        "published_at": "2025-03-04T10:00:00+00:00",
        "said_at": "2025-03-03",
        "speaker": {"id": "example-minister", "name": "Example Minister", "party": "XX"},
        "topic": "negotiations",
        "stance": "conditional",
        "conditions": [{"text": "only after the troops leave the region", "key": "withdrawal:region"}],
        "quote": None,
        "text": "The minister said talks could start only after the troops leave the region.",
        "span": [0, 77],
        "attribution": "reported",
        "hedged": False,
        "confidence": 0.8,
    },
    "alert": {
        "alert_id": "a-9c0d",
        "kind": "quote_discrepancy",
        "severity": "medium",
        "topic": "security_guarantees",
        "actors": ["example-minister"],
        "claim_ids": ["c-1f2e", "c-3a4b"],
        "summary": "Two outlets quote the minister with different words: 'guarantees' and 'assurances'.",
        "evidence": [
            {
                "claim_id": "c-1f2e",
                "source": "Example Times",
                "text": "He asked for guarantees.",
                "quote": "guarantees",
            },
            {
                "claim_id": "c-3a4b",
                "source": "Other Daily",
                "text": "He asked for assurances.",
                "quote": None,
            },
        ],
        "detected_at": "2025-03-04T11:00:00+00:00",
    },
    "statement": {
        "statement_id": "s-77aa",
        "speaker": {"id": "example-minister", "name": "Example Minister", "party": "XX"},
        "topic": "negotiations",
        "said_at": "2025-03-03",
        "quote": "no talks before the troops leave",
        "text": "“No talks before the troops leave,” the minister said.",
        "claim_ids": ["c-1f2e", "c-3a4b"],
        "sources": ["Example Times", "Other Daily"],
        "corroboration": 2,
    },
    "position": {
        "actor": {"id": "example-minister", "name": "Example Minister", "party": "XX"},
        "issue": "topic:negotiations",
        "standing": "oppose",
        "since": "2025-03-04",
        "last_said": "2025-03-04",
        "history": [
            {
                "position": "support",
                "first_said": "2025-01-01",
                "last_said": "2025-01-02",
                "days": 2,
                "claims": 3,
                "sources": ["Example Times", "Other Daily"],
                "claim_ids": ["c-1f2e", "c-3a4b", "c-5c6d"],
                "evidence": [
                    {"claim_id": "c-1f2e", "source": "Example Times", "text": "Ready for talks, he said."}
                ],
            },
            {
                "position": "oppose",
                "first_said": "2025-03-04",
                "last_said": "2025-03-04",
                "days": 1,
                "claims": 1,
                "sources": ["Other Daily"],
                "claim_ids": ["c-7e8f"],
                "evidence": [
                    {"claim_id": "c-7e8f", "source": "Other Daily", "text": "He turned talks down."}
                ],
            },
        ],
    },
    "attribution": {
        "record": "attribution",
        "article_id": "example-1",
        "speaker": {"id": "example-minister", "name": "Example Minister", "party": "XX"},
        "speaker_span": [0, 12],
        "cue_span": [13, 17],
        "content_span": [18, 76],
        "kind": "reported",
        "text": "talks could start only after the troops leave the region",
    },
    "dead_letter": {
        "payload": '{"id": 1',
        "stream": "claimwatch:articles",
        "message_id": "1700000000000-0",
        "error": "invalid_json",
        "reason": "payload is not JSON: Expecting ',' delimiter (column 9)",
        "delivery_count": 1,
        "failed_at": "2025-03-04T11:00:00+00:00",
    },
}

# Field names other programs rely on (issue 2); the models may add fields, never rename these.
ISSUE_FIELDS: dict[str, set[str]] = {
    "article": {"id", "source", "url", "title", "body", "published_at", "language", "received_at"},
    "claim": {
        "claim_id", "article_id", "source", "published_at", "said_at", "speaker", "topic", "stance",
        "conditions", "quote", "text", "span", "attribution", "hedged", "confidence",
    },
    "alert": {
        "alert_id", "kind", "severity", "topic", "actors", "claim_ids", "summary", "evidence", "detected_at",
    },
    "dead_letter": {"payload", "stream", "message_id", "error", "reason", "delivery_count", "failed_at"},
    "statement": {"statement_id", "speaker", "topic", "claim_ids", "sources", "corroboration"},
    "position": {"actor", "issue", "standing", "since", "last_said", "history"},
    "attribution": {
        "record", "article_id", "speaker", "speaker_span", "cue_span", "content_span", "kind", "text"
    },
}  # fmt: skip

DRIFT_HINT = f"the JSON Schema files are out of date: run `{EXPORT_COMMAND}` and commit schemas/json/"


def _model(name: str) -> type[BaseModel]:
    return EXPORTED_MODELS[name]


def _sample(name: str) -> dict[str, Any]:
    if name not in SAMPLES:
        pytest.fail(f"wire model {name!r} has no sample message: add one to SAMPLES in tests/test_schemas.py")
    return json.loads(json.dumps(SAMPLES[name]))  # a deep copy each test can change


def _file_schema(name: str) -> dict[str, Any]:
    path = SCHEMA_DIR / schema_file_name(name)
    assert path.is_file(), f"{path} is missing: {DRIFT_HINT}"
    return dict(json.loads(path.read_text(encoding="utf-8")))


def test_schema_files_match_the_models() -> None:
    problems = drift()
    assert not problems, DRIFT_HINT + "\n" + "\n".join(problems)


def test_drift_is_detected_and_export_repairs_it(tmp_path: Any) -> None:
    write(tmp_path)
    assert drift(tmp_path) == []
    claim_file = tmp_path / schema_file_name("claim")
    claim_file.write_text(claim_file.read_text().replace('"claim_id"', '"claim_ref"'))
    (tmp_path / "gone.schema.json").write_text("{}\n")
    problems = drift(tmp_path)
    assert any("claim.schema.json differs" in problem for problem in problems)
    assert any("gone.schema.json has no model" in problem for problem in problems)
    write(tmp_path)
    assert drift(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(expected_files())


@pytest.mark.parametrize("name", sorted(EXPORTED_MODELS))
def test_sample_validates_against_model_and_file(name: str) -> None:
    sample = _sample(name)
    _model(name).model_validate(sample)
    jsonschema.Draft202012Validator(_file_schema(name)).validate(sample)


@pytest.mark.parametrize("name", sorted(EXPORTED_MODELS))
def test_json_round_trip(name: str) -> None:
    model = _model(name)
    message = model.model_validate(_sample(name))
    wire_text = message.model_dump_json()
    assert model.model_validate_json(wire_text) == message
    jsonschema.Draft202012Validator(_file_schema(name)).validate(json.loads(wire_text))


@pytest.mark.parametrize("name", sorted(EXPORTED_MODELS))
def test_unknown_top_level_field_is_rejected(name: str) -> None:
    sample = _sample(name) | {"unexpected_field": 1}
    with pytest.raises(ValidationError, match="unexpected_field"):
        _model(name).model_validate(sample)
    with pytest.raises(jsonschema.ValidationError, match="unexpected_field"):
        jsonschema.Draft202012Validator(_file_schema(name)).validate(sample)


@pytest.mark.parametrize(
    ("name", "nested_path"),
    [("claim", ("speaker",)), ("claim", ("conditions", 0)), ("alert", ("evidence", 0))],
)
def test_unknown_nested_field_is_rejected(name: str, nested_path: tuple[str | int, ...]) -> None:
    sample = _sample(name)
    target: Any = sample
    for step in nested_path:
        target = target[step]
    target["unexpected_field"] = "x"
    with pytest.raises(ValidationError, match="unexpected_field"):
        _model(name).model_validate(sample)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(_file_schema(name)).validate(sample)


@pytest.mark.parametrize("name", sorted(ISSUE_FIELDS))
def test_issue_field_names_are_kept(name: str) -> None:
    properties = set(_file_schema(name)["properties"])
    missing = ISSUE_FIELDS[name] - properties
    assert not missing, f"{name} lost fields other programs read: {sorted(missing)}"
    assert "schema_version" in properties


def test_ids_and_nested_shapes_keep_their_names() -> None:
    claim = _file_schema("claim")
    alert = _file_schema("alert")
    assert "claim_id" in claim["required"]
    assert "alert_id" in alert["required"]
    definitions = {**claim["$defs"], **alert["$defs"]}
    assert set(definitions["Speaker"]["properties"]) >= {"id", "name", "party"}
    assert set(definitions["Condition"]["properties"]) >= {"text", "key"}
    assert set(definitions["Evidence"]["properties"]) >= {"claim_id", "source", "text", "quote"}
    assert set(definitions["Attribution"]["enum"]) == {
        "direct_quote",
        "reported",
        "anonymous_source",
        "editorial",
    }
    assert set(definitions["AlertKind"]["enum"]) == {
        "contradiction",
        "position_change",
        "quote_discrepancy",
        "mixed_signals",
    }
    assert set(definitions["Severity"]["enum"]) == {"low", "medium", "high"}
    assert set(definitions["Stance"]["enum"]) == {"support", "oppose", "conditional", "skeptical", "neutral"}
    assert set(definitions["Topic"]["enum"]) >= {
        "negotiations", "ceasefire", "security_guarantees", "territory", "sanctions", "military_aid", "other",
    }  # fmt: skip


def test_confidence_and_span_are_constrained() -> None:
    claim = _sample("claim")
    with pytest.raises(ValidationError):
        _model("claim").model_validate(claim | {"confidence": 1.5})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(_file_schema("claim")).validate(claim | {"confidence": 1.5})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(_file_schema("claim")).validate(claim | {"span": [1]})
