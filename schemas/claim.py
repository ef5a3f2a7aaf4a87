"""Claim: who said what about the conditions for talks, traced to its article."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

from pydantic import Field

from schemas._base import SCHEMA_VERSION, WireModel


class Topic(str, Enum):
    """What a statement about talks is about (the subject of the talks, else the talks as such)."""

    negotiations = "negotiations"
    ceasefire = "ceasefire"
    security_guarantees = "security_guarantees"
    territory = "territory"
    sanctions = "sanctions"
    military_aid = "military_aid"
    nuclear = "nuclear"  # nuclear programmes: enrichment, inspections, denuclearization
    trade = "trade"  # trade and tariffs
    hostages = "hostages"  # hostages and prisoners
    normalization = "normalization"  # normalization of relations and recognition of states
    elections = "elections"
    borders = "borders"  # border disputes and demarcation
    other = "other"


class Stance(str, Enum):
    """Stance of the speaker toward talks or a deal."""

    support = "support"
    oppose = "oppose"
    conditional = "conditional"
    skeptical = "skeptical"
    neutral = "neutral"


class Attribution(str, Enum):
    direct_quote = "direct_quote"
    reported = "reported"
    anonymous_source = "anonymous_source"
    editorial = "editorial"


class Speaker(WireModel):
    id: str = Field(description="Registry id (e.g. 'antony-blinken'), or a slug of the name.")
    name: str = Field(description="Canonical name, or the name as written when unknown.")
    party: str = Field(default="unknown", description="Party the speaker stands for, e.g. US, RU, UA.")


class Condition(WireModel):
    text: str = Field(description="The condition as written in the article.")
    key: str = Field(description="Normalized key, e.g. 'withdrawal:kursk'.")


class Claim(WireModel):
    """One statement about negotiations, attributed to a speaker."""

    schema_version: int = SCHEMA_VERSION
    claim_id: str = Field(description="Deterministic: same article and span give the same id.")
    article_id: str
    source: str
    published_at: datetime | None = None
    said_at: date | None = Field(default=None, description="When the text dates the statement.")
    speaker: Speaker
    topic: Topic
    stance: Stance
    conditions: list[Condition] = Field(default_factory=list)
    quote: str | None = Field(default=None, description="The verbatim direct quote, if any.")
    text: str = Field(description="The evidence sentence.")
    span: tuple[int, int] = Field(description="[start, end) offsets into the cleaned body.")
    attribution: Attribution
    hedged: bool = False
    negated: bool = False
    channel: str | None = Field(default=None, description="Outlet the source cites ('Le Monde').")
    reported_change: str | None = Field(
        default=None,
        description="The article itself reports a change of position ('marks a shift from ...').",
    )
    confidence: float = Field(ge=0.0, le=1.0)
