"""A paragraph wholly in quotation marks, with no attribution, goes on with the quotation before it.

All text is invented for the test.
"""

from __future__ import annotations

from services.engine.resources import EngineResources
from tests.engine.articles import claims_in

_OPENING = (
    "Mediators from Norway hosted a new round of peace talks between Armenia and Azerbaijan on Friday.\n\n"
    "“Both delegations came ready to work,” Ararat Mirzoyan said after the first session.\n\n"
)


def test_a_quoted_paragraph_with_no_attribution_is_the_speaker_before(resources: EngineResources) -> None:
    body = _OPENING + "“We urge the other side to keep the ceasefire while the negotiations go on.”\n"
    claims = claims_in(resources, body)
    [follow] = [c for c in claims if "keep the ceasefire" in c.text]
    assert follow.speaker.id == "ararat-mirzoyan" and follow.attribution.value == "direct_quote"


def test_it_goes_on_across_a_line_naming_nobody(resources: EngineResources) -> None:
    body = _OPENING + "Sign up for our evening newsletter.\n\n“The negotiations must go on until spring.”\n"
    assert [c.speaker.id for c in claims_in(resources, body) if "until spring" in c.text] == [
        "ararat-mirzoyan"
    ]
