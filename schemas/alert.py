"""Alert: a contradiction, position change or quote discrepancy, with its evidence."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from pydantic import Field

from schemas._base import SCHEMA_VERSION, WireModel
from schemas.claim import Topic


class AlertKind(str, Enum):
    contradiction = "contradiction"
    position_change = "position_change"
    quote_discrepancy = "quote_discrepancy"
    # Two speakers of one party holding positions that rule each other out, reported for the
    # same days: a contradiction within a party, lower in severity than one between parties.
    mixed_signals = "mixed_signals"


class Severity(str, Enum):
    low = "low"
    medium = "medium"
    high = "high"

    @property
    def rank(self) -> int:
        return {"low": 0, "medium": 1, "high": 2}[self.value]


class Evidence(WireModel):
    claim_id: str
    source: str
    text: str
    quote: str | None = None


class Alert(WireModel):
    """Something an analyst should look at, explained by the claims behind it."""

    schema_version: int = SCHEMA_VERSION
    alert_id: str = Field(description="Deterministic from kind and claims: a redelivery gives the same id.")
    kind: AlertKind
    severity: Severity
    topic: Topic
    actors: list[str] = Field(description="Speaker ids involved.")
    parties: list[str] = Field(
        default_factory=list,
        description="Parties the actors stand for (e.g. US, RU, UA); used by webhook filters.",
    )
    claim_ids: list[str]
    summary: str = Field(description="One sentence a person can read.")
    evidence: list[Evidence]
    detected_at: datetime
