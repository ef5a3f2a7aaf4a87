"""Dead letters: a message the pipeline could not process, kept with its payload and the reason.

Each dead letter is published once per (stream, message id): a worker that crashes after
dead-lettering and before acking does not dead-letter the same entry twice on redelivery.

Memory stays bounded by entry counts times a small size: a dead letter keeps the payload whole
up to `MAX_PAYLOAD_EXCERPT_BYTES`, otherwise an excerpt of that size plus the whole payload's
size and SHA-256; its reason is cut at `MAX_REASON_CHARS`.  An entry larger than any accepted
one (`max_entry_bytes`) is deleted from its stream once dead-lettered (see
services.common.consumer): it would otherwise sit there until MAXLEN trims it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from schemas import DeadLetter
from services.common.settings import Settings
from services.common.streams import Output, entry_size, maxlen_for, model_fields

if TYPE_CHECKING:
    from services.common.consumer import Delivery

MAX_PAYLOAD_EXCERPT_BYTES = 4096
MAX_REASON_CHARS = 1000
# Fields around an article's body (title, url, ids, JSON syntax) may add this much to an entry.
ENVELOPE_ALLOWANCE_BYTES = 64 * 1024
# A single field with one of these names is the payload itself; any other layout keeps its names.
PAYLOAD_FIELDS = (b"data", b"article", b"__data__")


def max_entry_bytes(settings: Settings) -> int:
    """The largest entry a stage accepts: an article body of max_body_bytes plus its envelope."""
    return settings.max_body_bytes + ENVELOPE_ALLOWANCE_BYTES


def is_oversized(settings: Settings, fields: dict[bytes, bytes]) -> bool:
    """True for an entry no stage would accept for its size: it is removed once dead-lettered."""
    return entry_size(fields) > max_entry_bytes(settings)


def original_payload(fields: dict[bytes, bytes]) -> str:
    """Return the entry as text: a single payload field as is, otherwise all fields as a JSON object.

    Field names are kept whenever there is more than the payload field, even an empty name.
    """
    if len(fields) == 1:
        name, value = next(iter(fields.items()))
        if name in PAYLOAD_FIELDS:
            return value.decode("utf-8", "replace")
    decoded = {
        name.decode("utf-8", "replace"): value.decode("utf-8", "replace") for name, value in fields.items()
    }
    return json.dumps(decoded, ensure_ascii=False)


def excerpt(text: str, limit_bytes: int = MAX_PAYLOAD_EXCERPT_BYTES) -> str:
    """The longest prefix of `text` whose UTF-8 encoding fits in `limit_bytes` (no cut character)."""
    return text.encode("utf-8")[:limit_bytes].decode("utf-8", "ignore")


def build_dead_letter(
    delivery: Delivery, code: str, reason: str, *, entry_removed: bool = False
) -> DeadLetter:
    """Return the DeadLetter record for `delivery` failing with `code` and `reason`."""
    payload = original_payload(delivery.fields)
    encoded = payload.encode("utf-8")
    truncated = len(encoded) > MAX_PAYLOAD_EXCERPT_BYTES
    if len(reason) > MAX_REASON_CHARS:
        reason = reason[: MAX_REASON_CHARS - 1] + "…"
    if truncated:
        reason = f"{reason} (payload cut to its first {MAX_PAYLOAD_EXCERPT_BYTES} of {len(encoded)} bytes)"
    if entry_removed:
        size = entry_size(delivery.fields)
        reason = f"{reason}; the {size}-byte entry was removed from {delivery.stream}"
    return DeadLetter(
        payload=excerpt(payload) if truncated else payload,
        payload_bytes=len(encoded),
        payload_sha256=hashlib.sha256(encoded).hexdigest(),
        payload_truncated=truncated,
        entry_removed=entry_removed,
        stream=delivery.stream,
        message_id=delivery.message_id,
        error=code,
        reason=reason,
        delivery_count=delivery.delivery_count,
        failed_at=datetime.now(UTC),
    )


def dead_letter_output(
    settings: Settings, delivery: Delivery, code: str, reason: str, *, entry_removed: bool = False
) -> Output:
    """Return the DLQ entry for `delivery`, de-duplicated by its stream and message id."""
    letter = build_dead_letter(delivery, code, reason, entry_removed=entry_removed)
    return Output(
        stream=settings.dlq_stream,
        entry_id=f"{delivery.stream}/{delivery.message_id}",
        fields=model_fields(letter),
        maxlen=maxlen_for(settings, "dlq"),
        kind="dead_letter",
        record=letter,
    )
