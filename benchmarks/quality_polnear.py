"""Speech attribution on PolNeAR: the engine's attribution layer and a spaCy-subject peer, side by side.

Data: ``<polnear>/<split>/text/<article>.txt`` and ``attributions/<article>_<annotator>.ann`` (brat
standoff).  One annotator per article: the alphabetically first .ann file (deterministic).

Gold: the speech attributions.  A relation counts when it has a Cue and a Source, the Cue is a speech
cue and the Source is named or nominal (not a bare pronoun: he, she, they, it, we, I, you, who, one ...).
A cue is a speech cue when a token of it, in spaCy's parse of the whole article, is a verb (VERB or
AUX) whose lemma is of one of these kinds, or when it reads "according to" (nominal cues such as
"his claim" are left out):
- saying and reporting: say, tell, add, state, write, note, remark, comment, mention, explain,
  describe, declare, announce, report, reply, respond, answer, testify, tweet, post, recall, recount,
  continue, conclude, quote, cite;
- asserting and arguing: claim, argue, insist, contend, maintain, assert, allege, stress, emphasize,
  point (out), acknowledge, admit, concede, confirm, deny, reveal, disclose, predict, promise, vow,
  pledge, warn, caution, threaten, suggest, propose, recommend;
- asking and demanding: ask, urge, call (for, on), demand, request, question, plead;
- verbal judgements: accuse, criticize, praise, condemn, denounce, blast, slam.
Beliefs, intentions, endorsements and findings (believe, want, plan, support, show, find) are not speech.

Engine: ``services.engine.attributions.extract_attributions(article)`` on each text as an Article with
``title=""``, so its spans are offsets into the text file.  A gold attribution is MATCHED by the record
whose content_span overlaps the gold Content most, else by a record whose cue_span overlaps the gold
Cue.  Its speaker is RIGHT when the record's speaker_span overlaps the gold Source, or, when the
speaker_span is null (carried from an earlier sentence), when the last word of the record's speaker
name occurs among the words of the gold Source text (case-insensitive).  recall = right / gold;
wrong = matched with a wrong speaker; missing = not matched.
precision = records right for a gold speech attribution they overlap / records in the pool, where the
pool is the records of kind reported or direct_quote with a speaker that overlap (content or cue) a
gold speech attribution, or that overlap no gold attribution of any kind (an unannotated statement).

Peer: spaCy's small English pipeline over the same text; for each gold attribution, in the sentence
holding the gold Cue, the first token whose lemma is a speech verb (the list above) and the subtree of
its nsubj/nsubjpass child is the speaker; right when it overlaps the gold Source, missing when the
sentence has no speech verb with a subject.  A second column, "peer told the cue", takes the subject
of the gold cue's own verb (the object of "according to"; the head's subject for a participle cue):
it is given the cue position no extractor has, so it is a reference, not the target's peer.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.attribution_scoring import (
    BratSpan,
    EngineAttribution,
    Fragments,
    GoldAttribution,
    Tally,
    is_pronoun,
    match_record,
    overlap,
    parse_ann,
    score_records,
    span_mismatches,
    speaker_right,
)

# Speech verbs by kind: saying and reporting; asserting and arguing; asking and demanding; verbal judgements.
_SPEECH_VERBS = """
    say tell add state write note remark comment mention explain describe declare announce report
    reply respond answer testify tweet post recall recount continue conclude quote cite
    claim argue insist contend maintain assert allege stress emphasize emphasise point acknowledge admit
    concede confirm deny reveal disclose predict promise vow pledge warn caution threaten suggest
    propose recommend
    ask urge call demand request question plead
    accuse criticize criticise praise condemn denounce blast slam
"""
SPEECH_LEMMAS = frozenset(_SPEECH_VERBS.split())


def is_speech_verb(token: Any) -> bool:
    """A spaCy token that is a verb with a speech lemma."""
    return token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in SPEECH_LEMMAS


def speech_cue(doc: Any, cue: BratSpan) -> bool:
    """Whether a gold cue is a speech cue, from the lemmas of its tokens in the article's parse."""
    if "according to" in " ".join(cue.text.lower().split()):
        return True
    for start, end in cue.fragments:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and any(is_speech_verb(t) for t in span):
            return True
    return False


CUE_CLASSES = ("say/tell", "according to", "other speech verbs")


def cue_class(doc: Any, cue: BratSpan) -> str:
    """Which of CUE_CLASSES a speech cue falls in, for the breakdown of the figures."""
    if "according to" in " ".join(cue.text.lower().split()):
        return "according to"
    for start, end in cue.fragments:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and any(is_speech_verb(t) and t.lemma_.lower() in {"say", "tell"} for t in span):
            return "say/tell"
    return "other speech verbs"


def measured_gold(doc: Any, relations: Iterable[GoldAttribution]) -> list[GoldAttribution]:
    """The speech attributions with a named or nominal source."""
    return [
        g
        for g in relations
        if g.cue is not None
        and g.source is not None
        and not is_pronoun(g.source.text)
        and speech_cue(doc, g.cue)
    ]


