"""The detector: what a claim files, and what it means against what was filed before.

Filing a claim (``plan_filing``) touches three kinds of state, each keyed so its size is
bounded whatever the length of the history:

- its *statement bucket*, ``said:<speaker>:<day>``: the raw claims of one speaker on one
  day (kept for a retention, trimmed to a window), read for the days a report of the same
  statement may carry (the statement slack, and the quote reuse days for quotes): quote
  discrepancies are judged among these;
- its actor's *ledger*, one history per issue (``ledger``): position changes and
  incompatible reports against the standing position, however old;
- the *stands* of its condition objects (``standings``): contradictions between parties.

``judge`` is pure: given the claim, its filing and what the stores returned, it gives alerts
with deterministic ids.  ``Detector`` wires it to in-memory stores for `analyze`; the
streaming detector does the same over Redis (services/detector), atomically per speaker and
per object, so any number of replicas raise the alerts one would.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from schemas import Alert, Claim
from services.engine.detect.changes import (
    change_alerts,
    marks_for,
    reported_change_alert,
    reports_an_actor,
    unique,
)
from services.engine.detect.claim_buckets import ClaimStore, InMemoryClaimStore
from services.engine.detect.discrepancy import quote_discrepancies
from services.engine.detect.issues import held_positions
from services.engine.detect.ledger import InMemoryLedger, Mark, Placement
from services.engine.detect.rules import DetectionRules, default_rules
from services.engine.detect.standings import InMemoryStandings, Stand, stand_alerts, stands_for
from services.engine.detect.timing import anchor_day, claim_window

_BUCKET_UNSAFE = re.compile(r"[^a-z0-9_.-]+")
_MAX_BUCKET_PART = 64
UNDATED = "undated"


def bucket_part(value: str) -> str:
    """`value` as a safe bucket name part ([a-z0-9_.-]); a digest keeps changed values distinct."""
    lowered = value.lower()
    safe = _BUCKET_UNSAFE.sub("-", lowered).strip("-")[:_MAX_BUCKET_PART]
    if safe != value or not safe:
        # Two ids that differ only in unsafe characters must not share a bucket.
        safe = f"{safe or 'x'}.{hashlib.sha256(value.encode('utf-8')).hexdigest()[:8]}"
    return safe


def statement_bucket(speaker_id: str, day: date | None) -> str:
    """'said:<speaker>:<day>': one speaker's claims of one day (or undated ones)."""
    return f"said:{bucket_part(speaker_id)}:{day.isoformat() if day else UNDATED}"


def statement_buckets(claim: Claim, rules: DetectionRules) -> tuple[str, list[str]]:
    """The claim's own statement bucket, and every bucket a report of its statement may be in.

    The statement slack either side; for a quote, also the days an outlet may reprint it: after
    an exactly dated statement, before a report known only by its publication.  Nearest first.
    """
    day = anchor_day(claim)
    home = statement_bucket(claim.speaker.id, day)
    window = claim_window(claim, rules)
    if window is None or day is None:
        return home, [home]
    reuse = timedelta(days=rules.quote_reuse_days if claim.quote else 0)
    slack = timedelta(days=rules.statement_slack_days)
    first = window.earliest - slack - (reuse if not window.exact else timedelta(0))
    last = window.latest + slack + (reuse if window.exact else timedelta(0))
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    days.sort(key=lambda d: (abs((d - day).days), d))
    return home, [statement_bucket(claim.speaker.id, d) for d in days]


@dataclass(frozen=True)
class Filing:
    """Everything one claim files: statement bucket, ledger marks, stands."""

    claim: Claim
    home: str
    reads: tuple[str, ...]
    marks: tuple[Mark, ...]
    stands: tuple[Stand, ...]


@dataclass(frozen=True)
class Filed:
    """What the stores held before the claim was filed: the input of ``judge``."""

    peers: tuple[Claim, ...] = ()
    placements: tuple[Placement, ...] = ()
    stands: tuple[tuple[Stand, ...], ...] = ()


def plan_filing(claim: Claim, rules: DetectionRules) -> Filing:
    """What `claim` files, computed from the claim alone."""
    home, reads = statement_buckets(claim, rules)
    return Filing(
        claim=claim,
        home=home,
        reads=tuple(reads),
        marks=tuple(marks_for(claim, dict(held_positions(claim, rules)), rules)),
        stands=tuple(stands_for(claim, rules)),
    )


