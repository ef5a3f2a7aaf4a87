"""Render an engine `Analysis` for people (a report) and for programs (JSON lines)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from schemas import Alert, Claim, Statement

if TYPE_CHECKING:  # the engine is imported only when `analyze` runs
    from services.engine.analysis import Analysis

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}


def write_records(analysis: Analysis, out: IO[str]) -> None:
    """Write one JSON object per line: claims, then statements, then alerts, each tagged "record"."""
    for claim in analysis.claims:
        out.write(_record("claim", claim.model_dump(mode="json")))
    for statement in analysis.statements:
        out.write(_record("statement", statement.model_dump(mode="json")))
    for alert in analysis.alerts:
        out.write(_record("alert", alert.model_dump(mode="json")))
    out.flush()


def _record(kind: str, fields: dict[str, Any]) -> str:
    return json.dumps({"record": kind, **fields}, ensure_ascii=False) + "\n"


def print_report(analysis: Analysis, *, articles: int, file_errors: int, out: IO[str]) -> None:
    """Print claims grouped by actor, then alerts with their evidence."""
    console = Console(file=out, highlight=False, soft_wrap=True, emoji=False)
    headline = (
        f"{_count(articles, 'article')} read, {_count(len(analysis.claims), 'claim')}, "
        f"{_count(len(analysis.alerts), 'alert')}"
    )
    if file_errors:
        headline += f", {_count(file_errors, 'input error')} (see stderr)"
    console.print(Text(headline, style="bold"))
    _print_claims(console, analysis.claims)
    _print_statements(console, analysis.statements)
    _print_alerts(console, analysis.alerts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _print_claims(console: Console, claims: Iterable[Claim]) -> None:
    by_speaker: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_speaker[claim.speaker.id].append(claim)
    if not by_speaker:
        console.print("\nNo claims about negotiations found.")
        return
    console.print(Text("\nClaims by actor", style="bold underline"))
    order = sorted(by_speaker.values(), key=lambda group: (-len(group), group[0].speaker.name.lower()))
    for group in order:
        speaker = group[0].speaker
        console.print(
            Text(f"\n{speaker.name} ({speaker.party}) — {_count(len(group), 'claim')}", style="bold")
        )
        for claim in sorted(group, key=_claim_order):
            _print_claim(console, claim)


def _claim_order(claim: Claim) -> tuple[str, str, int]:
    when = claim.said_at.isoformat() if claim.said_at else (claim.published_at or datetime.min).isoformat()
    return when, claim.article_id, claim.span[0]


def _print_claim(console: Console, claim: Claim) -> None:
    line = Text("  • ")
    line.append(f"{claim.topic.value} · {claim.stance.value}", style="bold")
    if claim.negated:
        line.append(" · negated")
    if claim.conditions:
        line.append(" · conditions: " + "; ".join(f"{c.key} ({c.text!r})" for c in claim.conditions))
    console.print(line)
    if claim.quote:
        console.print(Text(f"    “{claim.quote}”", style="italic"))
    else:
        console.print(Text(f"    {claim.text}"))
    details = [claim.source if claim.source == claim.article_id else f"{claim.source} ({claim.article_id})"]
    if claim.channel:
        details.append(f"citing {claim.channel}")
    details.append(claim.attribution.value)
    if claim.hedged:
        details.append("hedged")
    if claim.said_at:
        details.append(f"said {claim.said_at.isoformat()}")
    details.append(f"confidence {claim.confidence:.2f}")
    details.append(f"claim {claim.claim_id}")
    console.print(Text("    " + " · ".join(details), style="dim"))


def _print_statements(console: Console, statements: list[Statement]) -> None:
    corroborated = [statement for statement in statements if statement.corroboration > 1]
    if not corroborated:
        return
    console.print(Text("\nStatements reported by several outlets", style="bold underline"))
    for statement in sorted(corroborated, key=lambda s: (-s.corroboration, s.speaker.name, s.statement_id)):
        words = f"“{statement.quote}”" if statement.quote else statement.text
        console.print(Text(f"  • {statement.speaker.name}, {statement.topic.value}: {words}"))
        outlets = ", ".join(statement.sources)
        console.print(Text(f"    reported by {statement.corroboration} outlets: {outlets}", style="dim"))


def _print_alerts(console: Console, alerts: list[Alert]) -> None:
    if not alerts:
        console.print("\nNo alerts.")
        return
    console.print(Text("\nAlerts", style="bold underline"))
    ranked = sorted(alerts, key=lambda alert: (-alert.severity.rank, alert.kind.value, alert.alert_id))
    for alert in ranked:
        heading = Text("\n  ")
        heading.append(alert.severity.value.upper(), style=SEVERITY_STYLE[alert.severity.value])
        heading.append(f" {alert.kind.value} · {alert.topic.value} · {', '.join(alert.actors)}")
        console.print(heading)
        console.print(Text(f"  {alert.summary}"))
        for evidence in alert.evidence:
            words = f"“{evidence.quote}”" if evidence.quote else evidence.text
            console.print(Text(f"    - {evidence.source}: {words}"))
            console.print(Text(f"      claim {evidence.claim_id}", style="dim"))
        console.print(Text(f"  alert {alert.alert_id}", style="dim"))
