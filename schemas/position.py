"""Position: an actor's standing position on one issue, with its dated history and evidence."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from schemas._base import SCHEMA_VERSION, WireModel
from schemas.alert import Evidence
from schemas.claim import Speaker


class PositionSpell(WireModel):
    """One stretch of time an actor held one position on an issue, oldest first in a history."""

    position: str = Field(description="A stance ('oppose'), condition kinds ('withdrawal'), or none/some.")
    first_said: date
    last_said: date
    days: int = Field(ge=1, description="Days within the stretch on which it was said.")
    claims: int = Field(ge=1, description="Claims reporting it (every outlet's report counts).")
    sources: list[str] = Field(description="Outlets reporting it (the first few, sorted).")
    claim_ids: list[str] = Field(description="Claims reporting it (the first few per day, sorted).")
    evidence: list[Evidence] = Field(description="The first and the last day's best report.")


class IssuePosition(WireModel):
    """What one actor holds on one issue now, and since when, with the history that led to it."""

    schema_version: int = SCHEMA_VERSION
    actor: Speaker
    issue: str = Field(description="'topic:negotiations', 'condition:kursk', 'preconditions:talks'.")
    standing: str = Field(description="The position of the latest statement.")
    since: date = Field(description="First day of the stretch the standing position belongs to.")
    last_said: date
    history: list[PositionSpell] = Field(description="Oldest first; the last one is the standing one.")
