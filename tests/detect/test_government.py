"""A government's position history across its officials: the president announces, a minister suspends."""

from __future__ import annotations

from datetime import date

import pytest

from schemas import AlertKind, Attribution, Claim, Speaker, Stance, Topic
from services.engine.datafiles import DATA_DIR, ActorsFile, read_yaml
from services.engine.detect.government import government_name
from tests.detect.builders import detect_all, make_claim, of_kind

LUNA = Speaker(id="ana-luna", name="Ana Luna", party="AR")
VEGA = Speaker(id="tomas-vega", name="Tomas Vega", party="AR")
OFFICE = Speaker(id="arcadia-government", name="Government of Arcadia", party="AR")
ENVOY = Speaker(id="kim-sorensen", name="Kim Sorensen", party="UN")

ANNOUNCED, SUSPENDED = date(2025, 8, 1), date(2025, 8, 5)


def said(
    claim_id: str,
    speaker: Speaker,
    day: date,
    stance: Stance,
    text: str,
    attribution: Attribution | None = None,
) -> Claim:
    claim = make_claim(
        claim_id, said_at=day, topic=Topic.ceasefire, stance=stance, text=text, attribution=attribution
    )
    return claim.model_copy(update={"speaker": speaker})


TRUCE = said(
    "g1", LUNA, ANNOUNCED, Stance.support, "President Ana Luna announced a truce with the Marsh Front."
)
SUSPENSION = said(
    "g2",
    VEGA,
    SUSPENDED,
    Stance.oppose,
    "Defence Minister Tomas Vega said the truce with the Marsh Front was suspended.",
)


def test_a_truce_one_official_announces_and_another_suspends_is_the_governments_change() -> None:
    [alert] = detect_all([TRUCE, SUSPENSION])
    assert alert.kind is AlertKind.position_change
    assert alert.actors == ["ana-luna", "tomas-vega"]
    assert alert.claim_ids == ["g1", "g2"]
    assert alert.summary.startswith(
        "The government of AR (Ana Luna, then Tomas Vega) moved from support to oppose"
    )
    # Arriving in the other order, the same change, the same alert.
    assert [a.alert_id for a in detect_all([SUSPENSION, TRUCE])] == [alert.alert_id]


def test_the_government_itself_and_an_official_share_the_history() -> None:
    office = SUSPENSION.model_copy(
        update={
            "speaker": OFFICE,
            "text": "The government said the truce with the Marsh Front was suspended.",
        }
    )
    [alert] = detect_all([TRUCE, office])
    assert alert.actors == ["ana-luna", "arcadia-government"]


def test_one_officials_own_change_is_one_alert_not_two() -> None:
    own = SUSPENSION.model_copy(
        update={
            "speaker": LUNA,
            "text": "President Ana Luna said the truce with the Marsh Front was suspended.",
        }
    )
    [alert] = detect_all([TRUCE, own])
    assert alert.actors == ["ana-luna"]
    assert alert.summary.startswith("Ana Luna moved from support to oppose")


@pytest.mark.parametrize(
    "later",
    [
        # An opposition leader of the same state is no voice of its government.
        pytest.param(
            SUSPENSION.model_copy(
                update={
                    "text": "Opposition leader Tomas Vega said the truce with the Marsh Front was a failure."
                }
            ),
            id="opposition-leader",
        ),
        # Named by no role at all: a citizen of the state, not its government.
        pytest.param(
            SUSPENSION.model_copy(
                update={"text": "Tomas Vega said the truce with the Marsh Front was a failure."}
            ),
            id="no-role",
        ),
        pytest.param(
            SUSPENSION.model_copy(update={"attribution": Attribution.anonymous_source}),
            id="anonymous-report",
        ),
        # Another truce, with another group: no sign the government changed course on this one.
        pytest.param(
            SUSPENSION.model_copy(
                update={
                    "text": "Defence Minister Tomas Vega said the truce with the Hill Brigades was suspended."
                }
            ),
            id="other-talks",
        ),
        # On the announcement's own day: two officials' remarks of one day, no order between them.
        pytest.param(SUSPENSION.model_copy(update={"said_at": ANNOUNCED}), id="same-day"),
    ],
)
def test_no_change_of_the_government(later: Claim) -> None:
    assert of_kind(detect_all([TRUCE, later]), AlertKind.position_change) == []


def test_a_body_of_no_state_keeps_no_government_history() -> None:
    first = TRUCE.model_copy(
        update={"speaker": ENVOY, "text": "UN spokesman Kim Sorensen welcomed a truce with the Marsh Front."}
    )
    other = ENVOY.model_copy(update={"id": "lea-marin", "name": "Lea Marin"})
    second = SUSPENSION.model_copy(
        update={
            "speaker": other,
            "text": "UN spokesman Lea Marin said the truce with the Marsh Front was suspended.",
        }
    )
    assert detect_all([first, second]) == []


def test_the_government_is_named_by_its_registry_entry_or_by_its_party() -> None:
    registry = ActorsFile.model_validate(read_yaml(DATA_DIR / "actors.yaml"))
    entry = next(a for a in registry.actors if a.id.endswith("-government"))
    assert government_name(entry.party) == entry.name
    assert government_name("ZZ") == "The government of ZZ"
