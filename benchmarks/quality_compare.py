"""Saved quality figures and the comparison of a run against them (what rose, what fell, which claims).

``--save FILE`` writes the headline pairs and every gold claim's verdicts as JSON; ``--compare FILE``
prints, after a run, each headline's change in points and the gold claims that went from right to
wrong (regressions) or from wrong to right, by field.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.quality_scoring import ClaimScore, GroupScore

HEADLINES = ("found", "speaker", "party", "stance", "condition", "condition_lenient")
VERDICTS = ("found", "speaker", "party", "stance", "condition")


def claim_verdicts(score: ClaimScore) -> dict[str, bool | None]:
    """The verdict of each field for one gold claim (None: not judged)."""
    return {
        "found": score.found,
        "speaker": score.speaker,
        "party": score.party,
        "stance": score.stance,
        "condition": score.condition,
    }


def figures(groups: list[GroupScore], total: GroupScore) -> dict[str, Any]:
    """What --save writes: headline pairs, alert counts, and every gold claim's verdicts."""
    headline = {name: list(getattr(total, name)) for name in HEADLINES}
    headline["alerts_required"] = [total.required_raised, total.required_total]
    headline["false_alerts"] = [len(total.false_alerts), total.engine_alerts]
    headline["boilerplate"] = [len(total.boilerplate), 0]
    headline["quiet"] = [len(total.quiet), 0]
    claims = {
        f"{group.name}/{score.gold['id']}": claim_verdicts(score)
        for group in groups
        for score in group.claims
    }
    return {"headline": headline, "claims": claims}


def save(path: Path, groups: list[GroupScore], total: GroupScore) -> None:
    path.write_text(json.dumps(figures(groups, total), indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _points(pair: list[int]) -> float | None:
    right, whole = pair
    return 100 * right / whole if whole else None


def compare(saved: dict[str, Any], groups: list[GroupScore], total: GroupScore) -> Iterator[str]:
    """Lines describing how this run differs from the saved one."""
    now = figures(groups, total)
    yield "== against the saved figures"
    for name in HEADLINES:
        before, after = _points(saved["headline"].get(name, [0, 0])), _points(now["headline"][name])
        if before is None or after is None:
            continue
        yield f"  {name:<18} {before:5.1f}% -> {after:5.1f}%  ({after - before:+.1f} points)"
    for name in ("alerts_required", "false_alerts", "boilerplate", "quiet"):
        before_count, after_count = saved["headline"].get(name, [0, 0])[0], now["headline"][name][0]
        if before_count != after_count:
            yield f"  {name:<18} {before_count} -> {after_count}"
    for field_name in VERDICTS:
        fell, rose = [], []
        for key, verdicts in now["claims"].items():
            before_verdict = saved["claims"].get(key, {}).get(field_name)
            after_verdict = verdicts[field_name]
            if before_verdict is True and after_verdict is not True:
                fell.append(key)
            elif before_verdict is not True and after_verdict is True:
                rose.append(key)
        if fell or rose:
            yield f"  {field_name}: {len(rose)} now right, {len(fell)} now wrong" + (
                f" ({', '.join(fell[:12])}{' ...' if len(fell) > 12 else ''})" if fell else ""
            )


def load(path: Path) -> dict[str, Any]:
    """Saved figures, or SystemExit(2) with a one-line reason."""
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise SystemExit(f"quality.py: cannot read saved figures {path}: {error}") from error
    if not isinstance(saved, dict) or "headline" not in saved or "claims" not in saved:
        raise SystemExit(f"quality.py: {path} does not hold saved quality figures")
    return saved
