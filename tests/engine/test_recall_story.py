"""A story about talks or a deal carries its subject to its parties' statements (invented text).

Away from the talk words a named party's statement still counts when the story is about talks, unless it
is about sides the talks are not between; a story whose only talk words are a deal, a pact or an accord,
or the relief of sanctions, is a story about talks too; a run of other headlines says nothing.
"""

from __future__ import annotations

from schemas import Claim
from services.engine.cues import negotiation_cues
from services.engine.resources import EngineResources
from services.engine.talks_story import StoryCues, story_cues
from tests.engine.articles import claims_in


def _claims(resources: EngineResources, body: str, title: str = "") -> list[Claim]:
    return claims_in(resources, body, title, article_id="story-2")


_TALKS_LEAD = (
    "Negotiators of Russia and Ukraine met in Vienna on Thursday for a third round of ceasefire talks.\n"
    "The negotiations follow a month of shelling along the southern front.\n"
    "Mediators from two neutral states hosted the talks in a hotel near the station.\n"
)
_FILLER = (
    "The hotel was ringed by police for most of the day.\n"
    "Reporters waited in the lobby until late in the evening.\n"
)


def test_a_party_statement_far_from_the_talk_words_is_a_claim(resources: EngineResources) -> None:
    body = _TALKS_LEAD + _FILLER + "Dmitry Peskov said Moscow would judge Kyiv by its deeds on the ground.\n"
    claims = _claims(resources, body)
    assert [c.speaker.id for c in claims if "by its deeds" in c.text] == ["dmitry-peskov"]


def test_a_statement_about_sides_not_in_the_talks_is_not(resources: EngineResources) -> None:
    body = (
        _TALKS_LEAD
        + _FILLER
        + "Antony Blinken said he condemned the missile test North Korea carried out, which broke UN rules.\n"
    )
    assert not [c for c in _claims(resources, body) if "missile test" in c.text]


def test_outside_a_talks_story_the_same_statement_is_not(resources: EngineResources) -> None:
    body = (
        "A new metro line opened in the capital on Thursday.\n"
        + _FILLER
        + "Dmitry Peskov said Moscow would judge Kyiv by its deeds on the ground.\n"
        + "The line will carry forty thousand passengers a day.\n"
    )
    assert not [c for c in _claims(resources, body) if "by its deeds" in c.text]


def test_a_deal_story_without_talks_or_ceasefire_words_is_read(resources: EngineResources) -> None:
    # "deal", "pact", "agreement", "accord": no strong cue at all, but the story is about a deal.
    body = (
        "Turkey said on Monday the river shipping deal between Russia and Ukraine would lapse next week.\n"
        "The pact lets freighters leave three ports under a joint inspection regime.\n"
        "Moscow has said it will not renew the agreement unless its fertiliser exports are unblocked.\n"
        "The accord has been renewed twice since it was signed.\n"
        "Sergei Lavrov said the West had broken every promise it made when the agreement was signed.\n"
    )
    claims = _claims(resources, body, title="Russia threatens to quit river shipping deal")
    assert any(c.speaker.id == "sergey-lavrov" and "broken every promise" in c.text for c in claims)


def test_relief_from_sanctions_is_talk_of_a_deal(resources: EngineResources) -> None:
    body = (
        "The United States will ease sanctions on the oil sector of Iran if inspectors return, "
        "Antony Blinken said on Friday.\n"
    )
    claims = _claims(resources, body)
    assert [c.speaker.id for c in claims] == ["antony-blinken"]


def test_a_headline_naming_talks_counts_toward_a_talks_story(resources: EngineResources) -> None:
    lexicon = resources.lexicon
    text = "Envoys resume talks on the border\nThe envoys met for a second day on Tuesday."
    named = story_cues(text, text.index("\n"), lexicon)
    unnamed = story_cues(text, 0, lexicon)
    assert named.headline and not unnamed.headline
    assert StoryCues(2, True).talks_story and not StoryCues(2, False).talks_story


def test_a_headline_with_only_a_weak_cue_names_no_talks(resources: EngineResources) -> None:
    text = "Star decides to withdraw from the film\nThe actor said he was not right for the part."
    assert not story_cues(text, text.index("\n"), resources.lexicon).headline


def test_refusing_to_hold_talks_with_a_side_is_about_talks(resources: EngineResources) -> None:
    body = (
        "Volodymyr Zelensky said on Sunday he would not hold talks with Russia in a neighbouring capital.\n"
    )
    assert [c.speaker.id for c in _claims(resources, body)] == ["volodymyr-zelensky"]


def test_a_state_that_mediates_is_talk_of_negotiations(resources: EngineResources) -> None:
    text = "Qatar mediates between the two sides\nOfficials met in Doha."
    assert story_cues(text, text.index("\n"), resources.lexicon).words >= 1


def test_a_run_of_other_headlines_is_no_statement(resources: EngineResources) -> None:
    body = (
        _TALKS_LEAD
        + _FILLER
        + "More news: Storm closes northern airports; The central bank announces a rate cut; "
        "Parliament debates the budget; Dmitry Peskov says the harvest was good\n"
    )
    assert not [c for c in _claims(resources, body) if "harvest" in c.text]


def test_a_political_settlement_is_talk_of_negotiations(resources: EngineResources) -> None:
    body = "Ilham Aliyev said on Tuesday the war was over and a political settlement was within reach.\n"
    assert [c.speaker.id for c in _claims(resources, body)] == ["ilham-aliyev"]


def test_peacekeepers_are_a_talk_word_in_a_story_about_talks(resources: EngineResources) -> None:
    sentence = "Neutral peacekeepers could patrol the line within a week."
    assert negotiation_cues(sentence, resources.lexicon, allow_weak=True)
    assert not negotiation_cues(sentence, resources.lexicon, allow_weak=False)


def test_a_quotation_going_on_in_a_talks_story_is_its_speakers(resources: EngineResources) -> None:
    body = (
        _TALKS_LEAD
        + "Dmitry Peskov said on Thursday that Moscow had come to Vienna in good faith.\n"
        + '"We will be back in this room on Monday."\n'
    )
    claims = [c for c in _claims(resources, body) if "back in this room" in c.text]
    assert [(c.speaker.id, c.quote) for c in claims] == [
        ("dmitry-peskov", "We will be back in this room on Monday.")
    ]


def test_sanctions_removal_demanded_is_talk_of_a_deal(resources: EngineResources) -> None:
    for sentence in ("Caracas demands permanent sanctions removal.", "Tehran seeks a sanctions waiver."):
        assert negotiation_cues(sentence, resources.lexicon, allow_weak=False), sentence


def test_officials_of_a_side_far_from_the_talk_words_are_its_voice(resources: EngineResources) -> None:
    body = (
        _TALKS_LEAD
        + _FILLER
        + "Two senior US officials said Washington would judge Moscow by its deeds on the ground.\n"
        + "Experts said the front line would barely move before the spring.\n"
    )
    claims = _claims(resources, body)
    assert [c.speaker.party for c in claims if "by its deeds" in c.text] == ["US"]
    assert not [c for c in claims if "barely move" in c.text]
