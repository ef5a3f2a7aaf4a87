"""DeadLetter: a message the pipeline could not process, kept with the reason."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from schemas._base import SCHEMA_VERSION, WireModel


class DeadLetter(WireModel):
    schema_version: int = SCHEMA_VERSION
    payload: str = Field(
        description="The original message payload (decoded as UTF-8 with replacement), or its first few KB "
        "when payload_truncated."
    )
    payload_bytes: int | None = Field(
        default=None, ge=0, description="Size in bytes (UTF-8) of the whole payload `payload` was taken from."
    )
    payload_sha256: str | None = Field(
        default=None,
        pattern="^[0-9a-f]{64}$",
        description="SHA-256 (hex) of the whole payload as UTF-8: compare with a copy of the original.",
    )
    payload_truncated: bool = Field(default=False, description="True when `payload` is only an excerpt.")
    entry_removed: bool = Field(
        default=False,
        description="True when the entry was too large to keep and was deleted (XDEL) from its stream.",
    )
    stream: str
    message_id: str
    error: str = Field(description="Exception class or error code, e.g. 'invalid_json'.")
    reason: str = Field(description="What went wrong, in words a person can act on.")
    delivery_count: int = Field(ge=0)
    failed_at: datetime
    endpoint: str | None = Field(
        default=None, description="Webhook dead letters: the endpoint, without credentials or query."
    )
    last_status: int | None = Field(
        default=None, description="Webhook dead letters: the last HTTP status, if any response came."
    )
    last_response: str | None = Field(
        default=None, description="Webhook dead letters: an excerpt of the last response body."
    )
