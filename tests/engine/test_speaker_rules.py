"""Who speaks: coordinated verbs, slogans, "the group", the outlet's own words, unclosed quotes, metonyms.

Every article here is written for the test; each case names the mistake it guards against.
"""

from __future__ import annotations

from schemas import Attribution, Claim, Topic
from services.engine.resources import EngineResources
from tests.engine.articles import claims_in


def _claims(body: str, resources: EngineResources) -> list[Claim]:
    return claims_in(resources, body, article_id="rules")


def _speaker_of(claims: list[Claim], words: str) -> str | None:
    found = [c.speaker.id for c in claims if words in c.text]
    assert len(found) <= 1, found
    return found[0] if found else None


def test_a_reporting_verb_after_and_shares_the_sentence_subject(resources: EngineResources) -> None:
    body = (
        "Envoy Okonjo Ruiz arrived in the capital on Monday.\n"
        "Okonjo Ruiz met senior Chadian officials and agreed to resume peace talks with the rebels."
    )
    assert _speaker_of(_claims(body, resources), "agreed to resume") == "okonjo-ruiz"


def test_a_lone_surname_subject_is_the_person_named_in_full_before(resources: EngineResources) -> None:
    body = (
        "Kim Yong-chol flew to Seoul for a two-day visit.\n"
        "Kim, wearing a grey suit, also held talks with senior officials and agreed to restart peace talks."
    )
    speaker = _speaker_of(_claims(body, resources), "agreed to restart")
    assert speaker is not None and speaker.startswith("kim-yong")  # never "senior officials"


def test_a_campaign_name_is_no_person_a_later_he_refers_to(resources: EngineResources) -> None:
    body = (
        "Colonel Ade Bako announced the truce on Monday.\n"
        'Members of the Save Our Sons campaign said on Twitter: "We are watching every step."\n'
        "He said troops would respect the ceasefire agreement."
    )
    claims = _claims(body, resources)
    assert _speaker_of(claims, "troops would respect") == "ade-bako"
    assert all("Save Our" not in c.speaker.name for c in claims)


def test_the_group_added_is_the_last_organization_that_spoke(resources: EngineResources) -> None:
    body = (
        "The Sahel Crisis Group said the truce between the army and the rebels was fragile.\n"
        "Colonel Ade Bako said the ceasefire would hold.\n"
        '"A lasting ceasefire needs monitors on the ground," the group added.'
    )
    assert _speaker_of(_claims(body, resources), "needs monitors") == "sahel-crisis-group"


def test_the_group_added_with_no_organization_before_names_no_actor(resources: EngineResources) -> None:
    body = (
        "Analysts at Polaris said the ceasefire talks were stalling.\n"
        '"It is possible that Kyiv reached a ceasefire deal with one faction," the group added.'
    )
    claims = _claims(body, resources)
    assert _speaker_of(claims, "one faction") is None  # not Kyiv's government, named inside the quote


def test_a_connective_sentence_without_pronoun_is_the_outlets_own_words(resources: EngineResources) -> None:
    body = (
        "Dmitry Peskov said on Monday that Russia was ready for negotiations with Kyiv.\n"
        "But the negotiations never took place, and fighting resumed near Kharkiv."
    )
    claims = _claims(body, resources)
    assert _speaker_of(claims, "Russia was ready") == "dmitry-peskov"
    assert _speaker_of(claims, "never took place") is None


def test_a_connective_sentence_with_a_pronoun_subject_keeps_the_speaker(resources: EngineResources) -> None:
    body = (
        "Andriy Yermak said Ukraine wants a just peace deal.\n"
        "However, he will not accept any ceasefire that freezes the front line."
    )
    claims = _claims(body, resources)
    assert _speaker_of(claims, "freezes the front") == "andriy-yermak"


def test_an_editorial_sentence_is_a_claim_only_when_it_states_a_condition(resources: EngineResources) -> None:
    body = (
        "Dmitry Peskov said Russia was open to negotiations with Kyiv in principle.\n"
        "But talks began only after Russian troops left Kherson.\n"
        "Yet talks collapsed in March, and no ceasefire followed the meeting."
    )
    claims = _claims(body, resources)
    assert _speaker_of(claims, "collapsed in March") is None
    editorial = next(c for c in claims if "Kherson" in c.text)
    assert editorial.attribution is Attribution.editorial
    assert editorial.speaker.party == "media"  # the outlet's own words, not Peskov's
    assert [c.key for c in editorial.conditions] == ["withdrawal:kherson"]


def test_commercial_and_entertainment_negotiations_give_no_claim(resources: EngineResources) -> None:
    for body in (
        "The actor is in talks to star in the sequel, and the studio is negotiating his salary, "
        "his agent said.",
        "The league is negotiating broadcasting rights with two networks, the commissioner said on Monday.",
        "The nurses' union reached a deal with the hospital after weeks of contract negotiations, "
        "a spokesman said.",
        "Teachers said collective bargaining negotiations with the school board would resume on Monday.",
    ):
        assert _claims(body, resources) == [], body


