"""A broadcast transcript's line names who speaks the quotation after it (invented text)."""

from __future__ import annotations

from services.engine.resources import EngineResources
from tests.engine.articles import claims_in

_BODY = (
    "Trade envoys of both countries signed the first part of a trade deal in the capital on Monday.\n\n"
    '(SOUNDBITE) (ENGLISH) RUSSIAN FOREIGN MINISTER SERGEY LAVROV, SAYING: "We are ready to negotiate the '
    "second part as soon as the tariffs are gone.\n\n"
    'Until then our negotiators will stay at home, and the talks will wait." The ceremony lasted an hour.\n\n'
    '(SOUNDBITE) (SPANISH) TRADE DELEGATE MARTA ORIOL, SAYING: "The negotiations were hard but fair."\n'
)


def test_a_transcript_line_names_the_speaker_of_its_quotation(resources: EngineResources) -> None:
    claims = claims_in(resources, _BODY)
    assert [c.speaker.id for c in claims if "ready to negotiate the second part" in c.text] == [
        "sergey-lavrov"
    ]
    [delegate] = [c for c in claims if "hard but fair" in c.text]
    assert (
        delegate.speaker.name == "Trade Delegate Marta Oriol" and delegate.attribution.value == "direct_quote"
    )


def test_the_quotation_going_on_after_the_line_is_the_same_speakers(resources: EngineResources) -> None:
    claims = claims_in(resources, _BODY)
    assert [c.speaker.id for c in claims if "stay at home" in c.text] == ["sergey-lavrov"]


def test_capitals_with_no_saying_name_no_speaker(resources: EngineResources) -> None:
    body = (
        "Trade envoys of both countries signed the first part of a trade deal in the capital on Monday.\n\n"
        "UPDATE: the negotiations on the second part will resume in a month.\n"
    )
    assert [c.speaker.id for c in claims_in(resources, body) if "second part" in c.text] != ["update"]
