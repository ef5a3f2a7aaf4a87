"""Printing of quality figures: per-group lines, totals, per-field error lists and the summary line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from benchmarks.quality_scoring import ClaimScore, GoldRecord, GroupScore, alert_checks
from schemas import Alert, Claim

FIELDS = ("not found", "wrong speaker", "wrong party", "wrong stance", "missing condition")


def percent(pair: tuple[int, int]) -> str:
    """'24.3% (159/655)', or 'n/a (0/0)'."""
    right, total = pair
    return f"{100 * right / total:.1f}% ({right}/{total})" if total else f"n/a ({right}/{total})"


def group_lines(group: GroupScore) -> list[str]:
    """Three lines of figures for one group (or for the totals)."""
    false = len(group.false_alerts)
    false_share = f"{100 * false / group.engine_alerts:.0f}%" if group.engine_alerts else "n/a"
    return [
        f"{group.name}: {group.articles} articles, {group.engine_claims} claims, "
        f"{group.engine_alerts} alerts ({group.seconds:.2f} s)",
        f"  found {percent(group.found)}  right speaker {percent(group.speaker)}  "
        f"party {percent(group.party)}  stance {percent(group.stance)}",
        f"  condition {percent(group.condition)} (lenient {percent(group.condition_lenient)})  "
        f"extra claims {group.extra_claims}",
        f"  alerts required {group.required_raised}/{group.required_total}  "
        f"optional {group.optional_raised}/{group.optional_total}  false {false} ({false_share})  "
        f"never_alert violations {len(group.never_alert)}  boilerplate claims {len(group.boilerplate)}  "
        f"quiet-article claims {len(group.quiet)}",
    ]


def summary_line(total: GroupScore, extra: str = "") -> str:
    """The one line the run ends with."""
    false = len(total.false_alerts)
    false_share = f"{100 * false / total.engine_alerts:.0f}%" if total.engine_alerts else "n/a"
    line = (
        f"summary: speaker {percent(total.speaker)} | party {percent(total.party)} | "
        f"stance {percent(total.stance)} | condition {percent(total.condition)} | "
        f"alerts required {total.required_raised}/{total.required_total} | "
        f"false alerts {false_share} ({false}/{total.engine_alerts}) | "
        f"boilerplate claims {len(total.boilerplate)} | quiet-article claims {len(total.quiet)}"
    )
    return f"{line} | {extra}" if extra else line


def classify(score: ClaimScore) -> list[str]:
    """The fields this gold claim failed on (empty: all right)."""
    if not score.found:
        return ["not found"]
    failed = []
    if not score.speaker:
        failed.append("wrong speaker")
    else:
        if score.party is False:
            failed.append("wrong party")
        if score.stance is False:
            failed.append("wrong stance")
    if score.condition is False:
        failed.append("missing condition")
    return failed


def _excerpt(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _claim_brief(claim: Claim) -> str:
    conditions = ",".join(c.key for c in claim.conditions) or "-"
    return (
        f"got speaker={claim.speaker.id} ({claim.speaker.party}) stance={claim.stance.value} "
        f"conditions={conditions} | {_excerpt(claim.text)}"
    )


def _expected(gold: GoldRecord) -> str:
    parts = [f"speaker /{gold['speaker']}/", f"party {gold.get('party', '?')}"]
    if gold.get("stance"):
        parts.append(f"stance {gold['stance']}")
    if gold.get("condition"):
        parts.append(f"condition {gold['condition']}")
    return " ".join(parts)


STANCES = ("support", "oppose", "conditional", "skeptical", "neutral")


def stance_confusion(groups: list[GroupScore]) -> Iterator[str]:
    """Gold stance (rows) against the engine's (columns), over claims found with the right speaker."""
    counts: Counter[tuple[str, str]] = Counter()
    for group in groups:
        for score in group.claims:
            if score.stance is None or score.best is None:
                continue
            gold = score.gold["stance"]
            counts[gold, gold if score.stance else score.best.stance.value] += 1
    yield "== stance: gold (rows) x engine (columns), claims found with the right speaker"
    yield f"{'':>12}" + "".join(f"{name:>12}" for name in STANCES)
    for gold in STANCES:
        yield f"{gold:>12}" + "".join(f"{counts[gold, got]:>12}" for got in STANCES)


