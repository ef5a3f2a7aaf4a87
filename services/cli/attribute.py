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
from services.cli.app import app
from services.cli.engine_inputs import (
    ActorsOption,
    LexiconOption,
    ReadTally,
    fail,
    load_engine_data,
    nothing_read,
    one_line,
    own_output,
    records_output,
)
from services.cli.options import DEFAULT_MAX_FILE_MB, MaxFileMbOption, max_file_bytes
from services.cli.readers import read_sources
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
    actors: ActorsOption = None,
    lexicon: LexiconOption = None,
    max_file_mb: MaxFileMbOption = DEFAULT_MAX_FILE_MB,
) -> None:
    """List every attributed statement in article files: speaker, kind (quote, report, unnamed source), text.

    Spans in the records are offsets into each article's body as given. Same inputs as `analyze`.
    """
    # The engine (and spaCy) is imported here so that `claimwatch --help` starts fast.
    from services.engine.attributions import extract_attributions

    resources = load_engine_data(actors, lexicon)
    with ExitStack() as stack:
        records_out = records_output(stack, jsonl)
        tally = ReadTally(sys.stderr)
        sources = read_sources(paths, max_file_bytes(max_file_mb), skip=own_output(jsonl))
        statements = 0
        for article in tally.articles_from(sources):
            try:
                records = extract_attributions(article, resources)
            except ClaimwatchError as error:
                fail(f"cannot attribute: {one_line(error)}")
            statements += len(records)
            if records_out is not None:
                for record in records:
                    records_out.write(record.model_dump_json() + "\n")
            if jsonl != "-":
                _print_article(article.id, records, sys.stdout)

        if tally.articles == 0:
            nothing_read()
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
