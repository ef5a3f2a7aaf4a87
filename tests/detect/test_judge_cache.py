"""The detector's memos and shortcuts change its speed, never its answers.

`judge` with every memo warm (as a running detector has them) must give exactly what it gives
from a cold start; a claim object replaced under the same id must never get the old one's
facts; and each shortcut (the word-count pre-check before aligning quotes, the substring test
for a run of words, the ledger's neighbourhood of a claim) must agree with the
slow test it stands in for, on any input.  No timing is asserted here (see benchmarks/).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from difflib import SequenceMatcher

from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import Alert, Claim, Stance
from services.engine.detect import cache, discrepancy, quote_pairs
from services.engine.detect.detector import DetectionState, Filed, judge, plan_filing
from services.engine.detect.issues import Issue
from services.engine.detect.ledger import NEIGHBOURS, InMemoryLedger, Mark, Placement
from services.engine.detect.rules import default_rules
from services.engine.detect.standings import stands_for
from tests.detect.builders import DETECTED_AT, make_claim

RULES = default_rules()
BASE_QUOTE = (
    "we will not accept any ceasefire without firm security guarantees for the eastern region "
    "and talks must start within weeks"
)
SWAPS = ("assurances", "promises", "months", "days", "troops", "the", "in", "not", "1,000", "10,000")
CONDITIONS = (
    ("withdrawal:kursk", "the troops leave Kursk"),
    ("not:withdrawal:kursk", "no withdrawal from Kursk"),
    ("recognition:crimea", "recognition of Crimea"),
    ("not:recognition:crimea", "Crimea will never be recognised"),
)
STANCES = (Stance.support, Stance.oppose, Stance.neutral, Stance.conditional)


def _varied(rng: random.Random) -> str:
    words = BASE_QUOTE.split()
    for _ in range(rng.randrange(3)):
        at = rng.randrange(len(words))
        move = rng.randrange(4)
        if move == 0:
            words[at] = rng.choice(SWAPS)
        elif move == 1 and len(words) > 4:
            del words[at]
        elif move == 2:
            words.insert(at, rng.choice(SWAPS))
        else:
            words = words[1:]
    return " ".join(words)


def busy_stream(count: int, seed: int) -> list[Claim]:
    """Re-reports of one speaker's statement, with rivals on the same conditions, in shuffled order."""
    rng = random.Random(seed)
    claims = []
    for index in range(count):
        speaker = rng.choice(("rivera", "rivera", "rivera", "okafor", "council", "stranger"))
        quoted = rng.random() < 0.7
        conditions = tuple(rng.sample(CONDITIONS, rng.randrange(3)))
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(40))
        claims.append(
            make_claim(
                f"c{index:03d}",
                speaker=speaker,
                article=f"article-{index // 2}",
                source=f"Outlet {rng.randrange(6)}",
                quote=_varied(rng) if quoted else None,
                text=None if quoted else "Maria Rivera said ceasefire talks need security guarantees first.",
                stance=rng.choice(STANCES),
                conditions=conditions,
                said_at=day if rng.random() < 0.4 else None,
                published_at=day + timedelta(days=rng.randrange(3)) if rng.random() < 0.9 else None,
                hedged=rng.random() < 0.1,
                confidence=rng.choice((0.9, 0.6, 0.4)),
            )
        )
    return claims


def _dumped(alerts: list[Alert]) -> list[str]:
    return [alert.model_dump_json() for alert in alerts]


def test_warm_memos_give_the_same_alerts_as_a_cold_start() -> None:
    claims = busy_stream(160, seed=3)
    state = DetectionState(window=60)
    cache.clear_all()
    raised = 0
    for claim in claims:
        filing = plan_filing(claim, RULES)
        filed = state.file(filing)
        warm = judge(filing, filed, DETECTED_AT)
        cache.clear_all()
        cold = judge(plan_filing(claim, RULES), filed, DETECTED_AT)
        assert _dumped(warm) == _dumped(cold), claim.claim_id
        # Warm the memos again from scratch for the next claim, as a restarted detector would.
        judge(filing, filed, DETECTED_AT)
        raised += len(warm)
    assert raised > 20  # the stream must exercise the rules, or the comparison proves nothing


def test_a_claim_replaced_under_the_same_id_never_gets_the_old_facts() -> None:
    cache.clear_all()
    rival = make_claim("r1", speaker="okafor", conditions=(CONDITIONS[1],), published_at=date(2025, 1, 2))
    first = make_claim("x1", conditions=(CONDITIONS[0],), published_at=date(2025, 1, 2))
    replaced = make_claim("x1", conditions=(CONDITIONS[2],), published_at=date(2025, 1, 2))
    assert _judged_against(first, rival)  # withdrawal vs no withdrawal
    # Same id, other condition: Crimea has nothing to do with the rival's Kursk position.
    assert _judged_against(replaced, rival) == []


