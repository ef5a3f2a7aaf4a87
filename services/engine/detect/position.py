"""position_change: an actor's position differing from its earlier one, in the order it was said.

A *subject* is what a position is about: a topic (with a stance that takes part in a change
rule, e.g. support or oppose) or a condition object (with the condition kinds held on it).
For each subject, an actor's claims are ordered by when they were said (``timing``); each
claim is compared with its latest predecessors, and a claim arriving late is also compared
with the later claims it now immediately precedes.  Claims whose order is not certain are
never called a change; claims that report the same statement (``clustering``) are skipped.

When different outlets report conflicting positions of one actor for the same days, that is
not a change but a contradiction between the reports (incompatible facts).

An article may itself report a change ("marks a shift from the US position in August 2024"):
the claim's ``reported_change`` raises a position_change on its own.

Ids are built from the actor, the subject, the two positions and the two days, so several
outlets reporting either statement raise one alert.  Order dependence: when a statement that
was said between two known ones arrives after them, the alert already sent for the older pair
stays, and the new neighbours may add one.  Arrival in said order gives exactly one alert per
change.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType

from schemas import Alert, AlertKind, Claim, Severity, Stance
from services.engine.detect.alerts import (
    alert_id,
    evidence,
    is_weak,
    parties_of,
    short,
    topic_label,
    weakened,
)
from services.engine.detect.cache import ClaimMemo
from services.engine.detect.clustering import same_statement
from services.engine.detect.contradiction import held_kinds
from services.engine.detect.rules import DetectionRules
from services.engine.detect.timing import SaidWindow, anchor_day, claim_window, said_before, windows_overlap


@dataclass(frozen=True)
class Subject:
    """What a position is about: ('topic', 'negotiations') or ('condition', 'kursk')."""

    kind: str
    name: str


def positions(claim: Claim, rules: DetectionRules) -> dict[Subject, frozenset[str]]:
    """Subject -> the position `claim` takes on it (a stance, or the condition kinds held)."""
    held: dict[Subject, frozenset[str]] = {}
    changing = {stance for pair in rules.stance_changes for stance in pair}
    changing |= {stance for pair in rules.stance_conflicts for stance in pair}
    if claim.stance in changing:
        held[Subject("topic", claim.topic.value)] = frozenset((claim.stance.value,))
    for obj, kinds in held_kinds(claim, rules).items():
        held[Subject("condition", obj)] = kinds
    return held


def _read_only_positions(claim: Claim, rules: DetectionRules) -> Mapping[Subject, frozenset[str]]:
    return MappingProxyType(positions(claim, rules))


held_positions: ClaimMemo[Mapping[Subject, frozenset[str]]] = ClaimMemo(_read_only_positions)
"""``positions(claim, rules)``, read-only and remembered per claim."""


def _conflict(
    subject: Subject, a: frozenset[str], b: frozenset[str], rules: DetectionRules, over_time: bool
) -> Severity | None:
    """Severity of holding `a` and then (or at once) `b` on `subject`, None if compatible."""
    found: list[Severity] = []
    for x in sorted(a):
        for y in sorted(b):
            if subject.kind == "topic":
                judge = rules.stance_change if over_time else rules.stance_conflict
                severity = judge(Stance(x), Stance(y))
            else:
                conflict = rules.condition_conflict(x, y)
                severity = conflict.severity if conflict else None
            if severity is not None:
                found.append(severity)
    return max(found, key=lambda s: s.rank) if found else None


def position_alerts(
    claim: Claim, peers: Sequence[Claim], detected_at: datetime, rules: DetectionRules
) -> list[Alert]:
    """Position changes and incompatible reports involving `claim`, plus any change it reports."""
    alerts: dict[str, Alert] = {}
    if claim.reported_change:
        reported = _reported_change(claim, detected_at)
        alerts[reported.alert_id] = reported
    mine = held_positions(claim, rules)
    if not mine:
        return list(alerts.values())
    # A peer holding nothing on `claim`'s subjects is never compared: skip the costlier
    # same-statement test for it.
    speaker = claim.speaker.id
    others = [
        (p, pos)
        for p in peers
        if p.speaker.id == speaker
        and not mine.keys().isdisjoint(pos := held_positions(p, rules))
        and not same_statement(claim, p, rules)
    ]
    for subject, held in mine.items():
        related = [(p, pos[subject]) for p, pos in others if subject in pos]
        for alert in [
            *_incompatible_reports(claim, held, subject, related, detected_at, rules),
            *_changes(claim, held, subject, related, detected_at, rules),
        ]:
            alerts.setdefault(alert.alert_id, alert)
    return list(alerts.values())


def _window(claim: Claim, rules: DetectionRules) -> SaidWindow | None:
    return claim_window(claim, rules)


def _latest_before(
    target: SaidWindow, known: Sequence[tuple[Claim, frozenset[str], SaidWindow]]
) -> list[str]:
    """Claim ids of the latest statements certainly said before `target`."""
    earlier = [(c, w) for c, _, w in known if said_before(w, target)]
    if not earlier:
        return []
    last = max(w.latest for _, w in earlier)
    return [c.claim_id for c, w in earlier if w.latest == last]


def _last_day_before(days: Sequence[date], target: SaidWindow) -> date | None:
    """The latest of the sorted `days` certainly before `target` (None when there is none)."""
    index = bisect_left(days, target.earliest)
    return days[index - 1] if index else None


def _changes(
    claim: Claim,
    held: frozenset[str],
    subject: Subject,
    related: Sequence[tuple[Claim, frozenset[str]]],
    detected_at: datetime,
    rules: DetectionRules,
) -> list[Alert]:
    mine = _window(claim, rules)
    if mine is None:
        return []
    known = [(p, pos, w) for p, pos in related if (w := _window(p, rules)) is not None]
    known.append((claim, held, mine))
    alerts = []
    predecessors = set(_latest_before(mine, known))
    # `claim` is among `_latest_before(window, known)` exactly when its last day is the latest
    # day before `window`: looked up in the sorted days rather than rescanning `known` per peer.
    days = sorted(w.latest for _, _, w in known)
    own_days = {w.latest for c, _, w in known if c.claim_id == claim.claim_id}
    for peer, pos, window in known:
        if peer.claim_id in predecessors:
            pair = ((peer, pos), (claim, held))
        elif said_before(mine, window) and _last_day_before(days, window) in own_days:
            pair = ((claim, held), (peer, pos))
        else:
            continue
        severity = _conflict(subject, pair[0][1], pair[1][1], rules, over_time=True)
        if severity is not None:
            alerts.append(_change_alert(subject, pair[0], pair[1], severity, detected_at, rules))
    return alerts


def _incompatible_reports(
    claim: Claim,
    held: frozenset[str],
    subject: Subject,
    related: Sequence[tuple[Claim, frozenset[str]]],
    detected_at: datetime,
    rules: DetectionRules,
) -> list[Alert]:
    mine = _window(claim, rules)
    if mine is None:
        return []
    alerts = []
    for peer, pos in related:
        window = _window(peer, rules)
        if peer.source == claim.source or window is None or not windows_overlap(mine, window):
            continue
        severity = _conflict(subject, held, pos, rules, over_time=False)
        if severity is None:
            continue
        first, second = sorted(((claim, held), (peer, pos)), key=lambda cp: cp[0].claim_id)
        days = [d for d in (anchor_day(claim), anchor_day(peer)) if d is not None]
        identifier = alert_id(
            AlertKind.contradiction,
            "reports",
            claim.speaker.id,
            subject.kind,
            subject.name,
            *sorted(("+".join(sorted(held)), "+".join(sorted(pos)))),
            min(days).isoformat(),
        )
        name = claim.speaker.name
        summary = (
            f"{first[0].source} reports that {name} {_position_words(subject, first[1], rules)}, while "
            f"{second[0].source} reports that {name} {_position_words(subject, second[1], rules)}, "
            "for the same days: both cannot be right."
        )
        alerts.append(
            Alert(
                alert_id=identifier,
                kind=AlertKind.contradiction,
                severity=weakened(severity, ([first[0]], [second[0]])),
                topic=claim.topic,
                actors=[claim.speaker.id],
                parties=parties_of([claim]),
                claim_ids=[first[0].claim_id, second[0].claim_id],
                summary=summary,
                evidence=evidence([first[0], second[0]]),
                detected_at=detected_at,
            )
        )
    return alerts


def _position_words(subject: Subject, held: frozenset[str], rules: DetectionRules) -> str:
    """A verb phrase for holding `held` on `subject` ('takes an oppose stance on negotiations')."""
    if subject.kind == "topic":
        stances = "/".join(sorted(held))
        article = "an" if stances[:1] in "aeiou" else "a"
        return f"takes {article} {stances} stance on {topic_label(subject.name)}"
    return " and ".join(rules.condition_phrase(kind, subject.name) for kind in sorted(held))


# A quote shorter than this is a fragment (a headline's scare quote): the sentence reads better.
MIN_SHOWN_QUOTE_WORDS = 5


def _said(claim: Claim) -> str:
    day = anchor_day(claim)
    quote = claim.quote or ""
    words = quote if len(quote.split()) >= MIN_SHOWN_QUOTE_WORDS else claim.text
    # Inner double quotes become single ones, so the shown words nest in the summary's quotes.
    shown = short(words, 100).replace('"', "'")
    return f'{day.isoformat() if day else "undated"}, {claim.source}: "{shown}"'


def _change_alert(
    subject: Subject,
    earlier: tuple[Claim, frozenset[str]],
    later: tuple[Claim, frozenset[str]],
    severity: Severity,
    detected_at: datetime,
    rules: DetectionRules,
) -> Alert:
    (before, before_pos), (after, after_pos) = earlier, later
    day_before, day_after = anchor_day(before), anchor_day(after)
    identifier = alert_id(
        AlertKind.position_change,
        after.speaker.id,
        subject.kind,
        subject.name,
        "+".join(sorted(before_pos)),
        "+".join(sorted(after_pos)),
        day_before.isoformat() if day_before else "undated",
        day_after.isoformat() if day_after else "undated",
    )
    if subject.kind == "topic":
        change = (
            f"moved from {'/'.join(sorted(before_pos))} to {'/'.join(sorted(after_pos))} "
            f"on {topic_label(subject.name)}"
        )
    else:
        then = " and ".join(rules.condition_phrase(k, subject.name) for k in sorted(before_pos))
        now = " and ".join(rules.condition_phrase(k, subject.name) for k in sorted(after_pos))
        change = f"first {then}, later {now}"
    summary = f"{after.speaker.name} {change}: earlier ({_said(before)}), later ({_said(after)})."
    return Alert(
        alert_id=identifier,
        kind=AlertKind.position_change,
        severity=weakened(severity, ([before], [after])),
        topic=after.topic,
        actors=[after.speaker.id],
        parties=parties_of([before, after]),
        claim_ids=[before.claim_id, after.claim_id],
        summary=summary,
        evidence=evidence([before, after]),
        detected_at=detected_at,
    )


def _reported_change(claim: Claim, detected_at: datetime) -> Alert:
    day = anchor_day(claim)
    stance = "" if claim.stance is Stance.neutral else f" {claim.stance.value}"
    identifier = alert_id(
        AlertKind.position_change,
        "reported",
        claim.speaker.id,
        claim.topic.value,
        day.isoformat() if day else "undated",
    )
    summary = (
        f"{claim.source} reports that {claim.speaker.name}'s{stance} position on "
        f"{topic_label(claim.topic.value)} is a change: "
        f'"{short(claim.reported_change or "", 160)}".'
    )
    return Alert(
        alert_id=identifier,
        kind=AlertKind.position_change,
        severity=Severity.low if is_weak(claim) else Severity.medium,
        topic=claim.topic,
        actors=[claim.speaker.id],
        parties=parties_of([claim]),
        claim_ids=[claim.claim_id],
        summary=summary,
        evidence=evidence([claim]),
        detected_at=detected_at,
    )
