"""`claimwatch run|worker|publish|tail`: the streaming pipeline from the command line.

Without `--redis` (or CLAIMWATCH_REDIS_URL) every command uses the embedded Redis server
kept under `.claimwatch/` (CLAIMWATCH_EMBEDDED_REDIS_DIR): `run` starts it, and `publish` or
`tail` in another shell join the same server.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from services.cli.app import app
from services.cli.options import DEFAULT_MAX_FILE_MB, MaxFileMbOption, max_file_bytes
from services.cli.readers import read_reporting_errors
from services.common.errors import ClaimwatchError

RedisOption = Annotated[
    str | None,
    typer.Option(
        "--redis", metavar="URL", help="Redis server (redis://host:port/db); default: embedded Redis."
    ),
]
PartitionsOption = Annotated[
    int | None, typer.Option("--partitions", min=1, help="Partitions of the articles and claims streams.")
]
WebhooksOption = Annotated[
    Path | None,
    typer.Option("--webhooks", metavar="FILE", help="Webhook subscriptions (YAML); starts the notifier."),
]
HttpPortOption = Annotated[
    int | None, typer.Option("--http-port", help="Serve /metrics, /healthz, /readyz and /docs on this port.")
]


class Stage(StrEnum):
    extractor = "extractor"
    detector = "detector"
    notifier = "notifier"


class TailKind(StrEnum):
    alerts = "alerts"
    claims = "claims"
    dlq = "dlq"


OPTION_NAMES = {"redis_url": "--redis", "webhooks_file": "--webhooks", "partitions": "--partitions"}


def _settings(**overrides: Any) -> Any:
    """Settings from the environment and the options given; a bad value ends the command in one line."""
    from services.common.logging import configure_logging
    from services.common.settings import load_settings

    mapping = {"redis": "redis_url", "webhooks": "webhooks_file"}
    values = {mapping.get(name, name): value for name, value in overrides.items() if value is not None}
    try:
        settings = load_settings({**OPTION_NAMES, "http_port": "--http-port"}, **values)
        configure_logging(settings)
    except ClaimwatchError as error:
        _fail(str(error))
    return settings


@contextlib.asynccontextmanager
async def _session(settings: Any) -> AsyncIterator[tuple[Any, Any]]:
    """`redis_session`, after one PING: a server that does not answer at start ends the command."""
    from services.common.redis import ensure_reachable
    from services.common.worker import redis_session

    async with redis_session(settings) as (pinned, client):
        await ensure_reachable(client, pinned.redis_url or "the embedded Redis")
        yield pinned, client


def _fail(message: str) -> NoReturn:
    typer.echo(f"claimwatch: {message}", err=True)
    raise typer.Exit(code=2)


@app.command("run")
def run_command(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Article files or folders to publish once the workers run.")
    ] = None,
    redis: RedisOption = None,
    partitions: PartitionsOption = None,
    webhooks: WebhooksOption = None,
    http_port: HttpPortOption = None,
    exit_when_idle: Annotated[
        bool, typer.Option("--exit-when-idle", help="Stop once every article and claim has been processed.")
    ] = False,
    show_alerts: Annotated[
        bool, typer.Option("--show-alerts/--no-show-alerts", help="Print the alerts stream while running.")
    ] = True,
    max_file_mb: MaxFileMbOption = DEFAULT_MAX_FILE_MB,
) -> None:
    """Run the extractor and detector (and the notifier with --webhooks) in one process.

    Publishes PATHS first when given, prints the alerts as they are published, and runs until
    Ctrl-C / SIGTERM (or, with --exit-when-idle, until everything has been processed).
    """
    settings = _settings(redis=redis, partitions=partitions, webhooks=webhooks, http_port=http_port)
    stages = ["extractor", "detector"] + (["notifier"] if settings.webhooks_file else [])
    articles: list[Any] = []
    if paths:
        articles, errors = read_reporting_errors(paths, max_file_bytes(max_file_mb))
        if not articles and errors:
            _fail("none of the given files could be read")
    try:
        asyncio.run(_run(settings, stages, articles, exit_when_idle=exit_when_idle, show_alerts=show_alerts))
    except ClaimwatchError as error:
        _fail(str(error))


async def _run(
    settings: Any, stages: list[str], articles: list[Any], *, exit_when_idle: bool, show_alerts: bool
) -> None:
    from services.cli.publishing import publish_articles
    from services.cli.stages import stages_named
    from services.cli.stream_view import StreamFollower
    from services.common.worker import install_stop_signals, run_workers

    async with _session(settings) as (pinned, client):
        stop = asyncio.Event()
        install_stop_signals(stop)
        follower = StreamFollower(client, "alerts", [pinned.alerts_stream], jsonl=False, out=sys.stdout)
        background: list[asyncio.Task[Any]] = []

        async def after_start() -> None:
            if articles:
                count = await publish_articles(client, pinned, articles)
                typer.echo(f"claimwatch: published {count} article(s) to {pinned.articles_stream}", err=True)
            if show_alerts:
                background.append(asyncio.create_task(follower.follow(stop)))
            if exit_when_idle:
                watched = follower if show_alerts else None  # print the last alerts before stopping
                background.append(asyncio.create_task(_stop_when_idle(client, pinned, stages, stop, watched)))

        try:
            await run_workers(pinned, client, stages_named(stages), stop, after_start=after_start)
        finally:
            stop.set()
            await asyncio.gather(*background, return_exceptions=True)


async def _stop_when_idle(
    client: Any, settings: Any, stages: list[str], stop: asyncio.Event, follower: Any | None
) -> None:
    from services.cli.publishing import wait_until_idle

    if await wait_until_idle(client, settings, stages, stop):
        if follower is not None:  # let the printer catch up with the last alerts
            while not await follower.caught_up() and not stop.is_set():
                await follower.read_once(100)
        alerts = await client.xlen(settings.alerts_stream)
        typer.echo(
            f"claimwatch: all articles processed; {alerts} alert(s) in {settings.alerts_stream}", err=True
        )
        stop.set()


@app.command("worker")
def worker_command(
    stage: Annotated[Stage, typer.Argument(help="Which worker to run.")],
    redis: RedisOption = None,
    partitions: PartitionsOption = None,
    webhooks: WebhooksOption = None,
    http_port: HttpPortOption = None,
) -> None:
    """Run one worker (start several, on one machine or many, to scale out)."""
    settings = _settings(redis=redis, partitions=partitions, webhooks=webhooks, http_port=http_port)
    try:
        asyncio.run(_worker(settings, stage.value))
    except ClaimwatchError as error:
        _fail(str(error))


async def _worker(settings: Any, stage: str) -> None:
    from services.cli.stages import stages_named
    from services.common.worker import install_stop_signals, run_workers

    async with _session(settings) as (pinned, client):
        stop = asyncio.Event()
        install_stop_signals(stop)
        await run_workers(pinned, client, stages_named([stage]), stop)


@app.command("publish")
def publish_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Article files or folders (.txt, .json, .jsonl, .html).")
    ],
    redis: RedisOption = None,
    partitions: PartitionsOption = None,
    max_file_mb: MaxFileMbOption = DEFAULT_MAX_FILE_MB,
) -> None:
    """Add articles to the articles stream (same file formats and size limit as `analyze`)."""
    settings = _settings(redis=redis, partitions=partitions)
    articles, errors = read_reporting_errors(paths, max_file_bytes(max_file_mb))
    if not articles:
        _fail("no article could be read" if errors else "no article files found")
    try:
        count = asyncio.run(_publish(settings, articles))
    except ClaimwatchError as error:
        _fail(str(error))
    typer.echo(
        f"published {count} article(s) to {settings.articles_stream}"
        + (f" ({settings.partitions} partitions)" if settings.partitions > 1 else "")
    )


async def _publish(settings: Any, articles: list[Any]) -> int:
    from services.cli.publishing import publish_articles

    async with _session(settings) as (pinned, client):
        return await publish_articles(client, pinned, articles)


@app.command("tail")
def tail_command(
    kind: Annotated[TailKind, typer.Argument(help="Which stream: alerts, claims or dlq.")],
    redis: RedisOption = None,
    partitions: PartitionsOption = None,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="One JSON record per line, as `analyze --jsonl`.")
    ] = False,
    follow: Annotated[
        bool,
        typer.Option("--follow/--no-follow", help="Keep printing new entries (default) or stop at the end."),
    ] = True,
) -> None:
    """Print what a stream holds, then follow it (reads without a consumer group: takes nothing away)."""
    settings = _settings(redis=redis, partitions=partitions)
    try:
        asyncio.run(_tail(settings, kind.value, jsonl=jsonl, follow=follow))
    except ClaimwatchError as error:
        _fail(str(error))


async def _tail(settings: Any, kind: str, *, jsonl: bool, follow: bool) -> None:
    from services.cli.stream_view import StreamFollower
    from services.common.streams import StreamLayout
    from services.common.worker import install_stop_signals

    async with _session(settings) as (pinned, client):
        streams = StreamLayout.from_settings(pinned).streams_of(kind)
        follower = StreamFollower(client, kind, streams, jsonl=jsonl, out=sys.stdout)
        if not follow:
            await follower.drain()
            return
        stop = asyncio.Event()
        install_stop_signals(stop)
        await follower.follow(stop)
