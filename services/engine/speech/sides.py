"""Sides of speakers: a state's outlet as its state's voice or a channel, a government role's country."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from schemas import Speaker
from services.engine.actors import UNKNOWN_PARTY
from services.engine.speech.lexicon import SpeechLexicon
from services.engine.speech.memory import SpeakerMemory
from services.engine.speech.utterance import OUTLET_PARTY, Utterance


class SideRules:
    """The sides state media and unplaced government speakers take (shared by the speech reader)."""

    speech: SpeechLexicon

    def _channels(self, utterances: list[Utterance], text: str) -> list[Utterance]:
        """A sentence's utterances with a state's outlet kept as a channel unless it is the state's voice.

        State media speaks for its state only when nobody else speaks in the sentence and what it reports
        is not another side's doing ("state media said the rebels agreed" relays the rebels).
        """
        outlets = [u for u in utterances if u.speaker_kind == "outlet" and u.speaker.party != OUTLET_PARTY]
        if not outlets:
            return utterances
        others = any(u.speaker_kind != "outlet" for u in utterances)
        kept: list[Utterance] = []
        for utterance in utterances:
            if utterance in outlets and (others or self._relays_other_side(utterance, text)):
                channel = utterance.speaker.model_copy(update={"party": OUTLET_PARTY})
                utterance = replace(utterance, speaker=channel)
            kept.append(utterance)
        return kept

    def _relays_other_side(self, utterance: Utterance, text: str) -> bool:
        """Whether an outlet's report is about a side other than its state: a non-government group or
        another country named in it."""
        content = text[utterance.content_span[0] : utterance.content_span[1]]
        words = {w.casefold() for w in re.findall(r"[\w-]+", content)}
        if words & self.speech.nongovernment_words:
            return True
        named = {self.speech.country_in(m.group()) for m in self.speech.country_pattern.finditer(content)}
        named.discard(None)
        state = utterance.speaker.party
        return bool(named) and state != UNKNOWN_PARTY and state not in named

    def _government_role(self, utterance: Utterance, memory: SpeakerMemory) -> bool:
        """Whether an unplaced speaker is a government's role or body: "Interior Minister X", "the cabinet".

        A named person's role is the one the article introduced the name with; a description's is its words.
        """
        if utterance.speaker_kind == "outlet":
            return True  # an outlet with no side yet is state media naming no country ("the state media")
        if utterance.via not in ("name", "nominal", "described"):
            return False
        name = utterance.speaker.name
        words = frozenset(w.casefold() for w in name.split())
        if utterance.via != "described":
            surname = name.split()[-1] if name.split() else ""
            roles = [t.words for t in memory.titled if t.name == name or t.name.split()[-1] == surname]
            words = roles[0] if roles else frozenset()
        speech = self.speech
        # "a spokesman for the commission" speaks for the commission, no government.
        other_bodies = (words & speech.organization_nouns) - speech.government_roles
        return bool(words & speech.government_roles) and not words & speech.nongovernment_words | other_bodies


def with_known_sides(
    found: list[list[Utterance]], of_government: Callable[[Utterance], bool], home: str | None
) -> list[list[Utterance]]:
    """A person first met without a side ("X tells CNN" in a headline) keeps the side the story gives later;
    a government's role or body written with no country ("Interior Minister X", "the government") is the
    government of the country the article is about (`home`, when one dominates it)."""
    sides: dict[str, Speaker] = {}
    for utterances in found:
        for utterance in utterances:
            if utterance.speaker_kind == "person" and utterance.speaker.party != "unknown":
                sides.setdefault(utterance.speaker.id, utterance.speaker)
    for utterances in found:
        for utterance in utterances:
            speaker = utterance.speaker
            if home and speaker.party == "unknown" and speaker.id not in sides and of_government(utterance):
                sides[speaker.id] = speaker.model_copy(update={"party": home})
    return [
        [
            replace(u, speaker=sides[u.speaker.id])
            if u.speaker.party == "unknown" and u.speaker.id in sides
            else u
            for u in utterances
        ]
        for utterances in found
    ]
