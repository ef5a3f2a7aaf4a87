"""Scoring of engine claims and alerts against annotated news (the realnews-dev gold format).

The gold format is described in ../shared/realnews-dev/README.md.  Every function here is pure:
it takes gold records (plain dicts as read from gold.json) and engine `Claim`/`Alert` models and
returns what matched, so the harness (benchmarks/quality.py) and the tests share one definition.

Definitions (the harness prints figures from these):
- a gold claim is FOUND when an engine claim of the same article has normalised text or quote
  containing any of the gold `any` substrings (normalised: lower case, typographic quotes,
  apostrophes and dashes made plain, whitespace runs collapsed);
- SPEAKER right when such a claim's ``speaker.id + " " + speaker.name`` (lower case) matches the gold
  `speaker` regex (re.search); PARTY right when a found claim with the right speaker has the gold
  party, or that state with a faction suffix ('SD_SAF' for 'SD'); judged only where the gold names a
  party; STANCE right when a found claim with the right speaker has the gold stance;
- CONDITION found when any found claim has a condition key equal to the gold key (case-insensitive);
  lenient: same kind (the part before ':') and, when both have one, the same object after ':';
- a gold alert is RAISED by an engine alert of the same kind whose actors, parties and summary match
  `actors_any_a` (and `actors_any_b`), and whose summary and evidence texts and quotes contain every
  `evidence_all` word and at least one `evidence_any` word;
- a FALSE alert matches no gold alert; a never_alert VIOLATION is an alert of that kind whose every
  actor id contains the `actor` substring.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from schemas import Alert, Claim

# Typographic quotes, apostrophes and dashes, each made plain.
_PLAIN = str.maketrans(
    "\u2018\u2019\u201a\u201b\u2032\u00b4`\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2212",
    "'''''''" + '"' * 7 + "-" * 7,
)
_SPACES = re.compile(r"\s+")

GoldRecord = dict[str, Any]


def normalise(text: str | None) -> str:
    """Lower case, plain quotes/apostrophes/dashes, one space for every whitespace run."""
    if not text:
        return ""
    return _SPACES.sub(" ", text.translate(_PLAIN).lower()).strip()


def speaker_text(claim: Claim) -> str:
    """What the gold speaker regex is matched against: speaker id and name, lower case."""
    return f"{claim.speaker.id} {claim.speaker.name}".lower()


def claim_matches(gold: GoldRecord, claim: Claim) -> bool:
    """The claim is of the gold claim's article and its text or quote holds one `any` substring."""
    if claim.article_id != gold["article"]:
        return False
    haystacks = (normalise(claim.text), normalise(claim.quote))
    return any(needle and needle in hay for needle in map(normalise, gold["any"]) for hay in haystacks)


def speaker_right(gold: GoldRecord, claim: Claim) -> bool:
    return re.search(gold["speaker"], speaker_text(claim)) is not None


def party_right(gold: GoldRecord, claim: Claim) -> bool:
    """The claim's party is the gold party, or that state with a faction suffix ('SD_SAF' for 'SD')."""
    wanted = gold.get("party")
    party = claim.speaker.party
    return bool(wanted) and (party == wanted or party.split("_", 1)[0] == wanted)


def stance_right(gold: GoldRecord, claim: Claim) -> bool:
    return claim.stance.value == gold.get("stance")


def _split_key(key: str) -> tuple[str, str | None]:
    kind, _, target = key.strip().lower().partition(":")
    return kind, (target or None)


def condition_exact(gold_key: str, claim: Claim) -> bool:
    """Some condition of the claim has exactly the gold key (case-insensitive)."""
    wanted = gold_key.strip().lower()
    return any(c.key.strip().lower() == wanted for c in claim.conditions)


def condition_lenient(gold_key: str, claim: Claim) -> bool:
    """Same condition kind, and the same object after ':' when both keys have one."""
    kind, target = _split_key(gold_key)
    for condition in claim.conditions:
        got_kind, got_target = _split_key(condition.key)
        if got_kind == kind and (target is None or got_target is None or target == got_target):
            return True
    return False


