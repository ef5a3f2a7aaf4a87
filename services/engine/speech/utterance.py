"""Utterances: one attributed statement, and the one a sentence's claim is taken from."""

from __future__ import annotations

from dataclasses import dataclass

from schemas import Speaker

# Parties of an outlet that are no state's: a channel only.
OUTLET_PARTY = "media"
_NO_STATE = frozenset({OUTLET_PARTY, "unknown"})


@dataclass(frozen=True)
class Utterance:
    """One attributed statement; offsets index the text the sentences were split from."""

    sentence: int
    speaker: Speaker
    kind: str  # direct_quote | reported | anonymous_source
    speaker_span: tuple[int, int] | None
    cue_span: tuple[int, int] | None
    content_span: tuple[int, int]
    via: str  # registry | name | pronoun | nominal | described | anonymous | outlet | carried
    form: str  # active | passive | quoted_as | shared | according_to | carried
    resolved: bool
    speaker_kind: str  # person | body | anonymous | outlet
    bare: bool = False  # the speaker is a bare reference back to nobody named ("the group said")


def primary_utterance(utterances: list[Utterance]) -> Utterance | None:
    """The statement a sentence is: the one saying the most, by a speaker who is not an outlet.

    An outlet ("..., Reuters reported") is a channel: a sentence only an outlet speaks has no speaker here;
    nor has one only "the group" or "his agent" speaks with nobody named before, nor "the commissioner"
    with no name and no side (a role nobody in the article holds).
    """
    speakers = [u for u in utterances if u.speaker_kind != "outlet" and not u.bare and not _unplaced(u)]
    if not speakers:
        # "..., Iranian state television said" with nobody else speaking: the state's media is its voice.
        speakers = [u for u in utterances if _state_outlet(u)]
    if not speakers:
        return None
    return max(speakers, key=lambda u: (u.content_span[1] - u.content_span[0], -u.content_span[0]))


def _state_outlet(utterance: Utterance) -> bool:
    """A state's outlet with its state known ("Iranian state television"): it may speak for the state."""
    return utterance.speaker_kind == "outlet" and utterance.speaker.party not in _NO_STATE


def _unplaced(utterance: Utterance) -> bool:
    """A role without a name, a referent or a side: "the commissioner said" in an article naming nobody."""
    return utterance.via == "described" and utterance.speaker.party == "unknown"
