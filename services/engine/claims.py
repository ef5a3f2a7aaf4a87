"""What a sentence says about talks: negotiation content, topic, stance, negation, hedging, date, change."""

from __future__ import annotations

import re
from datetime import date, timedelta

from schemas import Condition, Stance, Topic
from services.engine.conditions import is_past
from services.engine.lexicon import Lexicon

_WORD_NUMBER = r"(\d{1,2})(?:st|nd|rd|th)?"
_BLANK_QUOTE = re.compile(r"[\"“«„][^\"“”«»„]*[\"”»“]")
_CLAUSE_END = re.compile(r"[,;:.!?\"“”(]|\s[–—]\s")
# Conditions that do not bind talks: leverage describes what helps at the table, good faith is doubt.
_NON_BINDING_PREFIXES = ("leverage:", "good_faith", "no_preconditions", "not:")
_STRONG_MARKER = re.compile(
    r"\b(?:only (?:after|if|when)|until|as long as|unless|provided that|on (?:the )?condition"
    r"|hinges? on|depends? on|precondition)",
    re.IGNORECASE,
)


def blank_quotes(text: str) -> str:
    """`text` with every closed quotation replaced by spaces (offsets kept): the reporter's words only."""
    return _BLANK_QUOTE.sub(lambda m: " " * len(m.group()), text)


def negotiation_cues(text: str, lexicon: Lexicon, allow_weak: bool) -> list[tuple[int, int]]:
    """Spans of negotiation vocabulary in a sentence, minus meetings, contracts and commerce."""
    cues = [m.span() for m in lexicon.strong_cue.finditer(text)]
    if allow_weak:
        cues += [m.span() for m in lexicon.weak_cue.finditer(text)]
    if not cues:
        return cues
    excluded = [m.span() for m in lexicon.not_negotiation.finditer(text)]
    return [c for c in cues if not any(a <= c[0] < b for a, b in excluded)]


def classify_topic(text: str, lexicon: Lexicon) -> Topic:
    """The topic a phrase names outright, else the first topic of the lexicon's list with a word in `text`."""
    for topic, pattern in (*lexicon.topic_phrase_patterns, *lexicon.topic_patterns):
        if pattern.search(text):
            return Topic(topic)
    return Topic.other


def is_negated(text: str, cues: list[tuple[int, int]], lexicon: Lexicon) -> bool:
    """A negation within a few words before a negotiation word ("will not engage in talks", "no talks")."""
    for start, _ in cues:
        window = text[max(0, start - 40) : start]
        clause_break = max(window.rfind(","), window.rfind(";"), window.rfind("."))
        if lexicon.negation.search(window[clause_break + 1 :]):
            return True
    return False


def classify_stance(text: str, conditions: list[Condition], lexicon: Lexicon) -> Stance:
    """Stance toward talks or a deal: conditional > oppose > skeptical > support > neutral."""
    binding = [c for c in conditions if not c.key.startswith(_NON_BINDING_PREFIXES)]
    unnegated = lexicon.condition_negator.sub(" ", text)  # "without preconditions": no condition
    # "The truce held until militants attacked": a past clause tells what happened, it sets no condition.
    marker = any(
        not is_past(_CLAUSE_END.split(unnegated[m.end() : m.end() + 80], 1)[0])
        for m in _STRONG_MARKER.finditer(unnegated)
    )
    if binding or marker:
        return Stance.conditional
    if lexicon.not_oppose.search(text):
        return Stance.support  # "did not rule out talks": a refusal denied
    if lexicon.oppose.search(text):
        return Stance.oppose
    if lexicon.skeptical.search(text):
        return Stance.skeptical
    if lexicon.support.search(text):
        return Stance.support
    return Stance.neutral


