"""position_change: a new statement against the actor's standing position, in said order.

A claim is placed in its actor's ledger for each issue it takes a position on
(``ledger``).  Its *standing* predecessor is the entry (or entries) on the latest day
certainly before the claim's window, however long ago: when the two positions conflict over
time (``conflicts.yaml``), that is a change.  A claim arriving late, said before entries
already known, is placed in the past: it is compared with its own predecessor, and with the
entry it now immediately precedes, never with the present.  Entries whose order is not
certain are never called a change, nor are two reports of one statement (``clustering``).

Ids are built from the actor, the issue, the two positions and the day of the later one
("moved from oppose to support on 4 March"), so every outlet reporting either side, and a
late report that only lengthens the earlier position, raise one alert.  Order dependence:
when a statement said between two known ones arrives after them, the alert already sent for
the older pair stays, and the new neighbours may add one; arrival in said order gives
exactly one alert per change.

A stance on an issue that shares another's history (``history_issues``: a truce and the talks
on it) is filed in both: its own history judges it as ever, the shared one only against the
other issue's stances, and only when the two claims name the same talks (``subjects``).  In
the shared history the truce's stances count as its entries (the standing day, what is held
meanwhile), so a truce backed on the day the talks are rejected is mixed remarks there too.

A stance on talks (or on preconditions) held longer ago than ``stance_memory_days`` stands
only while the later claim does not name other things than the earlier (``subjects``): talks
months apart are as often another round, counterpart or deal.

Conflicting positions of one actor for the same days are no alert: two reports of one
statement read differently (the stance of a paraphrase is the reporter's reading), or two
remarks of one day (a denial and an offer in one communique), never an order in time.  Nor
is a move from such a day, or one whose later days still hold the earlier position: the
actor says both, and a restatement of the old stance beside a new remark is no change.  Only
what was filed before is known: the old position restated after the new one on its day,
arriving later, cannot take back an alert already sent.  An article may itself report a
change ("marks a shift"): the claim's ``reported_change`` raises a position_change on its own.

A claim nothing dates (no said_at, no publication) is news when it arrives: on conditions and
preconditions (terms its words state, not a stance read into them) it is judged against the
latest entries as the later statement, when both are strong and name the same talks, and is
never filed (no day to place it, so it is no earlier position for anything said after).  Its
alert id carries 'undated' for the later day, so a redelivery gives the same id while the
standing position is the same.  Positions of a state's government officials are also filed in
the government's history (``government``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

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
from services.engine.detect.clustering import same_statement
from services.engine.detect.government import government_name, government_of, is_government_history
from services.engine.detect.issues import Issue, kinds_of, position_conflict, position_words
from services.engine.detect.ledger import LedgerEntry, Mark, Placement
from services.engine.detect.rules import DetectionRules
from services.engine.detect.subjects import names_in_common, other_subjects
from services.engine.detect.timing import (
    anchor_day,
    claim_window,
    names_another_time,
    told_before,
    undated_background,
)


def marks_for(claim: Claim, positions: dict[Issue, str], rules: DetectionRules) -> list[Mark]:
    """What `claim` files in its actor's ledger: one mark per issue, none when nothing dates it.

    A claim dated only by its publication whose sentence names an earlier time, or recounts
    in the past perfect what the speaker had said, is background (``timing.names_another_time``,
    ``timing.told_before``): it has no place in the history either.
    """
    window = claim_window(claim, rules)
    day = anchor_day(claim)
    actors = [claim.speaker.id]
    government = government_of(claim, rules)
    if government is not None:
        actors.append(government)
    if window is None or day is None:
        return [] if undated_background(claim, rules) else _undated_marks(claim, actors, positions, rules)
    if names_another_time(claim, rules) or told_before(claim, rules):
        return []
    return [
        Mark(
            actor=actor,
            issue=history,
            position=position,
            day=day,
            exact=claim.said_at is not None,
            earliest=window.earliest,
            latest=window.latest,
            claim=claim,
        )
        for actor in actors
        for issue, position in sorted(positions.items())
        for history in _histories_of(issue, rules)
    ]


def _undated_marks(
    claim: Claim, actors: list[str], positions: dict[Issue, str], rules: DetectionRules
) -> list[Mark]:
    """Marks of a claim nothing dates: judged against the latest entries on arrival, never filed.

    Only on conditions and preconditions, terms the words state: a bare stance is the reporter's
    reading, and with no date two readings of one statement cannot be told from a change.
    """
    return [
        Mark(
            actor=actor,
            issue=history,
            position=position,
            day=date.max,
            exact=False,
            earliest=date.max,
            latest=date.max,
            claim=claim,
            undated=True,
        )
        for actor in actors
        for issue, position in sorted(positions.items())
        if issue.kind != "topic"
        for history in _histories_of(issue, rules)
    ]


def _histories_of(issue: Issue, rules: DetectionRules) -> list[Issue]:
    """The histories a position on `issue` is filed in: its own, and one it shares (``history_issues``)."""
    if issue.kind != "topic" or rules.history_issue(issue.name) == issue.name:
        return [issue]
    return [issue, Issue(issue.kind, rules.history_issue(issue.name))]


def _own_issue(claim: Claim, rules: DetectionRules) -> str:
    """The issue a claim's stance is about before histories are shared ('ceasefire')."""
    return rules.stance_issue(claim.topic.value)


