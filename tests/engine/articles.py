"""Articles written for a test, and the claims the engine draws from them."""

from __future__ import annotations

from schemas import Article, Claim
from services.engine.extract import extract_claims
from services.engine.resources import EngineResources


def claims_in(
    resources: EngineResources, body: str, title: str = "", *, article_id: str = "test"
) -> list[Claim]:
    """The claims of one article from the outlet "Test Wire", with this body and headline."""
    return extract_claims(Article(id=article_id, source="Test Wire", title=title, body=body), resources)
