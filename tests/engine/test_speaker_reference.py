"""Speakers referred back to: a pronoun, a document, a name met first without its side (sentences written
for these tests)."""

from __future__ import annotations

from schemas import Article, Claim
from services.engine.attributions import extract_attributions
from services.engine.resources import EngineResources
from tests.engine.articles import claims_in


def _claims(resources: EngineResources, body: str, title: str = "") -> list[Claim]:
    return claims_in(resources, body, title, article_id="ref-test")


def _speaker_of(claims: list[Claim], words: str) -> tuple[str, str]:
    [claim] = [c for c in claims if words in c.text]
    return claim.speaker.id, claim.speaker.party


def test_a_headline_name_takes_the_side_the_story_introduces_it_with(resources: EngineResources) -> None:
    title = "Talks on the fishing deal will resume in June, Marta Ellison says"
    body = (
        "Canadian trade envoy Marta Ellison said on Tuesday that negotiations on the fishing deal would "
        "resume in June after a pause of two months.\n"
        "Both delegations are expected in Ottawa for the next round of talks."
    )
    claims = _claims(resources, body, title)
    assert {(c.speaker.id, c.speaker.party) for c in claims if "Ellison" in c.text} == {
        ("marta-ellison", "CA")
    }


def test_he_is_the_person_named_since_not_an_earlier_speaker(resources: EngineResources) -> None:
    body = (
        "Kremlin spokesman Dmitry Peskov said any talks with Kyiv would have to reckon with new realities. "
        "He added that Moscow was open to negotiations.\n"
        "Volodymyr Zelensky presented a three-step peace plan on Monday. "
        "He demanded the withdrawal of all Russian troops before any negotiations could begin."
    )
    claims = _claims(resources, body)
    assert _speaker_of(claims, "withdrawal of all Russian troops") == ("volodymyr-zelensky", "UA")


def test_the_document_speaks_for_the_side_that_issued_it(resources: EngineResources) -> None:
    body = (
        "Turkey has published an eight-point paper on the conflict ahead of the summit.\n"
        "The paper follows weeks of shuttle diplomacy between the two capitals.\n"
        "The document says both sides should return to negotiations without delay. "
        'A ceasefire is "the only way to a lasting settlement," it says.'
    )
    claims = _claims(resources, body)
    assert _speaker_of(claims, "return to negotiations")[1] == "TR"
    assert _speaker_of(claims, "lasting settlement")[1] == "TR"


def test_a_document_nobody_introduced_has_no_issuer(resources: EngineResources) -> None:
    body = (
        "Turkish officials met their counterparts in the capital on Monday.\n"
        "The document says both sides should return to negotiations without delay."
    )
    assert all(c.speaker.party != "TR" or "officials" in c.text for c in _claims(resources, body))


def test_a_role_without_introduction_is_the_known_speaker_the_registry_gives_it(
    resources: EngineResources,
) -> None:
    body = (
        '"There can be no ceasefire talks while the shelling goes on," Sullivan said on Monday.\n'
        '"Any peace plan must be negotiated with Kyiv at the table," the national security adviser added.'
    )
    claims = _claims(resources, body)
    assert _speaker_of(claims, "negotiated with Kyiv") == ("jake-sullivan", "US")


def test_a_role_spelled_otherwise_refers_back_to_the_person_introduced_with_it(
    resources: EngineResources,
) -> None:
    body = (
        "Serbian national security advisor Dusan Markovic met the mediators in Vienna on Monday.\n"
        "The adviser said the negotiations on the border would resume next month."
    )
    claims = _claims(resources, body)
    assert _speaker_of(claims, "would resume next month") == ("dusan-markovic", "RS")


def test_an_acronym_speaks_for_the_side_its_introduction_named(resources: EngineResources) -> None:
    body = (
        "Kenya's National Reconciliation Forum (NRF) met mediators in Nairobi on Monday.\n"
        "The NRF agreed to extend the truce for another month while the negotiations go on."
    )
    claims = _claims(resources, body)
    assert _speaker_of(claims, "extend the truce")[1] == "KE"


_HOME_STORY = (
    "BOGOTA, Colombia - Colombian negotiators returned to the talks on Tuesday, and Colombia's congress "
    "followed the negotiations closely.\n"
    "Interior Minister Lucia Arango said the ceasefire would be extended if the talks made progress.\n"
    "A spokesman for the commission said the negotiations would resume in Havana next week."
)


def test_a_government_role_without_a_country_is_the_articles_country(resources: EngineResources) -> None:
    claims = _claims(resources, _HOME_STORY)
    assert _speaker_of(claims, "ceasefire would be extended") == ("lucia-arango", "CO")


