"""contradiction: parties whose positions on one condition cannot both hold.

Two claims name the same condition object (``withdrawal:kursk`` and ``leverage:kursk`` both
concern Kursk) with kinds that ``conflicts.yaml`` lists as conflicting, or a kind and its
negation (``recognition:crimea`` vs ``not:recognition:crimea``).  Between two parties this is
a contradiction with the rule's severity (high for a precondition for talks); between two
speakers of one party it is a mixed signal, raised only when different outlets report both at
the same time.  One speaker's own conflicting positions are left to ``position`` (a change
over time, or outlets reporting incompatible facts).

The alert id is built from the object and the (party, kind) of each side, so the many claims
of one side against the many of the other raise one alert, whatever the order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from types import MappingProxyType

from schemas import Alert, AlertKind, Claim, Severity
from services.engine.detect.alerts import (
    MAX_EVIDENCE_PER_SIDE,
    alert_id,
    evidence,
    join_names,
    parties_of,
    short,
    sources_of,
    topic_label,
    weakened,
)
from services.engine.detect.cache import ClaimMemo
from services.engine.detect.rules import ConditionConflict, ConditionKey, DetectionRules
from services.engine.detect.timing import anchor_day, claim_window, days_apart, windows_overlap

UNKNOWN_PARTY = "unknown"


def condition_kinds(claim: Claim) -> dict[str, set[str]]:
    """Condition object -> the kinds `claim` holds on it."""
    kinds: dict[str, set[str]] = {}
    for condition in claim.conditions:
        key = ConditionKey.parse(condition.key)
        kinds.setdefault(key.object, set()).add(key.kind)
    return kinds


def _frozen_kinds(claim: Claim, _rules: DetectionRules) -> Mapping[str, frozenset[str]]:
    return MappingProxyType({obj: frozenset(kinds) for obj, kinds in condition_kinds(claim).items()})


held_kinds: ClaimMemo[Mapping[str, frozenset[str]]] = ClaimMemo(_frozen_kinds)
"""``condition_kinds(claim)``, read-only and remembered per claim (the rules do not matter)."""


def condition_text(claim: Claim, obj: str, kind: str) -> str:
    """The words of `claim`'s condition of `kind` on `obj`, as the article wrote them."""
    for condition in claim.conditions:
        key = ConditionKey.parse(condition.key)
        if key.object == obj and key.kind == kind:
            return condition.text
    return ""


def _known_party(claim: Claim) -> bool:
    return bool(claim.speaker.party) and claim.speaker.party != UNKNOWN_PARTY


def _close_enough(a: Claim, b: Claim, rules: DetectionRules) -> bool:
    window_a = claim_window(a, rules)
    window_b = claim_window(b, rules)
    if window_a is None or window_b is None:
        return True
    return days_apart(window_a, window_b) <= rules.contradiction_window_days


def _reported_together(a: Claim, b: Claim, rules: DetectionRules) -> bool:
    """Different outlets, overlapping days: two reports of how things stand at one time."""
    window_a = claim_window(a, rules)
    window_b = claim_window(b, rules)
    if a.source == b.source or window_a is None or window_b is None:
        return False
    return windows_overlap(window_a, window_b)


