"""The quality harness's scoring: claim, alert and attribution matching on small synthetic gold.

Every sentence here is made up for the test.  The last tests run the harness end to end on
../shared/realnews-dev and PolNeAR, and skip when that data is absent.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from benchmarks.attribution_scoring import (
    BratSpan,
    EngineAttribution,
    GoldAttribution,
    is_pronoun,
    match_record,
    overlap,
    parse_ann,
    read_attribution_records,
    score_records,
    span_mismatches,
    speaker_right,
)
from benchmarks.quality_compare import compare, load
from benchmarks.quality_compare import save as save_figures
from benchmarks.quality_polnear import measured_gold, score_peer, speech_cue
from benchmarks.quality_report import classify, summary_line
from benchmarks.quality_scoring import (
    alert_checks,
    alert_matches,
    boilerplate_claims,
    condition_exact,
    condition_lenient,
    never_alert_violated,
    normalise,
    quiet_claims,
    score_claim,
    score_group,
)
from schemas import Alert, Claim

REPO = Path(__file__).resolve().parents[2]
REALNEWS = REPO.parent / "shared" / "realnews-dev"
POLNEAR = REPO.parent / "shared" / "polnear"


def make_claim(
    text: str,
    *,
    article: str = "g-01",
    speaker: tuple[str, str, str] = ("mira-holm", "Mira Holm", "NO"),
    stance: str = "neutral",
    conditions: tuple[str, ...] = (),
    quote: str | None = None,
    claim_id: str | None = None,
) -> Claim:
    speaker_id, name, party = speaker
    return Claim.model_validate(
        {
            "claim_id": claim_id or f"{article}-{abs(hash((text, speaker_id, stance))) % 10**8}",
            "article_id": article,
            "source": "Test Wire",
            "speaker": {"id": speaker_id, "name": name, "party": party},
            "topic": "negotiations",
            "stance": stance,
            "conditions": [{"text": key, "key": key} for key in conditions],
            "quote": quote,
            "text": text,
            "span": [0, len(text)],
            "attribution": "reported",
            "confidence": 0.8,
        }
    )


def make_alert(
    kind: str,
    actors: list[str],
    summary: str,
    evidence: Sequence[tuple[str, str | None]],
    parties: list[str] | None = None,
) -> Alert:
    return Alert.model_validate(
        {
            "alert_id": f"a-{abs(hash((kind, summary))) % 10**8}",
            "kind": kind,
            "severity": "medium",
            "topic": "negotiations",
            "actors": actors,
            "parties": parties or [],
            "claim_ids": [f"c{i}" for i in range(len(evidence))],
            "summary": summary,
            "evidence": [
                {"claim_id": f"c{i}", "source": "Test Wire", "text": text, "quote": quote}
                for i, (text, quote) in enumerate(evidence)
            ],
            "detected_at": datetime(2023, 1, 1, tzinfo=UTC),
        }
    )


GOLD_CLAIM: dict[str, Any] = {
    "id": "C1",
    "article": "g-01",
    "speaker": "holm|norw",
    "party": "NO",
    "any": ["ready to resume the harbour talks"],
    "stance": "support",
    "condition": "withdrawal:east_bank",
}


def test_normalise_makes_typographic_marks_plain() -> None:
    assert normalise("It\u2019s \u201cREADY\u201d \u2013 now\n\t ok") == 'it\'s "ready" - now ok'


def test_claim_found_by_text_or_quote_in_the_same_article_only() -> None:
    by_text = make_claim("Holm said Oslo was READY to resume  the harbour talks.")
    by_quote = make_claim("Holm spoke.", quote="We are ready to resume the harbour talks")
    elsewhere = make_claim("Holm said Oslo was ready to resume the harbour talks.", article="g-02")
    assert score_claim(GOLD_CLAIM, [by_text]).found
    assert score_claim(GOLD_CLAIM, [by_quote]).found
    assert not score_claim(GOLD_CLAIM, [elsewhere]).found
    assert not score_claim(GOLD_CLAIM, [make_claim("Holm said the weather was fine.")]).found


def test_speaker_party_and_stance_judged_on_claims_with_the_right_speaker() -> None:
    text = "Holm said Oslo was ready to resume the harbour talks."
    right = make_claim(text, stance="support")
    score = score_claim(GOLD_CLAIM, [right])
    assert (score.speaker, score.party, score.stance) == (True, True, True)

    wrong_party = make_claim(text, speaker=("mira-holm", "Mira Holm", "unknown"), stance="oppose")
    score = score_claim(GOLD_CLAIM, [wrong_party])
    assert (score.speaker, score.party, score.stance) == (True, False, False)

    faction = make_claim(text, speaker=("mira-holm", "Mira Holm", "NO_COAST"), stance="support")
    assert score_claim(GOLD_CLAIM, [faction]).party is True
    no_gold_party = {key: value for key, value in GOLD_CLAIM.items() if key != "party"}
    assert score_claim(no_gold_party, [right]).party is None  # not judged

    wrong_speaker = make_claim(text, speaker=("ivo-dane", "Ivo Dane", "NO"), stance="support")
    score = score_claim(GOLD_CLAIM, [wrong_speaker])
    assert score.found and not score.speaker and not score.party
    assert score.stance is None  # not judged without the right speaker
    assert classify(score) == ["wrong speaker", "missing condition"]


def test_best_candidate_prefers_the_right_speaker() -> None:
    text = "Holm said Oslo was ready to resume the harbour talks."
    wrong = make_claim(text, speaker=("ivo-dane", "Ivo Dane", "NO"), stance="support", claim_id="x1")
    right = make_claim(text, stance="oppose", claim_id="x2")
    score = score_claim(GOLD_CLAIM, [wrong, right])
    assert score.best is right
    assert classify(score) == ["wrong stance", "missing condition"]


def test_condition_exact_and_lenient() -> None:
    text = "Holm said Oslo was ready to resume the harbour talks."
    exact = make_claim(text, conditions=("withdrawal:east_bank",))
    kind_only = make_claim(text, conditions=("withdrawal",))
    other_place = make_claim(text, conditions=("withdrawal:west_bank",))
    other_kind = make_claim(text, conditions=("ceasefire_first",))
    assert condition_exact("withdrawal:east_bank", exact)
    assert not condition_exact("withdrawal:east_bank", kind_only)
    assert condition_lenient("withdrawal:east_bank", kind_only)
    assert not condition_lenient("withdrawal:east_bank", other_place)
    assert not condition_lenient("withdrawal:east_bank", other_kind)
    # Any found claim may carry the condition, whatever its speaker.
    dane = ("ivo-dane", "Ivo Dane", "NO")
    other_speaker = make_claim(text, speaker=dane, conditions=("withdrawal:east_bank",))
    score = score_claim(GOLD_CLAIM, [other_speaker])
    assert score.condition is True and not score.speaker


GOLD_ALERT: dict[str, Any] = {
    "id": "A1",
    "kind": "contradiction",
    "need": True,
    "actors_any_a": "holm|norw",
    "actors_any_b": "dane|denm",
    "evidence_all": ["harbour"],
    "evidence_any": ["withdraw", "pull back"],
}


def test_alert_needs_kind_both_actors_all_and_any_evidence() -> None:
    evidence = [("Holm wants the fleet to withdraw from the harbour.", None), ("Dane refuses.", None)]
    good = make_alert("contradiction", ["mira-holm", "ivo-dane"], "Holm and Dane disagree.", evidence)
    assert alert_matches(GOLD_ALERT, good)
    other_kind = Alert.model_validate({**good.model_dump(), "kind": "position_change"})
    assert not alert_matches(GOLD_ALERT, other_kind)
    one_side = make_alert("contradiction", ["mira-holm"], "Holm changed course.", evidence)
    assert not alert_matches(GOLD_ALERT, one_side)
    by_party = make_alert("contradiction", ["mira-holm", "x-1"], "Two sides.", evidence, parties=["denmark"])
    assert alert_matches(GOLD_ALERT, by_party)
    no_all = [("Holm wants the fleet to withdraw.", None), ("Dane refuses.", None)]
    without_all = make_alert("contradiction", ["mira-holm", "ivo-dane"], "s", no_all)
    assert not alert_matches(GOLD_ALERT, without_all)
    failed = [name for name, ok in alert_checks(GOLD_ALERT, without_all).items() if not ok]
    assert failed == ["evidence_all"]
    no_any = [("Holm wants talks on the harbour.", None), ("Dane refuses.", "No harbour talks")]
    assert not alert_matches(GOLD_ALERT, make_alert("contradiction", ["mira-holm", "ivo-dane"], "s", no_any))
    in_quote = [("Holm spoke on the harbour.", "We will pull back"), ("Dane refuses.", None)]
    assert alert_matches(GOLD_ALERT, make_alert("contradiction", ["mira-holm", "ivo-dane"], "s", in_quote))


def test_never_alert_needs_every_actor_to_contain_the_substring() -> None:
    rule = {"kind": "position_change", "actor": "holm"}
    alone = make_alert("position_change", ["mira-holm"], "Holm moved.", [("Holm spoke.", None)])
    mixed = make_alert("position_change", ["mira-holm", "ivo-dane"], "Both moved.", [("x", None)])
    assert never_alert_violated(rule, alone)
    assert not never_alert_violated(rule, mixed)
    other_kind = Alert.model_validate({**alone.model_dump(), "kind": "contradiction"})
    assert not never_alert_violated(rule, other_kind)


def test_group_counts_required_optional_false_alerts_and_stray_claims() -> None:
    gold = {
        "claims": [GOLD_CLAIM],
        "alerts": [GOLD_ALERT, {**GOLD_ALERT, "id": "A2", "need": False, "kind": "position_change"}],
        "never_alert": [{"kind": "position_change", "actor": "holm"}],
        "never_claim_from": ["subscribe to our weekly digest"],
        "quiet_articles": ["g-09"],
    }
    claims = [
        make_claim("Holm said Oslo was ready to resume the harbour talks.", stance="support"),
        make_claim("Subscribe to our weekly digest, Holm said of the talks."),
        make_claim("Dane said the talks on grain would go on.", article="g-09"),
    ]
    evidence = [("Holm wants the fleet to withdraw from the harbour.", None), ("Dane refuses.", None)]
    raised = make_alert("contradiction", ["mira-holm", "ivo-dane"], "Holm and Dane disagree.", evidence)
    stray = make_alert("position_change", ["mira-holm"], "Holm moved.", [("Holm spoke.", None)])
    group = score_group("g", gold, claims, [raised, stray], articles=2)
    assert group.speaker == (1, 1) and group.stance == (1, 1) and group.condition == (0, 1)
    assert (group.required_raised, group.required_total) == (1, 1)
    assert (group.optional_raised, group.optional_total) == (0, 1)
    assert group.false_alerts == [stray]
    assert [alert for _, alert in group.never_alert] == [stray]
    assert [c.text for c in group.boilerplate] == [claims[1].text]
    assert group.quiet == [claims[2]]
    assert group.extra_claims == 2
    line = summary_line(group)
    assert line.startswith("summary: speaker 100.0% (1/1)") and "false alerts 50% (1/2)" in line
    assert boilerplate_claims(claims[:1], ["weekly digest"]) == []
    assert quiet_claims(claims[:2], ["g-09"]) == []


ANN = "\n".join(
    [
        "T1\tSource 0 10\tMira Holm,",
        "T2\tCue 30 34\tsaid",
        "T3\tContent 36 60;70 80\tthe talks will resume soon enough",
        "T4\tAttribution 30 34\tsaid",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        "T5\tCue 90 96\tbelieves",
        "T6\tContent 97 120\tanother thing entirely",
        "T7\tAttribution-no-source 90 96\tbelieves",
        "E2\tAttribution-no-source:T7 Content:T6 Cue:T5",
        "#1\tAnnotatorNotes T3\ta note",
        "a stray continuation line",
    ]
)


def test_parse_ann_reads_discontinuous_spans_and_missing_sources() -> None:
    first, second = parse_ann(ANN)
    assert first.source is not None and first.source.fragments == ((0, 10),)
    assert first.content is not None and first.content.fragments == ((36, 60), (70, 80))
    assert first.cue is not None and first.cue.text == "said"
    assert second.source is None and second.cue is not None and second.cue.fragments == ((90, 96),)


def test_overlap_counts_shared_characters_over_fragments() -> None:
    assert overlap(((0, 10),), ((5, 20),)) == 5
    assert overlap(((0, 10), (20, 30)), ((8, 22),)) == 4
    assert overlap(((0, 10),), ((10, 20),)) == 0
    assert overlap(None, ((0, 1),)) == 0


def test_pronoun_sources_are_left_out() -> None:
    assert is_pronoun("He") and is_pronoun(" they ") and is_pronoun("who")
    assert not is_pronoun("the minister") and not is_pronoun("Holm")


def record(
    name: str, speaker: tuple[int, int] | None, content: tuple[int, int], kind: str = "reported"
) -> EngineAttribution:
    return EngineAttribution(
        speaker_name=name,
        speaker_span=None if speaker is None else (speaker,),
        cue_span=None,
        content_span=(content,),
        kind=kind,
    )


def test_attribution_matching_speaker_by_span_or_carried_last_name() -> None:
    gold = parse_ann(ANN)[0]
    by_span = record("Mira Holm", (0, 9), (36, 60))
    carried = record("Mira Holm", None, (40, 58))
    carried_wrong = record("Ivo Dane", None, (40, 58))
    wrong_span = record("Ivo Dane", (12, 20), (36, 60))
    assert speaker_right(by_span, gold) and speaker_right(carried, gold)
    assert not speaker_right(carried_wrong, gold) and not speaker_right(wrong_span, gold)
    # The record with the most content overlap is the match.
    assert match_record(gold, [carried, by_span]) is by_span
    assert match_record(gold, [record("Mira Holm", (0, 9), (200, 230))]) is None


def test_attribution_tally_and_precision_pool() -> None:
    every = parse_ann(ANN)
    measured = every[:1]
    records = [
        record("Mira Holm", (0, 9), (36, 60)),  # right, in the pool
        record("Ivo Dane", (12, 20), (100, 110)),  # overlaps a non-speech gold: out of the pool
        record("Ivo Dane", (12, 20), (300, 320)),  # overlaps no gold: in the pool, not right
        record("sources", None, (400, 420), kind="anonymous_source"),  # not reported/direct: out
    ]
    tally = score_records(measured, every, records)
    assert (tally.right, tally.wrong, tally.missing) == (1, 0, 0)
    assert (tally.pool_right, tally.pool) == (1, 2)
    assert score_records(measured, every, records[1:]).missing == 1


def test_engine_attribution_reads_dicts_and_models() -> None:
    as_dict = {
        "speaker": {"id": "mira-holm", "name": "Mira Holm", "party": "NO"},
        "speaker_span": [0, 9],
        "cue_span": None,
        "content_span": [36, 60],
        "kind": "direct_quote",
    }
    parsed = EngineAttribution.of(as_dict)
    assert parsed.speaker_name == "Mira Holm" and parsed.speaker_span == ((0, 9),)
    assert parsed.cue_span is None and parsed.kind == "direct_quote"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(REPO / "benchmarks" / "quality.py"), *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False, timeout=600)


@pytest.mark.skipif(not (REALNEWS / "dev-europe" / "gold.json").is_file(), reason="realnews-dev not present")
def test_harness_scores_the_dev_set_and_ends_with_a_summary_line() -> None:
    completed = _run("--errors", "1")
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.strip().splitlines()
    assert lines[-1].startswith("summary: speaker ")
    for name in ("party", "stance", "condition", "alerts required", "false alerts", "boilerplate", "quiet"):
        assert name in lines[-1]
    assert any(re.match(r"total: \d+ articles, \d+ claims, \d+ alerts", line) for line in lines)
    assert any(line.startswith("== not found:") for line in lines)


def test_harness_without_data_says_so_and_exits_zero(tmp_path: Path) -> None:
    completed = _run("--data", str(tmp_path / "absent"))
    assert completed.returncode == 0
    assert "not found" in completed.stdout


@pytest.mark.skipif(not (POLNEAR / "dev" / "text").is_dir(), reason="PolNeAR not present")
def test_harness_scores_polnear_dev_side_by_side() -> None:
    completed = _run("--polnear", "dev", "--no-realnews", "--limit", "3")
    assert completed.returncode == 0, completed.stderr
    assert "spaCy-subject peer" in completed.stdout
    assert completed.stdout.strip().splitlines()[-1].startswith("summary: polnear dev ")


def _synthetic_group(root: Path) -> Path:
    """A one-article group of made-up news in the realnews format."""
    group = root / "g"
    group.mkdir(parents=True)
    article = {
        "id": "g-01",
        "source": "Test Wire",
        "url": None,
        "title": "Harbour talks",
        "body": "Norwegian minister Mira Holm said Oslo was ready to resume the harbour talks next week.",
        "published_at": "2021-03-02T00:00:00Z",
        "language": "en",
    }
    (group / "articles.jsonl").write_text(json.dumps(article) + "\n", encoding="utf-8")
    gold = {"group": "g", "claims": [GOLD_CLAIM], "alerts": [GOLD_ALERT], "never_claim_from": ["subscribe"]}
    (group / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return root


def test_harness_scores_precomputed_jsonl_records(tmp_path: Path) -> None:
    data = _synthetic_group(tmp_path / "data")
    claim = make_claim("Holm said Oslo was ready to resume the harbour talks.", stance="support")
    elsewhere = make_claim("Dane said grain talks would go on.", article="other-01")
    evidence = [("Holm wants the fleet to withdraw from the harbour.", None), ("Dane refuses.", None)]
    alert = make_alert("contradiction", ["mira-holm", "ivo-dane"], "Holm and Dane disagree.", evidence)
    alert = Alert.model_validate({**alert.model_dump(), "claim_ids": [claim.claim_id]})
    records = tmp_path / "records.jsonl"
    lines = [{"record": "claim", **c.model_dump(mode="json")} for c in (claim, elsewhere)]
    lines += [{"record": "statement", "ignored": True}, {"record": "alert", **alert.model_dump(mode="json")}]
    records.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    completed = _run("--data", str(data), "--jsonl", str(records))
    assert completed.returncode == 0, completed.stderr
    last = completed.stdout.strip().splitlines()[-1]
    assert last.startswith("summary: speaker 100.0% (1/1) | party 100.0% (1/1) | stance 100.0% (1/1)")
    assert "condition 0.0% (0/1)" in last and "alerts required 1/1" in last
    assert "false alerts 0% (0/1)" in last


def test_harness_runs_the_engine_in_process_on_a_group(tmp_path: Path) -> None:
    completed = _run("--data", str(_synthetic_group(tmp_path / "data")), "--errors", "3")
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.strip().splitlines()
    assert lines[0].startswith("g: 1 articles, ")
    assert lines[-1].startswith("summary: speaker ") and "alerts required 0/1" in lines[-1]
    assert "== missed required alerts: 1" in lines


def test_bad_arguments_exit_with_code_2(tmp_path: Path) -> None:
    assert _run("--jsonl", str(tmp_path / "absent.jsonl")).returncode == 2
    assert _run("--errors", "-1").returncode == 2


def test_attribution_records_read_from_attribute_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "attributions.jsonl"
    rows = [
        {
            "record": "attribution",
            "article_id": "pn-1",
            "speaker": {"id": "mira-holm", "name": "Mira Holm", "party": "NO"},
            "speaker_span": None,
            "cue_span": [30, 34],
            "content_span": [36, 60],
            "kind": "reported",
            "text": "x" * 24,
        },
        {"record": "claim", "article_id": "pn-1"},
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    by_article = read_attribution_records([path])
    assert list(by_article) == ["pn-1"] and len(by_article["pn-1"]) == 1
    (parsed,) = by_article["pn-1"]
    assert parsed.speaker_span is None and parsed.cue_span == ((30, 34),)
    assert span_mismatches(" " * 36 + "x" * 24, [parsed]) == 0
    assert span_mismatches(" " * 40 + "x" * 24, [parsed]) == 1


def _gold_at(text: str, source: str, cue: str, content: str) -> GoldAttribution:
    def span(kind: str, part: str) -> BratSpan:
        start = text.index(part)
        return BratSpan(kind, ((start, start + len(part)),), part)

    return GoldAttribution("E1", span("Source", source), span("Cue", cue), span("Content", content))


def test_speech_cue_filter_and_both_peers_on_a_parse() -> None:
    from services.engine.syntax import load_pipeline

    text = (
        "The harbour minister, Mira Holm, said on Monday that the ferry talks would resume. "
        "The fleet will stay in port, according to the coast authority. "
        "Ivo Dane believes the strike will end soon."
    )
    doc = load_pipeline()(text)
    said = _gold_at(text, "The harbour minister, Mira Holm,", "said", "the ferry talks would resume")
    according = _gold_at(text, "the coast authority", "according to", "The fleet will stay in port")
    believes = _gold_at(text, "Ivo Dane", "believes", "the strike will end soon")
    assert said.cue and according.cue and believes.cue
    assert speech_cue(doc, said.cue) and speech_cue(doc, according.cue)
    assert not speech_cue(doc, believes.cue)
    assert measured_gold(doc, [said, according, believes]) == [said, according]
    peer = score_peer(doc, [said, according])
    assert (peer.right, peer.missing) == (1, 1)  # the first-speech-verb peer has no verb for "according to"
    told = score_peer(doc, [said, according], oracle=True)
    assert told.right == 2


def test_saved_figures_compare_by_headline_and_by_claim(tmp_path: Path) -> None:
    text = "Holm said Oslo was ready to resume the harbour talks."
    before = score_group("g", {"claims": [GOLD_CLAIM]}, [make_claim(text, stance="support")], [])
    after = score_group("g", {"claims": [GOLD_CLAIM]}, [make_claim(text, stance="oppose")], [])
    path = tmp_path / "before.json"
    save_figures(path, [before], before)
    lines = list(compare(load(path), [after], after))
    assert "  stance             100.0% ->   0.0%  (-100.0 points)" in lines
    assert "  stance: 0 now right, 1 now wrong (g/C1)" in lines
    assert not any(line.startswith("  speaker:") for line in lines)  # unchanged fields are not listed
    (tmp_path / "bad.json").write_text("[]", encoding="utf-8")
    with pytest.raises(SystemExit):
        load(tmp_path / "bad.json")
