"""Shared fixtures of the engine tests: the packaged resources, loaded once."""

from __future__ import annotations

from typing import Any

import pytest

from services.engine.resources import EngineResources, load_resources


@pytest.fixture(scope="session")
def resources() -> EngineResources:
    return load_resources()


@pytest.fixture(scope="session")
def pipeline() -> Any:
    """The engine's spaCy pipeline (its faster components in place); skips when no model is installed."""
    from services.engine.syntax import load_pipeline

    try:
        return load_pipeline()
    except Exception as exc:  # the model is not installed here
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def stock_pipeline(pipeline: Any) -> Any:
    """spaCy's own small English pipeline, as the engine loads it but with none of its components replaced.

    Shared: a test that changes its matrix backend puts the old one back.
    """
    spacy = pytest.importorskip("spacy")
    from services.engine.syntax import DEFAULT_MODELS

    for name in DEFAULT_MODELS:
        try:
            return spacy.load(name, exclude=["senter"])
        except OSError:
            continue
    pytest.skip("no stock English model installed")
