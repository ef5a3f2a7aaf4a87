"""The detector's own HTTP route: `GET /positions[?actor=ID&topic=T]`, the ledger as JSON.

The same records `claimwatch positions --redis URL --jsonl` prints (without the "record"
tag): one object per (actor, issue) with the standing position and its dated history.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.common.settings import Settings
from services.common.stage import RouteHandler
from services.detector.redis_ledger import RedisLedger
from services.engine.detect.positions import issue_positions


def _first(query: Mapping[str, list[str]], name: str) -> str | None:
    values = query.get(name) or []
    return values[0] if values and values[0] else None


def position_routes(settings: Settings, redis: Any) -> dict[str, RouteHandler]:
    """`/positions` over the ledger under `settings.key_prefix`."""
    ledger = RedisLedger(redis, key_prefix=settings.key_prefix)

    async def positions(query: Mapping[str, list[str]]) -> tuple[int, Any]:
        actor, topic = _first(query, "actor"), _first(query, "topic")
        found = issue_positions(await ledger.histories(actor), actor=actor, topic=topic)
        return 200, [position.model_dump(mode="json") for position in found]

    return {"/positions": positions}
