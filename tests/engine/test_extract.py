"""extract_claims end to end, on articles written for these tests."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas import Article, Attribution, Claim, Stance, Topic
from services.engine.clean import clean_article, clean_body
from services.engine.extract import extract_claims
from services.engine.resources import EngineResources

PUBLISHED = datetime(2024, 3, 14, 9, 30, tzinfo=UTC)  # a Thursday

ARTICLE_BODY = "\n".join(
    [
        "Lavrov rules out talks while Ukrainian troops hold Kursk",
        "Russian Foreign Minister Sergei Lavrov said on Tuesday that Moscow would not negotiate with Kyiv "
        "as long as Ukrainian troops remain in the Kursk region.",
        "“There can be no ceasefire on terms dictated from the battlefield,” Lavrov told reporters in Minsk.",
        "Meanwhile, a source close to the Kremlin said talks are reportedly possible only after the army "
        "pushes the Ukrainians out of Kursk.",
        "Zelensky said on 11 March that Ukraine's position in Kursk would matter in any negotiations.",
        "The weather in Minsk was cold and grey, with snow expected by the weekend.",
        "1,209 views",
        "Please support our journalism: readers like you keep us going.",
    ]
)


def _article(body: str = ARTICLE_BODY, **extra: object) -> Article:
    fields: dict[str, object] = {
        "id": "test-article",
        "source": "Example Wire",
        "body": body,
        "published_at": PUBLISHED,
    }
    fields.update(extra)
    return Article(**fields)  # type: ignore[arg-type]


def _by_speaker(claims: list[Claim], speaker_id: str) -> list[Claim]:
    return [c for c in claims if c.speaker.id == speaker_id]


def test_claims_carry_speaker_stance_conditions_and_dates(resources: EngineResources) -> None:
    claims = extract_claims(_article(), resources)
    lavrov = _by_speaker(claims, "sergey-lavrov")
    assert len(lavrov) >= 2
    first = next(c for c in lavrov if "Tuesday" in c.text)
    assert first.speaker.party == "RU"
    assert first.stance is Stance.conditional and first.negated
    assert [c.key for c in first.conditions] == ["withdrawal:kursk"]
    assert first.said_at == date(2024, 3, 12)  # the Tuesday before publication
    quoted = next(c for c in lavrov if c.attribution is Attribution.direct_quote)
    assert quoted.quote == "There can be no ceasefire on terms dictated from the battlefield,"
    assert quoted.topic is Topic.ceasefire
    assert quoted.said_at == date(2024, 3, 12)  # same speaker, dated earlier in the article


def test_anonymous_source_is_the_institution_and_hedged(resources: EngineResources) -> None:
    claims = extract_claims(_article(), resources)
    source = next(c for c in claims if "source close to the Kremlin" in c.text)
    assert (source.speaker.id, source.attribution) == ("russia-government", Attribution.anonymous_source)
    assert source.hedged and source.confidence < 0.6
    assert [c.key for c in source.conditions] == ["withdrawal:kursk"]


def test_leverage_claim_and_explicit_date(resources: EngineResources) -> None:
    zelensky = _by_speaker(extract_claims(_article(), resources), "volodymyr-zelensky")
    assert len(zelensky) == 1
    assert zelensky[0].said_at == date(2024, 3, 11)
    assert [c.key for c in zelensky[0].conditions] == ["leverage:kursk"]


def test_nothing_from_weather_counters_or_appeals(resources: EngineResources) -> None:
    texts = " ".join(c.text for c in extract_claims(_article(), resources))
    assert "weather" not in texts and "views" not in texts and "journalism" not in texts


def test_spans_index_the_cleaned_text_and_ids_are_stable(resources: EngineResources) -> None:
    article = _article(title="Lavrov: no talks")
    claims = extract_claims(article, resources)
    cleaned = clean_body(article.body, article.title, resources.lexicon)
    assert cleaned == clean_article(article, resources.lexicon)
    for claim in claims:
        assert cleaned.text[claim.span[0] : claim.span[1]] == claim.text
        assert cleaned.source[cleaned.to_source(claim.span[0]) :].startswith(claim.text[:20])
    again = extract_claims(article, resources)
    assert [c.claim_id for c in claims] == [c.claim_id for c in again]
    assert len({c.claim_id for c in claims}) == len(claims)
    other = extract_claims(article.model_copy(update={"id": "another-article"}), resources)
    assert not {c.claim_id for c in claims} & {c.claim_id for c in other}


def test_headline_claim_from_the_title(resources: EngineResources) -> None:
    article = _article(
        body="The minister spoke in Minsk on Tuesday about the talks and the war.",
        title="Ceasefire talks 'pointless' for now, Lavrov Says",
    )
    claims = extract_claims(article, resources)
    assert claims and claims[0].span[0] == 0 and claims[0].speaker.id == "sergey-lavrov"
    assert claims[0].stance is Stance.oppose


def test_articles_without_negotiations_give_no_claims(resources: EngineResources) -> None:
    body = (
        "The city council said on Monday it would repave the main square. "
        "The mayor added that the work would take three weeks and cost less than planned."
    )
    assert extract_claims(_article(body=body), resources) == []


def test_diplomatic_meetings_and_contracts_are_not_negotiations(resources: EngineResources) -> None:
    body = (
        "The minister arrived in Tokyo for talks with his Japanese counterpart on trade. "
        "The striker is in contract negotiations with the club, his agent said."
    )
    assert extract_claims(_article(body=body), resources) == []


def test_without_publication_date_weekdays_stay_unresolved(resources: EngineResources) -> None:
    claims = extract_claims(_article(published_at=None), resources)
    tuesday = next(c for c in claims if "Tuesday" in c.text)
    assert tuesday.said_at is None
    explicit = next(c for c in claims if "11 March" in c.text)
    assert explicit.said_at is None  # no year and no reference date


def test_said_at_is_never_after_publication(resources: EngineResources) -> None:
    body = "Peskov said on 20 December that a ceasefire was not on the agenda."
    claims = extract_claims(_article(body=body), resources)
    assert claims and claims[0].said_at == date(2023, 12, 20)


def test_reported_change_of_position(resources: EngineResources) -> None:
    body = (
        "Scholz said Berlin now backs direct peace talks with Moscow. "
        "Scholz's remarks mark a shift from his earlier refusal to discuss negotiations."
    )
    claims = extract_claims(_article(body=body), resources)
    change = next(c for c in claims if c.reported_change)
    assert change.speaker.id == "olaf-scholz"
    assert change.attribution is Attribution.editorial
    assert change.reported_change.startswith("mark a shift from his earlier refusal")


_TOKENS = [
    "said",
    "says",
    "Blinken",
    "the Kremlin",
    "a source close to",
    "talks",
    "ceasefire",
    "until",
    "Kursk",
    "negotiations",
    "“",
    "”",
    '"',
    ".",
    ",",
    "\n",
    "he",
    "According to",
    "only after",
    "withdraw from",
    "Monday",
    "on 6 January",
    "reportedly",
    "marks a shift from",
    "–",
    ":",
    "Mr.",
    "U.S.",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tokens=st.lists(st.sampled_from(_TOKENS) | st.text(min_size=1, max_size=12), min_size=1, max_size=60),
    title=st.text(max_size=40),
)
def test_never_crashes_and_spans_index_the_cleaned_text(
    resources: EngineResources, tokens: list[str], title: str
) -> None:
    body = " ".join(tokens)
    if not body.strip() or "\x00" in body or "\x00" in title:
        return
    article = Article(id="fuzz", source="fuzz", title=title, body=body)
    cleaned = clean_body(article.body, article.title, resources.lexicon)
    for claim in extract_claims(article, resources):
        assert cleaned.text[claim.span[0] : claim.span[1]] == claim.text
        assert 0.0 <= claim.confidence <= 1.0


CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "news_bodies.csv"


def test_prefilter_anchors_cover_every_strong_cue_in_the_corpus(resources: EngineResources) -> None:
    """The cheap anchor prefilter must never skip an article that has a negotiation cue."""
    if not CORPUS.exists():
        pytest.skip(f"corpus not found: {CORPUS}")
    csv.field_size_limit(1 << 30)
    lexicon = resources.lexicon
    with CORPUS.open(newline="", encoding="utf-8") as handle:
        bodies = [row["articleBody"] for row in csv.DictReader(handle)]
    cues = [m.group() for body in bodies for m in lexicon.strong_cue.finditer(body)]
    assert cues, "the corpus has negotiation cues; none found means the lexicon did not load"
    assert all(lexicon.may_mention_negotiations(cue) for cue in cues)


def test_holding_peace_talks_is_a_negotiation_but_holding_talks_with_a_counterpart_is_not(
    resources: EngineResources,
) -> None:
    body = (
        "Putin said Moscow would not hold peace talks with Kyiv, and no negotiations could start "
        "until Ukrainian troops withdraw from Kursk.\n"
        "Blinken said he held bilateral talks with the Japanese foreign minister in Tokyo on trade."
    )
    claims = extract_claims(_article(body=body), resources)
    assert [c.speaker.id for c in claims] == ["vladimir-putin"]
    assert [k.key for k in claims[0].conditions] == ["withdrawal:kursk"]
