"""Attribution from the dependency parse: each form of attributed speech, with its spans and kind.

Every sentence here is written for the test (none is taken from a data set). A record's spans index the
article body: ``body[speaker_span]`` is the speaker's mention, ``body[cue_span]`` the cue and
``body[content_span]`` what is said.
"""

from __future__ import annotations

from datetime import UTC, datetime

from schemas import Article, AttributionRecord
from services.engine.attributions import extract_attributions
from services.engine.resources import EngineResources


def _records(resources: EngineResources, body: str, title: str = "") -> list[AttributionRecord]:
    article = Article(
        id="attr-test",
        source="Test Wire",
        url="https://news.example/attr",
        title=title,
        body=body,
        published_at=datetime(2023, 3, 1, tzinfo=UTC),
    )
    return extract_attributions(article, resources)


def _spans(body: str, record: AttributionRecord) -> tuple[str | None, str | None, str]:
    def text(span: tuple[int, int] | None) -> str | None:
        return body[span[0] : span[1]] if span is not None else None

    content = text(record.content_span)
    assert content == record.text
    return text(record.speaker_span), text(record.cue_span), record.text


def test_active_speech_verb_with_a_that_clause(resources: EngineResources) -> None:
    body = "Foreign Minister Lena Marsh said on Tuesday that the border talks would resume in May."
    [record] = _records(resources, body)
    assert (record.speaker.id, record.kind.value) == ("lena-marsh", "reported")
    assert _spans(body, record) == (
        "Foreign Minister Lena Marsh",
        "said",
        "that the border talks would resume in May",
    )


def test_inverted_quote_is_a_direct_quote(resources: EngineResources) -> None:
    body = "“We will not sign anything under pressure,” said Tomas Reyes, the opposition leader."
    [record] = _records(resources, body)
    assert (record.speaker.id, record.kind.value) == ("tomas-reyes", "direct_quote")
    assert _spans(body, record) == (
        "Tomas Reyes, the opposition leader",
        "said",
        "We will not sign anything under pressure",
    )


def test_speaker_after_the_reported_clause(resources: EngineResources) -> None:
    body = "The ceasefire held through the night, two officials in the capital said."
    [record] = _records(resources, body)
    assert record.kind.value == "anonymous_source"
    expected = ("two officials in the capital", "said", "The ceasefire held through the night")
    assert _spans(body, record) == expected


def test_passive_with_an_agent_and_quoted_as_saying(resources: EngineResources) -> None:
    body = (
        "It was announced by Prime Minister Ola Berg that the bridge would reopen.\n"
        "The mayor was quoted as saying the bridge was safe."
    )
    first, second = _records(resources, body)
    assert first.speaker.id == "ola-berg"
    assert _spans(body, first) == ("Prime Minister Ola Berg", "announced", "that the bridge would reopen")
    # One statement, not one for "quoted" and another for "saying".
    assert _spans(body, second) == ("The mayor", "quoted", "the bridge was safe")


def test_according_to_names_the_source(resources: EngineResources) -> None:
    body = "The delegations will meet again on Friday, according to Ana Silva, the chief mediator."
    [record] = _records(resources, body)
    assert record.speaker.id == "ana-silva"
    assert _spans(body, record) == (
        "Ana Silva, the chief mediator",
        "according to",
        "The delegations will meet again on Friday",
    )


def test_apposition_names_the_person_not_the_institution(resources: EngineResources) -> None:
    body = "Omar Haddad, head of the port authority, told reporters that shipping had stopped."
    [record] = _records(resources, body)
    assert record.speaker.id == "omar-haddad"
    assert _spans(body, record)[0] == "Omar Haddad, head of the port authority"


def test_registry_roles_and_names_resolve_to_actors(resources: EngineResources) -> None:
    body = (
        "The Kremlin spokesman said the proposal was being studied.\n"
        "Sergey Lavrov told reporters that Moscow expected an answer."
    )
    first, second = _records(resources, body)
    assert (first.speaker.id, first.speaker.party) == ("dmitry-peskov", "RU")
    assert (second.speaker.id, second.speaker.party) == ("sergey-lavrov", "RU")


