"""A prisoner swap told without its noun (two sides' releases, or one release given in return), and other
kinds of terms: joining a bloc, aid let through, outside powers kept out, a side's interests, sincerity to
be proved, a demand made with "should", whose territorial integrity an "its" names.

Every sentence is invented (other names, places and wording than any annotated article).
"""

from __future__ import annotations

import pytest

from services.engine.resources import EngineResources
from tests.engine.articles import condition_keys, term_keys


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param(
            "In return, 40 detainees held in the capital's jails would be freed, the envoy said.",
            id="in-return",
        ),
        pytest.param(
            "The militia would free another 12 fishermen held on the island while the navy would release "
            "30 sailors held in its ports.",
            id="two-sides-release",
        ),
        pytest.param(
            "Families of sailors due to be released on Friday were told; the navy says 15 fishermen are also "
            "to be freed.",
            id="two-releases-announced",
        ),
    ],
)
def test_a_swap_told_as_releases_is_a_prisoner_exchange(resources: EngineResources, sentence: str) -> None:
    assert "prisoner_exchange" in term_keys(resources, sentence)
    assert "prisoner_exchange" not in condition_keys(
        resources, sentence
    )  # a term: the stance is left as it is


def test_a_release_given_for_people_held_is_a_prisoner_exchange(resources: EngineResources) -> None:
    sentence = "The militia will free the sailors in exchange for 200 detainees held by the navy."
    assert "prisoner_exchange" in term_keys(resources, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("The rebels will release 50 hostages and free ten more next week.", id="one-side-twice"),
        pytest.param("The ministry released a statement and freed the funds.", id="things-released"),
        pytest.param("The rebels released a video of the sailors.", id="one-release"),
        pytest.param(
            "The militia said it was ready to free the sailors in exchange for a truce.",
            id="release-for-a-truce",
        ),
    ],
)
def test_one_sides_releases_or_things_released_are_no_swap(resources: EngineResources, sentence: str) -> None:
    assert "prisoner_exchange" not in term_keys(resources, sentence)


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        pytest.param(
            "The new guarantors must also help Moldova to join the EU, the minister said.",
            "eu_membership",
            id="join-the-eu",
        ),
        pytest.param(
            "The council called for an end to foreign meddling in the island's affairs.",
            "non_interference",
            id="end-to-meddling",
        ),
        pytest.param(
            "The minister will sign the accord only if it protects Tarvia's national interests, aides said.",
            "national_interests",
            id="only-if-interests",
        ),
        pytest.param(
            "“If the junta says it wants peace, let it prove it with deeds”, the minister stated.",
            "good_faith",
            id="let-it-prove",
        ),
        pytest.param(
            "The guarantors should also press Minsk to free all political prisoners, the envoy said.",
            "prisoner_release",
            id="should-press",
        ),
    ],
)
def test_a_wording_sets_its_condition(resources: EngineResources, sentence: str, key: str) -> None:
    assert key in condition_keys(resources, sentence)


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        pytest.param(
            "The envoys agreed that the cabinet will speed up aid to the flooded villages, a mediator said.",
            "humanitarian_access",
            id="agreed-that-aid",
        ),
        pytest.param(
            "Both delegations said they want to avoid the interference of outside powers in the region.",
            "non_interference",
            id="want-to-avoid-interference",
        ),
        pytest.param(
            "Serbia should never be offered a bargain over its independence and territorial integrity.",
            "territorial_integrity:serbia",
            id="its-integrity-the-subjects",
        ),
    ],
)
def test_a_wording_names_its_term(resources: EngineResources, sentence: str, key: str) -> None:
    assert key in term_keys(resources, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("Talks should be held in Oslo next month, the envoy said.", id="should-dates"),
        pytest.param("The minister joined the cabinet in 2019, the agency said.", id="joined-no-bloc"),
        pytest.param("The company proved its worth with record sales.", id="proved-worth"),
        pytest.param("The interference on the radio line delayed the call.", id="radio-interference"),
    ],
)
def test_the_kinds_words_elsewhere_set_nothing(resources: EngineResources, sentence: str) -> None:
    assert condition_keys(resources, sentence) == [] and term_keys(resources, sentence) == []


def test_its_integrity_of_no_place_subject_names_no_object(resources: EngineResources) -> None:
    keys = term_keys(
        resources, "The rebels should not be offered compromises with their territorial integrity."
    )
    assert not any(k.startswith("territorial_integrity:") for k in keys)
