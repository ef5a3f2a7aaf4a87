"""Titled names in a text: who is introduced with which role ("Serbian President X", "X, the envoy").

A cheap pass over the whole text (no parse): a run of capitalized words, with the title words before it
("Foreign Minister", "Iran's chief negotiator") or the appositive after it (", the UN special envoy for
Yemen,"). A later "the president" or "the Serbian leader" refers to the last person introduced with a
matching role, and a name said alone ("Ghani said") takes the party its introduction gave.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.engine.actors import UNKNOWN_PARTY, ActorRegistry
from services.engine.speech.lexicon import SpeechLexicon

_NAME_RUN = re.compile(r"(?<![\w'’-])(?:[A-Z][\w'’.-]*\s+){0,7}[A-Z][\w'’-]+")
_BEFORE = re.compile(r"(?:[\w'’.-]+\s+){0,6}$")
_APPOSITIVE_AFTER = re.compile(
    r",\s+((?:the|a|an|its|his|her)\s+[^,;:.()\"“”]{3,90}?)(?=,|\.|;| who\b| said\b)"
)
_APPOSITIVE_BEFORE = re.compile(r"((?:the|a|an)\s+[^,;:.()\"“”]{3,90}),\s+$", re.IGNORECASE)
_WORD = re.compile(r"[\w'’-]+")
# "Yemen's Presidential Leadership Council (PLC)": a name, the words just before it, its acronym.
_ACRONYM_INTRO = re.compile(
    r"((?:[\w'’.-]+\s+){0,2})((?:[A-Z][\w'’-]*\s+(?:(?:of|for|and|the)\s+)?){1,6})\(([A-Z]{2,6})\)"
)
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(frozen=True)
class TitledName:
    """A person named with a role: where, the name, the role's words and the party they tell."""

    at: int
    name: str
    words: frozenset[str]
    party: str


def titled_names(text: str, speech: SpeechLexicon, registry: ActorRegistry) -> list[TitledName]:
    """Every person the text introduces with a role word, in text order."""
    found: list[TitledName] = []
    for run in _NAME_RUN.finditer(text):
        words = run.group().split()
        title: list[str] = []
        while words:
            pair = " ".join(words[:2])
            if len(words) > 2 and speech.country_pattern.fullmatch(pair) and speech.country_in(pair):
                title.extend([words.pop(0), words.pop(0)])  # "North Korean": a country in two words
                continue
            if not (
                speech.is_title_word(words[0])
                or words[0].casefold() in speech.organization_nouns
                or speech.country_in(words[0]) is not None
                or _POSSESSIVE.search(words[0])
            ):
                break
            title.append(words.pop(0))
        if len(words) < 2 or any(w.casefold() in speech.organization_nouns for w in words):
            continue
        name = " ".join(words)
        line_start = text.rfind("\n", 0, run.start()) + 1
        context = [" ".join(title)]
        before = _BEFORE.search(text, max(line_start, run.start() - 60), run.start())
        if before is not None:
            context.append(before.group())
        appositive = _APPOSITIVE_AFTER.match(text, run.end())
        if appositive is not None:
            context.append(appositive.group(1))
        leading = _APPOSITIVE_BEFORE.search(text, max(line_start, run.start() - 100), run.start())
        if leading is not None:
            context.append(leading.group(1))
        role = " ".join(context)
        role_words = frozenset(w.casefold() for w in _WORD.findall(role))
        if not role_words & speech.person_nouns:
            continue
        party = UNKNOWN_PARTY
        for mention in registry.mentions(role):
            if mention.candidates[0].actor.party != UNKNOWN_PARTY:
                party = mention.candidates[0].actor.party
                break
        if party == UNKNOWN_PARTY:
            party = speech.country_in(role) or UNKNOWN_PARTY
        found.append(TitledName(run.start() + len(run.group()) - len(name), name, role_words, party))
    return found


def acronym_sides(text: str, speech: SpeechLexicon, registry: ActorRegistry) -> dict[str, str]:
    """The side of each acronym the text introduces after a name that tells one ("Kenya's Electoral
    Commission (EC)" -> {"EC": "KE"}): a later "the EC said" speaks for that side."""
    sides: dict[str, str] = {}
    if re.search(r"\([A-Z]{2,6}\)", text) is None:
        return sides  # no "(EC)" anywhere: nothing introduced (and no slow search for the names before one)
    for intro in _ACRONYM_INTRO.finditer(text):
        acronym = intro.group(3)
        if acronym in sides:
            continue
        named = intro.group(1) + intro.group(2)
        party = UNKNOWN_PARTY
        for mention in registry.mentions(named):
            if mention.candidates[0].actor.party != UNKNOWN_PARTY:
                party = mention.candidates[0].actor.party
                break
        if party == UNKNOWN_PARTY:
            party = speech.country_in(named) or UNKNOWN_PARTY
        if party != UNKNOWN_PARTY:
            sides[acronym] = party
    return sides
