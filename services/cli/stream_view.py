"""Read the claims, alerts and dead-letter streams for people (`tail`) and programs (`--jsonl`).

Entries are read with XREAD (no consumer group), so watching a stream never takes anything
away from the workers.  `StreamFollower` prints what the streams hold, then follows them.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import IO, Any

from pydantic import BaseModel, ValidationError
from rich.console import Console
from rich.text import Text

from schemas import Alert, Claim, DeadLetter
from services.common.errors import PoisonMessageError
from services.common.redis import is_cluster
from services.common.streams import decode_entry

RECORD_MODELS: dict[str, tuple[str, type[BaseModel]]] = {
    "claims": ("claim", Claim),
    "alerts": ("alert", Alert),
    "dlq": ("dead_letter", DeadLetter),
}
SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}


def decode_record(kind: str, fields: dict[bytes, bytes]) -> BaseModel:
    """Return the Claim, Alert or DeadLetter an entry of a `kind` stream carries."""
    _, model = RECORD_MODELS[kind]
    try:
        return model.model_validate(decode_entry(fields))
    except ValidationError as error:
        raise PoisonMessageError(
            "invalid_entry", f"not a {model.__name__}: {error.errors()[0]['msg']}"
        ) from error


def json_record(kind: str, record: BaseModel) -> str:
    """One JSON line tagged with "record", as `claimwatch analyze --jsonl` writes them."""
    name, _ = RECORD_MODELS[kind]
    return json.dumps({"record": name, **record.model_dump(mode="json")}, ensure_ascii=False)


def render(console: Console, record: BaseModel) -> None:
    """Print one record for a person."""
    if isinstance(record, Alert):
        heading = Text()
        heading.append(record.severity.value.upper(), style=SEVERITY_STYLE[record.severity.value])
        heading.append(f" {record.kind.value} · {record.topic.value} · {', '.join(record.actors)}")
        console.print(heading)
        console.print(Text(f"  {record.summary}"))
        for evidence in record.evidence:
            words = f"“{evidence.quote}”" if evidence.quote else evidence.text
            console.print(Text(f"    - {evidence.source}: {words}"))
        console.print(
            Text(f"  alert {record.alert_id} · detected {record.detected_at.isoformat()}", style="dim")
        )
    elif isinstance(record, Claim):
        line = Text()
        line.append(f"{record.speaker.name} ({record.speaker.party})", style="bold")
        line.append(f" · {record.topic.value} · {record.stance.value}")
        if record.conditions:
            line.append(" · " + "; ".join(condition.key for condition in record.conditions))
        console.print(line)
        console.print(Text(f"  “{record.quote}”" if record.quote else f"  {record.text}"))
        console.print(
            Text(f"  {record.source} · {record.attribution.value} · claim {record.claim_id}", style="dim")
        )
    elif isinstance(record, DeadLetter):
        console.print(Text(f"{record.stream} {record.message_id} · {record.error}", style="bold red"))
        console.print(Text(f"  {record.reason}"))
        console.print(
            Text(f"  delivered {record.delivery_count}× · failed {record.failed_at.isoformat()}", style="dim")
        )


class StreamFollower:
    """Print the entries of `streams` (one kind) from `start`, then (optionally) follow them."""

    def __init__(
        self, redis: Any, kind: str, streams: Sequence[str], *, jsonl: bool, out: IO[str], start: str = "0-0"
    ) -> None:
        self.redis = redis
        self.kind = kind
        self.positions = dict.fromkeys(streams, start)
        self.jsonl = jsonl
        self.out = out
        self.console = Console(file=out, highlight=False, soft_wrap=True)
        self.printed = 0

    async def read_once(self, block_ms: int | None = None) -> int:
        """Print the next entries (up to 500 per stream); return how many were read."""
        if is_cluster(self.redis) and len(self.positions) > 1:  # partitions in different slots
            response: list[Any] = []
            for stream, position in self.positions.items():
                response += await self.redis.xread({stream: position}, count=500) or []
            if not response and block_ms:
                await asyncio.sleep(block_ms / 1000)
        else:
            response = await self.redis.xread(self.positions, count=500, block=block_ms)
        count = 0
        for stream_name, entries in response or []:
            stream = stream_name.decode() if isinstance(stream_name, bytes) else stream_name
            for message_id, fields in entries:
                self.positions[stream] = message_id.decode() if isinstance(message_id, bytes) else message_id
                self._print(stream, fields)
                count += 1
        self.out.flush()
        return count

    def _print(self, stream: str, fields: dict[bytes, bytes]) -> None:
        try:
            record = decode_record(self.kind, fields)
        except PoisonMessageError as error:
            self.console.print(Text(f"[{stream}: unreadable entry: {error.reason}]", style="dim"))
            return
        self.printed += 1
        if self.jsonl:
            self.out.write(json_record(self.kind, record) + "\n")
        else:
            render(self.console, record)

    async def drain(self) -> None:
        """Print everything the streams hold now."""
        while await self.read_once():
            pass

    async def follow(self, stop: asyncio.Event, block_ms: int = 500) -> None:
        """Print what the streams hold, then new entries, until `stop` is set."""
        await self.drain()
        while not stop.is_set():
            await self.read_once(block_ms)

    async def caught_up(self) -> bool:
        """True when every entry the streams hold has been printed."""
        for stream, position in self.positions.items():
            last = await self.redis.xrevrange(stream, count=1)
            if last and _id_tuple(last[0][0]) > _id_tuple(position):
                return False
        return True


def _id_tuple(entry_id: bytes | str) -> tuple[int, int]:
    text = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
    millis, _, sequence = text.partition("-")
    return int(millis), int(sequence or 0)
