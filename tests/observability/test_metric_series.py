"""Counters export every known label value at 0 from the start, so a healthy run shows 0, not "No data"."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from services.common import metrics

REPO_ROOT = Path(__file__).resolve().parents[2]
STAGES = ("extractor", "detector", "notifier")

SCRIPT = """
import json, sys
from prometheus_client import generate_latest
from services.common import metrics
before = generate_latest(metrics.REGISTRY).decode()
metrics.initialise_known_series(sys.argv[1:])
after = generate_latest(metrics.REGISTRY).decode()
print(json.dumps([before, after]))
"""


def exposition(*stages: str) -> tuple[str, str]:
    """The /metrics text of a fresh process before and after `initialise_known_series(stages)`."""
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *stages], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    before, after = json.loads(result.stdout)
    return before, after


def test_a_fresh_registry_exposes_a_zero_series_for_every_known_label_value() -> None:
    before, after = exposition(*STAGES)
    expected = [f'claimwatch_webhook_deliveries_total{{outcome="{o}"}} 0.0' for o in metrics.WEBHOOK_OUTCOMES]
    expected += [
        f'claimwatch_articles_failed_total{{reason="{reason}"}} 0.0'
        for reason in metrics.ARTICLE_FAILURE_REASONS
    ]
    expected += [
        f'claimwatch_messages_dead_lettered_total{{reason="{reason}",stage="{stage}"}} 0.0'
        for stage in STAGES
        for reason in metrics.DEAD_LETTER_REASONS[stage]
    ]
    expected += [f'claimwatch_messages_reclaimed_total{{stage="{stage}"}} 0.0' for stage in STAGES]
    expected += [
        'claimwatch_alerts_published_total{kind="contradiction",severity="high"} 0.0',
        'claimwatch_duplicates_suppressed_total{stream_kind="claim"} 0.0',
    ]
    lines = set(after.splitlines())
    assert [line for line in expected if line not in lines] == []
    # Without the call none of them exists: the series come from the initialisation.
    assert [line for line in expected if line in before.splitlines()] == []


def test_only_the_stages_of_the_process_get_their_series() -> None:
    _, after = exposition("notifier")
    assert 'claimwatch_webhook_deliveries_total{outcome="failed"} 0.0' in after
    assert "claimwatch_articles_failed_total{" not in after
    assert 'stage="extractor"' not in after


# Where the code names a dead-letter reason or a webhook outcome: (function, argument position).
REASON_ARGUMENTS = {
    "PoisonMessageError": 0,
    "parse_entry": 2,
    "dead_letter_output": 2,
    "_dead_letter": 2,
    "_record": 2,
}


def codes_in_the_code() -> set[str]:
    found: set[str] = set()
    for path in (REPO_ROOT / "services").rglob("*.py"):
        if "cli" in path.parts:
            continue  # the CLI reads streams for display; it dead-letters nothing
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            position = REASON_ARGUMENTS.get(name or "")
            if position is not None and len(node.args) > position:
                argument = node.args[position]
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    found.add(argument.value)
            if name == "labels":
                for keyword in node.keywords:
                    if keyword.arg == "outcome" and isinstance(keyword.value, ast.Constant):
                        found.add(str(keyword.value.value))
    return found


def test_every_reason_and_outcome_the_code_uses_is_initialised() -> None:
    codes = codes_in_the_code()
    assert {"invalid_json", "invalid_article", "max_deliveries", "webhook_gone", "success"} <= codes
    known = {
        *metrics.WEBHOOK_OUTCOMES,
        *metrics.ARTICLE_FAILURE_REASONS,
        *(reason for reasons in metrics.DEAD_LETTER_REASONS.values() for reason in reasons),
    }
    assert sorted(codes - known) == [], "add the new label values to services/common/metrics.py"
