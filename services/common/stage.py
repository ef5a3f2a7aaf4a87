"""One declaration per worker stage: its name, group, what it consumes and publishes, how to run it.

Each service exports its `STAGE` from its package (`services.extractor.STAGE`, ...); the CLI
(services.cli.stages) composes them.  Everything built per stage is built from these
declarations: the consumer groups readiness checks (`/readyz`), the stream gauges, the AsyncAPI
document (schemas/asyncapi.json and `/docs`), the stage's extra HTTP routes.  Declaring a stage
loads nothing of it: `run` and `routes` import the service's modules when called, so
`claimwatch worker notifier` never loads the engine.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from services.common.settings import Settings
from services.common.streams import StreamLayout

# Runs the stage over a Redis client until the event is set; the client stays open for its owner.
StageRunner = Callable[[Settings, asyncio.Event, Any], Awaitable[None]]
# An extra GET route: called with the query parameters, answers (HTTP status, JSON-able payload).
RouteHandler = Callable[[Mapping[str, list[str]]], Awaitable[tuple[int, Any]]]
# Builds a stage's extra routes (path -> handler) over the process's settings and Redis client.
RouteFactory = Callable[[Settings, Any], Mapping[str, RouteHandler]]


@dataclass(frozen=True)
class StreamUse:
    """Streams of one kind a stage reads or writes, with the wire model of their `data` field.

    `kind` is a StreamLayout kind (articles, claims, alerts, dlq: every partition is meant);
    `description` may name `{stream}` and `{group}`; `title` ends the channel name in the
    AsyncAPI document (`<stream>:<title>`; the stage's name when None).
    """

    kind: str
    model: type[BaseModel]
    description: str
    title: str | None = None


@dataclass(frozen=True)
class StageDeclaration:
    """A worker stage, declared once by its service and composed by the CLI."""

    name: str
    group: Callable[[Settings], str]  # the consumer group, from the settings
    consumes: StreamUse
    publishes: tuple[StreamUse, ...]
    run: StageRunner  # builds the stage's handler and reader loop, runs it until the event is set
    check: Callable[[Settings], None] | None = None  # validates the stage's own files before connecting
    routes: RouteFactory | None = None

    def streams(self, settings: Settings, kind: str) -> list[str]:
        """The stream keys of `kind` under `settings` (every partition)."""
        return StreamLayout.from_settings(settings).streams_of(kind)

    def stream_groups(self, settings: Settings) -> list[tuple[str, str]]:
        """The (stream, group) pairs the stage consumes."""
        group = self.group(settings)
        return [(stream, group) for stream in self.streams(settings, self.consumes.kind)]


def stream_groups(settings: Settings, stages: list[StageDeclaration]) -> list[tuple[str, str]]:
    """The (stream, group) pairs `stages` consume, in stage order."""
    return [pair for stage in stages for pair in stage.stream_groups(settings)]