def held_beside(mark: Mark, beside: Sequence[Mark]) -> set[str]:
    """Positions other claims of the mark's article take on its actor's issue, on its days."""
    return {
        other.position
        for other in beside
        if other.claim.claim_id != mark.claim.claim_id
        and other.actor == mark.actor
        and other.issue == mark.issue
        and mark.earliest <= other.day <= mark.latest
    }


def _entry_earliest(entry: LedgerEntry, rules: DetectionRules) -> date:
    return entry.day if entry.exact else entry.day - timedelta(days=rules.report_lag_days)


def change_alerts(
    mark: Mark,
    placement: Placement,
    detected_at: datetime,
    rules: DetectionRules,
    beside: Sequence[Mark] = (),
) -> list[Alert]:
    """Position changes and incompatible reports `mark` raises against its neighbourhood.

    `beside` are the marks the claim's own article files with it (``held_beside``): what the
    actor says there on the claim's days is held meanwhile too, filed before it or not yet.
    """
    claim = mark.claim
    alerts: list[Alert] = []
    # Positions the actor also holds on the claim's own days: what it still says then is not left.
    held_meanwhile = {e.position for e in placement.overlapping} | held_beside(mark, beside)
    if placement.before:
        standing_day = max(e.day for e in placement.before)
        standing = [e for e in placement.before if e.day == standing_day]
        # A standing day that held the claim's position too stood nowhere: mixed remarks, no move.
        mixed = any(e.position == mark.position for e in standing)
        for entry in [] if mixed else standing:
            if entry.position in held_meanwhile:
                continue  # still said on the claim's days: restated beside the new remark
            alerts.extend(
                _change(mark, entry.evidence, entry.position, claim, mark.position, rules, detected_at)
            )
    certain_after = [e for e in placement.after if _entry_earliest(e, rules) > mark.latest]
    if certain_after:
        next_day = min(e.day for e in certain_after)
        successors = [e for e in certain_after if e.day == next_day]
        first_earliest = min(_entry_earliest(e, rules) for e in successors)
        between = [
            e
            for e in (*placement.overlapping, *placement.after)
            if mark.day < e.day and e.day < first_earliest and e not in successors
        ]
        # A next day that holds the claim's position again, or claim's days that already hold the
        # next day's position, are mixed remarks, not a move.
        if not between and all(e.position != mark.position for e in successors):
            for entry in (e for e in successors if e.position not in held_meanwhile):
                alerts.extend(
                    _change(mark, claim, mark.position, entry.evidence, entry.position, rules, detected_at)
                )
    return alerts


def _change(
    mark: Mark,
    before: Claim,
    before_position: str,
    after: Claim,
    after_position: str,
    rules: DetectionRules,
    detected_at: datetime,
) -> list[Alert]:
    issue = mark.issue
    severity = position_conflict(issue, before_position, after_position, rules, over_time=True)
    if severity is None or _forgotten(issue, before, after, rules) or same_statement(before, after, rules):
        return []
    if is_government_history(mark.actor) and not _officials_changed(before, after, rules):
        return []
    if mark.undated and not _news_on_arrival(before, after, rules):
        return []
    if issue.kind == "topic" and issue.name not in (_own_issue(before, rules), _own_issue(after, rules)):
        return []  # two stances filed in a history they share: judged in their own one
    if _across_issues(issue, before, after, rules) and not names_in_common(before, after, rules):
        return []  # a truce and talks that share a history, but not these talks
    return [
        _change_alert(
            mark.actor,
            issue,
            (before, before_position),
            (after, after_position),
            severity,
            detected_at,
            rules,
        )
    ]


