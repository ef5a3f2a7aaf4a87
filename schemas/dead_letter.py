"""DeadLetter: a message the pipeline could not process, kept with the reason."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from schemas._base import SCHEMA_VERSION, WireModel


class DeadLetter(WireModel):
    schema_version: int = SCHEMA_VERSION
    payload: str = Field(description="The original message payload (decoded as UTF-8 with replacement).")
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