def peer_speaker(doc: Any, gold: GoldAttribution) -> Fragments | None:
    """The spaCy-subject peer: subject subtree of the first speech verb in the cue's sentence."""
    if gold.cue is None:
        return None
    start, end = gold.cue.fragments[0]
    cue = doc.char_span(start, end, alignment_mode="expand")
    if cue is None or not len(cue):
        return None
    for verb in cue[0].sent:
        if not is_speech_verb(verb):
            continue
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is None:
            continue
        tokens = list(subject.subtree)
        return ((tokens[0].idx, tokens[-1].idx + len(tokens[-1])),)
    return None


_SUBJECTS = {"nsubj", "nsubjpass"}


def oracle_speaker(doc: Any, gold: GoldAttribution) -> Fragments | None:
    """The peer told where the gold cue is: subject of the cue's own verb, or the object of 'according to'.

    A participle or clause cue with no subject of its own ("..., adding that") takes its head's subject.
    It knows the cue, which no extractor does, so it is an upper reference rather than a competitor.
    """
    if gold.cue is None:
        return None
    start, end = gold.cue.fragments[0]
    cue = doc.char_span(start, end, alignment_mode="expand")
    if cue is None or not len(cue):
        return None
    if any(t.lower_ == "according" for t in cue):
        subjects = [c for t in cue for c in t.children if c.dep_ == "pobj"]
    else:
        verb = next((t for t in cue if is_speech_verb(t)), cue[0])
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if not subjects and verb.dep_ in {"advcl", "xcomp", "conj", "ccomp"}:
            subjects = [c for c in verb.head.children if c.dep_ in _SUBJECTS]
    if not subjects:
        return None
    tokens = list(subjects[0].subtree)
    return ((tokens[0].idx, tokens[-1].idx + len(tokens[-1])),)


def score_peer(doc: Any, measured: Sequence[GoldAttribution], oracle: bool = False) -> Tally:
    """right / wrong / missing of the spaCy-subject peer (or, with `oracle`, of the cue-told peer)."""
    tally = Tally()
    for gold in measured:
        span = oracle_speaker(doc, gold) if oracle else peer_speaker(doc, gold)
        if span is None:
            tally.missing += 1
        elif gold.source is not None and overlap(span, gold.source.fragments) > 0:
            tally.right += 1
        else:
            tally.wrong += 1
    return tally


def article_files(split_dir: Path, limit: int | None) -> list[tuple[Path, Path]]:
    """(text, first annotator's .ann) pairs, in article name order."""
    pairs = []
    for text in sorted((split_dir / "text").glob("*.txt")):
        anns = sorted((split_dir / "attributions").glob(f"{text.stem}_*.ann"))
        if anns:
            pairs.append((text, anns[0]))
    return pairs[:limit] if limit else pairs


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}% ({part})" if whole else "  n/a"


def _engine_extractor(split: str) -> Any:
    """The engine's extract_attributions, or None (with the reason printed) while it does not exist."""
    try:
        from services.engine.attributions import extract_attributions
    except ImportError as error:
        print(f"PolNeAR {split}: attribution layer not available: {error}")
        return None
    return extract_attributions


def _miss_line(text: str, gold: GoldAttribution, record: EngineAttribution | None) -> str:
    source = gold.source.text if gold.source else "-"
    cue = gold.cue.text if gold.cue else "-"
    if record is None:
        got = "no record"
    else:
        where = record.speaker_span[0] if record.speaker_span else None
        mention = repr(text[where[0] : where[1]]) if where else "carried"
        got = f"got {record.speaker_name!r} (mention {mention}, {record.kind})"
    context = ""
    if gold.cue is not None:
        start, end = gold.cue.fragments[0]
        context = " ".join(text[max(0, start - 90) : end + 60].split())
    return f"source {source!r} cue {cue!r}: {got}\n    ...{context}..."


def write_articles(data: Path, split: str, limit: int | None, out: Path) -> int:
    """Write the split's texts as Article JSON lines (id = file stem, title ""), for `attribute --jsonl`."""
    from schemas import Article

    pairs = article_files(data / split, limit)
    with out.open("w", encoding="utf-8") as handle:
        for text_path, _ in pairs:
            body = text_path.read_text(encoding="utf-8")
            outlet = text_path.stem.split("_", 1)[0] or "polnear"
            article = Article(id=text_path.stem, source=outlet, title="", body=body)
            handle.write(article.model_dump_json(exclude={"received_at"}) + "\n")
    return len(pairs)