def _news_on_arrival(before: Claim, after: Claim, rules: DetectionRules) -> bool:
    """True when an undated claim may stand as a move from the latest position: both strong, same talks.

    With no date, nothing but its arrival places it after the standing position, nor tells
    another round or counterpart apart: only strong evidence on the same talks is a change.
    """
    return not is_weak(before) and not is_weak(after) and not other_subjects(before, after, rules)


def _officials_changed(before: Claim, after: Claim, rules: DetectionRules) -> bool:
    """True when a government's move is between two of its officials, both strong, on the same talks.

    One official's own move is his history's alert; a hedged or anonymous report, or two
    officials naming different things, is no sign the government as a whole changed course.
    """
    return (
        before.speaker.id != after.speaker.id
        and not is_weak(before)
        and not is_weak(after)
        and not other_subjects(before, after, rules)
    )


def _across_issues(issue: Issue, before: Claim, after: Claim, rules: DetectionRules) -> bool:
    """True when two stances filed in one shared history are about two issues (truce, talks)."""
    return issue.kind == "topic" and _own_issue(before, rules) != _own_issue(after, rules)


def _forgotten(issue: Issue, before: Claim, after: Claim, rules: DetectionRules) -> bool:
    """True when a stance said long before the later one concerns, by its names, something else.

    Within ``stance_memory_days`` the earlier stance stands; beyond it, only when the two claims
    do not name two different sets of things (another counterpart, another deal).  Condition
    objects tie two claims together by themselves.
    """
    if issue.kind == "condition" or not rules.stance_memory_days:
        return False
    first, last = anchor_day(before), anchor_day(after)
    if first is None or last is None or (last - first).days <= rules.stance_memory_days:
        return False
    return other_subjects(before, after, rules)


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
    actor: str,
    issue: Issue,
    earlier: tuple[Claim, str],
    later: tuple[Claim, str],
    severity: Severity,
    detected_at: datetime,
    rules: DetectionRules,
) -> Alert:
    (before, before_pos), (after, after_pos) = earlier, later
    day_after = anchor_day(after)
    identifier = alert_id(
        AlertKind.position_change,
        actor,
        issue.kind,
        issue.name,
        before_pos,
        after_pos,
        day_after.isoformat() if day_after else "undated",
    )
    if issue.kind == "topic":
        change = (
            f"moved from {'/'.join(kinds_of(before_pos))} to {'/'.join(kinds_of(after_pos))} "
            f"on {topic_label(issue.name)}"
        )
    else:
        then = position_words(issue, before_pos, rules)
        now = position_words(issue, after_pos, rules)
        change = f"first {then}, later {now}"
    if is_government_history(actor):
        who = f"{government_name(after.speaker.party)} ({before.speaker.name}, then {after.speaker.name})"
        actors = sorted({before.speaker.id, after.speaker.id})
    else:
        who, actors = after.speaker.name, [after.speaker.id]
    summary = f"{who} {change}: earlier ({_said(before)}), later ({_said(after)})."
    return Alert(
        alert_id=identifier,
        kind=AlertKind.position_change,
        severity=weakened(severity, ([before], [after])),
        topic=after.topic,
        actors=actors,
        parties=parties_of([before, after]),
        claim_ids=[before.claim_id, after.claim_id],
        summary=summary,
        evidence=evidence([before, after]),
        detected_at=detected_at,
    )


def reports_an_actor(claim: Claim) -> bool:
    """False when the speaker is the reporting outlet itself: its narration, no actor's change."""
    return claim.speaker.name.casefold() != claim.source.casefold()


def reported_change_alert(claim: Claim, detected_at: datetime) -> Alert:
    """The change an article itself reports ("marks a shift", "reversed")."""
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


def unique(alerts: Sequence[Alert]) -> list[Alert]:
    """Alerts without repeated ids, first kept."""
    seen: dict[str, Alert] = {}
    for alert in alerts:
        seen.setdefault(alert.alert_id, alert)
    return list(seen.values())
