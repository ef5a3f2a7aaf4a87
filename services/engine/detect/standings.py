"""contradiction between parties: what each actor holds on one condition object, and conflicts.

Every actor's condition kinds on an object (``withdrawal`` on ``kursk``) are kept as a
*stand*: the first and last day it was said, the actor's party, whether any report of it is
strong evidence, a few sources, and one claim as evidence (the most confident, then the
smallest claim id).  There
is one stand per (object, actor, kind), so the stands of an object grow with the actors
speaking on it, never with the claims.  A new claim is compared with the other actors'
stands on its objects: kinds the ontology in ``conflicts.yaml`` says rule each other out
(or a kind and its negation), within ``contradiction_window_days`` of each other, are

- between two parties: a ``contradiction`` with the rule's severity;
- between two speakers of one party, reported by different outlets for the same days: a
  ``mixed_signals`` alert, one step lower and never above medium.

One speaker's own conflicting positions are the ledger's (``changes``).  The alert id is
built from the object and the (party, kind) of each side (the (speaker, kind) for one
party), so the many claims of one side against the many of the other raise one alert,
whatever the order.  On a whole issue (``@topic:...``) only the two parties name it: one
backing while the other rejects, and the reverse, are one quarrel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from schemas import Alert, AlertKind, Claim, Severity
from services.engine.detect.alerts import (
    MAX_EVIDENCE_PER_SIDE,
    alert_id,
    evidence,
    is_weak,
    join_names,
    parties_of,
    short,
    sources_of,
    topic_label,
)
from services.engine.detect.contradiction import SCOPE_SEPARATOR, condition_text, held_kinds
from services.engine.detect.issues import Issue, calls_a_go_between, held_positions, position_words
from services.engine.detect.ledger import MAX_LISTED, ShownEvidence, evidence_rank
from services.engine.detect.rules import NEGATED_PREFIX, ConditionConflict, DetectionRules
from services.engine.detect.subjects import same_subject
from services.engine.detect.timing import anchor_day, claim_window, names_another_time

UNKNOWN_PARTY = "unknown"
# Objects naming a whole issue ('@topic:negotiations') rather than a condition object.
ISSUE_MARK = "@"


@dataclass(frozen=True)
class Stand(ShownEvidence):
    """One actor holding one condition kind on one object, over a span of days."""

    object: str
    actor: str
    kind: str
    party: str
    first: date | None
    last: date | None
    strong: bool
    sources: tuple[str, ...]
    shown: Claim | str = field(compare=False)

    @property
    def member(self) -> str:
        """The stand's name within its object: '<actor>|<kind>'."""
        return f"{self.actor}|{self.kind}"


def stands_for(claim: Claim, rules: DetectionRules) -> list[Stand]:
    """The stands `claim` takes: one per condition kind it holds (none for an unknown party).

    A background sentence ("in 2018, the president walked out of the deal", dated only by a
    later publication) takes none, as it takes no place in the ledger: its day is not known.
    """
    if not _known(claim.speaker.party) or names_another_time(claim, rules):
        return []
    day = anchor_day(claim)
    held = [(obj, kind) for obj, kinds in sorted(held_kinds(claim, rules).items()) for kind in sorted(kinds)]
    # Whole issues parties may be at odds on (party_issue_conflicts): '@<issue key>' objects.
    kinds_with_rules = {c.issue for c in rules.party_issue_conflicts}
    for issue, position in sorted(held_positions(claim, rules).items()):
        if issue.kind in kinds_with_rules:
            held.append((ISSUE_MARK + issue.key, position))
    return [
        Stand(
            object=obj,
            actor=claim.speaker.id,
            kind=kind,
            party=claim.speaker.party,
            first=day,
            last=day,
            strong=not is_weak(claim),
            sources=(claim.source,),
            shown=claim,
        )
        for obj, kind in held
    ]


def _names_no_place(stand: Stand) -> bool:
    """True for a kind held on no object of its own ('prisoner_exchange', not 'withdrawal:kursk')."""
    return stand.object == stand.kind.removeprefix(NEGATED_PREFIX).split(SCOPE_SEPARATOR)[0]


