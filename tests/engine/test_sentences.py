"""Sentence splitting: abbreviations, initials and quotations do not cut sentences."""

from __future__ import annotations

from services.engine.sentences import split_sentences


def _texts(text: str, headline_end: int = 0) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text, headline_end)]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = "Mr. Ortega met U.S. envoys on Jan. 4 in St. Louis. Dr. J. K. Lee was not there. Talks went on."
    assert _texts(text) == [
        "Mr. Ortega met U.S. envoys on Jan. 4 in St. Louis.",
        "Dr. J. K. Lee was not there.",
        "Talks went on.",
    ]


def test_a_quotation_of_several_sentences_stays_with_its_attribution() -> None:
    text = "“We are ready. We have always been ready,” the envoy said. Nobody answered."
    assert _texts(text) == ["“We are ready. We have always been ready,” the envoy said.", "Nobody answered."]


def test_an_unclosed_quotation_runs_to_the_paragraph_end_with_its_attribution() -> None:
    text = (
        "“The truce will hold. It is not going to be easy, Ms Varga, in the meantime, cautioned.\nNext line."
    )
    assert _texts(text) == [
        "“The truce will hold. It is not going to be easy, Ms Varga, in the meantime, cautioned.",
        "Next line.",
    ]


def test_an_opening_quote_closed_by_another_mark_ends_the_quotation_there() -> None:
    text = 'Okafor said: "Both sides signed. The guns fell silent.” Markets rose. Traders cheered.'
    assert _texts(text) == [
        'Okafor said: "Both sides signed. The guns fell silent.”',
        "Markets rose.",
        "Traders cheered.",
    ]


def test_a_stray_quote_mark_in_a_long_paragraph_does_not_swallow_it() -> None:
    filler = " ".join(f"Sentence number {n} goes on for a while without quotes." for n in range(16))
    text = "“A stray mark. " + filler
    assert len(_texts(text)) == 17


def test_sentences_never_cross_lines_and_the_headline_is_one_sentence() -> None:
    text = "Talks resume. Envoys return\nThe first line ended without a stop\nAnother paragraph."
    sentences = split_sentences(text, headline_end=len("Talks resume. Envoys return"))
    assert [text[s.start : s.end] for s in sentences] == [
        "Talks resume. Envoys return",
        "The first line ended without a stop",
        "Another paragraph.",
    ]
    assert sentences[0].headline and not sentences[1].headline
    assert [s.paragraph for s in sentences] == [0, 1, 2]
