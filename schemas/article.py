"""Article: one news report, the input of the extractor."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import Field, field_validator

from schemas._base import SCHEMA_VERSION, WireModel


def utc_now() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


class Article(WireModel):
    """A news article as published to `claimwatch:articles`."""

    schema_version: int = SCHEMA_VERSION
    id: str = Field(min_length=1, max_length=512, description="Stable id chosen by the producer.")
    source: str = Field(min_length=1, max_length=256, description="Outlet that published it.")
    url: str | None = None
    title: str = Field(default="", max_length=4096)
    body: str = Field(min_length=1, description="Full article text, boilerplate and all.")
    published_at: datetime | None = None
    language: str | None = Field(default=None, max_length=16)
    received_at: datetime = Field(default_factory=utc_now)

    @field_validator("body")
    @classmethod
    def _body_has_text(cls, body: str) -> str:
        if not body.strip():
            raise ValueError("body is empty or only whitespace")
        if "\x00" in body:
            raise ValueError("body contains NUL bytes: binary data, not text")
        return body