@dataclass
class ClaimScore:
    """How one gold claim fared: the candidates found and each field's verdict."""

    gold: GoldRecord
    candidates: list[Claim] = field(default_factory=list)
    speaker: bool = False
    party: bool | None = None  # None: the gold claim names no party
    stance: bool | None = None  # None: no gold stance, or not found with the right speaker
    condition: bool | None = None  # None: the gold claim sets no condition
    condition_lenient: bool | None = None
    best: Claim | None = None

    @property
    def found(self) -> bool:
        return bool(self.candidates)


def score_claim(gold: GoldRecord, claims: Sequence[Claim]) -> ClaimScore:
    """Match one gold claim against the engine claims (of any article; the article is checked)."""
    score = ClaimScore(gold=gold, candidates=[c for c in claims if claim_matches(gold, c)])
    right = [c for c in score.candidates if speaker_right(gold, c)]
    score.speaker = bool(right)
    if gold.get("party"):
        score.party = any(party_right(gold, c) for c in right)
    if gold.get("stance") and right:
        score.stance = any(stance_right(gold, c) for c in right)
    key = gold.get("condition")
    if key:
        score.condition = any(condition_exact(key, c) for c in score.candidates)
        score.condition_lenient = any(condition_lenient(key, c) for c in score.candidates)
    if score.candidates:
        score.best = max(score.candidates, key=lambda c: _rank(gold, c))
    return score


def _rank(gold: GoldRecord, claim: Claim) -> tuple[bool, ...]:
    key: str = gold.get("condition") or ""
    return (
        speaker_right(gold, claim),
        party_right(gold, claim),
        stance_right(gold, claim),
        bool(key) and condition_exact(key, claim),
        bool(key) and condition_lenient(key, claim),
    )


def alert_actor_text(alert: Alert) -> str:
    """What actors_any_a/b are matched against: actors, parties and summary, lower case."""
    return " ".join([*alert.actors, *alert.parties, alert.summary]).lower()


def alert_evidence_text(alert: Alert) -> str:
    """What evidence words are looked for in: the summary and every evidence text and quote."""
    parts = [alert.summary]
    for evidence in alert.evidence:
        parts += [evidence.text, evidence.quote or ""]
    return normalise(" ".join(parts))


def alert_checks(gold: GoldRecord, alert: Alert) -> dict[str, bool]:
    """Each test of `alert_matches` on its own: kind, actors a, actors b, evidence all, evidence any."""
    actors = alert_actor_text(alert)
    evidence = alert_evidence_text(alert)
    wanted_any = gold.get("evidence_any") or []
    return {
        "kind": alert.kind.value == gold["kind"],
        "actors_a": re.search(gold["actors_any_a"], actors) is not None,
        "actors_b": not gold.get("actors_any_b") or re.search(gold["actors_any_b"], actors) is not None,
        "evidence_all": all(normalise(word) in evidence for word in gold.get("evidence_all", [])),
        "evidence_any": not wanted_any or any(normalise(word) in evidence for word in wanted_any),
    }


def alert_matches(gold: GoldRecord, alert: Alert) -> bool:
    """The engine alert raises the gold alert (kind, actors, all/any evidence words)."""
    return all(alert_checks(gold, alert).values())


def never_alert_violated(rule: GoldRecord, alert: Alert) -> bool:
    """An alert of the rule's kind whose every actor id contains the rule's actor substring."""
    needle = rule["actor"].lower()
    return (
        alert.kind.value == rule["kind"]
        and bool(alert.actors)
        and all(needle in actor.lower() for actor in alert.actors)
    )


def boilerplate_claims(claims: Iterable[Claim], never_claim_from: Sequence[str]) -> list[Claim]:
    """Claims whose text or quote holds a substring of text that must yield no claim."""
    needles = [normalise(s) for s in never_claim_from if s.strip()]
    return [c for c in claims if any(n in normalise(c.text) or n in normalise(c.quote) for n in needles)]


def quiet_claims(claims: Iterable[Claim], quiet_articles: Sequence[str]) -> list[Claim]:
    """Claims from articles that hold no negotiation statement at all."""
    quiet = set(quiet_articles)
    return [c for c in claims if c.article_id in quiet]


