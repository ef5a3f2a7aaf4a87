"""What the file-reading commands (analyze, attribute, positions) share: engine data options, loading it,
the `--jsonl` output, and one-line failures.

Each command reads article files with services/cli/readers.py and counts them with ``ReadTally``; a bad
option or data file ends the command with one ``error:`` line and exit code 2.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, NoReturn

import typer

from schemas import Article
from services.cli.readers import InputError
from services.common.errors import ClaimwatchError

if TYPE_CHECKING:
    from services.engine.detect.rules import DetectionRules
    from services.engine.resources import EngineResources

EXIT_NOTHING_READ = 1
EXIT_BAD_OPTIONS = 2

ActorsOption = Annotated[
    Path | None,
    typer.Option("--actors", metavar="FILE", help="Actors YAML extending the packaged registry."),
]
LexiconOption = Annotated[
    Path | None,
    typer.Option("--lexicon", metavar="FILE", help="Lexicon YAML extending the packaged one."),
]
RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        metavar="FILE",
        help="Detection rules YAML (conflicts, quote words) over the packaged ones.",
    ),
]


def fail(message: str) -> NoReturn:
    """End the command: one line on stderr, exit code 2."""
    print(f"error: {message}", file=sys.stderr)
    raise typer.Exit(EXIT_BAD_OPTIONS)


def one_line(error: BaseException) -> str:
    """An error's message on one line (its type's name when it has none)."""
    return " ".join(str(error).split()) or type(error).__name__


def load_engine_data(actors: Path | None, lexicon: Path | None) -> EngineResources:
    """The engine's resources with the user's data files, or a one-line failure naming the bad file."""
    from services.engine.resources import load_resources

    try:
        return load_resources(actors, lexicon)
    except (ClaimwatchError, OSError, ValueError) as error:
        fail(f"cannot load engine data: {one_line(error)}")


def load_detection_rules(rules: Path | None) -> DetectionRules | None:
    """The user's detection rules over the packaged ones (None: the packaged ones), or a one-line failure."""
    if rules is None:
        return None
    from services.engine.detect.rules import load_rules

    try:
        return load_rules(rules_file=rules)
    except (ClaimwatchError, OSError, ValueError) as error:
        fail(f"cannot load engine data: {one_line(error)}")


def records_output(stack: ExitStack, jsonl: str | None) -> IO[str] | None:
    """Where `--jsonl` records go: None, stdout for '-', else the file (closed with `stack`)."""
    if jsonl is None:
        return None
    if jsonl == "-":
        return sys.stdout
    try:
        return stack.enter_context(Path(jsonl).open("w", encoding="utf-8"))
    except OSError as error:
        fail(f"cannot write {jsonl}: {error.strerror or error}")


def own_output(jsonl: str | None) -> list[Path]:
    """The `--jsonl` file, which a folder being read must not read back."""
    return [Path(jsonl)] if jsonl not in {None, "-"} else []


def nothing_read() -> NoReturn:
    """End the command when no article at all could be read (exit code 1)."""
    print("error: no article could be read", file=sys.stderr)
    raise typer.Exit(EXIT_NOTHING_READ)


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
