"""The position ledger: per actor and issue, a dated history of the positions it took.

The ledger of one (actor, issue) holds one *entry* per day and position: the day it was
said (``said_at``, else the publication day), whether any report dates it exactly, how many
claims report it, the first few sources and claim ids (sorted, capped), and one claim as
evidence (the most confident, then the smallest id: any arrival order keeps the same one).
Entries never expire: a history grows with the days an actor speaks, not with the claims
reporting it.

Filing a claim (``file``) merges its entry and returns, read before the merge, the entries
on the latest day before the claim's window, those inside it, and those on the first days
after it (for an undated claim, an ``undated`` mark: the latest entries, and nothing merged):
a neighbourhood of fixed size, so judging a claim costs the same whatever the
length of the history.  The in-memory ledger here and the Redis ledger of the detector
worker implement the same merge (services/detector/redis_ledger.py), so they give the same
neighbourhoods and the same alerts.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from schemas import Claim
from services.engine.detect.alerts import is_weak
from services.engine.detect.issues import Issue

# Sources and claim ids kept per entry (the smallest ones).
MAX_LISTED = 8
# Entries returned on each side of a claim's window.
NEIGHBOURS = 8
# Entries returned inside a claim's window (positions x days of the window).
MAX_OVERLAPPING = 32


@lru_cache(maxsize=8192)
def claim_from_json(text: str) -> Claim:
    """A stored evidence claim, parsed once (the same object each time, for the detector's memos)."""
    return Claim.model_validate_json(text)


class ShownEvidence:
    """A record showing one claim as evidence: held as the claim, or as its JSON from Redis.

    The JSON is parsed only when an alert or a same-statement test needs the claim, since most
    neighbours and stands never conflict.
    """

    shown: Claim | str

    @property
    def evidence(self) -> Claim:
        """The claim shown (the most confident report, then the smallest id)."""
        return claim_from_json(self.shown) if isinstance(self.shown, str) else self.shown


@dataclass(frozen=True)
class LedgerEntry(ShownEvidence):
    """One position said on one day, with its reports.

    `shown` is the evidence claim, or its JSON as stored in Redis (``ShownEvidence``); the
    Redis ledger leaves it empty for neighbours holding the filed claim's own position.
    """

    day: date
    position: str
    exact: bool
    count: int
    sources: tuple[str, ...]
    claim_ids: tuple[str, ...]
    shown: Claim | str = field(compare=False)

    @property
    def member(self) -> str:
        """The entry's name within its issue: '<day>|<position>'."""
        return entry_member(self.day, self.position)


def entry_member(day: date, position: str) -> str:
    """'2025-03-04|oppose'."""
    return f"{day.isoformat()}|{position}"


@dataclass(frozen=True)
class Mark:
    """What filing one claim adds to an issue's history, and the window it is judged in."""

    actor: str
    issue: Issue
    position: str
    day: date
    exact: bool
    earliest: date
    latest: date
    claim: Claim
    # A claim nothing dates, judged on arrival against the latest entries and never filed.
    undated: bool = False

    def as_entry(self) -> LedgerEntry:
        """The entry this claim would start on its own."""
        return LedgerEntry(
            day=self.day,
            position=self.position,
            exact=self.exact,
            count=1,
            sources=(self.claim.source,),
            claim_ids=(self.claim.claim_id,),
            shown=self.claim,
        )


@dataclass(frozen=True)
class Placement:
    """Where a claim falls in an issue's history, as it stood before the claim was filed."""

    before: tuple[LedgerEntry, ...] = ()
    overlapping: tuple[LedgerEntry, ...] = ()
    after: tuple[LedgerEntry, ...] = ()


def merged(entry: LedgerEntry, mark: Mark) -> LedgerEntry:
    """`entry` with `mark`'s claim counted in (what the Redis script does too)."""
    claim = mark.claim
    if claim.claim_id in entry.claim_ids:
        return entry  # a redelivery
    return replace(
        entry,
        exact=entry.exact or mark.exact,
        count=entry.count + 1,
        sources=tuple(sorted({*entry.sources, claim.source}))[:MAX_LISTED],
        claim_ids=tuple(sorted({*entry.claim_ids, claim.claim_id}))[:MAX_LISTED],
        shown=claim if evidence_rank(claim) < evidence_rank(entry.evidence) else entry.shown,
    )


@dataclass
class _IssueHistory:
    days: list[tuple[int, str]] = field(default_factory=list)  # sorted (ordinal, member)
    entries: dict[str, LedgerEntry] = field(default_factory=dict)


class InMemoryLedger:
    """The ledger in a dict (for `analyze`), keyed by actor and issue."""

    def __init__(self) -> None:
        self._issues: dict[tuple[str, Issue], _IssueHistory] = {}

    def file(self, mark: Mark) -> Placement:
        """Merge `mark` into its issue's history; return the neighbourhood read before the merge."""
        history = self._issues.setdefault((mark.actor, mark.issue), _IssueHistory())
        if mark.undated:
            latest = [m for _, m in history.days[-NEIGHBOURS:]][::-1]
            return Placement(before=tuple(history.entries[m] for m in latest))
        lo, hi = mark.earliest.toordinal(), mark.latest.toordinal()
        start = bisect.bisect_left(history.days, (lo, ""))
        end = bisect.bisect_right(history.days, (hi, "\U0010ffff"))
        before = [m for _, m in history.days[max(0, start - NEIGHBOURS) : start]][::-1]
        inside = [m for _, m in history.days[start:end][:MAX_OVERLAPPING]]
        after = [m for _, m in history.days[end : end + NEIGHBOURS]]
        placement = Placement(
            before=tuple(history.entries[m] for m in before),
            overlapping=tuple(history.entries[m] for m in inside),
            after=tuple(history.entries[m] for m in after),
        )
        member = entry_member(mark.day, mark.position)
        current = history.entries.get(member)
        if current is None:
            bisect.insort(history.days, (mark.day.toordinal(), member))
            history.entries[member] = mark.as_entry()
        else:
            history.entries[member] = merged(current, mark)
        return placement

    def histories(self) -> dict[tuple[str, Issue], list[LedgerEntry]]:
        """Every (actor, issue) with its entries in said order."""
        return {
            key: [history.entries[m] for _, m in history.days]
            for key, history in sorted(self._issues.items())
        }


def evidence_rank(claim: Claim) -> tuple[float, str]:
    """Which claim shows an entry: the most confident, then the smallest id (any order, same one)."""
    return (-claim.confidence, claim.claim_id)


def strong(entries: Sequence[LedgerEntry]) -> bool:
    """True unless every entry's evidence is weak (hedged, anonymous, low confidence)."""
    return any(not is_weak(e.evidence) for e in entries)