def _issue_of(obj: str) -> Issue | None:
    return Issue.parse(obj[len(ISSUE_MARK) :]) if obj.startswith(ISSUE_MARK) else None


def merged_stand(stand: Stand, new: Stand) -> Stand:
    """`stand` with `new` (same object, actor and kind) counted in (the Redis script does the same)."""
    days = [d for d in (stand.first, stand.last, new.first, new.last) if d is not None]
    return replace(
        stand,
        party=new.party,
        first=min(days) if days else None,
        last=max(days) if days else None,
        strong=stand.strong or new.strong,
        sources=tuple(sorted({*stand.sources, *new.sources}))[:MAX_LISTED],
        shown=new.shown if evidence_rank(new.evidence) < evidence_rank(stand.evidence) else stand.shown,
    )


def _known(party: str) -> bool:
    return bool(party) and party != UNKNOWN_PARTY


def _close_enough(claim: Claim, other: Stand, rules: DetectionRules) -> bool:
    day = anchor_day(claim)
    if day is None or other.first is None or other.last is None:
        return True
    return _within(claim, other, rules.contradiction_window_days)


def _within(claim: Claim, other: Stand, days: int) -> bool:
    """True when `claim` was said within `days` of the stand's span (both dated)."""
    day = anchor_day(claim)
    if day is None or other.first is None or other.last is None:
        return False
    window = timedelta(days=days)
    return other.first - window <= day <= other.last + window


def _reported_together(claim: Claim, other: Stand, rules: DetectionRules) -> bool:
    """Different outlets, overlapping days: two reports of how things stand at one time."""
    window = claim_window(claim, rules)
    if window is None or other.first is None or other.last is None or set(other.sources) <= {claim.source}:
        return False
    lag = timedelta(days=rules.report_lag_days)
    return other.first - lag <= window.latest and window.earliest <= other.last


def stand_alerts(
    claim: Claim, mine: Stand, others: Sequence[Stand], detected_at: datetime, rules: DetectionRules
) -> list[Alert]:
    """Contradictions and mixed signals between `mine` (of `claim`) and other actors' stands."""
    alerts: dict[str, Alert] = {}
    for other in others:
        if other.object != mine.object or other.actor == mine.actor or not _known(other.party):
            continue
        issue = _issue_of(mine.object)
        same_party = other.party == mine.party
        conflict: ConditionConflict | None
        if issue is not None:
            # A whole issue: only between parties, only close in time, not to be outweighed by a
            # report of another topic's position.
            conflict = None if same_party else rules.party_issue_conflict(issue.kind, mine.kind, other.kind)
            if conflict is None or not _within(claim, other, conflict.window_days):
                continue
            if not (mine.strong and other.strong):
                continue  # hedged or anonymous on either side: too weak to set two parties at odds
            if not same_subject(claim, other.evidence, rules):
                continue  # two parties' stances on unrelated talks are no conflict
            if calls_a_go_between(claim, other.evidence.speaker, rules) or calls_a_go_between(
                other.evidence, claim.speaker, rules
            ):
                continue  # one side names the other as the mediator: no party to the quarrel
        else:
            conflict = rules.condition_conflict(mine.kind, other.kind)
            if conflict is None or not _close_enough(claim, other, rules):
                continue
            if _names_no_place(mine) and not same_subject(claim, other.evidence, rules):
                continue  # "a prisoner release" in two unrelated conflicts: no object ties them
        if same_party and not _reported_together(claim, other, rules):
            continue
        if same_party:
            holders = (f"{mine.actor}={mine.kind}", f"{other.actor}={other.kind}")
            kind = AlertKind.mixed_signals
            identifier = alert_id(kind, "party", mine.party, mine.object, *sorted(holders))
        elif issue is not None:
            # Parties at odds on a whole issue: one dispute whichever side backs and which rejects
            # (each reported both ways within days is the same quarrel, not two).
            kind = AlertKind.contradiction
            identifier = alert_id(kind, "parties", mine.object, *sorted((mine.party, other.party)))
        else:
            holders = (f"{mine.party}={mine.kind}", f"{other.party}={other.kind}")
            kind = AlertKind.contradiction
            identifier = alert_id(kind, "parties", mine.object, *sorted(holders))
        if identifier not in alerts:
            alerts[identifier] = _alert(identifier, kind, conflict, mine, other, others, detected_at, rules)
    return list(alerts.values())


