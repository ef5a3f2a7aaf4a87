"""What attribution remembers while reading one article: the speakers met so far and the persons named."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from schemas import Speaker
from services.engine.speech.titles import TitledName


@dataclass
class Known:
    """A speaker met earlier in the article, with what later mentions may refer to it by."""

    speaker: Speaker
    kind: str  # person | body | anonymous | outlet
    words: frozenset[str]
    gender: str | None = None
    resolved: bool = False
    at: int = -1


@dataclass(frozen=True)
class Resolved:
    """The speaker a source phrase names and how."""

    speaker: Speaker
    kind: str  # person | body | anonymous | outlet
    via: str  # registry | name | pronoun | nominal | described | anonymous | outlet
    resolved: bool  # a registry actor
    bare: bool = False  # a bare reference back ("the group") that found nobody: weak evidence of a speaker


@dataclass
class SpeakerMemory:
    """What one article has established so far: the speakers in order, the persons the registry saw."""

    when: date | None
    history: list[Known] = field(default_factory=list)
    # (offset, speaker) of registry persons named in the text, to resolve "he" after a sentence with no cue.
    named_persons: list[tuple[int, Speaker]] = field(default_factory=list)
    # Persons the text introduces with a role ("Serbian President X"), for "the president" and the party.
    titled: list[TitledName] = field(default_factory=list)
    # Acronyms the text introduces after a name telling a side ("... Council (PLC)"), with that side.
    acronym_sides: dict[str, str] = field(default_factory=dict)
    last_speaker_at: int = -1
    text: str = ""  # the article's text, where a lone surname's full name is looked up
    # The one armed or rebel group the story names ("the guerrillas" stand for it), once looked up.
    story_group: Resolved | None = None
    story_group_read: bool = False

    def remember(self, known: Known, at: int) -> None:
        self.history = [k for k in self.history if k.speaker.id != known.speaker.id]
        self.history.append(known)
        self.last_speaker_at = at

    def last(self, kinds: tuple[str, ...], gender: str | None = None) -> Known | None:
        """The latest speaker of these kinds not known to be of another gender.

        "He" after "X presented a plan" is X though X's gender is untold, whoever "he" was before: in news
        about politics a person of untold gender is most often a man. "She" is the latest woman, else the
        latest person of untold gender.
        """
        candidates = [k for k in reversed(self.history) if k.kind in kinds]
        if gender == "male":
            candidates = [k for k in candidates if k.gender in (gender, None)]
        elif gender is not None:
            same = [k for k in candidates if k.gender == gender]
            candidates = same or [k for k in candidates if k.gender is None]
        return candidates[0] if candidates else None
