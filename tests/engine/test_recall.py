"""Recall on 20 short annotated statements about talks, in the phrasings news uses.

Each case is one article (an optional headline and one body sentence) written for this test, with the
claim a careful reader would record: speaker id, party, topic, stance and condition keys. A case the
engine still gets wrong is marked xfail (strict, so a fix shows up) with what it gets instead: the
false negatives stay visible and counted, never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from schemas import Article, Claim
from services.engine.extract import extract_claims
from services.engine.resources import EngineResources


@dataclass(frozen=True)
class Case:
    """One annotated statement and the claim expected from it."""

    body: str
    expected: str  # "speaker-id party topic stance"
    conditions: tuple[str, ...] = ()
    title: str | None = None
    known_miss: str | None = None  # why the engine gets it wrong today (an xfail)


CASES: dict[str, Case] = {
    "rejected_any_talks": Case(
        "Sergei Lavrov on Wednesday rejected any talks with Kyiv, calling them a waste of time.",
        "sergey-lavrov RU negotiations oppose",
    ),
    "rejected_said": Case(
        "Lavrov said Moscow rejected any negotiations with Kyiv.",
        "sergey-lavrov RU negotiations oppose",
    ),
    "talks_only_once": Case(
        "Talks can only begin once Russian troops leave Kherson, Zelensky told reporters.",
        "volodymyr-zelensky UA negotiations conditional",
        ("withdrawal:kherson",),
    ),
    "no_preconditions_spokesman": Case(
        "The Kremlin is ready to negotiate without preconditions, a spokesman said.",
        "russia-government RU negotiations support",
        ("no_preconditions",),
    ),
    "ready_without_preconditions_peskov": Case(
        "Dmitry Peskov said Russia was ready for talks with Ukraine without preconditions.",
        "dmitry-peskov RU negotiations support",
        ("no_preconditions",),
    ),
    "sources_said": Case(
        "Sources said Washington wants a ceasefire before the end of the year.",
        "source-sources unknown ceasefire support",
    ),
    "sources_close_to_kremlin": Case(
        "A source close to the Kremlin said a ceasefire would come only after Ukraine leaves Kursk.",
        "russia-government RU ceasefire conditional",
        ("withdrawal:kursk",),
    ),
    "headline_dash": Case(
        "",
        "sergey-lavrov RU negotiations oppose",
        title="No talks with Kyiv while its troops remain in Kursk – Lavrov",
    ),
    "headline_says": Case(
        "",
        "volodymyr-zelensky UA ceasefire conditional",
        ("security_guarantees",),
        title="Ukraine needs security guarantees before any ceasefire, Zelensky says",
    ),
    "headline_colon": Case(
        "",
        "donald-trump US negotiations support",
        title="Trump: we want a peace deal fast",
    ),
    "pronoun_followup": Case(
        "Andrii Sybiha met reporters in Kyiv. He said Ukraine was ready for negotiations with Russia.",
        "andrii-sybiha UA negotiations support",
    ),
    "according_to": Case(
        "According to Yermak, peace talks will start only if Russia withdraws from Zaporizhzhia.",
        "andriy-yermak UA negotiations conditional",
        ("withdrawal:zaporizhzhia",),
    ),
    "quote_then_said": Case(
        "“We will not negotiate while Russian soldiers stand in Donetsk,” Zelensky said.",
        "volodymyr-zelensky UA negotiations oppose",
    ),
    "inverted_said": Case(
        "“The ceasefire must hold first,” said Antony Blinken.",
        "antony-blinken US ceasefire neutral",
    ),
    "white_house_official": Case(
        "A White House official said the administration supports the peace talks.",
        "white-house US negotiations support",
    ),
    "ruled_out": Case(
        "Peskov ruled out a ceasefire until Ukraine recognises Crimea as Russian, he told reporters.",
        "dmitry-peskov RU ceasefire conditional",
        ("recognition:crimea",),
    ),
    "as_long_as": Case(
        "Medvedev warned that there will be no peace talks as long as Ukrainian forces remain in Kursk.",
        "dmitry-medvedev RU negotiations conditional",
        ("withdrawal:kursk",),
    ),
    "position_of_strength": Case(
        "Mark Rutte said Ukraine must negotiate from a position of strength.",
        "mark-rutte NATO negotiations conditional",
        ("position_of_strength",),
    ),
    "organization_said": Case(
        "The European Union said it welcomes the ceasefire agreement between the two sides.",
        "european-union EU ceasefire support",
    ),
    "kremlin_metonym_subject": Case(
        "Moscow said it was willing to negotiate with Washington on a prisoner swap.",
        "russia-government RU hostages support",
        ("prisoner_exchange",),
    ),
    # Harder phrasings: a condition of a kind named by one noun, a ceasefire called a trick, a party's own
    # terms, land for peace.
    "out_of_the_question": Case(
        "Negotiations with Moscow are out of the question, said Ukraine's foreign minister.",
        "andrii-sybiha UA negotiations oppose",
    ),
    "rejected_calls": Case(
        "Zelensky has repeatedly rejected calls for a ceasefire.",
        "volodymyr-zelensky UA ceasefire oppose",
    ),
    "condition_without_kind": Case(
        "Kyiv will not sit down at the negotiating table until Russia pays reparations, Yermak said.",
        "andriy-yermak UA negotiations conditional",
        ("reparations",),
    ),
    "ceasefire_a_trap": Case(
        "Kremlin spokesman Dmitry Peskov said any ceasefire would be a trap.",
        "dmitry-peskov RU ceasefire skeptical",
    ),
    "only_on_terms": Case(
        "Putin is willing to negotiate, but only on Russia's terms, the Kremlin said.",
        "russia-government RU negotiations conditional",
        ("own_terms",),
    ),
    "bare_peace": Case(
        "Ukraine will never trade territory for peace, Zelensky says.",
        "volodymyr-zelensky UA territory oppose",
    ),
}


def _claim(case: Case, resources: EngineResources) -> list[Claim]:
    body = case.body or "The statement came at a briefing on Tuesday."
    article = Article(id="recall", source="Test Wire", title=case.title or "", body=body)
    return extract_claims(article, resources)


def _expected(case: Case) -> tuple[str, str, str, str, tuple[str, ...]]:
    speaker, party, topic, stance = case.expected.split()
    return (speaker, party, topic, stance, case.conditions)


def _got(claim: Claim) -> tuple[str, str, str, str, tuple[str, ...]]:
    return (
        claim.speaker.id,
        claim.speaker.party,
        claim.topic.value,
        claim.stance.value,
        tuple(c.key for c in claim.conditions),
    )


def _params() -> list[object]:
    params: list[object] = []
    for name, case in CASES.items():
        marks = [pytest.mark.xfail(reason=case.known_miss, strict=True)] if case.known_miss else []
        params.append(pytest.param(case, id=name, marks=marks))
    return params


@pytest.mark.parametrize("case", _params())
def test_statement_about_talks_gives_the_annotated_claim(case: Case, resources: EngineResources) -> None:
    claims = _claim(case, resources)
    assert claims, "no claim extracted"
    assert _expected(case) in [_got(c) for c in claims], [_got(c) for c in claims]


def test_the_recall_set_has_at_least_twenty_statements_and_few_known_misses() -> None:
    misses = [name for name, case in CASES.items() if case.known_miss]
    assert len(CASES) >= 20
    assert len(misses) <= 5, misses
