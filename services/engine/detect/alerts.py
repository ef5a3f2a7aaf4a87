"""Building blocks shared by the alert rules: ids, evidence, severity and readable names."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from schemas import AlertKind, Attribution, Claim, Evidence, Severity

# Below this extraction confidence a claim is weak evidence, like a hedged one.
WEAK_CONFIDENCE = 0.5
MAX_EVIDENCE_PER_SIDE = 3


def alert_id(kind: AlertKind, *parts: str) -> str:
    """Deterministic id: the same kind and parts give the same id on any replica, in any order."""
    digest = hashlib.sha256("\x1f".join((kind.value, *parts)).encode("utf-8")).hexdigest()[:24]
    return f"{kind.value}:{digest}"


def is_weak(claim: Claim) -> bool:
    """True for hedged, anonymous or low-confidence evidence."""
    return (
        claim.hedged
        or claim.attribution is Attribution.anonymous_source
        or claim.confidence < WEAK_CONFIDENCE
    )


def weakened(severity: Severity, sides: Iterable[Sequence[Claim]]) -> Severity:
    """One step lower when any side of the alert rests only on weak evidence."""
    if any(side and all(is_weak(c) for c in side) for side in sides):
        return [Severity.low, Severity.low, Severity.medium][severity.rank]
    return severity


def evidence(claims: Iterable[Claim]) -> list[Evidence]:
    """The evidence list of an alert: each claim once, in the given order."""
    seen: set[str] = set()
    out: list[Evidence] = []
    for claim in claims:
        if claim.claim_id not in seen:
            seen.add(claim.claim_id)
            out.append(
                Evidence(claim_id=claim.claim_id, source=claim.source, text=claim.text, quote=claim.quote)
            )
    return out


def unique_claims(claims: Iterable[Claim]) -> list[Claim]:
    """Claims without repeats, first occurrence kept."""
    seen: set[str] = set()
    out = []
    for claim in claims:
        if claim.claim_id not in seen:
            seen.add(claim.claim_id)
            out.append(claim)
    return out


def join_names(names: Iterable[str]) -> str:
    """'A', 'A and B', 'A, B and C': distinct names in the order given."""
    distinct = list(dict.fromkeys(n for n in names if n))
    if len(distinct) <= 1:
        return distinct[0] if distinct else "an unnamed outlet"
    return ", ".join(distinct[:-1]) + " and " + distinct[-1]


def sources_of(claims: Iterable[Claim]) -> str:
    """The outlets behind some claims, as a readable list."""
    return join_names(sorted({c.source for c in claims}))


def actors_of(claims: Iterable[Claim]) -> list[str]:
    """Speaker ids, sorted and distinct."""
    return sorted({c.speaker.id for c in claims})


def parties_of(claims: Iterable[Claim]) -> list[str]:
    """Known parties, sorted and distinct."""
    return sorted({c.speaker.party for c in claims if c.speaker.party and c.speaker.party != "unknown"})


def short(text: str, limit: int = 140) -> str:
    """`text` cut to `limit` characters at a word boundary, marked with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def topic_label(value: str) -> str:
    """A topic as words ('security_guarantees' -> 'security guarantees')."""
    return value.replace("_", " ")
