"""Actor registry: every way of naming an actor resolves to one id and party; users extend it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from services.common.errors import ConfigurationError
from services.engine.resources import EngineResources, load_resources


def _resolved_ids(resources: EngineResources, text: str, when: date | None = None) -> list[str]:
    registry = resources.actors
    mentions = registry.mentions(text)
    named = registry.named_ids(mentions)
    return [registry.resolve(m, when, named).id for m in mentions]


@pytest.mark.parametrize(
    "wording",
    [
        "Antony Blinken",
        "Anthony Blinken",
        "Blinken",
        "the Secretary of State",
        "US Secretary of State",
        "U.S. Secretary of State",
        "the top U.S. diplomat",
        "The top US diplomat",
    ],
)
def test_blinken_under_all_his_names(resources: EngineResources, wording: str) -> None:
    ids = _resolved_ids(resources, f"On Tuesday {wording} spoke.", when=date(2024, 6, 1))
    assert ids == ["antony-blinken"]
    assert resources.actors.get("antony-blinken").party == "US"


@pytest.mark.parametrize(
    "wording",
    [
        "the Kremlin",
        "Putin's administration",
        "Putin’s administration",
        "the Russian side",
        "Kremlin aides",
    ],
)
def test_russian_government_wordings(resources: EngineResources, wording: str) -> None:
    ids = _resolved_ids(resources, f"Then {wording} replied.")
    assert ids == ["russia-government"]


def test_a_role_resolves_by_date(resources: EngineResources) -> None:
    assert _resolved_ids(resources, "the Secretary of State", when=date(2023, 5, 1)) == ["antony-blinken"]
    assert _resolved_ids(resources, "the Secretary of State", when=date(2025, 6, 1)) == ["marco-rubio"]


@pytest.mark.parametrize(
    ("when", "holder"),
    [
        (date(2020, 5, 1), "benjamin-netanyahu"),
        (date(2021, 11, 1), "naftali-bennett"),
        (date(2022, 10, 1), "yair-lapid"),
        (date(2023, 3, 1), "benjamin-netanyahu"),
    ],
)
def test_the_israeli_prime_minister_is_whoever_held_the_office_then(
    resources: EngineResources, when: date, holder: str
) -> None:
    assert _resolved_ids(resources, "the Israeli prime minister said", when=when) == [holder]


def test_without_a_date_an_actor_named_in_the_article_wins(resources: EngineResources) -> None:
    text = "Marco Rubio arrived. Later the Secretary of State spoke."
    assert _resolved_ids(resources, text) == ["marco-rubio", "marco-rubio"]


def test_names_keep_their_case(resources: EngineResources) -> None:
    # "trump cards" is not Donald Trump.
    assert _resolved_ids(resources, "They hold the best trump cards.") == []


def test_place_names_are_marked_as_metonyms(resources: EngineResources) -> None:
    mentions = resources.actors.mentions("Moscow said no.")
    assert [m.is_metonym for m in mentions] == [True]


def test_unknown_speaker_keeps_the_name(resources: EngineResources) -> None:
    speaker = resources.actors.unknown_speaker("  Jo\u00e3o da Silva, ")
    assert (speaker.id, speaker.name, speaker.party) == ("joao-da-silva", "João da Silva", "unknown")


def test_user_file_extends_the_registry(tmp_path: Path) -> None:
    user = tmp_path / "actors.yaml"
    user.write_text(
        "actors:\n"
        "  - id: antony-blinken\n    name: Antony Blinken\n    party: US\n    aliases: [Tony B.]\n"
        "  - id: ada-mediator\n    name: Ada Mediator\n    party: NEUTRAL\n    aliases: [Mediator Ada]\n"
        "    roles: [the chief mediator]\n",
        encoding="utf-8",
    )
    extended = load_resources(actors_file=user)
    assert _resolved_ids(extended, "Tony B. and the chief mediator met.") == [
        "antony-blinken",
        "ada-mediator",
    ]
    # Packaged wordings still work after the merge.
    assert _resolved_ids(extended, "Anthony Blinken") == ["antony-blinken"]


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ("actors:\n  - id: Bad Id\n    name: X\n    party: US\n", "actors[Bad Id].id"),
        ("actors:\n  - id: someone\n    party: US\n", "actors[someone].name"),
        ("actors: {}\n", "'actors'"),
        ("actors:\n  - id: x\n    name: X\n    party: US\n    kind: robot\n", "actors[x].kind"),
    ],
)
def test_bad_actor_data_names_the_field(tmp_path: Path, content: str, field: str) -> None:
    user = tmp_path / "actors.yaml"
    user.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigurationError, match=re.escape(field)):
        load_resources(actors_file=user)


def test_bad_lexicon_pattern_names_the_field(tmp_path: Path) -> None:
    user = tmp_path / "lexicon.yaml"
    user.write_text("hedges:\n  report: ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"hedges\.report"):
        load_resources(lexicon_file=user)


def test_unreadable_yaml_is_a_configuration_error(tmp_path: Path) -> None:
    user = tmp_path / "lexicon.yaml"
    user.write_text("topics: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="invalid YAML"):
        load_resources(lexicon_file=user)