def condition_contradictions(
    claim: Claim, peers: Sequence[Claim], detected_at: datetime, rules: DetectionRules
) -> list[Alert]:
    """Alerts for other speakers' positions on `claim`'s condition objects that conflict with it."""
    if not _known_party(claim):
        return []
    mine = held_kinds(claim, rules)
    if not mine:
        return []  # no condition of its own: nothing for another position to conflict with
    alerts: dict[str, Alert] = {}
    for peer in peers:
        if (
            peer.speaker.id == claim.speaker.id
            or mine.keys().isdisjoint(held_kinds(peer, rules))  # no object in common: no conflict
            or not _known_party(peer)
            or not _close_enough(claim, peer, rules)
        ):
            continue
        same_party = peer.speaker.party == claim.speaker.party
        if same_party and not _reported_together(claim, peer, rules):
            continue
        for obj, their_kinds in held_kinds(peer, rules).items():
            for kind in sorted(mine.get(obj, ())):
                for their_kind in sorted(their_kinds):
                    conflict = rules.condition_conflict(kind, their_kind)
                    if conflict is None:
                        continue
                    if same_party:
                        holders = (f"{claim.speaker.id}={kind}", f"{peer.speaker.id}={their_kind}")
                        scope: tuple[str, ...] = ("party", claim.speaker.party)
                    else:
                        holders = (f"{claim.speaker.party}={kind}", f"{peer.speaker.party}={their_kind}")
                        scope = ("parties",)
                    identifier = alert_id(AlertKind.contradiction, *scope, obj, *sorted(holders))
                    if identifier not in alerts:
                        alerts[identifier] = _alert(
                            identifier,
                            conflict,
                            obj,
                            (claim, kind),
                            (peer, their_kind),
                            [claim, *peers],
                            same_party,
                            detected_at,
                            rules,
                        )
    return list(alerts.values())


def _side(
    anchor: Claim, kind: str, obj: str, known: Sequence[Claim], by_speaker: bool, rules: DetectionRules
) -> list[Claim]:
    """The claims standing with `anchor`: same party (or speaker), same kind on the object."""
    side = [anchor]
    for other in known:
        if other.claim_id == anchor.claim_id:
            continue
        same_holder = (
            other.speaker.id == anchor.speaker.id
            if by_speaker
            else (other.speaker.party == anchor.speaker.party)
        )
        if same_holder and kind in held_kinds(other, rules).get(obj, ()):
            side.append(other)
    # Best evidence first: a confident body sentence reads better than a terse headline.
    side.sort(key=lambda c: (-c.confidence, c.claim_id))
    return side[:MAX_EVIDENCE_PER_SIDE]


def _describe(side: list[Claim], kind: str, obj: str, rules: DetectionRules) -> str:
    who = join_names(sorted({c.speaker.name for c in side}))
    words = condition_text(side[0], obj, kind)
    said = f' ("{short(words, 100)}")' if words else ""
    return (
        f"{who} ({side[0].speaker.party}, per {sources_of(side)}) {rules.condition_phrase(kind, obj)}{said}"
    )


def _alert(
    identifier: str,
    conflict: ConditionConflict,
    obj: str,
    mine: tuple[Claim, str],
    theirs: tuple[Claim, str],
    known: Sequence[Claim],
    same_party: bool,
    detected_at: datetime,
    rules: DetectionRules,
) -> Alert:
    side_1 = _side(mine[0], mine[1], obj, known, same_party, rules)
    side_2 = _side(theirs[0], theirs[1], obj, known, same_party, rules)
    sides = [(side_1, mine[1]), (side_2, theirs[1])]
    # The side that spoke first reads first; undated sides last, then by party for stability.
    sides.sort(
        key=lambda s: (min((anchor_day(c) or datetime.max.date()) for c in s[0]), s[0][0].speaker.party)
    )
    (first, first_kind), (second, second_kind) = sides
    base = Severity.medium if same_party else conflict.severity
    label = (
        "mixed signals from one party" if same_party else f"conflict on {topic_label(first[0].topic.value)}"
    )
    summary = (
        f"{_describe(first, first_kind, obj, rules)}, while {_describe(second, second_kind, obj, rules)}: "
        f"{label}, {conflict.reason}."
    )
    claims = [*first, *second]
    return Alert(
        alert_id=identifier,
        kind=AlertKind.contradiction,
        severity=weakened(base, (first, second)),
        topic=first[0].topic,
        actors=sorted({c.speaker.id for c in claims}),
        parties=parties_of(claims),
        claim_ids=[c.claim_id for c in claims],
        summary=summary,
        evidence=evidence(claims),
        detected_at=detected_at,
    )
