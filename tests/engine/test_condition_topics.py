"""Conditions and terms beyond one war: an opposition's ground and candidates (elections), trade on the
market's terms, talks moving forward, a territorial question set aside, what a side will set about doing,
a refusal told as no one to do it, and no one barred from running.

Every sentence is invented (other names, places and wording than any annotated article).
"""

from __future__ import annotations

import pytest

from services.engine.resources import EngineResources
from tests.engine.articles import condition_keys, term_keys


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        pytest.param(
            "The cabinet is prepared to lift some tariffs if Caracas is satisfied the junta has given enough "
            "ground to the opposition.",
            "elections",
            id="ground-to-the-opposition",
        ),
        pytest.param(
            "The envoy called for equal rights for all presidential candidates.",
            "elections",
            id="presidential-candidates",
        ),
        pytest.param(
            "The truce was declared renewable depending on progress in the talks, the general said.",
            "negotiation_progress",
            id="depending-on-progress",
        ),
        pytest.param(
            "A summit of the two leaders would be possible if their envoys signed a peace treaty first, "
            "the minister said.",
            "treaty_first",
            id="would-be-possible-if-signed",
        ),
        pytest.param(
            "The premier said the militia would withdraw from Abyei if the cabinet released the detainees.",
            "prisoner_exchange",
            id="deed-supposed-in-the-past",
        ),
        pytest.param(
            "The cabinet still calls for firmer guarantees that Ruritania won't walk away from the accord.",
            "security_guarantees",
            id="guarantees-the-other-side-stays",
        ),
        pytest.param(
            "“The ball is now in Tarvia's court,” the envoy said.", "good_faith", id="ball-in-their-court"
        ),
        pytest.param(
            "The onus lies with the junta to take up the offer, the envoy said.",
            "good_faith",
            id="onus-lies-with",
        ),
        pytest.param(
            "I keep the duties because otherwise we have no cards to negotiate with, the president said.",
            "position_of_strength",
            id="cards-to-negotiate-with",
        ),
        pytest.param(
            "The premier said no part of the accord can be in conflict with our constitution.",
            "constitution_compliance",
            id="not-in-conflict-with-constitution",
        ),
        pytest.param(
            "Importers in Hanoi will buy grain from Ohio based on market conditions, the minister said.",
            "market_conditions",
            id="market-conditions",
        ),
    ],
)
def test_a_wording_sets_its_condition(resources: EngineResources, sentence: str, key: str) -> None:
    assert key in condition_keys(resources, sentence)


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        pytest.param(
            "The envoy said Minsk had agreed to freeze the question of Abkhazia for ten years.",
            "deferral:abkhazia",
            id="frozen-for-years",
        ),
        pytest.param(
            "The junta will “begin the release of all wrongfully detained journalists,” the envoy said.",
            "prisoner_release",
            id="will-begin-the-release",
        ),
        pytest.param(
            "The envoy said it had been agreed jointly to pause the dispute over Abkhazia for ten years.",
            "deferral:abkhazia",
            id="agreed-jointly-to-pause",
        ),
        pytest.param(
            "The main hurdle to extending the truce would be whether the militia can find the last hostages.",
            "hostage_release",
            id="main-hurdle",
        ),
        pytest.param(
            "“There is no rebel militia that will disarm,” the council said.",
            "disarmament",
            id="no-one-that-will-disarm",
        ),
        pytest.param(
            "The envoy added that everyone who wants to run for mayor should be allowed to do so.",
            "candidate_reinstatement",
            id="everyone-who-wants-to-run",
        ),
    ],
)
def test_a_wording_names_its_term(resources: EngineResources, sentence: str, key: str) -> None:
    assert key in term_keys(resources, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("Talks will begin in Oslo on Monday.", id="talks-begin"),
        pytest.param("The harvest varies depending on the weather, the farmer said.", id="depending-weather"),
        pytest.param("Prices rose based on market conditions last year.", id="prices-past"),
        pytest.param("The festival was paused for two years during the epidemic.", id="festival-paused"),
        pytest.param("There is no army that disarmed in 1990.", id="no-army-disarmed-past"),
        pytest.param("The soldiers who will disarm the mines arrived.", id="disarm-mines"),
    ],
)
def test_the_kinds_words_elsewhere_set_nothing(resources: EngineResources, sentence: str) -> None:
    keys = [*condition_keys(resources, sentence), *term_keys(resources, sentence)]
    assert not {"negotiation_progress", "market_conditions", "prisoner_release", "disarmament"} & set(keys)
    assert not any(k.startswith("deferral") for k in keys)


def test_a_state_of_mind_supposed_is_no_deed(resources: EngineResources) -> None:
    assert condition_keys(resources, "If the militia wanted a truce, it would sign the treaty.") == []


def test_a_treaty_one_is_ready_to_sign_is_the_deal_not_its_term(resources: EngineResources) -> None:
    assert "treaty_first" not in term_keys(
        resources, "We are ready to sign the border treaty next week, he said."
    )


def test_a_challenge_of_no_talks_names_no_hurdle(resources: EngineResources) -> None:
    for sentence in (
        "The weather is a challenge for the farmers.",
        "Another challenge is the rising cost of fuel.",
    ):
        assert condition_keys(resources, sentence) == [] and term_keys(resources, sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("He played cards with his friends after the talks.", id="cards-played"),
        pytest.param("The court will rule on the ball game next week.", id="ball-court"),
        pytest.param("The firm gave written guarantees of quality to its buyers.", id="quality-guarantees"),
        pytest.param("The constitution was amended in 2010, the clerk said.", id="constitution-amended"),
    ],
)
def test_idioms_words_in_plain_use_set_nothing(resources: EngineResources, sentence: str) -> None:
    keys = set(condition_keys(resources, sentence))
    assert not {"good_faith", "position_of_strength", "security_guarantees", "constitution_compliance"} & keys