def judge(
    filing: Filing,
    filed: Filed,
    detected_at: datetime,
    rules: DetectionRules | None = None,
    siblings: Sequence[Filing] = (),
) -> list[Alert]:
    """Alerts raised by a claim against what the stores held before it (pure).

    `siblings` are the filings of the other claims of the claim's article, when they are at
    hand (``siblings_of``): the old position restated later in the same article is held beside
    the new remark as much as one filed before it, so the order of an article's sentences
    decides nothing.  A claim judged without them (redelivered alone) finds them filed.
    """
    rules = rules or default_rules()
    beside = [mark for sibling in siblings for mark in sibling.marks]
    claim = filing.claim
    peers = sorted((p for p in filed.peers if p.claim_id != claim.claim_id), key=lambda p: p.claim_id)
    found: list[Alert] = []
    # A change the report only supposes ("seemed to backtrack", "may mark a turn") is no fact to alert on.
    if claim.reported_change and reports_an_actor(claim) and not claim.hedged:
        found.append(reported_change_alert(claim, detected_at))
    found.extend(quote_discrepancies(claim, peers, detected_at, rules))
    for mark, placement in zip(filing.marks, filed.placements, strict=True):
        found.extend(change_alerts(mark, placement, detected_at, rules, beside))
    for stand, others in zip(filing.stands, filed.stands, strict=True):
        found.extend(stand_alerts(claim, stand, others, detected_at, rules))
    return unique(found)


def siblings_of(filings: Sequence[Filing]) -> list[tuple[Filing, ...]]:
    """For each filing, the other filings of its article among `filings` (in order)."""
    by_article: dict[str, list[Filing]] = {}
    for filing in filings:
        by_article.setdefault(filing.claim.article_id, []).append(filing)
    return [tuple(f for f in by_article[filing.claim.article_id] if f is not filing) for filing in filings]


def utc_now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


class DetectionState:
    """In-process state: statement buckets, ledger and stands, each in memory."""

    def __init__(self, claims: ClaimStore | None = None, window: int = 500) -> None:
        self.claims = claims or InMemoryClaimStore(window=window)
        self.ledger = InMemoryLedger()
        self.standings = InMemoryStandings()

    def file(self, filing: Filing) -> Filed:
        """File everything `filing` names; return what each store held before."""
        return Filed(
            peers=tuple(self.claims.record(filing.claim, filing.home, filing.reads)),
            placements=tuple(self.ledger.file(mark) for mark in filing.marks),
            stands=tuple(tuple(self.standings.file(stand)) for stand in filing.stands),
        )


class Detector:
    """In-process detection: file each claim, judge it, emit each alert id once."""

    def __init__(
        self,
        state: DetectionState | None = None,
        rules: DetectionRules | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.state = state or DetectionState()
        self._rules = rules or default_rules()
        self._clock = clock
        self._emitted: set[str] = set()

    def observe(self, claim: Claim) -> list[Alert]:
        """Record `claim` and return the alerts it raises that were not emitted before."""
        return self.observe_many([claim])

    def observe_many(self, claims: Sequence[Claim]) -> list[Alert]:
        """Record `claims` in order (an article's, say), then judge each knowing its article's others."""
        filings = [plan_filing(claim, self._rules) for claim in claims]
        filed = [self.state.file(filing) for filing in filings]
        fresh = []
        for filing, what_was_filed, siblings in zip(filings, filed, siblings_of(filings), strict=True):
            for alert in judge(filing, what_was_filed, self._clock(), self._rules, siblings):
                if alert.alert_id not in self._emitted:
                    self._emitted.add(alert.alert_id)
                    fresh.append(alert)
        return fresh

    @property
    def emitted_alert_ids(self) -> frozenset[str]:
        """Every alert id this detector has emitted."""
        return frozenset(self._emitted)


def observe_all(detector: Detector, claims: Sequence[Claim]) -> list[Alert]:
    """Every alert `detector` emits for `claims`, in order."""
    return [alert for claim in claims for alert in detector.observe(claim)]
