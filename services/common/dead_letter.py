"""Dead letters: a message the pipeline could not process, kept with its payload and the reason.

Each dead letter is published once per (stream, message id): a worker that crashes after
dead-lettering and before acking does not dead-letter the same entry twice on redelivery.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from schemas import DeadLetter
from services.common.settings import Settings
from services.common.streams import Output, maxlen_for, model_fields

if TYPE_CHECKING:
    from services.common.consumer import Delivery

# A dead letter keeps at most this much of the original payload (the entry itself stays in
# its stream until MAXLEN trims it); the reason says when it was cut.
MAX_PAYLOAD_CHARS = 1_000_000


def original_payload(fields: dict[bytes, bytes]) -> str:
    """Return the entry as text: the single JSON field as is, otherwise all fields as a JSON object."""
    decoded = {
        name.decode("utf-8", "replace"): value.decode("utf-8", "replace") for name, value in fields.items()
    }
    if len(decoded) == 1:
        return next(iter(decoded.values()))
    return json.dumps(decoded, ensure_ascii=False)


def build_dead_letter(delivery: Delivery, code: str, reason: str) -> DeadLetter:
    """Return the DeadLetter record for `delivery` failing with `code` and `reason`."""
    payload = original_payload(delivery.fields)
    if len(payload) > MAX_PAYLOAD_CHARS:
        reason = f"{reason} (payload cut to its first {MAX_PAYLOAD_CHARS} of {len(payload)} characters)"
        payload = payload[:MAX_PAYLOAD_CHARS]
    return DeadLetter(
        payload=payload,
        stream=delivery.stream,
        message_id=delivery.message_id,
        error=code,
        reason=reason,
        delivery_count=delivery.delivery_count,
        failed_at=datetime.now(UTC),
    )


def dead_letter_output(settings: Settings, delivery: Delivery, code: str, reason: str) -> Output:
    """Return the DLQ entry for `delivery`, de-duplicated by its stream and message id."""
    letter = build_dead_letter(delivery, code, reason)
    return Output(
        stream=settings.dlq_stream,
        entry_id=f"{delivery.stream}/{delivery.message_id}",
        fields=model_fields(letter),
        maxlen=maxlen_for(settings, "dlq"),
        kind="dead_letter",
        record=letter,
    )