def _side(anchor: Stand, known: Sequence[Stand], by_actor: bool) -> list[Stand]:
    """The stands with `anchor`: same party (or actor), same kind; best evidence first."""
    side = [anchor]
    for other in known:
        if other.member == anchor.member or other.kind != anchor.kind:
            continue
        if (other.actor == anchor.actor) if by_actor else (other.party == anchor.party):
            side.append(other)
    side[1:] = sorted(side[1:], key=lambda s: (-s.evidence.confidence, s.evidence.claim_id))
    return side[:MAX_EVIDENCE_PER_SIDE]


def _describe(side: list[Stand], rules: DetectionRules) -> str:
    first = side[0]
    claims = [s.evidence for s in side]
    who = join_names(sorted({c.speaker.name for c in claims}))
    issue = _issue_of(first.object)
    if issue is not None:
        words = first.evidence.quote or first.evidence.text
        phrase = position_words(issue, first.kind, rules)
    else:
        words = condition_text(first.evidence, first.object, first.kind)
        phrase = rules.condition_phrase(first.kind, first.object)
    said = f' ("{short(words, 100)}")' if words else ""
    return f"{who} ({first.party}, per {sources_of(claims)}) {phrase}{said}"


def _alert(
    identifier: str,
    kind: AlertKind,
    conflict: ConditionConflict,
    mine: Stand,
    theirs: Stand,
    known: Sequence[Stand],
    detected_at: datetime,
    rules: DetectionRules,
) -> Alert:
    same_party = kind is AlertKind.mixed_signals
    sides = [_side(mine, known, same_party), _side(theirs, known, same_party)]
    # The side that spoke first reads first; undated sides last, then by party for stability.
    sides.sort(key=lambda side: (min((s.first or date.max) for s in side), side[0].party, side[0].actor))
    first, second = sides
    if same_party:
        base = Severity.low if conflict.severity is not Severity.high else Severity.medium
        label = "mixed signals from one party"
    else:
        base = conflict.severity
        label = f"conflict on {topic_label(first[0].evidence.topic.value)}"
    if any(not any(s.strong for s in side) for side in sides):
        base = [Severity.low, Severity.low, Severity.medium][base.rank]
    summary = f"{_describe(first, rules)}, while {_describe(second, rules)}: {label}, {conflict.reason}."
    claims = [s.evidence for s in (*first, *second)]
    return Alert(
        alert_id=identifier,
        kind=kind,
        severity=base,
        topic=first[0].evidence.topic,
        actors=sorted({c.speaker.id for c in claims}),
        parties=parties_of(claims),
        claim_ids=list(dict.fromkeys(c.claim_id for c in claims)),
        summary=summary,
        evidence=evidence(claims),
        detected_at=detected_at,
    )


class InMemoryStandings:
    """Stands per condition object in a dict (for `analyze`)."""

    def __init__(self) -> None:
        self._objects: dict[str, dict[str, Stand]] = {}

    def file(self, stand: Stand) -> list[Stand]:
        """Merge `stand` into its object; return the object's stands as they were before, by name."""
        stands = self._objects.setdefault(stand.object, {})
        before = [stands[m] for m in sorted(stands)]
        current = stands.get(stand.member)
        stands[stand.member] = stand if current is None else merged_stand(current, stand)
        return before

    def objects(self) -> dict[str, list[Stand]]:
        """Every object with its stands, by name."""
        return {obj: [s[m] for m in sorted(s)] for obj, s in sorted(self._objects.items())}
