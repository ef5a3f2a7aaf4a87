"""Detection rules from data files: condition conflicts, stance changes, quote word lists.

``conflicts.yaml`` says which positions cannot both hold and which stance moves are a change;
``quote_words.yaml`` says which word differences between two quotes are immaterial.  The
packaged files are always loaded; user files extend them (lists appended, mappings merged),
or take packaged entries out and replace sections (``remove``/``replace``, see datafiles).
Bad data raises ``ConfigurationError`` naming the file and the field (the files' shapes are
in ``rules_files``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from schemas import Severity, Stance
from services.engine.datafiles import (
    DATA_DIR,
    DIRECTIVES,
    REMOVE,
    REPLACE,
    apply_directives,
    merge_lexicon_dicts,
    read_yaml,
)
from services.engine.detect.rules_files import ConflictsFile, QuoteWordsFile, StrictFile
from services.engine.errors import ConfigurationError

PACKAGED_CONFLICTS = DATA_DIR / "conflicts.yaml"
PACKAGED_QUOTE_WORDS = DATA_DIR / "quote_words.yaml"
NEGATED_PREFIX = "not:"
# Capitalised words that name no one: days, titles and words every report uses.
COMMON_CAPITALISED = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "president",
        "minister",
        "prime",
        "foreign",
        "secretary",
        "spokesman",
        "spokeswoman",
        "government",
        "the",
    ]
)


@dataclass(frozen=True)
class ConditionConflict:
    """Two condition kinds on one object that cannot both be a party's position."""

    kinds: frozenset[str]
    severity: Severity
    reason: str


@dataclass(frozen=True)
class PartyIssueConflict(ConditionConflict):
    """Two positions on one issue (of kind `issue`) that parties cannot both hold at one time."""

    issue: str = ""
    window_days: int = 0


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
    no_precondition_kinds: frozenset[str] = frozenset()
    not_precondition_kinds: frozenset[str] = frozenset()
    # Kinds naming what talks will cover: a claim holding one sets no precondition.
    agenda_kinds: frozenset[str] = frozenset()
    precondition_change_severity: Severity = Severity.medium
    stance_issues: dict[str, str] = field(default_factory=dict)
    # Issue -> the issue whose history in the ledger it shares (a truce and the talks on it).
    history_issues: dict[str, str] = field(default_factory=dict)
    background_months: tuple[str, ...] = ()
    party_issue_conflicts: tuple[PartyIssueConflict, ...] = ()
    background_time_prepositions: frozenset[str] = frozenset()
    past_perfect_auxiliaries: frozenset[str] = frozenset()
    past_participle_endings: frozenset[str] = frozenset()
    # 0: a standing stance never expires.
    stance_memory_days: int = 0
    third_party_phrases: tuple[str, ...] = ()
    third_party_roles: frozenset[str] = frozenset()
    counterpart_prepositions: frozenset[str] = frozenset()
    joint_speaker_words: frozenset[str] = frozenset()
    government_history: bool = False
    government_role_words: frozenset[str] = frozenset()
    nongovernment_words: frozenset[str] = frozenset()
    nonstate_parties: frozenset[str] = frozenset()
    # A condition named as another's demand, in a sentence rejecting it: the speaker refuses it.
    demand_words: frozenset[str] = frozenset()
    # Kinds whose conditions say how much is asked ('sanctions_relief.full' / '.partial').
    scoped_kinds: frozenset[str] = frozenset()
    full_scope_words: frozenset[str] = frozenset()
    partial_scope_words: frozenset[str] = frozenset()
    rejection_words: frozenset[str] = frozenset()

    def party_issue_conflict(self, issue_kind: str, a: str, b: str) -> PartyIssueConflict | None:
        """The conflict between two parties holding `a` and `b` on an issue of `issue_kind`."""
        pair = frozenset((a, b))
        for conflict in self.party_issue_conflicts:
            if conflict.issue == issue_kind and conflict.kinds == pair and a != b:
                return conflict
        return None

    @property
    def background_month_words(self) -> frozenset[str]:
        """Month names and the words of the weekday-like calendar list: never a shared name."""
        return frozenset(self.background_months) | COMMON_CAPITALISED

    def stance_issue(self, topic: str) -> str:
        """The issue a stance on `topic` is kept under (the topic itself unless mapped)."""
        return self.stance_issues.get(topic, topic)

    def history_issue(self, issue: str) -> str:
        """The issue whose position history a stance on `issue` is filed in (itself unless mapped)."""
        return self.history_issues.get(issue, issue)

    @property
    def position_stances(self) -> frozenset[Stance]:
        """Stances that take part in a change or conflict rule: the ones a standing position keeps."""
        pairs = [*self.stance_changes, *self.stance_conflicts]
        return frozenset(stance for pair in pairs for stance in pair)

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


def _validated(model: type[StrictFile], raw: Any, source: Path) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ConfigurationError(f"{source}: field {field!r}: {first['msg']}") from exc


def _load(packaged: Path, users: list[tuple[Path, dict[str, Any]]], model: type[StrictFile]) -> Any:
    raw: Any = read_yaml(packaged)
    for path, user in users:
        base, extra = apply_directives(raw, user, path)
        raw = merge_lexicon_dicts(base, extra)
    return _validated(model, raw, users[-1][0] if users else packaged)


