"""`claimwatch attribute`: who said what, as a report and as JSON lines with spans into the body."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
from typer.testing import CliRunner

from schemas import AttributionRecord
from schemas.export import SCHEMA_DIR, schema_file_name
from services.cli.main import app

# Our own example text, not taken from any data set.
BODY = (
    "Foreign Minister Anna Berg said on Monday that the talks had stalled.\n"
    "“We are still ready to meet,” she added.\n"
    "The border reopened, according to two officials in the capital.\n"
)
ARTICLE = {
    "id": "example-attribute-1",
    "source": "Example Wire",
    "title": "",
    "body": BODY,
    "published_at": "2022-05-02T08:00:00+00:00",
}

runner = CliRunner()


def _invoke(*args: str) -> Any:
    return runner.invoke(app, ["attribute", *args], catch_exceptions=False)


def _records(text: str) -> list[dict[str, Any]]:
    schema = json.loads((SCHEMA_DIR / schema_file_name("attribution")).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    records = []
    for line in text.splitlines():
        record = json.loads(line)
        validator.validate(record)
        AttributionRecord.model_validate(record)
        records.append(record)
    return records


def test_jsonl_records_validate_and_spans_index_the_body(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(ARTICLE), encoding="utf-8")
    result = _invoke(str(tmp_path / "a.json"), "--jsonl", "-")
    assert result.exit_code == 0, result.stderr
    records = _records(result.stdout)
    said = [(r["speaker"]["id"], r["kind"]) for r in records]
    assert said == [
        ("anna-berg", "reported"),
        ("anna-berg", "direct_quote"),
        (said[2][0], "anonymous_source"),
    ]
    first, quote, anonymous = records
    assert BODY[slice(*first["speaker_span"])] == "Foreign Minister Anna Berg"
    assert BODY[slice(*first["cue_span"])] == "said"
    assert BODY[slice(*first["content_span"])] == first["text"] == "that the talks had stalled"
    assert BODY[slice(*quote["speaker_span"])] == "she"
    assert BODY[slice(*quote["content_span"])] == "We are still ready to meet"
    assert BODY[slice(*anonymous["cue_span"])] == "according to"
    assert BODY[slice(*anonymous["speaker_span"])] == "two officials in the capital"
    assert BODY[slice(*anonymous["content_span"])] == "The border reopened"


def test_txt_title_line_is_not_part_of_the_body(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Talks stall\n" + BODY, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = _invoke(str(tmp_path), "--jsonl", str(out))
    assert result.exit_code == 0, result.stderr
    records = _records(out.read_text(encoding="utf-8"))
    assert BODY[slice(*records[0]["speaker_span"])] == "Foreign Minister Anna Berg"
    assert result.stdout.splitlines()[-1] == "1 article read, 3 attributed statements"


def test_report_lists_speaker_kind_and_text(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(ARTICLE), encoding="utf-8")
    result = _invoke(str(tmp_path / "a.json"))
    assert result.exit_code == 0, result.stderr
    assert "  Anna Berg — direct_quote — We are still ready to meet" in result.stdout.splitlines()


def test_bad_files_get_one_line_each_and_the_others_still_run(tmp_path: Path) -> None:
    (tmp_path / "good.json").write_text(json.dumps(ARTICLE), encoding="utf-8")
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    feed = json.dumps({**ARTICLE, "id": "other"}) + "\n{oops\n"
    (tmp_path / "feed.jsonl").write_text(feed, encoding="utf-8")
    result = _invoke(str(tmp_path))
    assert result.exit_code == 0
    errors = result.stderr.splitlines()
    assert len(errors) == 2 and all(line.startswith("error: ") for line in errors)
    assert any(f"{tmp_path / 'broken.json'}:" in line for line in errors)
    assert any(f"{tmp_path / 'feed.jsonl'}:2:" in line for line in errors)
    summary = "2 articles read, 6 attributed statements, 2 input errors (see stderr)"
    assert result.stdout.splitlines()[-1] == summary


def test_nothing_readable_exits_1_and_bad_options_exit_2(tmp_path: Path) -> None:
    result = _invoke(str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "error: no article could be read"
    (tmp_path / "a.json").write_text(json.dumps(ARTICLE), encoding="utf-8")
    result = _invoke(str(tmp_path / "a.json"), "--jsonl", str(tmp_path / "no-such-dir" / "out.jsonl"))
    assert result.exit_code == 2 and result.stderr.startswith("error: cannot write")
    result = _invoke(str(tmp_path / "a.json"), "--actors", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2 and "missing.yaml" in result.stderr