def is_hedged(reporter_text: str, cue: int, lexicon: Lexicon) -> bool:
    """A hedge in the reporter's words: "reportedly" anywhere, "may" only before the reporting verb at `cue`.

    Quotes are blanked by the caller; `cue` is the verb's offset in the sentence (-1: no verb, all counts).
    """
    if lexicon.report_hedge.search(reporter_text) is not None:
        return True
    return lexicon.modal_hedge.search(reporter_text, 0, cue if cue >= 0 else len(reporter_text)) is not None


def reported_change(text: str, lexicon: Lexicon) -> str | None:
    """The words with which the article reports a change of position, up to the end of their clause."""
    match = lexicon.reported_change.search(text)
    if match is None:
        return None
    stop = _CLAUSE_END.search(text, match.end())
    return text[match.start() : stop.start() if stop else len(text)].strip()


class DateFinder:
    """Dates that say when a statement was made ("on 6 January", "Monday", "Sunday night")."""

    def __init__(self, lexicon: Lexicon) -> None:
        months = "|".join(sorted(lexicon.months, key=len, reverse=True))
        weekdays = "|".join(lexicon.weekdays)
        relative = "|".join(re.escape(w) for w in sorted(lexicon.relative_days, key=len, reverse=True))
        self._months = lexicon.months
        self._weekdays = lexicon.weekdays
        self._relative = lexicon.relative_days
        self._day_month = re.compile(
            rf"\bon\s+(?:the\s+)?{_WORD_NUMBER}\s+(?:of\s+)?({months})\.?\b(?:,?\s+(\d{{4}}))?", re.IGNORECASE
        )
        self._month_day = re.compile(
            rf"\bon\s+({months})\.?\s+{_WORD_NUMBER}\b(?:,?\s+(\d{{4}}))?", re.IGNORECASE
        )
        self._weekday = re.compile(
            rf"\b({weekdays})(?:\s+(?:night|morning|evening|afternoon))?\b", re.IGNORECASE
        )
        self._relative_word = re.compile(rf"\b({relative})\b", re.IGNORECASE) if relative else None

    def find(self, text: str, near: int, reference: date | None, max_distance: int = 80) -> date | None:
        """The statement date nearest to position `near` (the reporting verb), resolved against `reference`.

        Dates without a year take the reference's year (the year before when that would be later
        than the reference); weekdays and "yesterday" need a reference. Never later than the reference.
        """
        best: tuple[int, date] | None = None
        for match, resolved in self._candidates(text, reference):
            distance = min(abs(match.start() - near), abs(match.end() - near))
            if distance <= max_distance and resolved is not None and (best is None or distance < best[0]):
                best = (distance, resolved)
        return best[1] if best else None

    def _candidates(self, text: str, reference: date | None) -> list[tuple[re.Match[str], date | None]]:
        found: list[tuple[re.Match[str], date | None]] = []
        for match in self._day_month.finditer(text):
            found.append((match, self._calendar(match.group(3), match.group(2), match.group(1), reference)))
        for match in self._month_day.finditer(text):
            found.append((match, self._calendar(match.group(3), match.group(1), match.group(2), reference)))
        if reference is not None:
            for match in self._weekday.finditer(text):
                back = (reference.weekday() - self._weekdays[match.group(1).casefold()]) % 7
                found.append((match, reference - timedelta(days=back)))
            if self._relative_word is not None:
                for match in self._relative_word.finditer(text):
                    found.append(
                        (match, reference - timedelta(days=self._relative[match.group(1).casefold()]))
                    )
        return found

    def _calendar(self, year: str | None, month: str, day: str, reference: date | None) -> date | None:
        month_number = self._months.get(month.casefold().rstrip("."))
        if month_number is None:
            return None
        try:
            if year is not None:
                resolved = date(int(year), month_number, int(day))
                return None if reference is not None and resolved > reference else resolved
            if reference is None:
                return None
            resolved = date(reference.year, month_number, int(day))
            return resolved if resolved <= reference else date(reference.year - 1, month_number, int(day))
        except ValueError:
            return None
