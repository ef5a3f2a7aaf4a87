"""Articles written for a test, and the claims the engine draws from them."""

from __future__ import annotations

from schemas import Article, Claim
from services.engine.conditions import deal_terms, find_conditions
from services.engine.extract import extract_claims
from services.engine.resources import EngineResources


def claims_in(
    resources: EngineResources, body: str, title: str = "", *, article_id: str = "test"
) -> list[Claim]:
    """The claims of one article from the outlet "Test Wire", with this body and headline."""
    return extract_claims(Article(id=article_id, source="Test Wire", title=title, body=body), resources)


def condition_keys(resources: EngineResources, sentence: str) -> list[str]:
    """The keys of the conditions one sentence sets, sorted."""
    return sorted(c.key for c in find_conditions(resources.parser.parse_one(sentence), resources.lexicon))


def term_keys(resources: EngineResources, sentence: str) -> list[str]:
    """The keys of the terms of a deal one sentence tells, sorted."""
    return sorted(c.key for c in deal_terms(resources.parser.parse_one(sentence), resources.lexicon))
