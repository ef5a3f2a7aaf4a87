"""Statement: one thing a speaker said, as reported by one or more outlets."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from schemas._base import SCHEMA_VERSION, WireModel
from schemas.claim import Speaker, Topic


class Statement(WireModel):
    """Claims from different articles that report one statement, with its corroboration."""

    schema_version: int = SCHEMA_VERSION
    statement_id: str = Field(description="Deterministic from the claim ids of the cluster.")
    speaker: Speaker
    topic: Topic = Field(description="The topic most of its claims carry.")
    said_at: date | None = None
    quote: str | None = Field(default=None, description="One outlet's quote of it, if any quotes it.")
    text: str = Field(description="One report's evidence sentence.")
    claim_ids: list[str]
    sources: list[str] = Field(description="Distinct outlets reporting it, sorted.")
    corroboration: int = Field(ge=1, description="How many distinct outlets report it.")
