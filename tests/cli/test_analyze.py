"""`claimwatch analyze`: report, JSON lines, errors and exit codes, end to end on real files."""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from schemas import Alert, Claim
from schemas.export import EXPORTED_MODELS, SCHEMA_DIR, schema_file_name
from services.cli.main import app

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
SEED_STEMS = sorted(path.stem for path in SEEDS.glob("*.txt"))

# Our own example (not a seed sentence): a named actor, a condition for talks, an outlet.
TALKS_ARTICLE = {
    "id": "example-talks-1",
    "source": "Example Wire",
    "title": "Kremlin sets terms",
    "body": (
        "Russian President Vladimir Putin said on Friday that Moscow would not hold peace talks "
        "with Kyiv until Ukrainian troops withdraw from the Kursk region.\n"
        "The weather in the capital was mild for the season.\n"
    ),
    "published_at": "2025-02-14T12:00:00+00:00",
}

runner = CliRunner()


def _invoke(*args: str) -> Any:
    return runner.invoke(app, ["analyze", *args], catch_exceptions=False)


@cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / schema_file_name(name)).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _records(text: str) -> list[dict[str, Any]]:
    """Parse JSON lines, checking each record against its exported schema and its model."""
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        record = json.loads(line)
        kind = record.pop("record")
        assert kind in {"claim", "alert", "statement"}, f"line {number}: unknown record {kind!r}"
        _validator(kind).validate(record)
        EXPORTED_MODELS[kind].model_validate(record)
        records.append({"record": kind, **record})
    return records


def _of(records: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "record"} for r in records if r["record"] == kind]


def _copy_seeds_without_metadata(folder: Path) -> Path:
    folder.mkdir()
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, folder / seed.name)
    return folder


# --- end to end on the seeds ---------------------------------------------------------------


