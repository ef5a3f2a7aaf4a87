"""When a statement was made: dates in the reporter's words, resolved against the publication date."""

from __future__ import annotations

import re
from datetime import date, timedelta

from services.engine.lexicon import Lexicon

_WORD_NUMBER = r"(\d{1,2})(?:st|nd|rd|th)?"


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
