"""`claimwatch positions [PATH...]`: what each actor holds now on each issue, and since when.

From article files, the engine's in-memory ledger of those files; with ``--redis`` (or
CLAIMWATCH_REDIS_URL) and no files, the detector workers' ledger in Redis, the same JSON the
detector serves at ``GET /positions``.  ``--actor`` and ``--topic`` narrow it; ``--jsonl``
writes one ``{"record": "position", ...}`` object per (actor, issue) instead of the report.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from services.cli.app import app
from services.cli.engine_inputs import (
    ActorsOption,
    LexiconOption,
    ReadTally,
    RulesOption,
    fail,
    load_detection_rules,
    load_engine_data,
    nothing_read,
)
from services.cli.options import DEFAULT_MAX_FILE_MB, MaxFileMbOption, max_file_bytes
from services.cli.readers import read_sources
from services.common.errors import ClaimwatchError

if TYPE_CHECKING:
    from schemas.position import IssuePosition


@app.command("positions")
def positions_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Article files or folders, as for `analyze`; none: read the ledger in Redis."),
    ] = None,
    actor: Annotated[str | None, typer.Option("--actor", metavar="ID", help="Only this actor id.")] = None,
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic", metavar="T", help="Only this issue: a topic or object ('kursk') or 'kind:name'."
        ),
    ] = None,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="One JSON record per (actor, issue) on stdout.")
    ] = False,
    redis: Annotated[
        str | None,
        typer.Option("--redis", metavar="URL", help="Read the detector's ledger from this Redis (no files)."),
    ] = None,
    actors: ActorsOption = None,
    lexicon: LexiconOption = None,
    rules: RulesOption = None,
    max_file_mb: MaxFileMbOption = DEFAULT_MAX_FILE_MB,
) -> None:
    """Print each actor's standing position per issue, with its dated history and evidence."""
    from services.engine.detect.positions import issue_positions

    if paths and redis:
        fail("give article files or --redis, not both")
    if paths:
        histories = _histories_of_files(paths, actors, lexicon, rules, max_file_mb)
    else:
        histories = _histories_in_redis(redis, actor)
    found = issue_positions(histories, actor=actor, topic=topic)
    if jsonl:
        write_position_records(found, sys.stdout)
    else:
        print_positions(found, sys.stdout)


def _histories_of_files(
    paths: list[Path], actors: Path | None, lexicon: Path | None, rules: Path | None, max_file_mb: float
) -> Any:
    from services.engine.analysis import analyze

    resources = load_engine_data(actors, lexicon)
    detection_rules = load_detection_rules(rules)
    tally = ReadTally(sys.stderr)
    sources = read_sources(paths, max_file_bytes(max_file_mb))
    analysis = analyze(tally.articles_from(sources), resources, rules=detection_rules)
    if tally.articles == 0:
        nothing_read()
    return analysis.ledger.histories()


def _histories_in_redis(redis: str | None, actor: str | None) -> Any:
    from services.cli.pipeline import _session, _settings

    settings = _settings(redis=redis)
    if not settings.redis_url:
        fail("give article files, or --redis URL (or CLAIMWATCH_REDIS_URL) to read the detector's ledger")

    async def read() -> Any:
        from services.detector.redis_ledger import RedisLedger

        async with _session(settings) as (pinned, client):
            return await RedisLedger(client, key_prefix=pinned.key_prefix).histories(actor)

    try:
        return asyncio.run(read())
    except ClaimwatchError as error:
        fail(str(error))


def write_position_records(positions: list[IssuePosition], out: IO[str]) -> None:
    """One ``{"record": "position", ...}`` JSON object per line."""
    for position in positions:
        record = {"record": "position", **position.model_dump(mode="json")}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()


def print_positions(positions: list[IssuePosition], out: IO[str]) -> None:
    """Actors, then each issue's standing position and the spells before it, with evidence."""
    from services.engine.detect.alerts import short

    console = Console(file=out, highlight=False, soft_wrap=True, emoji=False)
    if not positions:
        console.print("No positions.")
        return
    current = None
    for position in positions:
        if position.actor.id != current:
            current = position.actor.id
            console.print(
                Text(f"{position.actor.name} ({position.actor.party}) [{position.actor.id}]", style="bold")
            )
        line = Text(f"  {position.issue}: ")
        line.append(position.standing, style="bold")
        line.append(f" since {position.since.isoformat()} (last said {position.last_said.isoformat()})")
        console.print(line)
        for spell in position.history:
            days = spell.first_said.isoformat()
            if spell.last_said != spell.first_said:
                days += f" .. {spell.last_said.isoformat()}"
            sources = ", ".join(spell.sources)
            console.print(f"    {days}  {spell.position}  ({spell.claims} report(s): {sources})")
            shown = spell.evidence[-1]
            console.print(f'      "{short(shown.quote or shown.text, 160)}" ({shown.source})', style="dim")
