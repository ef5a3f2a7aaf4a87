"""The detector: which buckets a claim is filed under, and what a claim and its peers mean.

``buckets_for`` names the few buckets a claim goes into: its speaker (reports of one
statement, quote discrepancies, position changes and incompatible reports all compare one
speaker's claims) and each condition object it names (contradictions between parties).
``judge`` is pure: given the claim and the other claims its buckets held, it returns alerts
with deterministic ids.  ``Detector`` wires the two to a ``ClaimStore`` for in-process use;
the streaming detector does the same over Redis with ``AsyncClaimStore``.

Every pair of claims sharing a bucket is judged once, by whichever is recorded second, and
every rule is symmetric in the pair (pairs are put in claim-id order before comparing), so
the set of alert ids does not depend on the order claims arrive in, nor on how many
replicas judge them.  The one exception is documented in ``position``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

from schemas import Alert, Claim
from services.engine.detect.claim_buckets import ClaimStore
from services.engine.detect.contradiction import condition_contradictions, condition_kinds
from services.engine.detect.discrepancy import quote_discrepancies
from services.engine.detect.position import position_alerts
from services.engine.detect.rules import DetectionRules, default_rules

MAX_BUCKETS = 6
_BUCKET_UNSAFE = re.compile(r"[^a-z0-9_.-]+")
_MAX_BUCKET_PART = 64


def bucket_part(value: str) -> str:
    """`value` as a safe bucket name part ([a-z0-9_.-]); a digest keeps changed values distinct."""
    lowered = value.lower()
    safe = _BUCKET_UNSAFE.sub("-", lowered).strip("-")[:_MAX_BUCKET_PART]
    if safe != value or not safe:
        # Two ids that differ only in unsafe characters must not share a bucket.
        safe = f"{safe or 'x'}.{hashlib.sha256(value.encode('utf-8')).hexdigest()[:8]}"
    return safe


def buckets_for(claim: Claim) -> list[str]:
    """The buckets `claim` is filed under: speaker:<id>, then condition:<object> (at most 6 in all)."""
    names = [f"speaker:{bucket_part(claim.speaker.id)}"]
    for obj in sorted(condition_kinds(claim))[: MAX_BUCKETS - 1]:
        names.append(f"condition:{bucket_part(obj)}")
    return names


def judge(
    claim: Claim,
    peers: Mapping[str, Sequence[Claim]],
    detected_at: datetime,
    rules: DetectionRules | None = None,
) -> list[Alert]:
    """Alerts raised by `claim` against the claims its buckets already held (pure)."""
    rules = rules or default_rules()
    known: dict[str, Claim] = {}
    for bucket_claims in peers.values():
        for peer in bucket_claims:
            if peer.claim_id != claim.claim_id:
                known.setdefault(peer.claim_id, peer)
    # Sorted by id: the result depends on which claims are known, not on bucket or store order.
    others = [known[cid] for cid in sorted(known)]
    alerts: dict[str, Alert] = {}
    for found in (
        quote_discrepancies(claim, others, detected_at, rules),
        condition_contradictions(claim, others, detected_at, rules),
        position_alerts(claim, others, detected_at, rules),
    ):
        for alert in found:
            alerts.setdefault(alert.alert_id, alert)
    return list(alerts.values())


def utc_now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


class Detector:
    """In-process detection: file each claim in the store, judge it, emit each alert id once."""

    def __init__(
        self,
        store: ClaimStore,
        rules: DetectionRules | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._store = store
        self._rules = rules or default_rules()
        self._clock = clock
        self._emitted: set[str] = set()

    def observe(self, claim: Claim) -> list[Alert]:
        """Record `claim` and return the alerts it raises that were not emitted before."""
        peers = self._store.record(claim, buckets_for(claim))
        fresh = []
        for alert in judge(claim, peers, self._clock(), self._rules):
            if alert.alert_id not in self._emitted:
                self._emitted.add(alert.alert_id)
                fresh.append(alert)
        return fresh

    @property
    def emitted_alert_ids(self) -> frozenset[str]:
        """Every alert id this detector has emitted."""
        return frozenset(self._emitted)
