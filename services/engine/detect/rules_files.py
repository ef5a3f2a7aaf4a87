"""The shapes of the detection rules files (conflicts.yaml, quote_words.yaml), validated strictly.

``rules`` loads them into ``DetectionRules``; a field not named here is an error naming the
file and the field.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from schemas import Severity, Stance


class StrictFile(BaseModel):
    """A rules file section: unknown fields are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ConditionConflictEntry(StrictFile):
    kinds: tuple[str, str]
    severity: Severity
    reason: str


class StancePairEntry(StrictFile):
    stances: tuple[Stance, Stance]
    severity: Severity


class PartyIssueConflictEntry(StrictFile):
    issue: str = Field(pattern=r"^(topic|preconditions)$")
    kinds: tuple[str, str]
    severity: Severity
    window_days: int = Field(ge=0)
    reason: str


class PreconditionsEntry(StrictFile):
    none_kinds: list[str]
    not_precondition_kinds: list[str]
    agenda_kinds: list[str] = Field(default_factory=list)
    change_severity: Severity


class ConflictsFile(StrictFile):
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
    preconditions: PreconditionsEntry
    stance_issues: dict[str, str] = Field(default_factory=dict)
    history_issues: dict[str, str] = Field(default_factory=dict)
    party_issue_conflicts: list[PartyIssueConflictEntry] = Field(default_factory=list)
    background_months: list[str] = Field(default_factory=list)
    background_time_prepositions: list[str] = Field(default_factory=list)
    past_perfect_auxiliaries: list[str] = Field(default_factory=list)
    past_participle_endings: list[str] = Field(default_factory=list)
    stance_memory_days: int = Field(default=0, ge=0)
    third_party_phrases: list[str] = Field(default_factory=list)
    third_party_roles: list[str] = Field(default_factory=list)
    counterpart_prepositions: list[str] = Field(default_factory=list)
    joint_speaker_words: list[str] = Field(default_factory=list)
    government_history: bool = True
    government_role_words: list[str] = Field(default_factory=list)
    nongovernment_words: list[str] = Field(default_factory=list)
    nonstate_parties: list[str] = Field(default_factory=list)
    demand_words: list[str] = Field(default_factory=list)
    scoped_kinds: list[str] = Field(default_factory=list)
    full_scope_words: list[str] = Field(default_factory=list)
    partial_scope_words: list[str] = Field(default_factory=list)
    rejection_words: list[str] = Field(default_factory=list)


class QuoteWordsFile(StrictFile):
    function_words: list[str]
    pronouns: list[str]
    negators: list[str]
    substantive_terms: list[str]
    equivalent_words: list[list[str]]
