"""State media as a state's voice: when it speaks for its state, and when it stays a channel.

Every article here is written for the test; each case names the mistake it guards against.
"""

from __future__ import annotations

from schemas import Claim
from services.engine.resources import EngineResources
from tests.engine.articles import claims_in


def _claims(body: str, resources: EngineResources) -> list[Claim]:
    return claims_in(resources, body, article_id="state-media")


def _party_of(claims: list[Claim], words: str) -> str | None:
    found = [c.speaker.party for c in claims if words in c.text]
    assert len(found) <= 1, found
    return found[0] if found else None


def test_state_television_of_a_named_country_speaks_for_it(resources: EngineResources) -> None:
    body = (
        "Syria and Jordan held a new round of border negotiations in Amman this week.\n"
        '"Once the vote is over, the trade ministers of both countries will meet to prepare the resumption '
        'of flights under the negotiated agreement," Syrian state television said.'
    )
    claims = _claims(body, resources)
    assert _party_of(claims, "resumption of flights") == "SY"  # was: no speaker, the outlet a channel only


def test_a_states_own_agency_reports_the_states_position(resources: EngineResources) -> None:
    body = (
        "Syria and Jordan resumed border negotiations on Sunday.\n"
        'SANA reported that Syria had "shown flexibility" in the negotiations and kept a firm resolve to '
        "reach a ceasefire agreement."
    )
    claims = _claims(body, resources)
    speaker = next(c.speaker for c in claims if "firm resolve" in c.text)
    assert (speaker.id, speaker.party) == ("sana", "SY")


def test_the_countrys_state_media_is_the_state_the_article_is_about(resources: EngineResources) -> None:
    body = (
        "Egypt hosted the negotiations. Egypt wants a peace agreement, and Egypt said the sides had come "
        "closer.\n"
        "The Egyptian delegation would fly back to Cairo for consultations on the draft peace agreement, "
        "the country's state media said."
    )
    assert _party_of(_claims(body, resources), "fly back to Cairo") == "EG"


def test_state_media_next_to_a_named_speaker_stays_a_channel(resources: EngineResources) -> None:
    body = (
        "Syria and Jordan held a new round of border talks in Amman this week.\n"
        "Foreign Minister Omar Haddad said the talks on the border deal would resume next week, "
        "SANA reported."
    )
    claims = _claims(body, resources)
    speaker = next(c.speaker for c in claims if "resume next week" in c.text)
    assert speaker.id == "omar-haddad"


def test_state_media_relaying_another_side_is_no_voice_of_its_state(resources: EngineResources) -> None:
    body = (
        "Fighting went on in the north of the country.\n"
        "Chad's state radio said the rebels had accepted the ceasefire deal offered by the mediators."
    )
    assert _party_of(_claims(body, resources), "rebels had accepted") != "TD"


def test_a_private_outlet_is_never_a_states_voice(resources: EngineResources) -> None:
    body = (
        "Syria and Jordan held a new round of border talks in Amman this week.\n"
        "The two sides are close to a deal on border crossings, Reuters reported."
    )
    assert _party_of(_claims(body, resources), "close to a deal") in (None, "media", "unknown")


def test_the_rebels_are_the_one_armed_group_the_story_names(resources: EngineResources) -> None:
    body = (
        "The FARC turned down on Friday a truce announced by the government in Bogota.\n"
        "The government had said the peace negotiations would resume in Havana.\n"
        'But the rebels said in a statement, "our team has not discussed any truce with the government, '
        'so no such agreement exists."'
    )
    speaker = next(c.speaker for c in _claims(body, resources) if "no such agreement" in c.text)
    assert speaker.id == "farc"  # was: "rebels" with no side, dropped as unplaced


def test_the_rebels_of_a_story_naming_two_groups_are_neither(resources: EngineResources) -> None:
    body = (
        "The FARC and the ELN both sent delegations to the peace negotiations in Havana.\n"
        'The rebels said in a statement, "no truce agreement exists until the army pulls back."'
    )
    claims = _claims(body, resources)
    assert "farc" not in {c.speaker.id for c in claims if "no truce agreement" in c.text}
    assert "eln" not in {c.speaker.id for c in claims if "no truce agreement" in c.text}


def test_a_states_outlet_as_the_subject_of_a_denial_speaks_for_the_state(resources: EngineResources) -> None:
    body = (
        "Syria and Jordan resumed border negotiations on Sunday; reports said Syria dropped a demand.\n"
        "However, the official outlet of the Syrian government, SANA, dismissed the reports of a dropped "
        'demand in the negotiations as "baseless."'
    )
    assert _party_of(_claims(body, resources), "dismissed the reports") == "SY"


def test_a_private_outlet_as_a_subject_holds_no_position(resources: EngineResources) -> None:
    body = (
        "Syria and Jordan resumed border negotiations on Sunday; reports said Syria dropped a demand.\n"
        'Reuters dismissed the reports of a dropped demand in the negotiations as "baseless."'
    )
    assert _party_of(_claims(body, resources), "dismissed the reports") in (None, "media", "unknown")


def test_a_state_agency_missing_from_the_general_outlet_list_is_still_its_states_voice(
    resources: EngineResources,
) -> None:
    body = (
        "The Emirates and Oman opened maritime border negotiations in Muscat on Tuesday.\n"
        "WAM reported that the Emirates wanted a ceasefire agreement along the coast before the next round."
    )
    assert _party_of(_claims(body, resources), "wanted a ceasefire") == "AE"


def test_it_after_a_states_outlet_speaking_for_it_is_that_outlet(resources: EngineResources) -> None:
    body = (
        "Syria and Jordan held border negotiations in Amman.\n"
        '"The trade ministers will meet to prepare the resumption of flights under the agreement," Syrian '
        "state television said. It added that the negotiations had been held over four days."
    )
    assert _party_of(_claims(body, resources), "held over four days") == "SY"


def test_it_after_a_private_outlet_is_not_that_outlet(resources: EngineResources) -> None:
    body = (
        "Syria and Jordan held border negotiations in Amman, Reuters reported.\n"
        "It added that the negotiations had been held over four days."
    )
    assert _party_of(_claims(body, resources), "held over four days") in (None, "media", "unknown")