def test_seeds_report_and_jsonl(tmp_path: Path) -> None:
    out = tmp_path / "seeds.jsonl"
    result = _invoke(str(SEEDS), "--jsonl", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("5 articles read, ")
    records = _records(out.read_text(encoding="utf-8"))
    claims = [Claim.model_validate(c) for c in _of(records, "claim")]
    alerts = [Alert.model_validate(a) for a in _of(records, "alert")]
    assert claims, "the seeds talk about negotiations: some claims are expected"
    assert len({c.claim_id for c in claims}) == len(claims)
    assert len({a.alert_id for a in alerts}) == len(alerts)
    assert {c.article_id for c in claims} <= set(SEED_STEMS)
    # Sources come from seeds/metadata.json where the outlet is known.
    sources = {c.article_id[:3]: c.source for c in claims}
    assert sources.get("000", "Euromaidan Press") == "Euromaidan Press"
    assert sources.get("002", "TURAN") == "TURAN"
    # Every alert's claims are in the output, so each alert can be traced to its evidence.
    claim_ids = {c.claim_id for c in claims}
    for alert in alerts:
        assert set(alert.claim_ids) <= claim_ids
        assert alert.summary in result.stdout
    # The report groups claims by actor: Blinken is the main speaker of four seeds.
    blinken = [c for c in claims if "blinken" in c.speaker.id]
    assert blinken and {c.speaker.party for c in blinken} == {"US"}
    assert f"{blinken[0].speaker.name} (US) — " in result.stdout
    assert "Claims by actor" in result.stdout


def test_seeds_without_metadata_use_file_stems(tmp_path: Path) -> None:
    bare = _copy_seeds_without_metadata(tmp_path / "bare")
    bare_result = _invoke(str(bare), "--jsonl", "-")
    assert bare_result.exit_code == 0, bare_result.stderr
    bare_claims = _of(_records(bare_result.stdout), "claim")
    assert bare_claims
    assert all(c["source"] == c["article_id"] and c["article_id"] in SEED_STEMS for c in bare_claims)

    with_metadata = _invoke(str(SEEDS), "--jsonl", "-")
    claims = _of(_records(with_metadata.stdout), "claim")
    # Metadata changes where a claim is traced to, not which sentences are claims or who said them.
    assert sorted((c["article_id"], tuple(c["span"]), c["speaker"]["id"]) for c in claims) == sorted(
        (c["article_id"], tuple(c["span"]), c["speaker"]["id"]) for c in bare_claims
    )


def test_jsonl_to_stdout_carries_only_records(tmp_path: Path) -> None:
    article = tmp_path / "talks.json"
    article.write_text(json.dumps(TALKS_ARTICLE))
    result = _invoke(str(article), "--jsonl", "-")
    assert result.exit_code == 0, result.stderr
    records = _records(result.stdout)  # every line parses and validates
    [claim] = _of(records, "claim")
    assert claim["speaker"]["party"] == "RU"
    assert claim["article_id"] == "example-talks-1" and claim["source"] == "Example Wire"
    assert "Claims by actor" not in result.stdout


def test_report_shows_claim_details(tmp_path: Path) -> None:
    article = tmp_path / "talks.json"
    article.write_text(json.dumps(TALKS_ARTICLE))
    result = _invoke(str(article))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("1 article read, 1 claim, 0 alerts")
    assert "Vladimir Putin (RU) — 1 claim" in result.stdout
    assert "Example Wire (example-talks-1)" in result.stdout
    assert "No alerts." in result.stdout


def test_no_claims_in_unrelated_news(tmp_path: Path) -> None:
    (tmp_path / "weather.txt").write_text(
        "Storm warning\nForecasters said heavy rain would reach the coast on Sunday, and the mayor "
        "urged residents to stay indoors.\n"
    )
    result = _invoke(str(tmp_path), "--jsonl", "-")
    assert result.exit_code == 0, result.stderr
    assert _records(result.stdout) == []


# --- bad input and exit codes --------------------------------------------------------------


def _bad_files(folder: Path) -> dict[str, str]:
    """Write one file per kind of bad input; return file name -> expected reason fragment."""
    (folder / "invalid.json").write_text('{"body": ')
    (folder / "empty-body.txt").write_text("Only a headline\n")
    (folder / "binary.txt").write_bytes(b"GIF89a\x00\x00\x01")
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (folder / "dangling.txt").symlink_to(folder / "missing-target.txt")
    return {
        "invalid.json": "invalid JSON",
        "empty-body.txt": "empty body",
        "binary.txt": "binary data",
        "huge.txt": "file too large: 50.0 MB",
        "dangling.txt": "cannot read: broken symbolic link",
    }


def test_bad_files_get_one_line_each_and_the_others_still_run(tmp_path: Path) -> None:
    expected = _bad_files(tmp_path)
    (tmp_path / "good.json").write_text(json.dumps(TALKS_ARTICLE))
    out = tmp_path / "out.jsonl"  # inside the folder read: it must not be read as input
    result = _invoke(str(tmp_path), "--jsonl", str(out))
    assert result.exit_code == 0
    error_lines = result.stderr.splitlines()
    assert len(error_lines) == len(expected)
    for name, reason in expected.items():
        [line] = [line for line in error_lines if f"{tmp_path / name}:" in line]
        assert line.startswith("error: ") and reason in line
    assert result.stdout.startswith("1 article read, ")
    assert "5 input errors (see stderr)" in result.stdout.splitlines()[0]
    records = _records(out.read_text())
    assert {r["article_id"] for r in _of(records, "claim")} <= {"example-talks-1"}


def test_nothing_readable_exits_non_zero(tmp_path: Path) -> None:
    expected = _bad_files(tmp_path)
    result = _invoke(str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[-1] == "error: no article could be read"
    assert len(lines) == len(expected) + 1


def test_missing_path_and_empty_folder_exit_non_zero(tmp_path: Path) -> None:
    result = _invoke(str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert f"error: {tmp_path / 'nope'}: no such file or folder" in result.stderr
    (tmp_path / "empty").mkdir()
    assert _invoke(str(tmp_path / "empty")).exit_code == 1


def test_jsonl_bad_line_is_named_and_other_lines_run(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(TALKS_ARTICLE) + "\n{oops\n")
    result = _invoke(str(feed))
    assert result.exit_code == 0
    assert (
        result.stderr
        == f"error: {feed}:2: invalid JSON: Expecting property name enclosed in double quotes (column 2)\n"
    )
    assert result.stdout.startswith("1 article read, ")


def test_duplicate_article_id_is_reported_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(TALKS_ARTICLE))
    (tmp_path / "b.json").write_text(json.dumps(TALKS_ARTICLE))
    result = _invoke(str(tmp_path))
    assert result.exit_code == 0
    assert (
        "duplicate article id 'example-talks-1'" in result.stderr
        and str(tmp_path / "b.json") in result.stderr
    )
    headline = result.stdout.splitlines()[0]
    assert headline.startswith("1 article read, ") and headline.endswith(", 1 input error (see stderr)")


def test_unusable_options_exit_2_with_one_line(tmp_path: Path) -> None:
    article = tmp_path / "talks.json"
    article.write_text(json.dumps(TALKS_ARTICLE))
    result = _invoke(str(article), "--jsonl", str(tmp_path / "no-such-dir" / "out.jsonl"))
    assert result.exit_code == 2 and result.stderr.startswith("error: cannot write")
    bad_actors = tmp_path / "actors.yaml"
    bad_actors.write_text("actors: [{name: 1, party: [}\n")
    result = _invoke(str(article), "--actors", str(bad_actors))
    assert result.exit_code == 2
    assert (
        result.stderr.startswith("error: cannot load engine data:") and len(result.stderr.splitlines()) == 1
    )


@pytest.mark.parametrize("option", ["--actors", "--lexicon"])
def test_missing_data_file_is_an_error(tmp_path: Path, option: str) -> None:
    article = tmp_path / "talks.json"
    article.write_text(json.dumps(TALKS_ARTICLE))
    result = _invoke(str(article), option, str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2 and "missing.yaml" in result.stderr
