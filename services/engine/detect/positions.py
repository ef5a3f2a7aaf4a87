"""Readable positions: each actor's standing position per issue, from its ledger history.

A history's entries (one per day and position, ``ledger``) are read in said order and
joined into *spells*: consecutive days with one position.  On a day with several positions
(outlets disagreeing), each is a spell of its own, in name order.  The standing position is
the last spell's.  The in-memory ledger of `analyze` and the Redis ledger of the detector
give the same histories, so `claimwatch positions` and the detector's ``GET /positions`` show
the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from schemas import Evidence
from schemas.position import IssuePosition, PositionSpell
from services.engine.detect.government import is_government_history
from services.engine.detect.issues import Issue
from services.engine.detect.ledger import MAX_LISTED, LedgerEntry


def _evidence(entry: LedgerEntry) -> Evidence:
    claim = entry.evidence
    return Evidence(claim_id=claim.claim_id, source=claim.source, text=claim.text, quote=claim.quote)


def _spell(entries: Sequence[LedgerEntry]) -> PositionSpell:
    first, last = entries[0], entries[-1]
    evidence = [_evidence(first)] if first is last else [_evidence(first), _evidence(last)]
    return PositionSpell(
        position=first.position,
        first_said=first.day,
        last_said=last.day,
        days=len({e.day for e in entries}),
        claims=sum(e.count for e in entries),
        sources=sorted({s for e in entries for s in e.sources})[:MAX_LISTED],
        claim_ids=sorted({c for e in entries for c in e.claim_ids})[:MAX_LISTED],
        evidence=evidence,
    )


def spells(entries: Sequence[LedgerEntry]) -> list[PositionSpell]:
    """The history's spells, oldest first (entries in said order, as the ledgers give them)."""
    runs: list[list[LedgerEntry]] = []
    for entry in entries:
        if runs and runs[-1][-1].position == entry.position:
            runs[-1].append(entry)
        else:
            runs.append([entry])
    return [_spell(run) for run in runs]


def issue_positions(
    histories: Mapping[tuple[str, Issue], Sequence[LedgerEntry]],
    actor: str | None = None,
    topic: str | None = None,
) -> list[IssuePosition]:
    """Every (actor, issue)'s standing position, optionally one actor's or one issue's.

    `topic` matches an issue's name ('negotiations', 'kursk') or its full key ('topic:ceasefire').
    """
    found = []
    for (actor_id, issue), entries in sorted(histories.items()):
        if not entries or (actor and actor_id != actor) or (topic and topic not in (issue.name, issue.key)):
            continue
        if is_government_history(actor_id):
            continue  # the detector's view across a government's officials: each one's own is listed
        history = spells(entries)
        standing = history[-1]
        found.append(
            IssuePosition(
                actor=entries[-1].evidence.speaker,
                issue=issue.key,
                standing=standing.position,
                since=standing.first_said,
                last_said=standing.last_said,
                history=history,
            )
        )
    return found


def actors_of(positions: Iterable[IssuePosition]) -> list[str]:
    """Actor ids with positions, sorted."""
    return sorted({p.actor.id for p in positions})
