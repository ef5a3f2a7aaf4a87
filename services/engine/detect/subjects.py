"""What a claim is about, by the names it mentions: one negotiation or two unrelated ones.

Names are the capitalised words of a claim's sentence that do not open it, possessives folded
("Kyiv's" = "Kyiv"), without calendar words and the titles every report uses
(``rules.background_month_words``).  Two parties' stances are compared only when their claims
share a name (one names the other's speaker, or both name a third); one actor's stances months
apart only when they do not name two different sets of things (``changes``): there the names
of the speaker's own side do not count ("Kremlin" and "Russian" in two statements of a Kremlin
spokesman say nothing about which talks they concern).  Own-side names are the capitalised
words of the names, aliases, roles and metonyms of the packaged actors (actors.yaml) of the
speaker's party.
"""

from __future__ import annotations

import re
from functools import lru_cache

from schemas import Claim
from services.engine.datafiles import DATA_DIR, ActorsFile, read_yaml
from services.engine.detect.cache import ClaimMemo
from services.engine.detect.rules import DetectionRules

PACKAGED_ACTORS = DATA_DIR / "actors.yaml"

_NAME_WORD = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w'’-]{2,}")
_POSSESSIVE = re.compile(r"['’]s?$")


def _fold(word: str) -> str:
    return _POSSESSIVE.sub("", word.casefold())


def _speaker_words(claim: Claim) -> frozenset[str]:
    return frozenset(_fold(w) for w in claim.speaker.name.split() if w[:1].isupper() and len(w) > 2)


def _mentioned(claim: Claim, rules: DetectionRules) -> frozenset[str]:
    words = {_fold(w) for w in _NAME_WORD.findall(claim.text)}
    return frozenset(words - _speaker_words(claim) - rules.background_month_words)


mentioned_names: ClaimMemo[frozenset[str]] = ClaimMemo(_mentioned)
"""The names a claim's sentence mentions besides its own speaker's (remembered per claim)."""


@lru_cache(maxsize=1)
def _words_by_party() -> dict[str, frozenset[str]]:
    registry = ActorsFile.model_validate(read_yaml(PACKAGED_ACTORS))
    found: dict[str, set[str]] = {}
    for actor in registry.actors:
        wordings = [actor.name, *actor.aliases, *actor.metonyms, *(role.text for role in actor.roles)]
        words = found.setdefault(actor.party, set())
        words.update(_fold(w) for text in wordings for w in text.split() if w[:1].isupper() and len(w) > 2)
    return {party: frozenset(words) for party, words in found.items()}


def own_side_words(party: str) -> frozenset[str]:
    """Name words of the packaged actors of `party` ('RU': 'kremlin', 'moscow', 'russian', ...)."""
    return _words_by_party().get(party, frozenset())


def same_subject(a: Claim, b: Claim, rules: DetectionRules) -> bool:
    """True when two claims share a name: one names the other's speaker, or both name a third.

    Two speakers' names sharing a word ("National Liberation Army", "People's Liberation Front")
    is no name either claim mentions: it ties nothing together.
    """
    mentioned_a, mentioned_b = mentioned_names(a, rules), mentioned_names(b, rules)
    return not (
        mentioned_a.isdisjoint(mentioned_b | _speaker_words(b)) and mentioned_b.isdisjoint(_speaker_words(a))
    )


def _other_side_names(a: Claim, b: Claim, rules: DetectionRules) -> tuple[frozenset[str], frozenset[str]]:
    own = own_side_words(a.speaker.party) | own_side_words(b.speaker.party)
    return mentioned_names(a, rules) - own, mentioned_names(b, rules) - own


def names_in_common(a: Claim, b: Claim, rules: DetectionRules) -> bool:
    """True when two claims name something in common besides their speakers' side (the same talks)."""
    names_a, names_b = _other_side_names(a, b, rules)
    return not names_a.isdisjoint(names_b)


def other_subjects(a: Claim, b: Claim, rules: DetectionRules) -> bool:
    """True unless two claims name something in common besides their speakers' side, or neither names any.

    A claim naming a counterpart or a deal and one naming nothing may be about anything: only a
    shared name shows two statements concern the same talks.  When neither names anything,
    nothing tells the talks apart and they are taken as one.
    """
    names_a, names_b = _other_side_names(a, b, rules)
    if not names_a and not names_b:
        return False
    return names_a.isdisjoint(names_b)
