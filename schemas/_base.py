"""Shared base for every wire model: strict fields and a schema version."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

SCHEMA_VERSION = 1


class WireModel(BaseModel):
    """Base of every message claimwatch sends or accepts: unknown fields are an error."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)