def _judged_against(claim: Claim, rival: Claim) -> list[Alert]:
    """`claim` judged with `rival`'s stands as every stand's neighbours (nothing else filed)."""
    filing = plan_filing(claim, RULES)
    rivals = tuple(stands_for(rival, RULES))
    filed = Filed(
        placements=tuple(Placement() for _ in filing.marks), stands=tuple(rivals for _ in filing.stands)
    )
    return judge(filing, filed, DETECTED_AT)


def _aligned_without_precheck(quote_a: str, quote_b: str) -> bool:
    a = quote_pairs._quote_words(quote_a, RULES)
    b = quote_pairs._quote_words(quote_b, RULES)
    opcodes = SequenceMatcher(None, a.norms, b.norms, autojunk=False).get_opcodes()
    return quote_pairs._aligned(opcodes, a.norms, b.norms, RULES, (a.content, b.content))


VOCABULARY = [
    "the",
    "a",
    "of",
    "in",
    "on",
    "not",
    "never",
    "will",
    "be",
    "talks",
    "ceasefire",
    "guarantees",
    "assurances",
    "security",
    "troops",
    "Kursk",
    "peace",
    "we",
    "they",
    "1,000",
    "10,000",
    "...",
    "weeks",
]
quote_text = st.lists(st.sampled_from(VOCABULARY), max_size=14).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(quote_text, quote_text)
def test_the_word_count_precheck_only_rejects_what_alignment_rejects(quote_a: str, quote_b: str) -> None:
    assert quote_pairs.compare_quotes(quote_a, quote_b, RULES).aligned == _aligned_without_precheck(
        quote_a, quote_b
    )


def test_the_word_count_precheck_keeps_a_near_copy_and_rejects_another_statement() -> None:
    near = "we will not accept any ceasefire without firm security assurances for the eastern region"
    other = "the harvest was good this year in the southern farms"
    assert quote_pairs.compare_quotes(BASE_QUOTE, near, RULES).aligned
    base_words = quote_pairs._quote_words(BASE_QUOTE, RULES)
    assert not quote_pairs._cannot_align(base_words, quote_pairs._quote_words(near, RULES))
    assert quote_pairs._cannot_align(base_words, quote_pairs._quote_words(other, RULES))


def _contains(haystack: list[str], needle: list[str]) -> bool:
    width = len(needle)
    return bool(needle) and any(haystack[i : i + width] == needle for i in range(len(haystack) - width + 1))


# Words holding the line separator or its escape must not fool the substring test.
odd_word = st.sampled_from(["a", "b", "ab", "a\x1fb", "a\\", "\\x1f", "\\s", "b\\s"])


@settings(max_examples=400, deadline=None)
@given(st.lists(odd_word, max_size=8), st.lists(odd_word, max_size=3))
def test_a_run_of_words_is_found_in_a_quote_line_exactly_when_the_words_are(
    quote_words: list[str], shown_words: list[str]
) -> None:
    quote, shown = " ".join(quote_words), " ".join(shown_words)
    expected = _contains(discrepancy.text_words(quote), discrepancy.text_words(shown))
    found = bool(discrepancy.text_words(shown)) and discrepancy._word_line(shown) in discrepancy._word_line(
        quote
    )
    assert found == expected


def _mark(day: int, position: str, exact: bool) -> Mark:
    said = date(2025, 1, 1) + timedelta(days=day)
    claim = make_claim(f"m{day}-{position}-{int(exact)}", said_at=said if exact else None, published_at=said)
    lag = timedelta(days=0 if exact else RULES.report_lag_days)
    return Mark(
        "maria-rivera", Issue("topic", "negotiations"), position, said, exact, said - lag, said, claim
    )


marks = st.tuples(st.integers(0, 30), st.sampled_from(("support", "oppose")), st.booleans())


@settings(max_examples=200, deadline=None)
@given(st.lists(marks, max_size=25), marks)
def test_the_ledger_neighbourhood_is_what_a_full_scan_finds(
    history: list[tuple[int, str, bool]], new: tuple[int, str, bool]
) -> None:
    ledger = InMemoryLedger()
    filed = [_mark(*m) for m in history]
    for mark in filed:
        ledger.file(mark)
    aim = _mark(*new)
    placement = ledger.file(aim)
    members = sorted({(m.day, m.position) for m in filed})
    lo, hi = aim.earliest, aim.latest
    before = [m for m in members if m[0] < lo][::-1][:NEIGHBOURS]
    inside = [m for m in members if lo <= m[0] <= hi]
    after = [m for m in members if m[0] > hi][:NEIGHBOURS]
    assert [(e.day, e.position) for e in placement.before] == before
    assert [(e.day, e.position) for e in placement.overlapping] == inside
    assert [(e.day, e.position) for e in placement.after] == after
    for entry in (*placement.before, *placement.overlapping, *placement.after):
        same = [m for m in filed if (m.day, m.position) == (entry.day, entry.position)]
        assert entry.evidence.claim_id == min(m.claim.claim_id for m in same)  # one confidence here
        assert entry.exact == any(m.exact for m in same)