def _split_rules_file(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """A rules file's (conflicts part, quote words part): each section goes where it belongs.

    `remove` and `replace` are split the same way; `replace: true` replaces both files.
    """
    user = read_yaml(path)
    conflict_fields = set(ConflictsFile.model_fields)
    word_fields = set(QuoteWordsFile.model_fields)
    parts: tuple[dict[str, Any], dict[str, Any]] = ({}, {})
    for key, value in user.items():
        if key in DIRECTIVES:
            continue
        if key in conflict_fields:
            parts[0][key] = value
        elif key in word_fields:
            parts[1][key] = value
        else:
            known = sorted(conflict_fields | word_fields | set(DIRECTIVES))
            raise ConfigurationError(f"{path}: field {key!r}: not a detection rules section (known: {known})")
    removals = user.get(REMOVE) or {}
    if not isinstance(removals, dict):
        raise ConfigurationError(f"{path}: field 'remove': expected a mapping of section -> entries")
    replaced = user.get(REPLACE, False)
    for index, fields in enumerate((conflict_fields, word_fields)):
        mine = {k: v for k, v in removals.items() if str(k).split(".")[0] in fields}
        if mine:
            parts[index][REMOVE] = mine
        if isinstance(replaced, list):
            sections = [r for r in replaced if str(r).split(".")[0] in fields]
            if sections:
                parts[index][REPLACE] = sections
        elif replaced:
            parts[index][REPLACE] = replaced
    unknown = [k for k in removals if str(k).split(".")[0] not in conflict_fields | word_fields]
    if unknown:
        raise ConfigurationError(f"{path}: field 'remove.{unknown[0]}': not a detection rules section")
    return parts


def load_rules(
    conflicts_file: Path | None = None,
    quote_words_file: Path | None = None,
    rules_file: Path | None = None,
) -> DetectionRules:
    """Load the packaged rules, changed by the given user files (see datafiles: remove, replace).

    `rules_file` may hold sections of both conflicts.yaml and quote_words.yaml (``--rules``,
    ``CLAIMWATCH_RULES_FILE``); it is applied after the other two.
    """
    conflict_users = [(conflicts_file, read_yaml(conflicts_file))] if conflicts_file else []
    word_users = [(quote_words_file, read_yaml(quote_words_file))] if quote_words_file else []
    if rules_file is not None:
        conflicts_part, words_part = _split_rules_file(rules_file)
        if conflicts_part:
            conflict_users.append((rules_file, conflicts_part))
        if words_part:
            word_users.append((rules_file, words_part))
    conflicts: ConflictsFile = _load(PACKAGED_CONFLICTS, conflict_users, ConflictsFile)
    words: QuoteWordsFile = _load(PACKAGED_QUOTE_WORDS, word_users, QuoteWordsFile)
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
        no_precondition_kinds=frozenset(conflicts.preconditions.none_kinds),
        not_precondition_kinds=frozenset(
            [*conflicts.preconditions.none_kinds, *conflicts.preconditions.not_precondition_kinds]
        ),
        agenda_kinds=frozenset(conflicts.preconditions.agenda_kinds),
        precondition_change_severity=conflicts.preconditions.change_severity,
        stance_issues=dict(conflicts.stance_issues),
        history_issues=dict(conflicts.history_issues),
        background_months=tuple(m.lower() for m in conflicts.background_months),
        party_issue_conflicts=tuple(
            PartyIssueConflict(frozenset(e.kinds), e.severity, e.reason, e.issue, e.window_days)
            for e in conflicts.party_issue_conflicts
        ),
        background_time_prepositions=frozenset(w.lower() for w in conflicts.background_time_prepositions),
        past_perfect_auxiliaries=frozenset(w.lower() for w in conflicts.past_perfect_auxiliaries),
        past_participle_endings=frozenset(w.lower() for w in conflicts.past_participle_endings),
        stance_memory_days=conflicts.stance_memory_days,
        third_party_phrases=tuple(p.lower() for p in conflicts.third_party_phrases),
        third_party_roles=frozenset(p.lower() for p in conflicts.third_party_roles),
        counterpart_prepositions=frozenset(w.lower() for w in conflicts.counterpart_prepositions),
        joint_speaker_words=frozenset(w.lower() for w in conflicts.joint_speaker_words),
        government_history=conflicts.government_history,
        government_role_words=frozenset(w.lower() for w in conflicts.government_role_words),
        nongovernment_words=frozenset(w.lower() for w in conflicts.nongovernment_words),
        nonstate_parties=frozenset(conflicts.nonstate_parties),
        demand_words=frozenset(w.lower() for w in conflicts.demand_words),
        scoped_kinds=frozenset(conflicts.scoped_kinds),
        full_scope_words=frozenset(w.lower() for w in conflicts.full_scope_words),
        partial_scope_words=frozenset(w.lower() for w in conflicts.partial_scope_words),
        rejection_words=frozenset(w.lower() for w in conflicts.rejection_words),
    )


@lru_cache(maxsize=1)
def default_rules() -> DetectionRules:
    """The packaged rules, loaded on first use and shared."""
    return load_rules()
