"""Issues an actor speaks on, and the position a claim takes on each.

An *issue* is what a position is about:

- ``topic:<issue>``: the stance toward talks or a deal on a topic (topics that are what talks
  are about share one issue, ``stance_issues`` in ``conflicts.yaml``), kept only for stances
  that take part in a change or conflict rule (``conflicts.yaml``: support, oppose), so a
  neighbouring stance (conditional, skeptical, neutral) neither changes nor hides the
  standing one;
- ``condition:<object>``: the condition kinds held on one object (``withdrawal`` on
  ``kursk``), joined by ``+``;
- ``preconditions:talks``: whether the actor sets any precondition for talks (``some``) or
  rules them out (``none``, from a ``no_preconditions`` condition); moving between the two
  is a change even when the objects differ ("without any preconditions" -> "not until the
  troops leave Kursk").

A third party's statement takes no stance on talks: a mediator announcing that "both sides
agreed" or urging "the warring parties" to stop, or a speaker that is both sides at once
("the warring factions"), reports or presses the process; its stance is not a party's
position (``third_party_phrases`` and ``joint_speaker_words`` in ``conflicts.yaml``).  A
go-between's role named as whom the speaker addresses ("a message to the mediators") is no
such statement (``third_party_roles``, ``counterpart_prepositions``).  Its
conditions are still filed: an object and its kinds say what the speaker holds, whoever it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from schemas import Claim, Severity, Speaker, Stance
from services.engine.detect.cache import ClaimMemo
from services.engine.detect.contradiction import held_kinds
from services.engine.detect.rules import DetectionRules

POSITION_JOIN = "+"
PRECONDITIONS = "preconditions"
PRECONDITION_ISSUE_NAME = "talks"
NO_PRECONDITIONS = "none"
SOME_PRECONDITIONS = "some"


@dataclass(frozen=True, order=True)
class Issue:
    """What a position is about: ('topic', 'negotiations'), ('condition', 'kursk') ..."""

    kind: str
    name: str

    @property
    def key(self) -> str:
        """'condition:kursk': the issue's name in keys and reports."""
        return f"{self.kind}:{self.name}"

    @classmethod
    def parse(cls, key: str) -> Issue:
        """The issue named by `key` ('topic:ceasefire')."""
        kind, _, name = key.partition(":")
        return cls(kind, name)


