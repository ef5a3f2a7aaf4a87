"""Detection rules from data files: condition conflicts, stance changes, quote word lists.

``conflicts.yaml`` says which positions cannot both hold and which stance moves are a change;
``quote_words.yaml`` says which word differences between two quotes are immaterial.  The
packaged files are always loaded; user files extend them (lists appended, mappings merged).
Bad data raises ``ConfigurationError`` naming the file and the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from schemas import Severity, Stance
from services.engine.datafiles import DATA_DIR, merge_lexicon_dicts, read_yaml
from services.engine.errors import ConfigurationError

PACKAGED_CONFLICTS = DATA_DIR / "conflicts.yaml"
PACKAGED_QUOTE_WORDS = DATA_DIR / "quote_words.yaml"
NEGATED_PREFIX = "not:"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ConditionConflictEntry(_Strict):
    kinds: tuple[str, str]
    severity: Severity
    reason: str


class StancePairEntry(_Strict):
    stances: tuple[Stance, Stance]
    severity: Severity


class ConflictsFile(_Strict):
    condition_conflicts: list[ConditionConflictEntry]
    negated_condition_severity: Severity
    condition_phrases: dict[str, str]
    default_condition_phrase: str
    default_negated_condition_phrase: str
    stance_conflicts: list[StancePairEntry]
    stance_changes: list[StancePairEntry]
    report_lag_days: int = Field(ge=0)
    statement_slack_days: int = Field(ge=0)
    quote_reuse_days: int = Field(ge=0)
    contradiction_window_days: int = Field(ge=0)


class QuoteWordsFile(_Strict):
    function_words: list[str]
    pronouns: list[str]
    negators: list[str]
    substantive_terms: list[str]
    equivalent_words: list[list[str]]


@dataclass(frozen=True)
class ConditionConflict:
    """Two condition kinds on one object that cannot both be a party's position."""

    kinds: frozenset[str]
    severity: Severity
    reason: str


@dataclass(frozen=True)
class ConditionKey:
    """A parsed condition key: ``[not:]<kind>[:<object>]``."""

    kind: str
    object: str

    @classmethod
    def parse(cls, key: str) -> ConditionKey:
        """Split a key; a key without an object is its own object ('security_guarantees')."""
        negated = key.startswith(NEGATED_PREFIX)
        bare = key[len(NEGATED_PREFIX) :] if negated else key
        kind, _, obj = bare.partition(":")
        return cls(kind=f"{NEGATED_PREFIX}{kind}" if negated else kind, object=obj or kind)


@dataclass(frozen=True, eq=False)
class DetectionRules:
    """Everything the detector's judgement depends on, loaded once and shared.

    Compared and hashed by identity, so it can key caches of per-rules results.
    """

    condition_conflicts: tuple[ConditionConflict, ...]
    negated_condition_severity: Severity
    condition_phrases: dict[str, str]
    default_condition_phrase: str
    default_negated_condition_phrase: str
    stance_conflicts: dict[frozenset[Stance], Severity]
    stance_changes: dict[frozenset[Stance], Severity]
    report_lag_days: int
    statement_slack_days: int
    quote_reuse_days: int
    contradiction_window_days: int
    function_words: frozenset[str]
    pronouns: frozenset[str]
    negators: frozenset[str]
    substantive_terms: frozenset[str]
    equivalents: dict[str, str]

    def condition_conflict(self, kind_a: str, kind_b: str) -> ConditionConflict | None:
        """The conflict between two condition kinds on one object, if they conflict."""
        if kind_a == kind_b:
            return None
        if _negation_of(kind_a) == kind_b:
            bare = kind_a.removeprefix(NEGATED_PREFIX)
            reason = f"one side sets the condition {bare}, the other rejects it"
            return ConditionConflict(frozenset((kind_a, kind_b)), self.negated_condition_severity, reason)
        pair = frozenset((kind_a, kind_b))
        for conflict in self.condition_conflicts:
            if conflict.kinds == pair:
                return conflict
        return None

    def stance_change(self, earlier: Stance, later: Stance) -> Severity | None:
        """Severity of a move between two stances over time, or None when it is no change."""
        return self.stance_changes.get(frozenset((earlier, later))) if earlier != later else None

    def stance_conflict(self, a: Stance, b: Stance) -> Severity | None:
        """Severity of two stances reported for one actor at one time, or None when compatible."""
        return self.stance_conflicts.get(frozenset((a, b))) if a != b else None

    def condition_phrase(self, kind: str, obj: str) -> str:
        """How holding condition `kind` on `obj` reads in a summary."""
        shown = obj.replace("_", " ").replace("-", " ")
        shown = shown[:1].upper() + shown[1:]
        bare = kind.removeprefix(NEGATED_PREFIX).replace("_", " ")
        template = self.condition_phrases.get(kind)
        if template is None:
            negated = kind.startswith(NEGATED_PREFIX)
            template = self.default_negated_condition_phrase if negated else self.default_condition_phrase
        return template.format(object=shown, kind=bare)

    def canonical_word(self, word: str) -> str:
        """The word standing for `word`'s group of near-synonyms (itself when it has none)."""
        return self.equivalents.get(word, word)