def run_polnear(
    data: Path,
    split: str,
    limit: int | None,
    errors: int = 0,
    precomputed: dict[str, list[EngineAttribution]] | None = None,
) -> str:
    """Score one split, print the side-by-side table; a fragment for the summary line ('' when skipped).

    `precomputed`: `attribute --jsonl` records by article id (the text file's stem) instead of running
    the engine in-process.
    """
    split_dir = data / split
    if not (split_dir / "text").is_dir():
        print(f"PolNeAR {split} not found at {split_dir}: skipped")
        return ""
    extract = _engine_extractor(split) if precomputed is None else None
    from schemas import Article
    from services.engine.syntax import load_pipeline

    nlp = load_pipeline()
    pairs = article_files(split_dir, limit)
    engine, peer, oracle = Tally(), Tally(), Tally()
    by_cue_engine = {name: Tally() for name in CUE_CLASSES}
    by_cue_peer = {name: Tally() for name in CUE_CLASSES}
    relations = failures = mismatches = 0
    first_failure = ""
    engine_seconds = peer_seconds = 0.0
    for text_path, ann_path in pairs:
        text = text_path.read_text(encoding="utf-8")
        every = parse_ann(ann_path.read_text(encoding="utf-8"))
        relations += len(every)
        started = time.perf_counter()
        doc = nlp(text)
        measured = measured_gold(doc, every)
        peer.add(score_peer(doc, measured))
        oracle.add(score_peer(doc, measured, oracle=True))
        peer_seconds += time.perf_counter() - started
        records: list[EngineAttribution] = []
        if precomputed is not None:
            records = precomputed.get(text_path.stem, [])
        elif extract is not None:
            outlet = text_path.stem.split("_", 1)[0] or "polnear"
            article = Article(id=text_path.stem, source=outlet, title="", body=text)
            started = time.perf_counter()
            try:
                records = [EngineAttribution.of(r) for r in extract(article, None)]
            except Exception as error:  # an engine bug must not hide the other articles' figures
                failures += 1
                first_failure = first_failure or f"{text_path.stem}: {type(error).__name__}: {error}"
                records = []
            engine_seconds += time.perf_counter() - started
        mismatches += span_mismatches(text, records)
        tally = score_records(measured, every, records)
        if errors:
            for gold in measured:
                record = match_record(gold, records)
                if record is None or not speaker_right(record, gold):
                    kind = "missing" if record is None else "wrong"
                    tally.misses.append(f"{kind}: [{text_path.stem}] {_miss_line(text, gold, record)}")
        engine.add(tally)
        for name in CUE_CLASSES:
            subset = [g for g in measured if g.cue is not None and cue_class(doc, g.cue) == name]
            by_cue_engine[name].add(score_records(subset, every, records))
            by_cue_peer[name].add(score_peer(doc, subset))
    scored = extract is not None or precomputed is not None
    total = peer.gold
    print(
        f"PolNeAR {split}: {len(pairs)} articles (first annotator each), {relations} relations, "
        f"{total} speech attributions with a named or nominal source"
    )
    if failures:
        print(f"engine failed on {failures} article(s); first: {first_failure}")
    print(f"{'':<10}{'engine':>16}{'spaCy-subject peer':>22}{'peer told the cue':>20}")
    for label, ours, theirs, told in (
        ("right", engine.right, peer.right, oracle.right),
        ("wrong", engine.wrong, peer.wrong, oracle.wrong),
        ("missing", engine.missing, peer.missing, oracle.missing),
    ):
        engine_share = _share(ours, total) if scored else "n/a"
        print(f"{label:<10}{engine_share:>16}{_share(theirs, total):>22}{_share(told, total):>20}")
    print(f"{'right, by cue':<20}{'gold':>6}{'engine':>16}{'peer':>16}")
    for name in CUE_CLASSES:
        cue_engine, cue_peer = by_cue_engine[name], by_cue_peer[name]
        engine_share = _share(cue_engine.right, cue_peer.gold) if scored else "n/a"
        print(f"  {name:<18}{cue_peer.gold:>6}{engine_share:>16}{_share(cue_peer.right, cue_peer.gold):>16}")
    peer_recall = 100 * peer.right / total if total else 0.0
    if not scored:
        print(f"seconds: peer (full spaCy parse) {peer_seconds:.1f}")
        return f"polnear {split} engine n/a (peer recall {peer_recall:.1f}%)"
    precision = _share(engine.pool_right, engine.pool)
    print(f"engine precision {precision.strip()} of {engine.pool} reported/direct_quote records in the pool")
    if mismatches:
        hint = " (a .txt input loses its first line as title: use --polnear-articles)" if precomputed else ""
        print(f"engine records whose text is not body[content_span]: {mismatches}{hint}")
    print(f"seconds: engine {engine_seconds:.1f}, peer (full spaCy parse) {peer_seconds:.1f}")
    for kind in ("wrong", "missing"):
        lines = [line for line in engine.misses if line.startswith(f"{kind}: ")]
        if lines:
            print(f"== engine {kind} speaker: {len(lines)} (first {min(errors, len(lines))})")
        for line in lines[:errors]:
            print(f"- {line}")
    recall = 100 * engine.right / total if total else 0.0
    pool_precision = 100 * engine.pool_right / engine.pool if engine.pool else 0.0
    told_recall = 100 * oracle.right / total if total else 0.0
    return (
        f"polnear {split} recall {recall:.1f}% precision {pool_precision:.1f}% "
        f"(peer recall {peer_recall:.1f}%, told the cue {told_recall:.1f}%)"
    )
