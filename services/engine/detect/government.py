"""A state's government as one voice: which claims speak for it, and its history's actor.

A government speaks through its president, ministers and spokesmen as much as through "the
government": a ceasefire the president announces and the interior minister suspends days later
is the government changing course, though neither official changed his own.  A claim speaks for
its state's government when its party is a state's (a two-letter code not in
``nonstate_parties``), and the speaker is the state's government actor ('<x>-government') or is
named by a government role (``government_role_words``) in its name or in the words just before
its name in the sentence, with no word saying it is not the government's
(``nongovernment_words``: "opposition leader", "former minister").  Such a claim's positions are
filed in the history of ``government:<party>`` besides the speaker's own (``changes``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from schemas import Claim
from services.engine.datafiles import DATA_DIR, ActorsFile, read_yaml
from services.engine.detect.cache import ClaimMemo
from services.engine.detect.rules import DetectionRules

GOVERNMENT_PREFIX = "government:"
GOVERNMENT_ACTOR_SUFFIX = "-government"
# Words before the speaker's name in which its role is read ("Colombian Interior Minister X").
ROLE_WINDOW = 4
_STATE_PARTY = re.compile(r"^[A-Z]{2}$")
_WORD = re.compile(r"[^\W\d_]+")


def government_actor(party: str) -> str:
    """The actor id of a state's government history ('government:CO')."""
    return GOVERNMENT_PREFIX + party


def is_government_history(actor: str) -> bool:
    """True for a government's history actor ('government:CO'), not one speaker's."""
    return actor.startswith(GOVERNMENT_PREFIX)


@lru_cache(maxsize=1)
def _government_names() -> dict[str, str]:
    registry = ActorsFile.model_validate(read_yaml(DATA_DIR / "actors.yaml"))
    return {
        actor.party: actor.name for actor in registry.actors if actor.id.endswith(GOVERNMENT_ACTOR_SUFFIX)
    }


def government_name(party: str) -> str:
    """A state's government as a reader names it: its registry entry ('Government of Colombia')."""
    return _government_names().get(party, f"The government of {party}")


def _role_words(claim: Claim) -> list[str]:
    """The speaker's name words, and the few words before its name's first mention in the sentence."""
    name_words = _WORD.findall(claim.speaker.name)
    words = [w.casefold() for w in name_words]
    text = claim.text
    for word in (w for w in name_words if w[:1].isupper() and len(w) > 2):
        found = re.search(rf"\b{re.escape(word)}\b", text)
        if found is not None:
            before = re.split(r"[,.;:!?()\"“”]", text[: found.start()])[-1]
            words.extend(w.casefold() for w in _WORD.findall(before)[-ROLE_WINDOW:])
            break
    return words


def _speaks_for_government(claim: Claim, rules: DetectionRules) -> str | None:
    party = claim.speaker.party
    if not rules.government_history or not _STATE_PARTY.match(party) or party in rules.nonstate_parties:
        return None
    if claim.speaker.id.endswith(GOVERNMENT_ACTOR_SUFFIX):
        return government_actor(party)
    words = set(_role_words(claim))
    if words & rules.government_role_words and not words & rules.nongovernment_words:
        return government_actor(party)
    return None


government_of: ClaimMemo[str | None] = ClaimMemo(_speaks_for_government)
"""The government history a claim is also filed in ('government:CO'), or None (remembered per claim)."""