def test_a_spokesman_for_another_body_is_not_the_government(resources: EngineResources) -> None:
    article = Article(id="ref", source="Test Wire", url="https://news.example/r", title="", body=_HOME_STORY)
    [record] = [r for r in extract_attributions(article, resources) if "commission" in r.speaker.name]
    assert record.speaker.party == "unknown"


def test_no_country_dominating_the_article_leaves_the_side_unknown(resources: EngineResources) -> None:
    body = (
        "Negotiators from Peru and Chile met in Lima on Tuesday, and Chile's delegation joined them later.\n"
        "Interior Minister Lucia Arango said the ceasefire would be extended if the talks made progress."
    )
    claims = _claims(resources, body)
    assert _speaker_of(claims, "ceasefire would be extended") == ("lucia-arango", "unknown")


def test_a_surname_tagged_as_a_place_is_still_the_person_met_before(resources: EngineResources) -> None:
    body = (
        "Kenyan presidential aide Hassan Tukur met the rebel negotiators in Nairobi on Monday.\n"
        "After talks with the rebels ended, the aide said the ceasefire would hold. "
        "Following the meeting, Tukur told reporters the talks would resume."
    )
    claims = _claims(resources, body)
    assert _speaker_of(claims, "talks would resume") == ("hassan-tukur", "KE")


def test_a_described_group_named_nowhere_is_not_the_speaker_before(resources: EngineResources) -> None:
    body = (
        "Interior Minister Lucia Arango said on Monday the ceasefire talks with the rebels would go on.\n"
        '"We will never sign a truce imposed by decree," the far-left rebel group said in a statement.'
    )
    claims = _claims(resources, body)
    assert not [c for c in claims if "decree" in c.text and c.speaker.id == "lucia-arango"]
    assert [c.speaker.id for c in claims if "talks with the rebels" in c.text] == ["lucia-arango"]


def test_the_statement_is_the_side_named_right_after_its_introduction(resources: EngineResources) -> None:
    body = (
        "In a statement, Turkey urged both parties to return to the truce talks within a week.\n"
        'The statement added, "Ankara stands ready to host the next round of negotiations."'
    )
    claims = _claims(resources, body)
    assert _speaker_of(claims, "host the next round")[1] == "TR"


def test_a_document_word_inside_a_quotation_introduces_no_issuer(resources: EngineResources) -> None:
    body = (
        '"Kenya wants a roadmap for peace," a diplomat told reporters about the ceasefire talks.\n'
        "The document says the negotiations will resume in March."
    )
    assert all(c.speaker.party != "KE" for c in _claims(resources, body))


def test_a_quotation_going_on_after_an_outlet_is_the_speakers(resources: EngineResources) -> None:
    body = (
        "Delegations met in Vienna on Monday for another round of the nuclear talks.\n"
        "“The sanctions must go before any deal,” Amir-Abdollahian told Borrell in the phone call, according "
        "to state-owned Press TV. “We remain ready to negotiate in good faith until the talks succeed.”"
    )
    article = Article(id="ref", source="Test Wire", url="https://news.example/r", title="", body=body)
    records = extract_attributions(article, resources)
    outlet = [r.speaker.party for r in records if "Press TV" in r.speaker.name]
    going_on = [
        r.speaker.id for r in records if "ready to negotiate" in body[r.content_span[0] : r.content_span[1]]
    ]
    assert outlet == ["media"]
    assert going_on == ["hossein-amir-abdollahian"]


def test_the_fighters_of_a_known_group_are_that_group(resources: EngineResources) -> None:
    body = (
        "The guerrillas of the National Liberation Army (ELN) said on Friday they would study the"
        " government's offer of a ceasefire in the next round of talks.\n"
        "FARC rebels said the peace negotiations in Havana would resume next week."
    )
    claims = _claims(resources, body)
    assert _speaker_of(claims, "study the government's offer") == ("eln", "CO_ELN")
    assert _speaker_of(claims, "would resume next week")[1] == "CO_FARC"


def test_a_day_in_the_phrase_does_not_make_the_story_group_a_new_speaker(resources: EngineResources) -> None:
    body = (
        "Peace talks between the government and the National Liberation Army (ELN) resumed in Caracas.\n"
        "The guerrillas on Sunday said they would not discuss a bilateral ceasefire before the talks end."
    )
    claims = _claims(resources, body)
    assert _speaker_of(claims, "bilateral ceasefire")[0] == "eln"