def test_conflict_negotiations_still_give_claims(resources: EngineResources) -> None:
    for body, topic in (
        ("Hamas said hostage negotiations would resume in Cairo next week.", Topic.hostages),
        ("Foreign Minister Abbas Araghchi said nuclear talks in Vienna would resume.", Topic.nuclear),
        (
            "Rebel commander Idris Kallo said a prisoner swap was agreed in the negotiations.",
            Topic.hostages,
        ),
        (
            "Qatari mediator Majed Ansari said the ceasefire negotiations in Doha had stalled.",
            Topic.ceasefire,
        ),
    ):
        claims = _claims(body, resources)
        assert [c.topic for c in claims] == [topic], body


def test_an_unclosed_quote_and_its_attribution_are_one_statement(resources: EngineResources) -> None:
    body = (
        "“A ceasefire will come, sooner or later. It will not be the end of the war, "
        "Ingrid Holm, speaking in Oslo, warned.\nThe talks resume on Friday."
    )
    claims = _claims(body, resources)
    assert len(claims) == 1
    claim = claims[0]
    assert claim.speaker.id == "ingrid-holm"
    assert claim.attribution is Attribution.direct_quote
    assert claim.quote == "A ceasefire will come, sooner or later. It will not be the end of the war"


def test_a_follow_on_sentence_takes_its_topic_from_its_own_words(resources: EngineResources) -> None:
    body = (
        "Sergei Lavrov said Moscow was ready for a ceasefire in the spring.\n"
        "Lavrov went on to explain that the harvest had been poor, “as everyone knows”.\n"
        "Volodymyr Zelensky said a ceasefire was possible this year.\n"
        "“Only after Russian troops leave Kherson,” he added."
    )
    claims = _claims(body, resources)
    assert _speaker_of(claims, "harvest") is None  # no negotiation content of its own
    follow_on = next(c for c in claims if "Kherson" in c.text)
    assert follow_on.speaker.id == "volodymyr-zelensky"
    assert [c.key for c in follow_on.conditions] == ["withdrawal:kherson"]
    assert follow_on.topic is Topic.negotiations  # from its condition, not the ceasefire before


def test_a_place_owning_plans_stands_for_its_government(resources: EngineResources) -> None:
    claims = _claims("Kyiv's plans to open negotiations with Moscow are backed by its allies.", resources)
    assert [(c.speaker.id, c.attribution) for c in claims] == [("ukraine-government", Attribution.editorial)]


def test_a_place_name_in_passing_is_still_no_speaker(resources: EngineResources) -> None:
    claims = _claims("Kyiv was quiet on Monday as negotiations continued elsewhere.", resources)
    assert claims == []


def test_a_bare_talks_mention_by_an_inferred_speaker_is_no_claim(resources: EngineResources) -> None:
    body = (
        "A source close to the Kremlin said ceasefire negotiations would start soon.\n"
        "According to him, “nothing is decided yet”, as talks with the Americans continue."
    )
    claims = _claims(body, resources)
    assert _speaker_of(claims, "start soon") == "russia-government"
    assert _speaker_of(claims, "nothing is decided") is None


def test_an_outlet_next_to_the_verb_is_a_channel_not_the_speaker(resources: EngineResources) -> None:
    body = (
        "On Friday, the envoy was vague on the details of the ceasefire, Agence France-Presse reported.\n"
        "Nigeria's official news agency says the rebels have agreed to an immediate ceasefire."
    )
    claims = _claims(body, resources)
    assert all(c.speaker.party != "unknown" or "Presse" not in c.speaker.name for c in claims)
    assert _speaker_of(claims, "rebels have agreed") is None


def test_the_diplomat_is_the_unnamed_diplomat_last_quoted(resources: EngineResources) -> None:
    body = (
        "Colonel Ade Bako announced the truce on Monday.\n"
        "One Western diplomat in Lagos said the ceasefire was fragile.\n"
        '"Nobody here trusts the ceasefire," the diplomat said.'
    )
    claims = _claims(body, resources)
    first = next(c for c in claims if "fragile" in c.text)
    second = next(c for c in claims if "Nobody here" in c.text)
    assert first.attribution is Attribution.anonymous_source
    assert second.speaker.id == first.speaker.id != "ade-bako"


def test_a_pronoun_in_a_relative_clause_is_the_sentence_subject(resources: EngineResources) -> None:
    body = (
        "Government spokesman Tunde Bako said the talks were under way.\n"
        "Femi Adeyemi was named as the rebels' envoy.\n"
        "Adeyemi gave an interview in which he confirmed the ceasefire."
    )
    assert _speaker_of(_claims(body, resources), "confirmed the ceasefire") == "femi-adeyemi"


def test_according_to_names_the_source_of_an_act_it_reports(resources: EngineResources) -> None:
    body = (
        "The rebel movement has agreed to a ceasefire and a prisoner swap, according to Nigerian officials.\n"
        "Sergei Lavrov said talks with Kyiv were possible, according to Maria Zakharova."
    )
    claims = _claims(body, resources)
    act = next(c for c in claims if "rebel movement" in c.text)
    assert act.attribution is Attribution.anonymous_source and "officials" in act.speaker.name
    assert _speaker_of(claims, "talks with Kyiv") == "sergey-lavrov"  # a statement relayed keeps its speaker