def party_breakdown(groups: list[GroupScore]) -> str:
    """What the engine gave as party where it was wrong ('unknown' most of all)."""
    wrong = Counter(
        score.best.speaker.party
        for group in groups
        for score in group.claims
        if score.speaker and score.party is False and score.best is not None
    )
    return "   engine party given: " + ", ".join(f"{party} {n}" for party, n in wrong.most_common(8))


def condition_kinds(groups: list[GroupScore], top: int = 12) -> Iterator[str]:
    """For missed conditions: the gold kind against what the found claims carried, most common first."""
    pairs: Counter[tuple[str, str]] = Counter()
    not_found = 0
    for group in groups:
        for score in group.claims:
            if score.condition is not False:
                continue
            if not score.found:
                not_found += 1
                continue
            kind = score.gold["condition"].split(":", 1)[0]
            keys = sorted({c.key for claim in score.candidates for c in claim.conditions})
            pairs[kind, ",".join(keys)] += 1
    yield (
        f"== missed conditions: {not_found} in statements not found; of the found, gold kind -> "
        f"condition keys the claims carried (top {top})"
    )
    for (kind, given), count in pairs.most_common(top):
        yield f"  {count:>4}  {kind} -> {given or '-'}"


def error_lines(groups: list[GroupScore], limit: int | None) -> Iterator[str]:
    """Per-field error lists (at most `limit` entries per field; None: all), then missed alerts."""
    yield from stance_confusion(groups)
    yield from condition_kinds(groups)
    misses: dict[str, list[tuple[str, ClaimScore]]] = {name: [] for name in FIELDS}
    for group in groups:
        for score in group.claims:
            for name in classify(score):
                misses[name].append((group.name, score))
    for name in FIELDS:
        entries = misses[name]
        shown = entries if limit is None else entries[:limit]
        yield f"== {name}: {len(entries)}" + (f" (first {len(shown)})" if len(shown) < len(entries) else "")
        if name == "wrong party" and entries:
            yield party_breakdown(groups)
        for group_name, score in shown:
            gold = score.gold
            yield f"- {group_name} {gold['id']} [{gold['article']}] expected {_expected(gold)}"
            yield f"    gold text: {' / '.join(gold['any'])[:160]}"
            if score.best is not None:
                yield f"    {_claim_brief(score.best)}"
    missed = [(group.name, gold, raised) for group in groups for gold, raised in group.missed_required]
    yield f"== missed required alerts: {len(missed)}"
    for group_name, gold, raised in missed if limit is None else missed[:limit]:
        yield f"- {group_name} {gold['id']} {gold['kind']}: {gold.get('why', '')[:160]}"
        yield f"    raised of that kind: {len(raised)}"
        checked = sorted(((alert_checks(gold, a), a) for a in raised), key=lambda c: -sum(c[0].values()))
        for checks, alert in checked[:3]:
            failed = ", ".join(name for name, ok in checks.items() if not ok) or "-"
            yield f"    (fails: {failed}) {_alert_brief(alert)}"
    violations = [(group.name, rule, alert) for group in groups for rule, alert in group.never_alert]
    yield f"== never_alert violations: {len(violations)}"
    for group_name, rule, alert in violations if limit is None else violations[:limit]:
        yield f"- {group_name} never {rule['kind']} on '{rule['actor']}': {_alert_brief(alert)}"
    false = [(group.name, alert) for group in groups for alert in group.false_alerts]
    yield f"== false alerts: {len(false)}"
    for group_name, alert in false if limit is None else false[:limit]:
        yield f"- {group_name} {_alert_brief(alert)}"
    extra = [(group.name, claim) for group in groups for claim in group.extra]
    yield f"== extra claims (matching no gold claim): {len(extra)}"
    for group_name, claim in extra if limit is None else extra[:limit]:
        yield f"- {group_name} [{claim.article_id}] {_claim_brief(claim)}"
    stray = [(g.name, "boilerplate", c) for g in groups for c in g.boilerplate]
    stray += [(g.name, "quiet article", c) for g in groups for c in g.quiet]
    yield f"== boilerplate / quiet-article claims: {len(stray)}"
    for group_name, why, claim in stray if limit is None else stray[:limit]:
        yield f"- {group_name} {why} [{claim.article_id}] {claim.speaker.id}: {_excerpt(claim.text)}"


def _alert_brief(alert: Alert) -> str:
    return f"{alert.kind.value} actors={','.join(alert.actors)}: {_excerpt(alert.summary)}"
