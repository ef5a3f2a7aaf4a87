"""Shared fixtures of the engine tests: the packaged resources, loaded once."""

from __future__ import annotations

import pytest

from services.engine.resources import EngineResources, load_resources


@pytest.fixture(scope="session")
def resources() -> EngineResources:
    return load_resources()
