"""British single quotation marks are quotations; apostrophes stay apostrophes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas import Article
from services.engine.extract import extract_claims
from services.engine.resources import EngineResources
from services.engine.single_quotes import mark_single_quotes


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("'We will not negotiate,' he said.", "“We will not negotiate,” he said."),
        ("‘A trap,’ she said. 'It won't hold.'", "“A trap,” she said. “It won't hold.”"),
        ("It was a 'special military operation' then.", "It was a “special military operation” then."),
        ("Zelensky: 'No talks until Russia leaves'", "Zelensky: “No talks until Russia leaves”"),
    ],
)
def test_single_quoted_regions_become_quotations(text: str, marked: str) -> None:
    assert mark_single_quotes(text) == marked


@pytest.mark.parametrize(
    "text",
    [
        "don't, Ukraine's, rock 'n' roll and the Russians' demands.",
        "In the '90s, the leaders' talks failed.",
        "“He told me 'no talks until May,' and left,” she said.",  # nested in a double quotation
        "'Unclosed quote\nacross a paragraph,' he said.",
    ],
)
def test_apostrophes_and_nested_marks_are_left_alone(text: str) -> None:
    assert mark_single_quotes(text) == text


@given(st.text(alphabet=st.sampled_from(list("ab '‘’\",.\n"))))
def test_marking_keeps_length_and_changes_only_single_marks(text: str) -> None:
    marked = mark_single_quotes(text)
    assert len(marked) == len(text)
    assert all(a == b or (a in "'‘’" and b in "“”") for a, b in zip(text, marked, strict=True))


def test_a_single_quoted_statement_is_a_direct_quote_with_the_article_s_own_marks(
    resources: EngineResources,
) -> None:
    body = "'We will not negotiate with the rebels until they disarm,' said Sudanese minister Khalid Omer."
    claims = extract_claims(Article(id="q", source="Wire", title="", body=body), resources)
    assert [(c.speaker.id, c.attribution.value, c.stance.value) for c in claims] == [
        ("khalid-omer", "direct_quote", "conditional")
    ]
    # The quote keeps its trailing comma, as it does between double marks.
    assert claims[0].quote == "We will not negotiate with the rebels until they disarm,"
    assert claims[0].text == body  # the evidence keeps the article's single marks
    assert [c.key for c in claims[0].conditions] == ["disarmament"]
