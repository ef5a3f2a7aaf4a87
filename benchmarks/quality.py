"""Quality harness: score `analyze` (and `attribute`) output against annotated real news.

    python benchmarks/quality.py                      # ../shared/realnews-dev, every group
    python benchmarks/quality.py --errors 5           # plus the first 5 misses of each field
    python benchmarks/quality.py --errors-out misses.txt
    python benchmarks/quality.py --save before.json   # change a rule, then:
    python benchmarks/quality.py --compare before.json
    python benchmarks/quality.py --jsonl out.jsonl    # score `claimwatch analyze --jsonl` records
    python benchmarks/quality.py --polnear dev        # plus speech attribution on PolNeAR dev
    python benchmarks/quality.py --polnear dev --no-realnews --limit 20
    python benchmarks/quality.py --polnear dev --polnear-articles pn.jsonl   # then:
    claimwatch attribute pn.jsonl --jsonl attrs.jsonl
    python benchmarks/quality.py --polnear dev --no-realnews --attributions attrs.jsonl

Realnews: for each group folder (articles.jsonl + gold.json, format in
../shared/realnews-dev/README.md) the articles are analysed in-process, one `analyze` call per
group, and scored by benchmarks/quality_scoring.py (its docstring defines every figure).  Headline
figures: statements found with the right speaker (% of all gold claims), party right (% of those
found with the right speaker), stance right (% of those found with the right speaker that have a gold
stance), condition found (% of gold claims that set a condition), required alerts raised, false
alerts (% of the alerts raised), claims from boilerplate and from quiet articles.  The run ends with
one `summary:` line.

PolNeAR: see benchmarks/quality_polnear.py for the gold filter, the matching, the precision
definition and the spaCy-subject peer.  Missing data is reported and skipped (exit 0).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.quality_compare import compare, load  # noqa: E402
from benchmarks.quality_compare import save as save_figures  # noqa: E402
from benchmarks.quality_report import error_lines, group_lines, summary_line  # noqa: E402
from benchmarks.quality_scoring import GroupScore, score_group  # noqa: E402
from schemas import Alert, Article, Claim  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "realnews-dev"
DEFAULT_POLNEAR = REPO.parent / "shared" / "polnear"


def group_dirs(data: Path) -> list[Path]:
    """Group folders (holding gold.json and articles.jsonl), in name order."""
    return sorted(
        p for p in data.iterdir() if (p / "gold.json").is_file() and (p / "articles.jsonl").is_file()
    )


def read_articles(path: Path) -> list[Article]:
    """The Articles of one articles.jsonl."""
    with path.open(encoding="utf-8") as handle:
        return [Article.model_validate_json(line) for line in handle if line.strip()]


def read_records(paths: Sequence[Path]) -> tuple[list[Claim], list[Alert]]:
    """Claims and alerts from `claimwatch analyze --jsonl` files (other records are ignored)."""
    claims: list[Claim] = []
    alerts: list[Alert] = []
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record: dict[str, Any] = json.loads(line)
                except json.JSONDecodeError as error:
                    raise SystemExit(f"{path}:{number}: not JSON: {error.msg}") from error
                kind = record.pop("record", None)
                if kind == "claim":
                    claims.append(Claim.model_validate(record))
                elif kind == "alert":
                    alerts.append(Alert.model_validate(record))
    return claims, alerts


def score_in_process(folder: Path) -> GroupScore:
    """Analyse one group's articles with the engine and score them."""
    from services.engine.analysis import analyze

    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    articles = read_articles(folder / "articles.jsonl")
    started = time.perf_counter()
    analysis = analyze(articles)
    seconds = time.perf_counter() - started
    group = score_group(folder.name, gold, analysis.claims, analysis.alerts, articles=len(articles))
    group.seconds = seconds
    return group


def score_records(folders: Sequence[Path], claims: list[Claim], alerts: list[Alert]) -> list[GroupScore]:
    """Score pre-computed records: claims by their article's group, alerts by their first claim's."""
    group_of: dict[str, str] = {}
    golds: dict[str, dict[str, Any]] = {}
    article_counts: dict[str, int] = {}
    for folder in folders:
        golds[folder.name] = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        articles = read_articles(folder / "articles.jsonl")
        article_counts[folder.name] = len(articles)
        group_of.update((a.id, folder.name) for a in articles)
    claims_by_group: dict[str, list[Claim]] = defaultdict(list)
    claim_group: dict[str, str] = {}
    for claim in claims:
        name = group_of.get(claim.article_id)
        if name:
            claims_by_group[name].append(claim)
            claim_group[claim.claim_id] = name
    alerts_by_group: dict[str, list[Alert]] = defaultdict(list)
    for alert in alerts:
        name = next((claim_group[c] for c in alert.claim_ids if c in claim_group), None)
        if name:
            alerts_by_group[name].append(alert)
    return [
        score_group(name, golds[name], claims_by_group[name], alerts_by_group[name], article_counts[name])
        for name in golds
    ]