@dataclass
class GroupScore:
    """Every figure of one gold group (or of several, summed)."""

    name: str
    articles: int = 0
    claims: list[ClaimScore] = field(default_factory=list)
    engine_claims: int = 0
    engine_alerts: int = 0
    extra: list[Claim] = field(default_factory=list)
    required_raised: int = 0
    required_total: int = 0
    optional_raised: int = 0
    optional_total: int = 0
    false_alerts: list[Alert] = field(default_factory=list)
    missed_required: list[tuple[GoldRecord, list[Alert]]] = field(default_factory=list)
    never_alert: list[tuple[GoldRecord, Alert]] = field(default_factory=list)
    boilerplate: list[Claim] = field(default_factory=list)
    quiet: list[Claim] = field(default_factory=list)
    seconds: float = 0.0

    # Headline counts: (numerator, denominator) pairs.
    @property
    def extra_claims(self) -> int:
        """Engine claims that match no gold claim."""
        return len(self.extra)

    @property
    def found(self) -> tuple[int, int]:
        return sum(s.found for s in self.claims), len(self.claims)

    @property
    def speaker(self) -> tuple[int, int]:
        return sum(s.speaker for s in self.claims), len(self.claims)

    @property
    def party(self) -> tuple[int, int]:
        right = [s for s in self.claims if s.speaker and s.party is not None]
        return sum(bool(s.party) for s in right), len(right)

    @property
    def stance(self) -> tuple[int, int]:
        judged = [s for s in self.claims if s.stance is not None]
        return sum(bool(s.stance) for s in judged), len(judged)

    @property
    def condition(self) -> tuple[int, int]:
        judged = [s for s in self.claims if s.condition is not None]
        return sum(bool(s.condition) for s in judged), len(judged)

    @property
    def condition_lenient(self) -> tuple[int, int]:
        judged = [s for s in self.claims if s.condition_lenient is not None]
        return sum(bool(s.condition_lenient) for s in judged), len(judged)

    def add(self, other: GroupScore) -> None:
        """Sum another group's figures into this one."""
        self.articles += other.articles
        self.claims += other.claims
        self.engine_claims += other.engine_claims
        self.engine_alerts += other.engine_alerts
        self.extra += other.extra
        self.required_raised += other.required_raised
        self.required_total += other.required_total
        self.optional_raised += other.optional_raised
        self.optional_total += other.optional_total
        self.false_alerts += other.false_alerts
        self.missed_required += other.missed_required
        self.never_alert += other.never_alert
        self.boilerplate += other.boilerplate
        self.quiet += other.quiet
        self.seconds += other.seconds


def score_group(
    name: str, gold: GoldRecord, claims: Sequence[Claim], alerts: Sequence[Alert], articles: int = 0
) -> GroupScore:
    """Score one group's engine claims and alerts against its gold.json content."""
    group = GroupScore(name=name, articles=articles, engine_claims=len(claims), engine_alerts=len(alerts))
    group.claims = [score_claim(g, claims) for g in gold.get("claims", [])]
    matched_ids = {id(c) for s in group.claims for c in s.candidates}
    group.extra = [c for c in claims if id(c) not in matched_ids]
    matched_alerts: set[int] = set()
    for wanted in gold.get("alerts", []):
        raising = [a for a in alerts if alert_matches(wanted, a)]
        matched_alerts.update(id(a) for a in raising)
        if wanted.get("need", False):
            group.required_total += 1
            group.required_raised += bool(raising)
            if not raising:
                same_kind = [a for a in alerts if a.kind.value == wanted["kind"]]
                group.missed_required.append((wanted, same_kind))
        else:
            group.optional_total += 1
            group.optional_raised += bool(raising)
    group.false_alerts = [a for a in alerts if id(a) not in matched_alerts]
    group.never_alert = [
        (rule, a) for rule in gold.get("never_alert", []) for a in alerts if never_alert_violated(rule, a)
    ]
    group.boilerplate = boilerplate_claims(claims, gold.get("never_claim_from", []))
    group.quiet = quiet_claims(claims, gold.get("quiet_articles", []))
    return group
