"""Clean an article body: drop page furniture, keep the story, and keep offsets traceable.

The cleaned text is the kept lines of the source, each stripped of surrounding blanks, joined
by "\\n": one line is one paragraph. The *source* is the body, or ``title + "\\n" + body`` when a
title is given, so a headline counts as text. When the first kept line is not prose (a headline),
``headline_end`` marks its end. ``clean_body(body, title).text[start:end]`` is what a claim's span
points at; ``to_source`` maps a cleaned offset back into the source.

What is dropped (patterns live in lexicon.yaml, not here):
- lines matching ``boilerplate.line_patterns`` (view counters, "Related:", datelines, bylines ...);
- page metadata opening a line of text (``boilerplate.line_prefixes``: "date 2023-11-27 ..."), cut
  from the line; its date is the dateline when no earlier line gave one;
- reader appeals: paragraphs with an ``appeal_cues`` phrase;
- tag lists ("seoulSeoul", "WarPoliticsNews"), and names or single words alone on a line;
- before the story: a list of other headlines (everything before a repeated headline, or all but the
  last of three or more headline-like lines before the first paragraph of prose);
- after the story: a ``tail_sections`` line ("Politics", "Most read") and everything after it;
- repeated lines after their first occurrence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from schemas import Article
from services.engine.lexicon import Lexicon

_TAG_GLUE = re.compile(r"^[a-z][a-z0-9]+(?:-[a-z0-9]+)*[A-Z]")
_CAMEL_JUNCTION = re.compile(r"[a-z][A-Z]")
_NAME_ONLY = re.compile(r"^[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}$")
_SHORT_WITH_SEPARATOR = re.compile(r"^[^.!?]{0,60}\s[•|·]\s*[^.!?]{0,60}$|^[•|·]")
_PROSE_END = re.compile(r"[.!?…][\"”’')\]]*$|[\"”]$")
_DATELINE_DMY = re.compile(r"\b(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})\b")
_DATELINE_MDY = re.compile(r"\b([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})\b")
_LINE = re.compile(r"[^\n]+")
_CRUMB_WORDS = 4  # navigation words a page may put before its headline repeated
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# A list item: a line opening with a bullet mark.
_BULLET = re.compile(r"[-–•▪●*·]\s")


@dataclass(frozen=True)
class CleanedBody:
    """The story text of an article, with the map back to the source it came from."""

    text: str
    source: str
    # (offset in text, offset in source) at the start of each kept line, in order.
    pieces: tuple[tuple[int, int], ...]
    headline_end: int
    dateline: date | None

    def to_source(self, offset: int) -> int:
        """Map an offset of the cleaned text to the same character in the source."""
        if not self.pieces:
            return 0
        index = max(bisect_right([p[0] for p in self.pieces], offset) - 1, 0)
        clean_start, source_start = self.pieces[index]
        return source_start + (offset - clean_start)

    def paragraphs(self) -> list[tuple[int, int]]:
        """[start, end) of every paragraph (line) of the cleaned text."""
        return [(m.start(), m.end()) for m in _LINE.finditer(self.text)]


@dataclass
class _Line:
    start: int
    end: int
    text: str
    keep: bool = True


def _norm(line: str) -> str:
    return " ".join(re.sub(r"[\"“”«»'’‘]", "", line).casefold().split())


def is_prose(line: str) -> bool:
    """A paragraph of running text, not a headline, label or list item."""
    words = line.count(" ") + 1
    return words >= 40 or (words >= 8 and _PROSE_END.search(line) is not None)


def _is_furniture(line: str, lexicon: Lexicon, first: bool) -> bool:
    if lexicon.boilerplate_line.fullmatch(line):
        return True
    if lexicon.appeal.search(line):
        return True
    words = line.split()
    if len(words) <= 6 and not _PROSE_END.search(line):
        if _TAG_GLUE.match(line) or len(_CAMEL_JUNCTION.findall(line)) >= 2:
            return True
        if _SHORT_WITH_SEPARATOR.search(line):
            return True
        if not first and _NAME_ONLY.match(line):
            return True
    return False


def _parse_dateline(line: str, lexicon: Lexicon) -> date | None:
    for pattern, day_group, month_group in ((_DATELINE_DMY, 1, 2), (_DATELINE_MDY, 2, 1)):
        match = pattern.search(line)
        if match is None:
            continue
        month = lexicon.months.get(match.group(month_group).casefold())
        if month is None:
            continue
        try:
            return date(int(match.group(3)), month, int(match.group(day_group)))
        except ValueError:
            continue
    return None


def _is_crumbed_headline(key: str, headline_key: str) -> bool:
    """The headline again behind a few navigation words ("home world <headline>")."""
    if not headline_key or key == headline_key:
        return False
    return key.endswith(" " + headline_key) and key[: -len(headline_key)].count(" ") <= _CRUMB_WORDS


def _iso_date(text: str) -> date | None:
    match = _ISO_DATE.search(text)
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _drop_headline_list(lines: list[_Line]) -> None:
    """Drop other stories' headlines listed before the article's own headline."""
    kept = [line for line in lines if line.keep]
    header: list[_Line] = []
    for line in kept:
        if is_prose(line.text):
            break
        if header and header[-1].text.endswith(":") and _BULLET.match(line.text):
            break  # "X's own words:" and the list it introduces: the story, not other stories' headlines
        header.append(line)
    if len(header) < 2:
        return
    first_seen: dict[str, int] = {}
    repeated_at: int | None = None
    for index, line in enumerate(header):
        key = _norm(line.text)
        if key in first_seen:
            repeated_at = first_seen[key]
            break
        first_seen[key] = index
    if repeated_at is not None:
        cut = repeated_at
    elif len(header) >= 3:
        cut = len(header) - 1
    else:
        return
    for line in header[:cut]:
        line.keep = False


def _drop_tail(lines: list[_Line], lexicon: Lexicon) -> None:
    """From a section label after the story ("Politics", "Most read"), everything is another story."""
    story_started = False
    for index, line in enumerate(lines):
        # Labels are often dropped as furniture already; they still mark where the story ends.
        if story_started and lexicon.tail_section.fullmatch(line.text):
            for later in lines[index:]:
                later.keep = False
            return
        story_started = story_started or (line.keep and is_prose(line.text))


# The latest articles cleaned are remembered: the parse plan (``prefetch``) and extraction clean each once.
@lru_cache(maxsize=64)
def clean_body(body: str, title: str = "", lexicon: Lexicon | None = None) -> CleanedBody:
    """Drop boilerplate from `body` (headed by `title` when given); see the module docstring."""
    if lexicon is None:
        from services.engine.resources import default_resources

        lexicon = default_resources().lexicon
    source = f"{title.strip()}\n{body}" if title.strip() else body
    lines: list[_Line] = []
    dateline: date | None = None
    seen: set[str] = set()
    headline_key = _norm(title) if title.strip() else ""
    for match in _LINE.finditer(source):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        offset = match.start() + (len(raw) - len(raw.lstrip()))
        stamp = lexicon.line_prefix.match(stripped + " ")
        if stamp is not None:
            if dateline is None:
                dateline = _iso_date(stamp.group())
            cut = min(stamp.end(), len(stripped))
            offset += cut
            stripped = stripped[cut:]
            if not stripped:
                continue
        line = _Line(offset, offset + len(stripped), stripped)
        first = not lines
        if _is_furniture(stripped, lexicon, first):
            if dateline is None and len(stripped) <= 40:
                dateline = _parse_dateline(stripped, lexicon)
            line.keep = False
        else:
            key = _norm(stripped)
            # A repeated line is page noise, except the headline repeated at the top (handled below);
            # the headline behind navigation words is noise too.
            repeated = key in seen and not (len(lines) < 40 and not is_prose(stripped))
            if repeated or _is_crumbed_headline(key, headline_key):
                line.keep = False
            seen.add(key)
        lines.append(line)
    _drop_headline_list(lines)
    _drop_tail(lines, lexicon)
    texts: list[str] = []
    pieces: list[tuple[int, int]] = []
    position = 0
    seen_kept: set[str] = set()
    for line in lines:
        if not line.keep:
            continue
        key = _norm(line.text)
        if key in seen_kept:
            continue
        seen_kept.add(key)
        pieces.append((position, line.start))
        texts.append(line.text)
        position += len(line.text) + 1
    text = "\n".join(texts)
    headline_end = len(texts[0]) if texts and not is_prose(texts[0]) else 0
    return CleanedBody(
        text=text, source=source, pieces=tuple(pieces), headline_end=headline_end, dateline=dateline
    )


def clean_article(article: Article, lexicon: Lexicon | None = None) -> CleanedBody:
    """The cleaned text of an article, headed by its title: what every claim span of it indexes."""
    return clean_body(article.body, article.title, lexicon)
