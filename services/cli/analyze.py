"""`claimwatch analyze PATH...`: run the engine in-process over article files and report.

The report lists claims grouped by actor, then alerts with their evidence.  With ``--jsonl``
every claim, statement and alert is also written as one JSON object per line, tagged with
``"record"``.  Each unreadable file gets one line on stderr; the exit code is non-zero only
when no article at all could be read (1), or when the options themselves are unusable (2).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Annotated, NoReturn

import typer

from schemas import Article
from services.cli.app import app
from services.cli.options import DEFAULT_MAX_FILE_MB, MaxFileMbOption, max_file_bytes
from services.cli.readers import InputError, read_sources
from services.cli.report import print_report, write_records
from services.common.errors import ClaimwatchError

EXIT_NOTHING_READ = 1
EXIT_BAD_OPTIONS = 2


class ReadTally:
    """Counts what was read while the engine pulls articles, and reports each problem once."""

    def __init__(self, errors: IO[str]) -> None:
        self.articles = 0
        self.errors = 0
        self._errors_out = errors
        self._first_file_of: dict[str, Path] = {}

    def articles_from(self, sources: Iterable[tuple[Path, Article | InputError]]) -> Iterator[Article]:
        """Pass the articles on; print each error (and each repeated article id) as one line."""
        for path, item in sources:
            if isinstance(item, InputError):
                self._error(str(item))
            elif item.id in self._first_file_of:
                first = self._first_file_of[item.id]
                self._error(f"{path}: duplicate article id {item.id!r} (first read from {first}); skipped")
            else:
                self._first_file_of[item.id] = path
                self.articles += 1
                yield item

    def _error(self, line: str) -> None:
        self.errors += 1
        print(f"error: {line}", file=self._errors_out, flush=True)


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
    actors: Annotated[
        Path | None,
        typer.Option("--actors", metavar="FILE", help="Actors YAML extending the packaged registry."),
    ] = None,
    lexicon: Annotated[
        Path | None,
        typer.Option("--lexicon", metavar="FILE", help="Lexicon YAML extending the packaged one."),
    ] = None,
    rules: Annotated[
        Path | None,
        typer.Option(
            "--rules",
            metavar="FILE",
            help="Detection rules YAML (conflicts, quote words) over the packaged ones.",
        ),
    ] = None,
    max_file_mb: MaxFileMbOption = DEFAULT_MAX_FILE_MB,
) -> None:
    """Extract claims and alerts from article files and print a report (no server needed).

    .txt files are the title on the first line, then the body; .json holds one Article or a
    list; .jsonl one Article per line; .html is reduced to its main text.  A metadata.json
    beside the files supplies id, source and dates.  Bad files are reported and skipped.
    """
    # The engine is imported here so that `claimwatch --help` and the other commands start fast.
    from services.engine.analysis import analyze
    from services.engine.detect.rules import load_rules
    from services.engine.resources import load_resources

    try:
        resources = load_resources(actors, lexicon)
        detection_rules = load_rules(rules_file=rules) if rules else None
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
        sources = read_sources(paths, max_file_bytes(max_file_mb), skip=own_output)
        analysis = analyze(tally.articles_from(sources), resources, rules=detection_rules)

        if tally.articles == 0:
            print("error: no article could be read", file=sys.stderr)
            raise typer.Exit(EXIT_NOTHING_READ)
        if records_out is not None:
            write_records(analysis, records_out)
        if jsonl != "-":
            # With `--jsonl -` stdout carries the records only, so the report is left out.
            print_report(analysis, articles=tally.articles, file_errors=tally.errors, out=sys.stdout)


def _fail(message: str) -> NoReturn:
    print(f"error: {message}", file=sys.stderr)
    raise typer.Exit(EXIT_BAD_OPTIONS)


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__
