"""`claimwatch positions`: standing positions per actor and issue, from files or from Redis."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
from typer.testing import CliRunner

from schemas.export import SCHEMA_DIR, schema_file_name
from services.cli.main import app

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "data" / "spokesman_talks"
runner = CliRunner()


def _invoke(*args: str) -> Any:
    return runner.invoke(app, ["positions", *args], catch_exceptions=False)


def test_the_report_shows_each_issue_standing_position_and_its_history() -> None:
    result = _invoke(str(SCENARIO), "--actor", "dmitry-peskov")
    assert result.exit_code == 0, result.output
    assert "Dmitry Peskov (RU) [dmitry-peskov]" in result.output
    assert "topic:negotiations: oppose since 2025-03-04" in result.output
    assert "preconditions:talks: some since 2025-03-03" in result.output
    # The history under it, oldest first, with the outlets that reported each stretch.
    assert "2025-01-01  support  (1 report(s): North Wire)" in result.output
    assert "2025-03-03  some  (2 report(s): Harbour Daily, River Post)" in result.output
    assert "russia-government" not in result.output


def test_jsonl_records_follow_the_position_schema_and_filter_by_topic() -> None:
    result = _invoke(str(SCENARIO), "--jsonl", "--topic", "negotiations")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert {r["record"] for r in records} == {"position"}
    assert {(r["actor"]["id"], r["issue"], r["standing"]) for r in records} == {
        ("dmitry-peskov", "topic:negotiations", "oppose"),
        ("russia-government", "topic:negotiations", "oppose"),
    }
    schema = json.loads((SCHEMA_DIR / schema_file_name("position")).read_text(encoding="utf-8"))
    for record in records:
        jsonschema.Draft202012Validator(schema).validate({k: v for k, v in record.items() if k != "record"})


def test_files_and_redis_together_or_a_bad_rules_file_are_refused(tmp_path: Path) -> None:
    both = _invoke(str(SCENARIO), "--redis", "redis://127.0.0.1:6379/1")
    assert both.exit_code == 2
    assert "not both" in both.output
    bad = tmp_path / "rules.yaml"
    bad.write_text("stance_changes: [{stances: [support, furious], severity: low}]\n", encoding="utf-8")
    refused = _invoke(str(SCENARIO), "--rules", str(bad))
    assert refused.exit_code == 2
    assert "rules.yaml" in refused.output and "stance_changes" in refused.output