def _negation_of(kind: str) -> str:
    if kind.startswith(NEGATED_PREFIX):
        return kind[len(NEGATED_PREFIX) :]
    return f"{NEGATED_PREFIX}{kind}"


def _validated(model: type[_Strict], raw: Any, source: Path) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ConfigurationError(f"{source}: field {field!r}: {first['msg']}") from exc


def _load(packaged: Path, user: Path | None, model: type[_Strict]) -> Any:
    raw: Any = read_yaml(packaged)
    if user is not None:
        raw = merge_lexicon_dicts(raw, read_yaml(user))
    return _validated(model, raw, user or packaged)


def load_rules(conflicts_file: Path | None = None, quote_words_file: Path | None = None) -> DetectionRules:
    """Load the packaged rules, extended by the given user files."""
    conflicts: ConflictsFile = _load(PACKAGED_CONFLICTS, conflicts_file, ConflictsFile)
    words: QuoteWordsFile = _load(PACKAGED_QUOTE_WORDS, quote_words_file, QuoteWordsFile)
    equivalents: dict[str, str] = {}
    for group in words.equivalent_words:
        if group:
            head = group[0].lower()
            for word in group:
                equivalents[word.lower()] = head
    return DetectionRules(
        condition_conflicts=tuple(
            ConditionConflict(frozenset(entry.kinds), entry.severity, entry.reason)
            for entry in conflicts.condition_conflicts
        ),
        negated_condition_severity=conflicts.negated_condition_severity,
        condition_phrases=dict(conflicts.condition_phrases),
        default_condition_phrase=conflicts.default_condition_phrase,
        default_negated_condition_phrase=conflicts.default_negated_condition_phrase,
        stance_conflicts={frozenset(e.stances): e.severity for e in conflicts.stance_conflicts},
        stance_changes={frozenset(e.stances): e.severity for e in conflicts.stance_changes},
        report_lag_days=conflicts.report_lag_days,
        statement_slack_days=conflicts.statement_slack_days,
        quote_reuse_days=conflicts.quote_reuse_days,
        contradiction_window_days=conflicts.contradiction_window_days,
        function_words=frozenset(w.lower() for w in words.function_words),
        pronouns=frozenset(w.lower() for w in words.pronouns),
        negators=frozenset(w.lower() for w in words.negators),
        substantive_terms=frozenset(w.lower() for w in words.substantive_terms),
        equivalents=equivalents,
    )


@lru_cache(maxsize=1)
def default_rules() -> DetectionRules:
    """The packaged rules, loaded on first use and shared."""
    return load_rules()
