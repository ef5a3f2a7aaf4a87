"""Speech events off the parse: where a verb with no subject of its own finds its speaker (own sentences)."""

from __future__ import annotations

from typing import Any

from services.engine.sentences import quote_regions
from services.engine.speech.events import EventFinder
from services.engine.speech.lexicon import load_speech_lexicon


def _sources(pipeline: Any, sentence: str) -> list[tuple[str, str | None]]:
    doc = pipeline(sentence)
    found = EventFinder(load_speech_lexicon()).events(doc, [])
    return [(e.form, doc.text[e.source[0] : e.source[1]] if e.source else None) for e in found]


def test_a_verb_without_subject_shares_the_subject_of_the_verb_it_hangs_on(pipeline: Any) -> None:
    sentence = "The harbour authority released a note saying it would reopen the quay."
    assert _sources(pipeline, sentence) == [("shared", "The harbour authority")]


def test_the_climb_for_a_subject_stops_at_the_root_of_the_sentence(pipeline: Any) -> None:
    # A headline-like fragment: the noun at the root is its own head, and no one above it speaks.
    sentence = "A note from the harbour authority saying it would reopen the quay."
    assert _sources(pipeline, sentence) == [("none", None)]


def _contents(pipeline: Any, sentence: str) -> list[tuple[str | None, str]]:
    doc = pipeline(sentence)
    found = EventFinder(load_speech_lexicon()).events(doc, quote_regions(sentence))
    return [
        (doc.text[e.source[0] : e.source[1]] if e.source else None, doc.text[e.content[0] : e.content[1]])
        for e in found
    ]


def test_the_one_asked_in_an_opening_clause_is_not_the_asker(pipeline: Any) -> None:
    sentence = "Asked about the delay, the harbour master said the quay would reopen in June."
    assert _contents(pipeline, sentence) == [("the harbour master", "the quay would reopen in June")]


def test_the_quotation_after_an_opening_question_is_the_answer_of_the_main_speaker(pipeline: Any) -> None:
    sentence = "Asked by Varga to respond to the rumours, Lindqvist said, “We have nothing to hide.”"
    assert _contents(pipeline, sentence) == [
        ("Varga", "to respond to the rumours"),
        ("Lindqvist", "We have nothing to hide"),
    ]


def test_a_clause_after_the_cue_says_its_own_content_not_the_quotation(pipeline: Any) -> None:
    sentence = '"The count is not over," said Governor Elsa Rahn, urging her staff to "stay calm."'
    said, urging = _contents(pipeline, sentence)
    assert said == ("Governor Elsa Rahn", "The count is not over")
    assert urging[0] == "Governor Elsa Rahn"
    assert urging[1].startswith("her staff to") and "count" not in urging[1]


def test_a_clause_before_another_cue_does_not_take_its_that_clause(pipeline: Any) -> None:
    sentence = "While Moreau pledged to work with every party, Lindqvist insisted that the vote must wait."
    assert _contents(pipeline, sentence) == [
        ("Moreau", "to work with every party"),
        ("Lindqvist", "that the vote must wait"),
    ]


def test_a_name_after_the_verb_of_a_quotation_speaks_though_the_parse_calls_it_an_attribute(
    pipeline: Any,
) -> None:
    sentence = (
        '"This is only the start of the process," warned Okonkwo, flanked by the two other members '
        "of the mediation team: former Ghanaian Vice President Ama Boateng and Judge Kofi Mensah."
    )
    [(source, content)] = _contents(pipeline, sentence)
    assert (source, content) == ("Okonkwo", "This is only the start of the process")


def test_what_a_speaker_calls_something_is_the_object_with_its_predicate(pipeline: Any) -> None:
    assert _contents(pipeline, "Moreau called the offer a trap for the smaller parties.") == [
        ("Moreau", "the offer a trap for the smaller parties")
    ]
    assert _contents(pipeline, "Lindqvist described the truce as a pause before more fighting.") == [
        ("Lindqvist", "the truce as a pause before more fighting")
    ]
