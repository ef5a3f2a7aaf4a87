"""`claimwatch analyze PATH...`: run the engine in-process over article files and report.

The report lists claims grouped by actor, then alerts with their evidence.  With ``--jsonl``
every claim, statement and alert is also written as one JSON object per line, tagged with
``"record"``.  Each unreadable file gets one line on stderr; the exit code is non-zero only
when no article at all could be read (1), or when the options themselves are unusable (2).
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer

from services.cli.app import app
from services.cli.engine_inputs import (
    ActorsOption,
    LexiconOption,
    ReadTally,
    RulesOption,
    load_detection_rules,
    load_engine_data,
    nothing_read,
    own_output,
    records_output,
)
from services.cli.options import DEFAULT_MAX_FILE_MB, MaxFileMbOption, max_file_bytes
from services.cli.readers import read_sources
from services.cli.report import print_report, write_records


@app.command("analyze")
def analyze_command(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Article files or folders (.txt, .json, .jsonl, .html); folders are walked."),
    ],
    jsonl: Annotated[
        str | None,
        typer.Option(
            "--jsonl", metavar="FILE", help="Also write one JSON record per line to FILE ('-': stdout)."
        ),
    ] = None,
    actors: ActorsOption = None,
    lexicon: LexiconOption = None,
    rules: RulesOption = None,
    max_file_mb: MaxFileMbOption = DEFAULT_MAX_FILE_MB,
) -> None:
    """Extract claims and alerts from article files and print a report (no server needed).

    .txt files are the title on the first line, then the body; .json holds one Article or a
    list; .jsonl one Article per line; .html is reduced to its main text.  A metadata.json
    beside the files supplies id, source and dates.  Bad files are reported and skipped.
    """
    # The engine is imported here so that `claimwatch --help` and the other commands start fast.
    from services.engine.analysis import analyze

    resources = load_engine_data(actors, lexicon)
    detection_rules = load_detection_rules(rules)
    with ExitStack() as stack:
        records_out = records_output(stack, jsonl)
        tally = ReadTally(sys.stderr)
        sources = read_sources(paths, max_file_bytes(max_file_mb), skip=own_output(jsonl))
        analysis = analyze(tally.articles_from(sources), resources, rules=detection_rules)

        if tally.articles == 0:
            nothing_read()
        if records_out is not None:
            write_records(analysis, records_out)
        if jsonl != "-":
            # With `--jsonl -` stdout carries the records only, so the report is left out.
            print_report(analysis, articles=tally.articles, file_errors=tally.errors, out=sys.stdout)
