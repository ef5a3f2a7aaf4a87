"""Speech attribution on PolNeAR: the engine's attribution layer and a spaCy-subject peer, side by side.

Data: ``<polnear>/<split>/text/<article>.txt`` and ``attributions/<article>_<annotator>.ann`` (brat
standoff).  One annotator per article: the alphabetically first .ann file (deterministic).

Gold: the speech attributions.  A relation counts when it has a Cue and a Source, the Cue is a speech
cue and the Source is named or nominal (not a bare pronoun: he, she, they, it, we, I, you, who ...).
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
sentence has no speech verb with a subject.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Fragments = tuple[tuple[int, int], ...]

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
_PRONOUNS = """
    he she they it we i you him her them us me his its their our who whom which that this these those
"""
SPEECH_LEMMAS = frozenset(_SPEECH_VERBS.split())
PRONOUNS = frozenset(_PRONOUNS.split())
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class BratSpan:
    """One T line: its kind, its (possibly discontinuous) fragments and its text."""

    kind: str
    fragments: Fragments
    text: str


@dataclass
class GoldAttribution:
    """One E line of an .ann file, its roles resolved to spans."""

    relation: str
    source: BratSpan | None = None
    cue: BratSpan | None = None
    content: BratSpan | None = None


def parse_ann(text: str) -> list[GoldAttribution]:
    """The attribution relations of a brat standoff file (lines that are neither T nor E are skipped)."""
    spans: dict[str, BratSpan] = {}
    relations: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T") and len(parts) >= 3:
            kind, _, offsets = parts[1].partition(" ")
            try:
                fragments = tuple(
                    (int(start), int(end)) for start, end in (piece.split() for piece in offsets.split(";"))
                )
            except ValueError:
                continue
            spans[parts[0]] = BratSpan(kind, fragments, parts[2])
        elif parts[0].startswith("E"):
            roles = dict(role.split(":", 1) for role in parts[1].split() if ":" in role)
            relations.append((parts[0], roles))
    gold = []
    for relation, roles in relations:
        content = spans.get(roles.get("Content", ""))
        extra = spans.get(roles.get("Content2", ""))
        if content and extra:
            joined = f"{content.text} {extra.text}"
            content = BratSpan(content.kind, content.fragments + extra.fragments, joined)
        gold.append(
            GoldAttribution(
                relation=relation,
                source=spans.get(roles.get("Source", "")),
                cue=spans.get(roles.get("Cue", "")),
                content=content,
            )
        )
    return gold


def overlap(a: Fragments | None, b: Fragments | None) -> int:
    """Characters two fragment sets share (0 when either is absent)."""
    if not a or not b:
        return 0
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def as_fragments(span: Sequence[int] | None) -> Fragments | None:
    """An engine [start, end] span as fragments (None stays None)."""
    return None if span is None else ((int(span[0]), int(span[1])),)


def is_pronoun(text: str) -> bool:
    """A bare pronoun source (he, she, they, who ...), which the measured gold leaves out."""
    return text.strip(" \t\n.,;:\"'").lower() in PRONOUNS


def name_words(text: str) -> list[str]:
    """Lower-case words, possessive 's dropped."""
    return _WORD.findall(re.sub(r"['\u2019]s\b", "", text.lower()))


@dataclass(frozen=True)
class EngineAttribution:
    """What the harness reads of one engine attribution record."""

    speaker_name: str
    speaker_span: Fragments | None
    cue_span: Fragments | None
    content_span: Fragments | None
    kind: str
    text: str = ""

    @classmethod
    def of(cls, record: Any) -> EngineAttribution:
        """From an AttributionRecord model (or a dict with the same fields)."""
        get = record.get if isinstance(record, dict) else lambda name: getattr(record, name, None)
        speaker = get("speaker")
        name = speaker.get("name") if isinstance(speaker, dict) else getattr(speaker, "name", "")
        kind = get("kind")
        return cls(
            speaker_name=name or "",
            speaker_span=as_fragments(get("speaker_span")),
            cue_span=as_fragments(get("cue_span")),
            content_span=as_fragments(get("content_span")),
            kind=str(getattr(kind, "value", kind)),
            text=get("text") or "",
        )


def span_mismatches(body: str, records: Iterable[EngineAttribution]) -> int:
    """Records whose text is not body[content_span] (their offsets are not into the body as given)."""
    return sum(
        1
        for r in records
        if r.content_span and r.text and body[r.content_span[0][0] : r.content_span[0][1]] != r.text
    )


def read_attribution_records(paths: Sequence[Path]) -> dict[str, list[EngineAttribution]]:
    """`claimwatch attribute --jsonl` records by article id (other records are ignored)."""
    import json

    by_article: dict[str, list[EngineAttribution]] = {}
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    raise SystemExit(f"{path}:{number}: not JSON: {error.msg}") from error
                if record.get("record") == "attribution":
                    by_article.setdefault(record["article_id"], []).append(EngineAttribution.of(record))
    return by_article


