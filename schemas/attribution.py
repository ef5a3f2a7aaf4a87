"""AttributionRecord: one attributed statement of an article (who said what), with offsets into its body."""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import Field

from schemas._base import SCHEMA_VERSION, WireModel
from schemas.claim import Speaker


class SpeechKind(str, Enum):
    """How a statement is attributed."""

    direct_quote = "direct_quote"
    reported = "reported"
    anonymous_source = "anonymous_source"


class AttributionRecord(WireModel):
    """One statement and its speaker, as `claimwatch attribute --jsonl` writes it.

    Spans are [start, end) offsets into the article body exactly as given (not the cleaned text):
    ``body[start:end]`` is the speaker's mention, the speech cue and what is said.
    """

    record: Literal["attribution"] = "attribution"
    schema_version: int = SCHEMA_VERSION
    article_id: str
    speaker: Speaker
    speaker_span: tuple[int, int] | None = Field(
        description="The speaker's mention in this sentence; null when carried from an earlier sentence."
    )
    cue_span: tuple[int, int] | None = Field(
        description="The speech cue ('said', 'according to'); null for a quotation carried on."
    )
    content_span: tuple[int, int] = Field(description="What is said.")
    kind: SpeechKind
    text: str = Field(description="What is said, as written: body[content_span[0]:content_span[1]].")
