"""Facts a statement reports: an agreement reached ('agreement') and one denied ('not:agreement').

They are deal terms (no condition on talks, so the stance is left as it is), and two parties holding them
on one matter are in contradiction (conflicts.yaml: a kind and its negation). Sentences are invented.
"""

from __future__ import annotations

from datetime import date

import pytest

from schemas import AlertKind, Stance
from services.engine.conditions import deal_terms, find_conditions
from services.engine.resources import EngineResources
from tests.detect.builders import detect_all, make_claim


def _terms(resources: EngineResources, sentence: str) -> list[str]:
    return [c.key for c in deal_terms(resources.parser.parse_one(sentence), resources.lexicon)]


@pytest.mark.parametrize(
    "sentence",
    [
        "A ceasefire was agreed on Sunday, the ministry said.",
        "Both commanders agreed to a three-day truce, the mediator said.",
        "The two sides reached an agreement on the harbour, the envoy said.",
    ],
)
def test_an_agreement_reported_is_the_fact_agreement(resources: EngineResources, sentence: str) -> None:
    terms = _terms(resources, sentence)
    assert "agreement" in terms and "not:agreement" not in terms
    assert "agreement" not in [
        c.key for c in find_conditions(resources.parser.parse_one(sentence), resources.lexicon)
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "There is no such agreement, the spokesman said.",
        "The army denied that any truce had been reached.",
        "We have not reached any deal with the rebels, the commander said.",
        "No deal has been reached yet, officials in the capital said.",
    ],
)
def test_an_agreement_denied_is_not_agreement(resources: EngineResources, sentence: str) -> None:
    terms = _terms(resources, sentence)
    assert "not:agreement" in terms and "agreement" not in terms


@pytest.mark.parametrize(
    "sentence",
    [
        "Talks will resume once a truce has been agreed, the envoy said.",
        "There will be no talks until a ceasefire is agreed, he said.",
    ],
)
def test_an_agreement_awaited_is_no_fact(resources: EngineResources, sentence: str) -> None:
    assert not {"agreement", "not:agreement"} & set(_terms(resources, sentence))


def test_an_agreement_and_its_denial_by_two_parties_contradict() -> None:
    said = make_claim(
        "f1",
        speaker="okafor",
        stance=Stance.support,
        conditions=(("agreement", "a truce was agreed"),),
        said_at=date(2025, 3, 1),
        text="Okafor said a truce for the Valley was agreed on Sunday.",
    )
    denied = make_claim(
        "f2",
        speaker="rivera",
        stance=Stance.neutral,
        conditions=(("not:agreement", "no such agreement"),),
        said_at=date(2025, 3, 2),
        text="Rivera said there is no such agreement on the Valley.",
    )
    [alert] = [a for a in detect_all([said, denied]) if "agreement" in a.summary]
    assert alert.kind is AlertKind.contradiction
    assert "says no such agreement exists" in alert.summary