def record_overlaps(record: EngineAttribution, gold: GoldAttribution) -> int:
    """How much the record's content (or, failing that, cue) overlaps the gold attribution."""
    content = overlap(record.content_span, gold.content.fragments if gold.content else None)
    if content:
        return content
    return overlap(record.cue_span, gold.cue.fragments if gold.cue else None)


def speaker_right(record: EngineAttribution, gold: GoldAttribution) -> bool:
    """The record's speaker mention overlaps the gold Source, or its carried name shares the last word."""
    if gold.source is None:
        return False
    if record.speaker_span is not None:
        return overlap(record.speaker_span, gold.source.fragments) > 0
    words = name_words(record.speaker_name)
    return bool(words) and words[-1] in name_words(gold.source.text)


def match_record(gold: GoldAttribution, records: Sequence[EngineAttribution]) -> EngineAttribution | None:
    """The record with the most content overlap, else one whose cue overlaps the gold Cue."""
    best, best_overlap = None, 0
    for record in records:
        shared = overlap(record.content_span, gold.content.fragments if gold.content else None)
        if shared > best_overlap:
            best, best_overlap = record, shared
    if best is not None:
        return best
    cue = gold.cue.fragments if gold.cue else None
    return next((r for r in records if overlap(r.cue_span, cue) > 0), None)


@dataclass
class Tally:
    """right / wrong / missing over gold attributions, plus the engine's precision pool."""

    right: int = 0
    wrong: int = 0
    missing: int = 0
    pool: int = 0
    pool_right: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def gold(self) -> int:
        return self.right + self.wrong + self.missing

    def add(self, other: Tally) -> None:
        self.right += other.right
        self.wrong += other.wrong
        self.missing += other.missing
        self.pool += other.pool
        self.pool_right += other.pool_right
        self.misses += other.misses


def score_records(
    measured: Sequence[GoldAttribution],
    every: Sequence[GoldAttribution],
    records: Sequence[EngineAttribution],
) -> Tally:
    """Recall figures over the measured gold, and the precision pool over the records."""
    tally = Tally()
    for gold in measured:
        record = match_record(gold, records)
        if record is None:
            tally.missing += 1
        elif speaker_right(record, gold):
            tally.right += 1
        else:
            tally.wrong += 1
    for record in records:
        if record.kind not in {"reported", "direct_quote"} or not record.speaker_name:
            continue
        touched = [g for g in measured if record_overlaps(record, g)]
        if touched or not any(record_overlaps(record, g) for g in every):
            tally.pool += 1
            tally.pool_right += any(speaker_right(record, g) for g in touched)
    return tally


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


def score_peer(doc: Any, measured: Sequence[GoldAttribution]) -> Tally:
    tally = Tally()
    for gold in measured:
        span = peer_speaker(doc, gold)
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
    return f"source {source!r} cue {cue!r}: {got}"


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
    engine, peer = Tally(), Tally()
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
        peer_seconds += time.perf_counter() - started
        if precomputed is not None:
            records = precomputed.get(text_path.stem, [])
        elif extract is None:
            continue
        else:
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
        if errors and len(engine.misses) < errors:
            for gold in measured:
                record = match_record(gold, records)
                if record is None or not speaker_right(record, gold):
                    tally.misses.append(f"[{text_path.stem}] {_miss_line(text, gold, record)}")
        engine.add(tally)
    scored = extract is not None or precomputed is not None
    gold = peer.gold
    print(
        f"PolNeAR {split}: {len(pairs)} articles (first annotator each), {relations} relations, "
        f"{gold} speech attributions with a named or nominal source"
    )
    if failures:
        print(f"engine failed on {failures} article(s); first: {first_failure}")
    print(f"{'':<10}{'engine':>16}{'spaCy-subject peer':>22}")
    for label, ours, theirs in (
        ("right", engine.right, peer.right),
        ("wrong", engine.wrong, peer.wrong),
        ("missing", engine.missing, peer.missing),
    ):
        print(f"{label:<10}{_share(ours, gold) if scored else 'n/a':>16}{_share(theirs, gold):>22}")
    peer_recall = 100 * peer.right / gold if gold else 0.0
    if not scored:
        print(f"seconds: peer (full spaCy parse) {peer_seconds:.1f}")
        return f"polnear {split} engine n/a (peer recall {peer_recall:.1f}%)"
    precision = _share(engine.pool_right, engine.pool)
    print(f"engine precision {precision.strip()} of {engine.pool} reported/direct_quote records in the pool")
    if mismatches:
        hint = " (a .txt input loses its first line as title: use --polnear-articles)" if precomputed else ""
        print(f"engine records whose text is not body[content_span]: {mismatches}{hint}")
    print(f"seconds: engine {engine_seconds:.1f}, peer (full spaCy parse) {peer_seconds:.1f}")
    for line in engine.misses[:errors]:
        print(f"- {line}")
    recall = 100 * engine.right / gold if gold else 0.0
    pool_precision = 100 * engine.pool_right / engine.pool if engine.pool else 0.0
    return (
        f"polnear {split} recall {recall:.1f}% precision {pool_precision:.1f}% "
        f"(peer recall {peer_recall:.1f}%)"
    )
