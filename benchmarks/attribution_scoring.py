"""Attribution scoring against brat standoff gold: spans, overlaps, matching and the tallies.

Pure functions over gold relations parsed from .ann files and engine attribution records (models or
`claimwatch attribute --jsonl` dicts); benchmarks/quality_polnear.py runs them on PolNeAR and defines
the figures printed from them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Fragments = tuple[tuple[int, int], ...]

_PRONOUNS = """
    he she they it we i you him her them us me his its their our who whom which that this these those
    one someone somebody
"""
PRONOUNS = frozenset(_PRONOUNS.split())
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class BratSpan:
    """One T line: its kind, its (possibly discontinuous) fragments and its text."""

    kind: str
    fragments: Fragments
    text: str


@dataclass
class GoldAttribution:
    """One E line of an .ann file, its roles resolved to spans."""

    relation: str
    source: BratSpan | None = None
    cue: BratSpan | None = None
    content: BratSpan | None = None


def parse_ann(text: str) -> list[GoldAttribution]:
    """The attribution relations of a brat standoff file (lines that are neither T nor E are skipped)."""
    spans: dict[str, BratSpan] = {}
    relations: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T") and len(parts) >= 3:
            kind, _, offsets = parts[1].partition(" ")
            try:
                fragments = tuple(
                    (int(start), int(end)) for start, end in (piece.split() for piece in offsets.split(";"))
                )
            except ValueError:
                continue
            spans[parts[0]] = BratSpan(kind, fragments, parts[2])
        elif parts[0].startswith("E"):
            roles = dict(role.split(":", 1) for role in parts[1].split() if ":" in role)
            relations.append((parts[0], roles))
    gold = []
    for relation, roles in relations:
        content = spans.get(roles.get("Content", ""))
        extra = spans.get(roles.get("Content2", ""))
        if content and extra:
            joined = f"{content.text} {extra.text}"
            content = BratSpan(content.kind, content.fragments + extra.fragments, joined)
        gold.append(
            GoldAttribution(
                relation=relation,
                source=spans.get(roles.get("Source", "")),
                cue=spans.get(roles.get("Cue", "")),
                content=content,
            )
        )
    return gold


def overlap(a: Fragments | None, b: Fragments | None) -> int:
    """Characters two fragment sets share (0 when either is absent)."""
    if not a or not b:
        return 0
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def as_fragments(span: Sequence[int] | None) -> Fragments | None:
    """An engine [start, end] span as fragments (None stays None)."""
    return None if span is None else ((int(span[0]), int(span[1])),)


def is_pronoun(text: str) -> bool:
    """A bare pronoun source (he, she, they, who ...), which the measured gold leaves out."""
    return text.strip(" \t\n.,;:\"'").lower() in PRONOUNS


def name_words(text: str) -> list[str]:
    """Lower-case words, possessive 's dropped."""
    return _WORD.findall(re.sub(r"['\u2019]s\b", "", text.lower()))


@dataclass(frozen=True)
class EngineAttribution:
    """What the harness reads of one engine attribution record."""

    speaker_name: str
    speaker_span: Fragments | None
    cue_span: Fragments | None
    content_span: Fragments | None
    kind: str
    text: str = ""

    @classmethod
    def of(cls, record: Any) -> EngineAttribution:
        """From an AttributionRecord model (or a dict with the same fields)."""
        get = record.get if isinstance(record, dict) else lambda name: getattr(record, name, None)
        speaker = get("speaker")
        name = speaker.get("name") if isinstance(speaker, dict) else getattr(speaker, "name", "")
        kind = get("kind")
        return cls(
            speaker_name=name or "",
            speaker_span=as_fragments(get("speaker_span")),
            cue_span=as_fragments(get("cue_span")),
            content_span=as_fragments(get("content_span")),
            kind=str(getattr(kind, "value", kind)),
            text=get("text") or "",
        )


def span_mismatches(body: str, records: Iterable[EngineAttribution]) -> int:
    """Records whose text is not body[content_span] (their offsets are not into the body as given)."""
    return sum(
        1
        for r in records
        if r.content_span and r.text and body[r.content_span[0][0] : r.content_span[0][1]] != r.text
    )


def read_attribution_records(paths: Sequence[Path]) -> dict[str, list[EngineAttribution]]:
    """`claimwatch attribute --jsonl` records by article id (other records are ignored)."""
    by_article: dict[str, list[EngineAttribution]] = {}
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    raise SystemExit(f"{path}:{number}: not JSON: {error.msg}") from error
                if record.get("record") == "attribution":
                    by_article.setdefault(record["article_id"], []).append(EngineAttribution.of(record))
    return by_article


def record_overlaps(record: EngineAttribution, gold: GoldAttribution) -> int:
    """How much the record's content (or, failing that, cue) overlaps the gold attribution."""
    content = overlap(record.content_span, gold.content.fragments if gold.content else None)
    if content:
        return content
    return overlap(record.cue_span, gold.cue.fragments if gold.cue else None)


def speaker_right(record: EngineAttribution, gold: GoldAttribution) -> bool:
    """The record's speaker mention overlaps the gold Source, or its carried name shares the last word."""
    if gold.source is None:
        return False
    if record.speaker_span is not None:
        return overlap(record.speaker_span, gold.source.fragments) > 0
    words = name_words(record.speaker_name)
    return bool(words) and words[-1] in name_words(gold.source.text)


def match_record(gold: GoldAttribution, records: Sequence[EngineAttribution]) -> EngineAttribution | None:
    """The record with the most content overlap, else one whose cue overlaps the gold Cue."""
    best, best_overlap = None, 0
    for record in records:
        shared = overlap(record.content_span, gold.content.fragments if gold.content else None)
        if shared > best_overlap:
            best, best_overlap = record, shared
    if best is not None:
        return best
    cue = gold.cue.fragments if gold.cue else None
    return next((r for r in records if overlap(r.cue_span, cue) > 0), None)


@dataclass
class Tally:
    """right / wrong / missing over gold attributions, plus the engine's precision pool."""

    right: int = 0
    wrong: int = 0
    missing: int = 0
    pool: int = 0
    pool_right: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def gold(self) -> int:
        return self.right + self.wrong + self.missing

    def add(self, other: Tally) -> None:
        self.right += other.right
        self.wrong += other.wrong
        self.missing += other.missing
        self.pool += other.pool
        self.pool_right += other.pool_right
        self.misses += other.misses


def score_records(
    measured: Sequence[GoldAttribution],
    every: Sequence[GoldAttribution],
    records: Sequence[EngineAttribution],
) -> Tally:
    """Recall figures over the measured gold, and the precision pool over the records."""
    tally = Tally()
    for gold in measured:
        record = match_record(gold, records)
        if record is None:
            tally.missing += 1
        elif speaker_right(record, gold):
            tally.right += 1
        else:
            tally.wrong += 1
    for record in records:
        if record.kind not in {"reported", "direct_quote"} or not record.speaker_name:
            continue
        touched = [g for g in measured if record_overlaps(record, g)]
        if touched or not any(record_overlaps(record, g) for g in every):
            tally.pool += 1
            tally.pool_right += any(speaker_right(record, g) for g in touched)
    return tally
