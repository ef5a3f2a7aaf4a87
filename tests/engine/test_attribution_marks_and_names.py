"""Quotation marks as archives type them (two apostrophes, a quoted title); names a headline or a role hides.

Sentences written for these tests.
"""

from __future__ import annotations

from schemas import Article, AttributionRecord
from services.engine.attributions import extract_attributions
from services.engine.resources import EngineResources
from services.engine.speech.quotations import with_doubled_apostrophes_as_quotes


def _records(resources: EngineResources, body: str) -> list[AttributionRecord]:
    return extract_attributions(Article(id="marks-test", source="Test Wire", title="", body=body), resources)


def test_two_apostrophes_open_and_close_a_quotation_keeping_every_offset() -> None:
    text = "''Not this week,'' the mayor said. It's the ''last'' word."
    marked = with_doubled_apostrophes_as_quotes(text)
    assert len(marked) == len(text)
    assert marked == " “Not this week,”  the mayor said. It's the  “last”  word."


def test_a_quotation_in_doubled_apostrophes_is_the_speakers_words(resources: EngineResources) -> None:
    body = "''We need more time to count the ballots,'' Mayor Ingrid Holm said after the vote."
    [record] = _records(resources, body)
    assert record.speaker.id == "ingrid-holm"
    assert record.text == "We need more time to count the ballots"
    assert record.kind.value == "direct_quote"


def test_a_quoted_title_after_a_preposition_is_not_part_of_what_is_said(resources: EngineResources) -> None:
    body = '"The harvest was late," Senator Otto Brandt said on "Farm Hour" last week.'
    [record] = _records(resources, body)
    assert record.speaker.id == "otto-brandt"
    assert record.text == "The harvest was late"


def test_a_surname_is_not_completed_from_a_headline_in_title_case(resources: EngineResources) -> None:
    body = (
        "Mayor Vale Backs Harbour Plan Over Council Objections\n"
        "The harbour plan won support on Monday. “We cannot wait for another storm season,” Vale said."
    )
    [record] = [r for r in _records(resources, body) if r.text.startswith("We cannot wait")]
    assert record.speaker.id == "vale"


def test_a_surname_takes_the_full_name_written_before_it(resources: EngineResources) -> None:
    body = (
        "Mayor Lotte Vale met the harbour council on Monday.\n"
        "“We cannot wait for another storm season,” Vale said."
    )
    [record] = [r for r in _records(resources, body) if r.text.startswith("We cannot wait")]
    assert record.speaker.id == "lotte-vale"


def test_a_negotiating_role_with_a_side_is_the_person_of_that_side_named_before(
    resources: EngineResources,
) -> None:
    body = (
        "Norwegian Foreign Minister Ingrid Solberg arrived in Vienna on Monday for the fishing talks. "
        "The Norwegian chief negotiator said the quota talks would last a week."
    )
    [record] = _records(resources, body)
    assert record.speaker.id == "ingrid-solberg"


def test_a_negotiating_role_of_another_side_stays_described(resources: EngineResources) -> None:
    body = (
        "Norwegian Foreign Minister Ingrid Solberg arrived in Vienna on Monday for the fishing talks. "
        "The Danish chief negotiator said the quota talks would last a week."
    )
    [record] = _records(resources, body)
    assert record.speaker.id == "danish-chief-negotiator"


def test_a_question_in_doubled_apostrophes_ends_its_sentence_before_the_asker(
    resources: EngineResources,
) -> None:
    body = "The aides met on Monday. ''Can we carry the county?'' Mr. Halvorsen asked. ''Nobody knows.''"
    records = _records(resources, body)
    asked = [r for r in records if r.text == "Can we carry the county?"]
    assert [r.speaker.id for r in asked] == ["halvorsen"]


def test_a_third_apostrophe_is_a_single_quotation_inside_the_double_one() -> None:
    text = "''We were told, 'the dam is safe,''' Mr. Lund said."
    assert with_doubled_apostrophes_as_quotes(text) == " “We were told, 'the dam is safe,'”  Mr. Lund said."