def test_the_minister_refers_to_the_last_named_minister(resources: EngineResources) -> None:
    body = (
        "Interior Minister Carla Mendes said the curfew would end on Sunday.\n"
        "The airport stayed closed.\n"
        "The minister added that schools would reopen on Monday."
    )
    first, second = _records(resources, body)
    assert first.speaker.id == second.speaker.id == "carla-mendes"
    assert _spans(body, second)[0] == "The minister"


def test_pronouns_follow_gender_and_named_speakers(resources: EngineResources) -> None:
    body = (
        "Spokeswoman Irene Walsh said the vote would go ahead.\n"
        "General Piotr Nowak said the troops were ready.\n"
        "She added that observers had arrived."
    )
    records = _records(resources, body)
    assert [r.speaker.id for r in records] == ["irene-walsh", "piotr-nowak", "irene-walsh"]
    assert _spans(body, records[2])[0] == "She"


def test_unnamed_sources_speak_for_the_institution_they_name(resources: EngineResources) -> None:
    body = (
        "A Kremlin source said the summit was off.\n"
        "Diplomats said the talks could still take place in the spring."
    )
    kremlin, diplomats = _records(resources, body)
    assert (kremlin.speaker.id, kremlin.kind.value) == ("russia-government", "anonymous_source")
    assert diplomats.kind.value == "anonymous_source"
    assert diplomats.speaker.id.startswith("source-")
    assert _spans(body, diplomats)[0] == "Diplomats"


def test_an_unknown_title_keeps_the_party_its_country_gives(resources: EngineResources) -> None:
    body = "Iran's deputy foreign minister said the offer was not serious."
    [record] = _records(resources, body)
    assert record.speaker.party == "IR"
    assert record.speaker_span is not None


def test_a_quotation_going_on_keeps_its_speaker(resources: EngineResources) -> None:
    body = (
        "“The offer is not enough,” said Hana Kato, the union's negotiator.\n"
        "“We asked for guarantees and we got promises.”"
    )
    first, carried = _records(resources, body)
    assert carried.speaker == first.speaker
    assert carried.kind.value == "direct_quote"
    assert carried.speaker_span is None and carried.cue_span is None
    assert _spans(body, carried)[2] == "We asked for guarantees and we got promises"


def test_an_outlet_is_a_channel_when_a_person_speaks(resources: EngineResources) -> None:
    body = "Mayor Ines Duarte told the BBC that the evacuation was complete."
    [record] = _records(resources, body)
    assert record.speaker.id == "ines-duarte"
    body = "The rebels withdrew from the town, Reuters reported."
    [record] = _records(resources, body)
    assert record.speaker.party == "media"  # the outlet's own report: no actor speaks


def test_a_colon_cue_takes_the_next_sentence(resources: EngineResources) -> None:
    # (A short first line would be read as the headline: the story opens with a paragraph of prose.)
    body = (
        "The two delegations met behind closed doors for most of the afternoon.\n"
        "The negotiator continued:\n“Nobody leaves this room without a text.”"
    )
    [record] = _records(resources, body)
    assert record.kind.value == "direct_quote"
    assert _spans(body, record) == ("The negotiator", "continued", "Nobody leaves this room without a text")


def test_spans_index_the_body_when_a_title_heads_the_text(resources: EngineResources) -> None:
    body = "Mayor Ines Duarte said the evacuation was complete."
    [record] = _records(resources, body, title="Mayor says town evacuated")
    assert _spans(body, record) == ("Mayor Ines Duarte", "said", "the evacuation was complete")


def test_text_without_speech_gives_no_record(resources: EngineResources) -> None:
    body = "The river rose by two metres overnight. Roads in the valley were closed."
    assert _records(resources, body) == []


def test_a_pro_form_after_the_cue_is_what_is_said(resources: EngineResources) -> None:
    # "said so", "said the same of X", "said yes": the word stands for the statement.
    body = (
        "The harbour survey was published on Monday. Two-thirds of dockworkers said so in the spring. "
        "Councillor Amaya Ferro said the same of the ferry plan. Most fishermen said yes."
    )
    found = [_spans(body, record) for record in _records(resources, body)]
    assert ("Two-thirds of dockworkers", "said", "so") in found
    assert ("Councillor Amaya Ferro", "said", "the same of the ferry plan") in found
    assert ("Most fishermen", "said", "yes") in found


def test_a_pro_form_needs_a_speech_verb(resources: EngineResources) -> None:
    body = "The harbour survey was published on Monday. The dockworkers did so in the spring."
    assert _records(resources, body) == []