def run_realnews(args: argparse.Namespace) -> GroupScore | None:
    """Print per-group figures and totals; the totals, or None when there is no data."""
    data: Path = args.data
    if not data.is_dir() or not (folders := group_dirs(data)):
        print(f"realnews data not found at {data} (pass --data DIR): skipped")
        return None
    if args.group:
        folders = [f for f in folders if f.name in args.group]
        if not folders:
            print(f"no group named {', '.join(args.group)} in {data}")
            return None
    if args.jsonl:
        claims, alerts = read_records(args.jsonl)
        print(f"scoring {len(claims)} claims and {len(alerts)} alerts from {len(args.jsonl)} JSONL file(s)")
        groups = score_records(folders, claims, alerts)
    else:
        groups = []
        for folder in folders:
            try:
                groups.append(score_in_process(folder))
            except Exception as error:  # a broken engine is reported in one line, not a traceback
                message = " ".join(str(error).split())[:300]
                print(f"{folder.name}: engine failed: {type(error).__name__}: {message}")
                args.engine_failures.append(f"{folder.name} ({type(error).__name__}: {message[:120]})")
    if not groups:
        return None
    total = GroupScore(name="total")
    for group in groups:
        total.add(group)
        print("\n".join(group_lines(group)))
    print("\n".join(group_lines(total)))
    if args.save:
        save_figures(args.save, groups, total)
        print(f"figures saved to {args.save}")
    if args.compare:
        for line in compare(args.saved, groups, total):
            print(line)
    if args.errors_out:
        args.errors_out.write_text("\n".join(error_lines(groups, None)) + "\n", encoding="utf-8")
        print(f"errors by field written to {args.errors_out}")
    if args.errors:
        for line in error_lines(groups, args.errors):
            print(line)
    return total


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="realnews folder of group folders")
    parser.add_argument("--group", action="append", metavar="NAME", help="score only this group (repeatable)")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print N misses per field")
    parser.add_argument("--errors-out", type=Path, metavar="FILE", help="write every miss, by field, to FILE")
    parser.add_argument(
        "--jsonl", type=Path, action="append", metavar="FILE", help="score `analyze --jsonl` output instead"
    )
    parser.add_argument("--save", type=Path, metavar="FILE", help="save the figures (JSON) to FILE")
    parser.add_argument("--compare", type=Path, metavar="FILE", help="compare with figures saved by --save")
    parser.add_argument("--no-realnews", action="store_true", help="skip the realnews scoring")
    parser.add_argument("--polnear", choices=("dev", "train"), help="also score attribution on PolNeAR")
    parser.add_argument("--polnear-data", type=Path, default=DEFAULT_POLNEAR, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, metavar="N", help="PolNeAR: only the first N articles")
    parser.add_argument(
        "--attributions",
        type=Path,
        action="append",
        metavar="FILE",
        help="PolNeAR: score `claimwatch attribute --jsonl` output (article id = text file stem) instead",
    )
    parser.add_argument(
        "--polnear-articles",
        type=Path,
        metavar="FILE",
        help="PolNeAR: write the split's texts as Article JSON lines (title '') for `attribute`, and stop",
    )
    args = parser.parse_args(argv)
    if args.errors < 0 or (args.limit is not None and args.limit < 1):
        parser.exit(2, "quality.py: --errors must be >= 0 and --limit >= 1\n")
    args.saved = load(args.compare) if args.compare else None
    for path in [*(args.jsonl or []), *(args.attributions or [])]:
        if not path.is_file():
            parser.exit(2, f"quality.py: file not found: {path}\n")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.polnear_articles:
        from benchmarks.quality_polnear import write_articles

        if not (args.polnear_data / (args.polnear or "dev") / "text").is_dir():
            print(f"PolNeAR not found at {args.polnear_data}: nothing written")
            return 0
        count = write_articles(args.polnear_data, args.polnear or "dev", args.limit, args.polnear_articles)
        print(f"{count} PolNeAR {args.polnear or 'dev'} articles written to {args.polnear_articles}")
        return 0
    args.engine_failures = []
    total = None if args.no_realnews else run_realnews(args)
    polnear_summary = ""
    if args.polnear:
        from benchmarks.attribution_scoring import read_attribution_records
        from benchmarks.quality_polnear import run_polnear

        precomputed = read_attribution_records(args.attributions) if args.attributions else None
        polnear_summary = run_polnear(args.polnear_data, args.polnear, args.limit, args.errors, precomputed)
    if args.engine_failures:
        failed = f"ENGINE FAILED on {len(args.engine_failures)} group(s): {args.engine_failures[0]}"
        polnear_summary = f"{failed} | {polnear_summary}" if polnear_summary else failed
    if total is not None:
        print(summary_line(total, polnear_summary))
    elif polnear_summary:
        print(f"summary: {polnear_summary}")
    return 1 if args.engine_failures else 0


if __name__ == "__main__":
    sys.exit(main())
