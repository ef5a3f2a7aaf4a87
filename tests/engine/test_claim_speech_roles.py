"""A speaker named only by a role the registry does not know speaks of the talks in a talks story.

All text is invented for the test.
"""

from __future__ import annotations

from services.engine.resources import EngineResources
from tests.engine.articles import claims_in

_LEAD = (
    "Negotiators of Armenia and Azerbaijan met in Almaty on Monday for a new round of peace talks.\n"
    "The negotiations were the first since the spring clashes on the frontier.\n"
)
_ROLE = "A spokeswoman for the assembly said the ceasefire proposal would be studied by its members.\n"


def test_a_role_with_no_registry_entry_speaking_of_the_talks_is_a_claim(resources: EngineResources) -> None:
    claims = [c for c in claims_in(resources, _LEAD + _ROLE) if "proposal would be studied" in c.text]
    assert len(claims) == 1
    assert "spokeswoman" in claims[0].speaker.name and claims[0].speaker.party == "unknown"
    assert claims[0].confidence < 0.8  # less trust than a named speaker's reported words


def test_the_role_outside_a_talks_story_is_no_claim(resources: EngineResources) -> None:
    body = "A new metro line opened in the capital on Thursday.\n" + _ROLE
    assert claims_in(resources, body) == []


def test_a_role_speaking_without_talk_words_is_no_claim(resources: EngineResources) -> None:
    body = _LEAD + "A spokeswoman for the assembly said the hall would be repainted in June.\n"
    assert not [c for c in claims_in(resources, body) if "repainted" in c.text]


def test_a_document_with_no_issuer_named_stays_without_a_speaker(resources: EngineResources) -> None:
    body = _LEAD + "The letter said the ceasefire proposal would be studied by its members.\n"
    assert not [c for c in claims_in(resources, body) if "proposal would be studied" in c.text]


def test_what_the_talks_made_is_no_speaker(resources: EngineResources) -> None:
    body = _LEAD + "The accord calls for both armies to leave the three villages by the end of May.\n"
    assert all(c.speaker.id != "accord" for c in claims_in(resources, body))
