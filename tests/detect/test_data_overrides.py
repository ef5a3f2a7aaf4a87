"""Every data file takes a user override: entries added, packaged entries removed or replaced.

One mechanism for all (services/engine/datafiles.py): a user file extends the packaged one,
and may say `remove:` (per section, the entries or keys to take out) and `replace:` (sections
that are the user's alone, or `true` for the whole file).  Detection rules take one user file
(`--rules`, CLAIMWATCH_RULES_FILE) holding sections of conflicts.yaml and quote_words.yaml.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from schemas import AlertKind, Severity, Stance
from services.common.errors import ConfigurationError
from services.engine.datafiles import load_actor_entries, load_lexicon_data
from services.engine.detect.detector import Detector
from services.engine.detect.rules import load_rules
from tests.detect.builders import DETECTED_AT, make_claim

BLOCKS = ("withdrawal:valley", "no talks while they stay in the valley")
LEVERAGE = ("leverage:valley", "the valley is a card in talks")


def _write(tmp_path: Path, text: str, name: str = "user.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _alerts(rules_file: Path | None, claims: list) -> list:
    rules = load_rules(rules_file=rules_file) if rules_file else None
    detector = Detector(rules=rules, clock=lambda: DETECTED_AT)
    return [a for c in claims for a in detector.observe(c)]


def test_a_packaged_conflict_can_be_removed(tmp_path: Path) -> None:
    claims = [
        make_claim("r1", speaker="okafor", conditions=(BLOCKS,), said_at=date(2025, 2, 1)),
        make_claim("u1", speaker="rivera", conditions=(LEVERAGE,), said_at=date(2025, 2, 3)),
    ]
    assert [a.kind for a in _alerts(None, claims)] == [AlertKind.contradiction]
    user = _write(tmp_path, "remove:\n  condition_conflicts: [[leverage, withdrawal]]\n")
    assert _alerts(user, claims) == []


def test_a_section_can_be_replaced_and_entries_added(tmp_path: Path) -> None:
    user = _write(
        tmp_path,
        "replace: [stance_changes]\n"
        "stance_changes:\n  - stances: [support, skeptical]\n    severity: low\n"
        "condition_conflicts:\n  - kinds: [withdrawal, toll]\n    severity: medium\n"
        "    reason: tolls keep them there\n",
    )
    rules = load_rules(rules_file=user)
    assert rules.stance_change(Stance.support, Stance.oppose) is None  # the packaged pair is gone
    assert rules.stance_change(Stance.support, Stance.skeptical) is Severity.low
    assert rules.condition_conflict("toll", "withdrawal") is not None
    assert rules.condition_conflict("withdrawal", "leverage") is not None  # packaged entries kept


def test_one_rules_file_reaches_the_quote_words_too(tmp_path: Path) -> None:
    user = _write(
        tmp_path,
        "remove:\n  substantive_terms: [guarantees]\n  condition_phrases: [withdrawal]\n"
        "replace: [equivalent_words]\nequivalent_words:\n  - [harbour, port]\n"
        "negators: [nope]\n",
    )
    rules = load_rules(rules_file=user)
    assert "guarantees" not in rules.substantive_terms and "guarantee" in rules.substantive_terms
    assert rules.canonical_word("port") == "harbour"
    assert rules.canonical_word("ultimately") == "ultimately"  # the packaged groups are replaced
    assert "nope" in rules.negators and "not" in rules.negators
    assert rules.condition_phrase("withdrawal", "kursk") == "sets the condition withdrawal on Kursk"


def test_a_whole_file_can_be_replaced(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"user\.yaml.*field"):
        load_rules(conflicts_file=_write(tmp_path, "replace: true\nstance_changes: []\n"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "remove:\n  function_words: [zzz-not-there]\n",
            r"user\.yaml: field 'remove\.function_words': no packaged",
        ),
        ("remove:\n  no_such_section: [x]\n", r"user\.yaml: field 'remove\.no_such_section'"),
        ("no_such_section: [x]\n", r"user\.yaml: field 'no_such_section': not a detection rules section"),
        ("replace: maybe\n", r"user\.yaml: field 'replace'"),
    ],
)
def test_bad_directives_name_the_file_and_the_field(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        load_rules(rules_file=_write(tmp_path, text))


def test_the_lexicon_takes_removals_of_list_entries_and_mapping_keys(tmp_path: Path) -> None:
    packaged = load_lexicon_data()
    assert "tells" in packaged.reporting_verbs and "withdrawal" in {k.kind for k in packaged.conditions.kinds}
    user = _write(tmp_path, "remove:\n  reporting_verbs: [tells]\n  conditions.kinds: [withdrawal]\n")
    changed = load_lexicon_data(user)
    assert "tells" not in changed.reporting_verbs and "says" in changed.reporting_verbs
    assert "withdrawal" not in {k.kind for k in changed.conditions.kinds}
    assert "recognition" in {k.kind for k in changed.conditions.kinds}


def test_actors_can_be_removed_by_id_or_all_replaced(tmp_path: Path) -> None:
    packaged = {a.id for a in load_actor_entries()}
    assert "marco-rubio" in packaged
    removed = {a.id for a in load_actor_entries(_write(tmp_path, "remove:\n  actors: [marco-rubio]\n"))}
    assert removed == packaged - {"marco-rubio"}
    only = _write(
        tmp_path, "replace: true\nactors:\n  - {id: ana-lima, name: Ana Lima, party: BR}\n", "only.yaml"
    )
    assert [a.id for a in load_actor_entries(only)] == ["ana-lima"]