@lru_cache(maxsize=8)
def _third_party_pattern(rules: DetectionRules) -> re.Pattern[str] | None:
    if not rules.third_party_phrases:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(rules.third_party_phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


_NAME_WORDS = re.compile(r"[^\W\d_]+")


def speaks_as_third_party(claim: Claim, rules: DetectionRules) -> bool:
    """True for a mediator's or both sides' statement: about the parties, not one party's own stance."""
    if rules.joint_speaker_words and not rules.joint_speaker_words.isdisjoint(
        w.casefold() for w in _NAME_WORDS.findall(claim.speaker.name)
    ):
        return True
    pattern = _third_party_pattern(rules)
    if pattern is None:
        return False
    text = claim.text.casefold()
    return any(not _addressed(text, found, rules) for found in pattern.finditer(text))


# Words between a preposition and the role it governs ("to the Saudi and American mediators").
_MAX_MODIFIERS = 4
_CLAUSE_BREAK = re.compile(r"[,.;:!?()\"“”]")


def _addressed(text: str, found: re.Match[str], rules: DetectionRules) -> bool:
    """True when a go-between's role is the object of a preposition: whom the speaker addresses."""
    if found.group(0) not in rules.third_party_roles:
        return False
    before = _CLAUSE_BREAK.split(text[: found.start()])[-1].split()
    return not rules.counterpart_prepositions.isdisjoint(before[-(_MAX_MODIFIERS + 1) :])


def calls_a_go_between(claim: Claim, speaker: Speaker, rules: DetectionRules) -> bool:
    """True when `claim` names `speaker` beside a go-between's role ("thanked Rivera and the other
    mediators", "the mediator, Rivera"): that speaker is no party to the quarrel."""
    pattern = _third_party_pattern(rules)
    names = {w.casefold() for w in _NAME_WORDS.findall(speaker.name) if len(w) > 2}
    if pattern is None or not names:
        return False
    text = claim.text.casefold()
    for found in pattern.finditer(text):
        if found.group(0) not in rules.third_party_roles:
            continue
        before = _NAME_WORDS.findall(_CLAUSE_BREAK.split(text[: found.start()])[-1])
        after = _NAME_WORDS.findall(re.split(r"[.;:!?()]", text[found.end() :])[0])
        if not names.isdisjoint([*before[-_MAX_MODIFIERS:], *after[:_MAX_MODIFIERS]]):
            return True
    return False


def claim_positions(claim: Claim, rules: DetectionRules) -> dict[Issue, str]:
    """Issue -> the position `claim` takes on it (a stance, condition kinds, none/some)."""
    held: dict[Issue, str] = {}
    if claim.stance in rules.position_stances and not speaks_as_third_party(claim, rules):
        held[Issue("topic", rules.stance_issue(claim.topic.value))] = claim.stance.value
    kinds_by_object = held_kinds(claim, rules)
    for obj, kinds in kinds_by_object.items():
        held[Issue("condition", obj)] = POSITION_JOIN.join(sorted(kinds))
    every_kind = {kind for kinds in kinds_by_object.values() for kind in kinds}
    if every_kind & rules.no_precondition_kinds:
        held[Issue(PRECONDITIONS, PRECONDITION_ISSUE_NAME)] = NO_PRECONDITIONS
    elif (
        claim.stance is Stance.conditional
        and every_kind - rules.not_precondition_kinds
        and every_kind.isdisjoint(rules.agenda_kinds)  # what talks will cover is no precondition
    ):
        held[Issue(PRECONDITIONS, PRECONDITION_ISSUE_NAME)] = SOME_PRECONDITIONS
    return held


def _read_only(claim: Claim, rules: DetectionRules) -> Mapping[Issue, str]:
    return MappingProxyType(claim_positions(claim, rules))


held_positions: ClaimMemo[Mapping[Issue, str]] = ClaimMemo(_read_only)
"""``claim_positions(claim, rules)``, read-only and remembered per claim."""


def kinds_of(position: str) -> list[str]:
    """The parts of a position ('withdrawal+leverage' -> ['leverage', 'withdrawal'])."""
    return sorted(position.split(POSITION_JOIN))


def position_conflict(
    issue: Issue, a: str, b: str, rules: DetectionRules, over_time: bool
) -> Severity | None:
    """Severity of holding `a` and then (or at once) `b` on `issue`; None when compatible."""
    if a == b:
        return None
    if issue.kind == PRECONDITIONS:
        return rules.precondition_change_severity if over_time else None
    found: list[Severity] = []
    for x in kinds_of(a):
        for y in kinds_of(b):
            if issue.kind == "topic":
                judge = rules.stance_change if over_time else rules.stance_conflict
                severity = judge(Stance(x), Stance(y))
            else:
                conflict = rules.condition_conflict(x, y)
                severity = conflict.severity if conflict else None
            if severity is not None:
                found.append(severity)
    return max(found, key=lambda s: s.rank) if found else None


def position_words(issue: Issue, position: str, rules: DetectionRules) -> str:
    """A verb phrase for holding `position` on `issue` ('takes an oppose stance on negotiations')."""
    if issue.kind == "topic":
        stances = "/".join(kinds_of(position))
        article = "an" if stances[:1] in "aeiou" else "a"
        return f"takes {article} {stances} stance on {issue.name.replace('_', ' ')}"
    if issue.kind == PRECONDITIONS:
        return (
            "sets no preconditions for talks"
            if position == NO_PRECONDITIONS
            else "sets preconditions for talks"
        )
    return " and ".join(rules.condition_phrase(kind, issue.name) for kind in kinds_of(position))
