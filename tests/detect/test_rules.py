"""Detection rules come from data files a user can extend; bad files fail with a clear error."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from schemas import AlertKind, Stance
from services.common.errors import ConfigurationError
from services.engine.detect.detector import Detector
from services.engine.detect.rules import ConditionKey, load_rules
from tests.detect.builders import DETECTED_AT, make_claim


def test_condition_keys_parse_kind_negation_and_object() -> None:
    assert ConditionKey.parse("withdrawal:kursk") == ConditionKey("withdrawal", "kursk")
    assert ConditionKey.parse("not:recognition:crimea") == ConditionKey("not:recognition", "crimea")
    assert ConditionKey.parse("security_guarantees") == ConditionKey(
        "security_guarantees", "security_guarantees"
    )


def test_a_user_file_extends_the_packaged_rules(tmp_path: Path) -> None:
    extra = tmp_path / "more_conflicts.yaml"
    extra.write_text(
        "stance_changes:\n  - stances: [support, skeptical]\n    severity: low\n", encoding="utf-8"
    )
    rules = load_rules(conflicts_file=extra)
    assert rules.stance_change(Stance.support, Stance.oppose) is not None  # packaged rule kept
    claims = [
        make_claim("e1", stance=Stance.support, said_at=date(2025, 1, 1)),
        make_claim("e2", stance=Stance.skeptical, said_at=date(2025, 3, 1)),
    ]
    detector = Detector(rules=rules, clock=lambda: DETECTED_AT)
    alerts = [a for c in claims for a in detector.observe(c)]
    assert [a.kind for a in alerts] == [AlertKind.position_change]
    default = Detector(clock=lambda: DETECTED_AT)
    assert [a for c in claims for a in default.observe(c)] == []


def test_a_bad_user_file_names_the_file_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("stance_changes:\n  - stances: [support, furious]\n    severity: low\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"bad\.yaml.*stance_changes"):
        load_rules(conflicts_file=bad)
