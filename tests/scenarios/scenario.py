"""Helpers for the end-to-end scenarios: read a scenario folder, analyze it, pick alerts.

Each scenario is a folder under ``tests/scenarios/data`` holding article files (first line =
title) and a ``metadata.json`` with outlet and publication date, read by the CLI's own reader.

``Correction`` exists for one purpose: where extraction gets a sentence wrong (each use names
the fault, and the end-to-end test of the same expectation is a strict xfail), the corrected
claim shows what the *detector* makes of the claim an analyst would have extracted.  A
correction that no longer changes anything (extraction fixed) is harmless.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from schemas import Alert, AlertKind, Article, Claim, Condition, Stance
from services.cli.readers import read_articles
from services.engine.analysis import Analysis, analyze
from services.engine.extract import extract_claims
from services.engine.resources import EngineResources

DATA = Path(__file__).resolve().parent / "data"
DETECTED_AT = datetime(2025, 6, 1, tzinfo=UTC)


def scenario_files(scenario: str, names: Sequence[str] | None = None) -> list[Path]:
    """The article files of `scenario`, all of them sorted, or the named ones in the given order."""
    folder = DATA / scenario
    if names is None:
        return sorted(p for p in folder.glob("*.txt"))
    return [folder / name for name in names]


def read_scenario(scenario: str, names: Sequence[str] | None = None) -> list[Article]:
    """The articles of `scenario` (see `scenario_files`), read as `claimwatch analyze` reads them."""
    articles = []
    for item in read_articles(scenario_files(scenario, names)):
        assert isinstance(item, Article), f"unreadable scenario file: {item}"
        articles.append(item)
    return articles


@dataclass(frozen=True)
class Correction:
    """What an analyst would have extracted from the sentence containing `sentence`."""

    sentence: str
    speaker_id: str | None = None
    speaker_name: str | None = None
    stance: Stance | None = None
    add_conditions: tuple[Condition, ...] = field(default_factory=tuple)

    def applies_to(self, claim: Claim) -> bool:
        return self.sentence in claim.text

    def apply(self, claim: Claim) -> Claim:
        update: dict[str, Any] = {}
        if self.speaker_id is not None:
            update["speaker"] = claim.speaker.model_copy(
                update={"id": self.speaker_id, "name": self.speaker_name or claim.speaker.name}
            )
        if self.stance is not None:
            update["stance"] = self.stance
        known = {c.key for c in claim.conditions}
        extra = [c for c in self.add_conditions if c.key not in known]
        if extra:
            update["conditions"] = [*claim.conditions, *extra]
        return claim.model_copy(update=update)


def corrected_extractor(corrections: Iterable[Correction]) -> Any:
    """Extraction with the given corrections applied to the claims they name."""
    fixes = list(corrections)

    def extract(article: Article, resources: EngineResources | None) -> list[Claim]:
        claims = []
        for claim in extract_claims(article, resources):
            for fix in fixes:
                if fix.applies_to(claim):
                    claim = fix.apply(claim)
            claims.append(claim)
        return claims

    return extract


def run(
    scenario: str, names: Sequence[str] | None = None, corrections: Iterable[Correction] = ()
) -> Analysis:
    """Analyze the scenario's articles (in the given order), optionally with corrected extraction."""
    fixes = list(corrections)
    extractor = corrected_extractor(fixes) if fixes else None
    return analyze(read_scenario(scenario, names), detected_at=DETECTED_AT, extractor=extractor)


def of_kind(alerts: Iterable[Alert], kind: AlertKind) -> list[Alert]:
    """The alerts of one kind."""
    return [a for a in alerts if a.kind is kind]


def sources(alert: Alert) -> set[str]:
    """The outlets an alert's evidence comes from."""
    return {e.source for e in alert.evidence}


def describe(alerts: Iterable[Alert]) -> list[str]:
    """One line per alert, for assertion messages."""
    return [f"{a.kind.value}/{a.severity.value} {a.actors}: {a.summary}" for a in alerts]
