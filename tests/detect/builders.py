"""Hand-built claims for the detector tests: every field explicit where a rule reads it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from schemas import Alert, AlertKind, Attribution, Claim, Condition, Speaker, Stance, Topic
from services.engine.detect.detector import Detector

DETECTED_AT = datetime(2026, 1, 1, tzinfo=UTC)

SPEAKERS = {
    "rivera": Speaker(id="maria-rivera", name="Maria Rivera", party="AR"),
    "okafor": Speaker(id="daniel-okafor", name="Daniel Okafor", party="BL"),
    "council": Speaker(id="blue-council", name="the Blue Council", party="BL"),
    "stranger": Speaker(id="sam-doe", name="Sam Doe", party="unknown"),
    "peskov": Speaker(id="dmitry-peskov", name="Dmitry Peskov", party="RU"),
    "kyiv": Speaker(id="ukraine-government", name="Ukrainian government", party="UA"),
}


def make_claim(
    claim_id: str,
    *,
    speaker: str = "rivera",
    article: str | None = None,
    source: str | None = None,
    quote: str | None = None,
    text: str | None = None,
    topic: Topic = Topic.negotiations,
    stance: Stance = Stance.neutral,
    conditions: tuple[tuple[str, str], ...] = (),
    said_at: date | None = None,
    published_at: date | None = None,
    attribution: Attribution | None = None,
    hedged: bool = False,
    reported_change: str | None = None,
    confidence: float = 0.9,
) -> Claim:
    """A claim; article and source default to ones derived from the claim id."""
    article = article or f"article-{claim_id}"
    published = (
        datetime(published_at.year, published_at.month, published_at.day, 9, tzinfo=UTC)
        if (published_at)
        else None
    )
    return Claim(
        claim_id=claim_id,
        article_id=article,
        source=source or f"Outlet {claim_id}",
        published_at=published,
        said_at=said_at,
        speaker=SPEAKERS[speaker],
        topic=topic,
        stance=stance,
        conditions=[Condition(text=t, key=k) for k, t in conditions],
        quote=quote,
        text=text or (f'"{quote}," {SPEAKERS[speaker].name} said.' if quote else "A statement."),
        span=(0, 10),
        attribution=attribution or (Attribution.direct_quote if quote else Attribution.reported),
        hedged=hedged,
        reported_change=reported_change,
        confidence=confidence,
    )


def detect_all(claims: list[Claim]) -> list[Alert]:
    """Feed `claims` in order to a fresh in-memory detector; every alert it emits."""
    detector = Detector(clock=lambda: DETECTED_AT)
    return [alert for claim in claims for alert in detector.observe(claim)]


def detect_by_article(claims: list[Claim]) -> list[Alert]:
    """Like ``detect_all``, but each run of claims of one article is observed together, as `analyze` does."""
    detector = Detector(clock=lambda: DETECTED_AT)
    runs: list[list[Claim]] = []
    for claim in claims:
        if runs and runs[-1][0].article_id == claim.article_id:
            runs[-1].append(claim)
        else:
            runs.append([claim])
    return [alert for run in runs for alert in detector.observe_many(run)]


def of_kind(alerts: list[Alert], kind: AlertKind) -> list[Alert]:
    """The alerts of one kind."""
    return [a for a in alerts if a.kind is kind]


def truce_claim(
    claim_id: str,
    speaker: str,
    said_at: date | None,
    stance: Stance,
    text: str,
    *,
    published_at: date | None = None,
    attribution: Attribution | None = None,
) -> Claim:
    """A party's stance on a truce (topic ceasefire), with the sentence that takes it."""
    return make_claim(
        claim_id,
        speaker=speaker,
        said_at=said_at,
        published_at=published_at,
        topic=Topic.ceasefire,
        stance=stance,
        text=text,
        attribution=attribution,
    )
