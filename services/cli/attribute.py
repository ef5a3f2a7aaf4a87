"""`claimwatch attribute PATH...`: who said what in article files, every attributed statement on any topic.

Inputs and bad-input behaviour are those of `analyze` (services/cli/readers.py): each unreadable file
gets one line on stderr; the exit code is 1 when no article at all could be read, 2 when the options
are unusable. Without ``--jsonl`` a readable report is printed (speaker — kind — text); with it, one
``{"record": "attribution", ...}`` object per line (schemas/json/attribution.schema.json).
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Annotated

import typer

from schemas import AttributionRecord
from services.cli.analyze import EXIT_NOTHING_READ, ReadTally, _fail, _one_line
from services.cli.app import app
from services.cli.readers import DEFAULT_MAX_FILE_BYTES, read_sources
from services.common.errors import ClaimwatchError

_REPORT_TEXT = 160


@app.command("attribute")
def attribute_command(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Article files or folders (.txt, .json, .jsonl, .html); folders are walked."),
    ],
    jsonl: Annotated[
        str | None,
        typer.Option("--jsonl", metavar="FILE", help="Write one JSON record per line to FILE ('-': stdout)."),
    ] = None,
    actors: Annotated[
        Path | None,
        typer.Option("--actors", metavar="FILE", help="Actors YAML extending the packaged registry."),
    ] = None,
    lexicon: Annotated[
        Path | None,
        typer.Option("--lexicon", metavar="FILE", help="Lexicon YAML extending the packaged one."),
    ] = None,
    max_file_mb: Annotated[
        float, typer.Option("--max-file-mb", min=0.001, help="Files larger than this are refused.")
    ] = DEFAULT_MAX_FILE_BYTES / 1_048_576,
) -> None:
    """List every attributed statement in article files: speaker, kind (quote, report, unnamed source), text.

    Spans in the records are offsets into each article's body as given. Same inputs as `analyze`.
    """
    # The engine (and spaCy) is imported here so that `claimwatch --help` starts fast.
    from services.engine.attributions import extract_attributions
    from services.engine.resources import load_resources

    try:
        resources = load_resources(actors, lexicon)
    except (ClaimwatchError, OSError, ValueError) as error:
        _fail(f"cannot load engine data: {_one_line(error)}")

    with ExitStack() as stack:
        records_out: IO[str] | None = None
        if jsonl == "-":
            records_out = sys.stdout
        elif jsonl is not None:
            try:
                records_out = stack.enter_context(Path(jsonl).open("w", encoding="utf-8"))
            except OSError as error:
                _fail(f"cannot write {jsonl}: {error.strerror or error}")

        tally = ReadTally(sys.stderr)
        own_output = [Path(jsonl)] if jsonl not in {None, "-"} else []
        sources = read_sources(paths, int(max_file_mb * 1_048_576), skip=own_output)
        statements = 0
        for article in tally.articles_from(sources):
            try:
                records = extract_attributions(article, resources)
            except ClaimwatchError as error:
                _fail(f"cannot attribute: {_one_line(error)}")
            statements += len(records)
            if records_out is not None:
                for record in records:
                    records_out.write(record.model_dump_json() + "\n")
            if jsonl != "-":
                _print_article(article.id, records, sys.stdout)

        if tally.articles == 0:
            print("error: no article could be read", file=sys.stderr)
            raise typer.Exit(EXIT_NOTHING_READ)
        if jsonl != "-":
            # With `--jsonl -` stdout carries the records only, so the report is left out.
            errors = f", {tally.errors} input error{'s' if tally.errors != 1 else ''} (see stderr)"
            print(
                f"{tally.articles} article{'s' if tally.articles != 1 else ''} read, "
                f"{statements} attributed statements" + (errors if tally.errors else ""),
                file=sys.stdout,
            )


def _print_article(article_id: str, records: list[AttributionRecord], out: IO[str]) -> None:
    """One block per article: a line per statement, speaker — kind — text."""
    print(f"== {article_id}: {len(records)} statements", file=out)
    for record in records:
        speaker = record.speaker
        party = f" ({speaker.party})" if speaker.party != "unknown" else ""
        text = " ".join(record.text.split())
        if len(text) > _REPORT_TEXT:
            text = text[: _REPORT_TEXT - 1] + "…"
        print(f"  {speaker.name}{party} — {record.kind.value} — {text}", file=out)
