"""When a claim's statement was made, as a window of days, and how two windows relate.

A claim dated by the text (``said_at``) was said on that day.  A claim known only by its
article's ``published_at`` was said on that day or up to ``report_lag_days`` before it: the
publication date is an upper bound.  A claim with neither has no window and supports no
ordering claim.  "Before" means the whole of one window precedes the other, so a position
change is only reported when the order of the two statements is certain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise

from schemas import Claim
from services.engine.detect.cache import ClaimMemo
from services.engine.detect.rules import DetectionRules


@dataclass(frozen=True)
class SaidWindow:
    """The days on which a statement may have been made."""

    earliest: date
    latest: date
    exact: bool

    def __post_init__(self) -> None:
        if self.earliest > self.latest:
            raise ValueError("earliest day after latest day")


def said_window(claim: Claim, report_lag_days: int) -> SaidWindow | None:
    """The window of days `claim`'s statement was made in, or None when nothing dates it."""
    if claim.said_at is not None:
        return SaidWindow(claim.said_at, claim.said_at, exact=True)
    if claim.published_at is not None:
        published = claim.published_at.date()
        return SaidWindow(published - timedelta(days=report_lag_days), published, exact=False)
    return None


def _window_under(claim: Claim, rules: DetectionRules) -> SaidWindow | None:
    return said_window(claim, rules.report_lag_days)


claim_window: ClaimMemo[SaidWindow | None] = ClaimMemo(_window_under)
"""``said_window(claim, rules.report_lag_days)``, remembered per claim."""


def anchor_day(claim: Claim) -> date | None:
    """The single day used to name a claim's statement: said_at, else the publication day."""
    if claim.said_at is not None:
        return claim.said_at
    if claim.published_at is not None:
        return claim.published_at.date()
    return None


def said_before(earlier: SaidWindow, later: SaidWindow) -> bool:
    """True when every day of `earlier` precedes every day of `later`."""
    return earlier.latest < later.earliest


def windows_overlap(a: SaidWindow, b: SaidWindow, slack_days: int = 0) -> bool:
    """True when the two windows share a day, allowing `slack_days` for time zones."""
    slack = timedelta(days=slack_days)
    return a.earliest <= b.latest + slack and b.earliest <= a.latest + slack


def days_apart(a: SaidWindow, b: SaidWindow) -> int:
    """Days between the closest ends of the two windows (0 when they overlap)."""
    if windows_overlap(a, b):
        return 0
    if a.latest < b.earliest:
        return (b.earliest - a.latest).days
    return (a.earliest - b.latest).days


_YEAR = re.compile(r"^(?:19|20)\d\d$")


def names_another_time(claim: Claim, rules: DetectionRules) -> bool:
    """True for a claim dated only by its publication whose sentence names an earlier time.

    "In November, the leader proposed ..." or "in 2018, he backed out of the deal" in an
    article of December 2022: the publication does not date that statement.
    """
    if claim.said_at is not None or claim.published_at is None:
        return False
    published = claim.published_at.date()
    words = _TIME_WORD.findall(claim.text.lower())
    for before, word in pairwise(words):
        if before not in rules.background_time_prepositions:
            continue
        if _YEAR.match(word) and int(word) < published.year:
            return True
        if word in rules.background_months and rules.background_months.index(word) + 1 != published.month:
            return True
    return False


_TIME_WORD = re.compile(r"[a-z]+|\d+")


@lru_cache(maxsize=8)
def _past_perfect(rules: DetectionRules) -> re.Pattern[str] | None:
    if not rules.past_perfect_auxiliaries or not rules.past_participle_endings:
        return None
    auxiliaries = "|".join(sorted(map(re.escape, rules.past_perfect_auxiliaries)))
    endings = "|".join(sorted(map(re.escape, rules.past_participle_endings), key=len, reverse=True))
    # The name, then an appositive between commas or a short time adjunct ("on Sunday"), then
    # the auxiliary, perhaps an adverb ("had repeatedly"), and a participle: "had a call" is no
    # past perfect, nor is "had to".
    between = r"(?:,[^,.;:!?]{1,60},|\s+on\s+[^,.;:!?]{1,30}?)?"
    adverb = r"(?:[a-z]+ly\s+|not\s+|never\s+|already\s+)?"
    return re.compile(rf"{between}\s+(?:{auxiliaries})\s+{adverb}[a-z]*(?:{endings})\b")


def told_before(claim: Claim, rules: DetectionRules) -> bool:
    """True for a claim dated only by its publication whose speaker is the subject of a past perfect.

    "Rivera had announced a truce": the sentence recounts what the speaker said before the time
    of the story, so the publication does not order it among the speaker's statements (it may
    still be days old, close enough to set parties at odds).  Only the speaker's own name counts
    as the subject; a pronoun is as often the subject of a reported clause ("said it had agreed").
    """
    if claim.said_at is not None or claim.published_at is None:
        return False
    return _past_perfect_speaker(claim, rules)


def _past_perfect_speaker(claim: Claim, rules: DetectionRules) -> bool:
    pattern = _past_perfect(rules)
    if pattern is None:
        return False
    names = {w for w in claim.speaker.name.split() if w[:1].isupper() and len(w) > 2}
    text = claim.text
    for name in names:
        for found in re.finditer(rf"\b{re.escape(name)}\b", text):
            if pattern.match(text, found.end()) is not None:
                return True
    return False


def undated_background(claim: Claim, rules: DetectionRules) -> bool:
    """True for a claim with no date at all whose sentence is about another time.

    "In 2019, the minister walked out", "during March she had refused", or the speaker as the
    subject of a past perfect: with nothing dating the article, any earlier time named is
    background, not news on arrival.
    """
    if claim.said_at is not None or claim.published_at is not None:
        return False
    words = _TIME_WORD.findall(claim.text.lower())
    for before, word in pairwise(words):
        if before in rules.background_time_prepositions and (
            _YEAR.match(word) or word in rules.background_months
        ):
            return True
    return _past_perfect_speaker(claim, rules)
