"""Stream names, the entry format, consumer groups and the publish-once script.

Names and partitions
    A stream `base` (e.g. ``claimwatch:articles``) with one partition is the key ``base``
    itself, so ``XADD claimwatch:articles * ...`` just works.  With N > 1 partitions the keys
    are ``base:0`` ... ``base:N-1``; an output goes to partition ``crc32(id) % N`` so that the
    same id always lands on the same partition.  Alerts and dead letters are never
    partitioned (few entries, read by people and webhooks).

Cluster safety
    Every key a script touches must live in one hash slot.  A stream key ``S`` carries no
    braces, so its slot is the hash of the whole name; its companion keys are spelled
    ``{S}:seen:<id>`` and ``{S}:error:<id>``, whose hash tag is exactly ``S``: same slot.  The
    publish-once script therefore runs unchanged on one server and on a Redis Cluster, and
    partitions spread over the cluster's nodes (connect with ``redis+cluster://host:port``;
    a worker then reads its partitions one XREADGROUP per stream).

Entry format (what producers write and what the workers publish)
    One field ``data`` holding the model as JSON (also accepted: ``article``, or FastStream's
    own ``__data__`` envelope), or — for articles only — flat fields ``id source title body
    [url published_at language received_at]``.  Outputs carry ``data`` plus ``received_at``
    (when the article entered the pipeline, for end-to-end latency).  A FastStream subscriber
    on these streams decodes ``data`` as the message body.

Publish once
    `PUBLISH_ONCE` adds an entry only when its dedupe key (``{S}:seen:<id>``) is absent, then
    sets the key with a TTL, atomically.  A redelivered message re-publishes the same
    deterministic ids and the script skips them: nothing is published twice.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from redis.exceptions import ResponseError

from services.common.errors import PoisonMessageError
from services.common.scripts import LuaScript, ScriptCall, run_script_calls
from services.common.settings import Settings

DATA_FIELD = "data"
RECEIVED_AT_FIELD = "received_at"
JSON_FIELDS = (b"data", b"article")
FASTSTREAM_FIELD = b"__data__"

# KEYS[1] = stream, KEYS[2..n+1] = dedupe keys; ARGV[1] = ttl seconds, ARGV[2] = MAXLEN (approximate),
# then for each entry: its number of field/value pairs followed by the pairs.
# Returns one flag per entry: 1 published, 0 already published before.
PUBLISH_ONCE = """
local ttl = tonumber(ARGV[1])
local maxlen = ARGV[2]
local cursor = 3
local flags = {}
for i = 2, #KEYS do
  local pairs_count = tonumber(ARGV[cursor])
  cursor = cursor + 1
  if redis.call('EXISTS', KEYS[i]) == 0 then
    local args = {'XADD', KEYS[1], 'MAXLEN', '~', maxlen, '*'}
    for j = 0, pairs_count * 2 - 1 do
      args[#args + 1] = ARGV[cursor + j]
    end
    redis.call(unpack(args))
    redis.call('SET', KEYS[i], '1', 'EX', ttl)
    flags[#flags + 1] = 1
  else
    flags[#flags + 1] = 0
  end
  cursor = cursor + pairs_count * 2
end
return flags
"""
PUBLISH_ONCE_SCRIPT = LuaScript(PUBLISH_ONCE)


def partition_names(base: str, partitions: int) -> list[str]:
    """Return the stream keys of `base` split into `partitions` partitions."""
    if partitions <= 1:
        return [base]
    return [f"{base}:{index}" for index in range(partitions)]


def partition_for(base: str, partitions: int, key: str) -> str:
    """Return the partition of `base` that entries keyed `key` go to (stable across processes)."""
    if partitions <= 1:
        return base
    return f"{base}:{zlib.crc32(key.encode('utf-8')) % partitions}"


def seen_key(stream: str, entry_id: str) -> str:
    """Dedupe key of an output id on `stream`: same hash slot as the stream."""
    return f"{{{stream}}}:seen:{entry_id}"


def error_key(stream: str, message_id: str) -> str:
    """Where the last processing error of a pending entry is kept (same slot as its stream)."""
    return f"{{{stream}}}:error:{message_id}"


def maxlen_for(settings: Settings, kind: str) -> int:
    """Approximate MAXLEN of the streams of `kind` (articles, claims, alerts, dlq)."""
    return int(settings.stream_maxlen.get(kind, 100_000))


@dataclass(frozen=True)
class StreamLayout:
    """The streams and groups of one deployment, derived from Settings."""

    articles: list[str]
    claims: list[str]
    alerts: str
    dlq: str
    settings: Settings = field(repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> StreamLayout:
        return cls(
            articles=partition_names(settings.articles_stream, settings.partitions),
            claims=partition_names(settings.claims_stream, settings.partitions),
            alerts=settings.alerts_stream,
            dlq=settings.dlq_stream,
            settings=settings,
        )

    def article_stream_for(self, article_id: str) -> str:
        return partition_for(self.settings.articles_stream, self.settings.partitions, article_id)

    def claim_stream_for(self, claim_id: str) -> str:
        return partition_for(self.settings.claims_stream, self.settings.partitions, claim_id)

    def streams_of(self, kind: str) -> list[str]:
        """Return the stream keys of `kind`: articles, claims, alerts or dlq."""
        return {"articles": self.articles, "claims": self.claims, "alerts": [self.alerts], "dlq": [self.dlq]}[
            kind
        ]


@dataclass(frozen=True)
class Output:
    """One entry to publish once: `entry_id` is its deterministic id (claim_id, alert_id, ...)."""

    stream: str
    entry_id: str
    fields: Mapping[str, str | bytes]
    maxlen: int
    kind: str = "entry"  # claim, alert, dead_letter: a metrics label
    record: Any = None  # what was published, for metrics after publication


async def ensure_group(redis: Any, stream: str, group: str) -> bool:
    """Create `group` on `stream` at id 0 (creating the stream); return False when it existed.

    At 0, not `$`: entries added before the first worker started are consumed too.
    """
    try:
        await redis.xgroup_create(stream, group, id="0", mkstream=True)
    except ResponseError as error:
        if "BUSYGROUP" in str(error):
            return False
        raise
    return True


async def publish_once(redis: Any, outputs: Sequence[Output], ttl_s: int) -> list[bool]:
    """Publish `outputs`, skipping ids already published; return, per output, whether it was new.

    One script call per target stream (its keys share a slot), all in one round trip.
    """
    if not outputs:
        return []
    by_stream: dict[str, list[int]] = {}
    for index, output in enumerate(outputs):
        by_stream.setdefault(output.stream, []).append(index)
    calls: list[ScriptCall] = []
    for stream, indexes in by_stream.items():
        keys = [stream] + [seen_key(stream, outputs[i].entry_id) for i in indexes]
        args: list[Any] = [ttl_s, outputs[indexes[0]].maxlen]
        for i in indexes:
            fields = outputs[i].fields
            args.append(len(fields))
            for name, value in fields.items():
                args.append(name)
                args.append(value)
        calls.append((keys, args))
    replies = await run_script_calls(redis, PUBLISH_ONCE_SCRIPT, calls)
    published = [False] * len(outputs)
    for indexes, flags in zip(by_stream.values(), replies, strict=True):
        for i, flag in zip(indexes, flags, strict=True):
            published[i] = bool(int(flag))
    return published


def model_fields(model: Any, received_at: str | None = None) -> dict[str, str]:
    """Return the entry fields for a wire model: `data` JSON (+ `received_at` when known)."""
    fields = {DATA_FIELD: model.model_dump_json()}
    if received_at:
        fields[RECEIVED_AT_FIELD] = received_at
    return fields


def _field_text(value: bytes | str, name: str) -> str:
    if isinstance(value, str):
        return value
    if b"\x00" in value:
        raise PoisonMessageError(
            "binary_payload", f"field {name!r} holds binary data (NUL bytes); publish UTF-8 text or JSON"
        )
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PoisonMessageError(
            "binary_payload",
            f"field {name!r} is not UTF-8 text (byte {error.start}); publish UTF-8 text or JSON",
        ) from error


def _json_object(raw: bytes | str, name: str) -> dict[str, Any]:
    text = _field_text(raw, name)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise PoisonMessageError(
            "invalid_json", f"field {name!r} is not valid JSON ({error.msg} at position {error.pos})"
        ) from error
    except RecursionError:
        # Poison, not a passing failure: the same document fails the same way on every delivery.
        raise PoisonMessageError(
            "invalid_json", f"field {name!r} holds JSON nested too deeply to read (arrays or objects)"
        ) from None
    if not isinstance(value, dict):
        raise PoisonMessageError(
            "invalid_json", f"field {name!r} holds JSON {type(value).__name__}, not an object"
        )
    return value


def json_payload(fields: Mapping[bytes, bytes]) -> bytes | None:
    """The raw JSON an entry carries in `data` (or `article`), for a model to parse directly; else None.

    The same field `decode_entry` would read, so a payload the model refuses can be handed
    to `decode_entry` and validated again for a precise reason.
    """
    if FASTSTREAM_FIELD in fields:
        return None
    for name in JSON_FIELDS:
        if name in fields:
            return fields[name]
    return None


def decode_entry(fields: Mapping[bytes, bytes]) -> dict[str, Any]:
    """Return the JSON object an entry carries, whichever of the accepted layouts it uses.

    Raises PoisonMessageError naming what is wrong.
    """
    if FASTSTREAM_FIELD in fields:
        from faststream.redis.parser import BinaryMessageFormatV1  # FastStream's own envelope codec

        body, _headers = BinaryMessageFormatV1.parse(fields[FASTSTREAM_FIELD])
        return _json_object(body, "__data__")
    for name in JSON_FIELDS:
        if name in fields:
            return _json_object(fields[name], name.decode())
    if not fields:
        raise PoisonMessageError("empty_entry", "the entry has no fields")
    flat: dict[str, Any] = {}
    for name, value in fields.items():
        key = _field_text(name, "field name")
        flat[key] = _field_text(value, key)
    return flat


ModelT = TypeVar("ModelT", bound=BaseModel)


def describe_validation_error(error: ValidationError) -> str:
    """One line naming each bad field and what is wrong with it."""
    problems = []
    for item in error.errors(include_url=False)[:8]:
        where = ".".join(str(part) for part in item["loc"]) or "entry"
        problems.append(f"field {where!r}: {item['msg']}")
    return "; ".join(problems)


def parse_entry(fields: Mapping[bytes, bytes], model: type[ModelT], code: str) -> ModelT:
    """Return the `model` an entry carries, or raise PoisonMessageError(`code`) saying what to fix.

    The common case, a JSON field, is parsed by pydantic straight from bytes; anything it
    refuses goes the slow way, through `decode_entry`, which names the problem precisely.
    """
    raw = json_payload(fields)
    if raw is not None:
        try:
            return model.model_validate_json(raw)
        except ValidationError:
            pass
    document = decode_entry(fields)
    try:
        return model.model_validate(document)
    except ValidationError as error:
        raise PoisonMessageError(code, describe_validation_error(error)) from None
    except RecursionError:
        raise PoisonMessageError("invalid_json", "the entry holds JSON nested too deeply to read") from None


def entry_size(fields: Mapping[bytes, bytes]) -> int:
    """Total bytes of an entry's field names and values."""
    return sum(len(name) + len(value) for name, value in fields.items())
