"""Actor registry: names, spelling variants and role descriptions resolved to one actor id and party."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from schemas import Speaker
from services.engine.datafiles import ActorEntry

UNKNOWN_PARTY = "unknown"

# How strongly a mention names a speaker: a person beats an institution beats a place name.
PRIORITY = {"person": 3, "institution": 2, "country": 2}
METONYM_PRIORITY = 1
# One pass over both apostrophes: replacing one then the other would rewrite the first's character class.
_APOSTROPHE = re.compile("['’]")


def normalize_name(text: str) -> str:
    """Fold case, typography and "U.S."/"US" so variants of one wording compare equal."""
    folded = text.replace("’", "'").replace("‘", "'").casefold()
    folded = re.sub(r"\bu\.\s?s\.?(?=\s|$|')", "us", folded)
    folded = re.sub(r"\bu\.\s?k\.?(?=\s|$|')", "uk", folded)
    folded = " ".join(folded.split())
    return folded[4:] if folded.startswith("the ") else folded


def slugify(name: str) -> str:
    """An id for a speaker the registry does not know ("Mike Omeri" -> "mike-omeri")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "unknown-speaker"


def _variant_pattern(text: str, fold_case: bool) -> str:
    """Regex for one alias or role: U.S./US and ’/' interchangeable; roles ignore the case of initials."""
    parts: list[str] = []
    for word in text.split():
        if word in ("US", "U.S.", "UK", "U.K."):
            letters = word.replace(".", "")
            parts.append(rf"{letters[0]}\.?\s?{letters[1]}\.?")
            continue
        escaped = _APOSTROPHE.sub("['’]", re.escape(word))
        if fold_case and word[:1].isalpha():
            first = word[0]
            escaped = f"[{first.upper()}{first.lower()}]" + _APOSTROPHE.sub("['’]", re.escape(word[1:]))
        parts.append(escaped)
    return r"\s+".join(parts)


def _dispatch(alternatives: list[tuple[str, int, str]]) -> str:
    """One alternation grouped by first letter, longest wording first within a group.

    The regex engine then tries a handful of wordings at each word start instead of all of them,
    which keeps mention finding fast with hundreds of aliases.
    """
    groups: dict[str, list[tuple[int, str]]] = {}
    for first, length, pattern in set(alternatives):
        groups.setdefault(first, []).append((length, pattern))
    branches = []
    for first, members in sorted(groups.items()):
        ordered = "|".join(p for _, p in sorted(members, key=lambda m: (-m[0], m[1])))
        letters = re.escape(first.upper() + first) if first.isalpha() else re.escape(first)
        branches.append(f"(?=[{letters}])(?:{ordered})")
    return "|".join(branches) if branches else r"(?!x)x"


@dataclass(frozen=True)
class Candidate:
    """One actor a wording may stand for, with the dates the wording applies (roles change hands)."""

    actor: ActorEntry
    form: str  # alias | role | metonym
    valid_from: date | None = None
    valid_to: date | None = None

    def valid_on(self, when: date | None) -> bool:
        if when is None:
            return True
        return (self.valid_from is None or self.valid_from <= when) and (
            self.valid_to is None or when <= self.valid_to
        )


@dataclass(frozen=True)
class Mention:
    """A wording in the text that names an actor."""

    start: int
    end: int
    text: str
    candidates: tuple[Candidate, ...]

    @property
    def is_metonym(self) -> bool:
        return all(c.form == "metonym" for c in self.candidates)

    @property
    def priority(self) -> int:
        if self.is_metonym:
            return METONYM_PRIORITY
        return max(PRIORITY.get(c.actor.kind, 2) for c in self.candidates)


class ActorRegistry:
    """All known actors; finds their mentions in text and resolves a mention to one actor."""

    def __init__(self, entries: list[ActorEntry]) -> None:
        self._by_id: dict[str, ActorEntry] = {}
        self._by_wording: dict[str, list[Candidate]] = {}
        alternatives: list[tuple[str, int, str]] = []
        for entry in entries:
            self._by_id[entry.id] = entry
            self._add(entry.name, Candidate(entry, "alias"), alternatives, fold_case=False)
            for alias in entry.aliases:
                self._add(alias, Candidate(entry, "alias"), alternatives, fold_case=False)
            for role in entry.roles:
                self._add(
                    role.text, Candidate(entry, "role", role.from_, role.to), alternatives, fold_case=True
                )
            for metonym in entry.metonyms:
                self._add(metonym, Candidate(entry, "metonym"), alternatives, fold_case=False)
        self._pattern = re.compile(r"(?<![\w-])(?:" + _dispatch(alternatives) + r")(?![\w-])")

    def _add(
        self, wording: str, candidate: Candidate, alternatives: list[tuple[str, int, str]], fold_case: bool
    ) -> None:
        key = normalize_name(wording)
        bucket = self._by_wording.setdefault(key, [])
        if candidate not in bucket:
            bucket.append(candidate)
        pattern = _variant_pattern(wording, fold_case)
        first = wording[0].lower()
        alternatives.append((first, len(wording), f"(?:{pattern})"))
        if fold_case and not wording.lower().startswith("the "):
            # "the Kremlin spokesman" must win over "the Kremlin" when both could start at "the".
            alternatives.append(("t", len(wording) + 4, r"(?:[Tt]he\s+" + pattern + ")"))

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._by_id

    def get(self, actor_id: str) -> ActorEntry | None:
        """The registry entry with this id, if any."""
        return self._by_id.get(actor_id)

    def lookup(self, wording: str) -> ActorEntry | None:
        """The actor a whole wording names ("Chinese Commerce Ministry"), when it names exactly one."""
        candidates = self._by_wording.get(normalize_name(wording), [])
        actors = {c.actor.id: c.actor for c in candidates if c.form != "metonym"}
        return next(iter(actors.values())) if len(actors) == 1 else None

    @property
    def entries(self) -> list[ActorEntry]:
        return list(self._by_id.values())

    def mentions(self, text: str) -> list[Mention]:
        """Every wording in `text` that names a known actor, in order."""
        found: list[Mention] = []
        for match in self._pattern.finditer(text):
            candidates = self._by_wording.get(normalize_name(match.group()))
            if candidates:
                found.append(Mention(match.start(), match.end(), match.group(), tuple(candidates)))
        return found

    def resolve(
        self, mention: Mention, when: date | None = None, named_ids: Collection[str] = ()
    ) -> ActorEntry:
        """The actor a mention stands for: valid on `when`, preferring actors named elsewhere in the text."""
        candidates = list(mention.candidates)
        if len(candidates) == 1:
            return candidates[0].actor
        dated = [c for c in candidates if c.valid_on(when)] or candidates
        named = [c for c in dated if c.actor.id in named_ids]
        return (named or dated)[0].actor

    def named_ids(self, mentions: list[Mention]) -> set[str]:
        """Ids of actors named unambiguously (by name, not role or place) among `mentions`."""
        return {
            c.actor.id for m in mentions for c in m.candidates if c.form == "alias" and len(m.candidates) == 1
        }

    @staticmethod
    def speaker(entry: ActorEntry) -> Speaker:
        """The wire form of a registry actor."""
        return Speaker(id=entry.id, name=entry.name, party=entry.party)

    @staticmethod
    def unknown_speaker(name: str) -> Speaker:
        """A speaker the registry does not know: the name as written, party unknown."""
        clean = " ".join(name.split()).strip(" ,.;:")
        return Speaker(id=slugify(clean), name=clean, party=UNKNOWN_PARTY)
