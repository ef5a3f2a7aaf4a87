"""extract_claims: from one article to the claims about negotiations it contains.

Pipeline: clean the body (the title heads the cleaned text as its first line), split sentences,
attribute every sentence in order (pronouns need the speakers before them), then keep the sentences
with negotiation vocabulary (or an article-reported change of position) as claims.

A claim's ``span`` indexes the cleaned text: ``clean_body(article.body, article.title).text[start:end]``
equals ``claim.text``. A sentence nobody is said to speak is kept only when it reports a change of
position (attribution ``editorial``); a sentence with no speaker of its own takes the speaker of an
unclosed quotation's attribution that follows, or of the sentence just before (lower confidence).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from schemas import Article, Attribution, Claim, Speaker, Stance, Topic
from services.engine.attribute import Attributor, SentenceReport
from services.engine.attributions import speech_reader
from services.engine.clean import CleanedBody, clean_body
from services.engine.conditions import deal_terms, find_conditions
from services.engine.cues import negotiation_cues
from services.engine.dates import DateFinder
from services.engine.lexicon import Lexicon
from services.engine.owners import position_owner, without_old_position
from services.engine.reporting import blank_quotes, is_hedged, reported_change
from services.engine.resources import EngineResources, default_resources
from services.engine.sentences import Sentence, split_sentences
from services.engine.single_quotes import mark_single_quotes
from services.engine.speech.reader import Utterance, primary_utterance
from services.engine.stance import classify_stance, commitment_stance, is_negated, other_side_of
from services.engine.topics import classify_topic

# How many sentences before a claim sentence are parsed for the speakers it may refer back to.
_SPEAKER_REACH = 3
# An article whose lead (headline and first sentences) names no talks, with fewer than one talk word
# per this many body sentences, mentions them only in passing.
_LEAD_SENTENCES = 3
_PASSING_DENSITY = 20
# Talk words an article needs before every attributed statement in it is read as about the talks.
_TALKS_STORY_CUES = 3
_BASE_CONFIDENCE = {"direct_quote": 0.9, "reported": 0.8, "anonymous_source": 0.6, "editorial": 0.5}
_OPENING_QUOTES = '"“«„'
_CLOSING_QUOTES = '"”»“'
# Openings of a sentence that goes on with the one before: a pronoun, a connective, a condition, a quote.
_CONTINUES = re.compile(
    r"[\"“«„]|(?:he|she|they|however|but|also|moreover|furthermore|in addition|at the same time|still|yet"
    r"|instead|if|in the event|once|unless|only|otherwise|then|this means|that means)\b",
    re.IGNORECASE,
)
# What lets a sentence without a speaker of its own carry the previous one: a quotation going on, or a
# pronoun as its subject (after a connective, or after a leading "if/once/unless ..." clause). Without
# one, a connective opening ("But ...", "However ...") starts the outlet's own words.
_CARRIES_SPEAKER = re.compile(
    r"[\"“«„]|(?:(?:however|but|also|moreover|furthermore|in addition|at the same time|still|yet|instead"
    r"|otherwise|then|and|in turn|meanwhile)\s*,?\s*)*"
    r"(?:(?:if|once|unless|when|while|although|though|because|as long as|only if|only when|only after"
    r"|in the event)\b[^,;:]{1,140},\s*)?(?:he|she|they)\b",
    re.IGNORECASE,
)
# A list item opens with a bullet mark; its speaker introduces the list at most this many sentences before.
_BULLET = re.compile(r"[-–•▪●*·]\s")
_LIST_REACH = 20
# An attribution after an unclosed quote: the comma before the speaker ends the quotation.
_QUOTE_TAIL = re.compile(r"[,.;]['’”]?\s+(?=[A-Z]|(?:he|she|the|a|an|one)\s)")


@dataclass(frozen=True)
class _Speech:
    """Who speaks a candidate sentence, and how sure the engine is of it."""

    speaker: Speaker
    attribution: str
    penalty: float
    cue: int
    via: str = "carried"


# A connective sentence after a speaker's but with no pronoun or quote: the outlet's own words.
_OUTLET_WORDS = _Speech(Speaker(id="outlet", name="outlet", party="media"), "editorial", 0.0, -1, "outlet")
_CONDITION_SUBJECTS = (Topic.territory, Topic.military_aid, Topic.other)


def claim_id_for(article_id: str, start: int, end: int, text: str) -> str:
    """Deterministic claim id: the same article and span always give the same id."""
    digest = hashlib.sha256(f"{article_id}\x1f{start}\x1f{end}\x1f{text}".encode()).hexdigest()
    return digest[:24]


def _quote_text(text: str, start: int, end: int, report: SentenceReport) -> str | None:
    """The verbatim quotation(s) of a sentence; an unclosed one runs to the end of the sentence."""
    parts = [text[a + 1 : b].strip() for a, b in report.quotes if b > a + 1]
    after_quotes = report.quotes[-1][1] + 1 if report.quotes else start
    tail_open = next((i for i in range(after_quotes, end) if text[i] in _OPENING_QUOTES), None)
    if tail_open is not None:
        attribution = report.attribution
        tail_end = end
        if attribution is not None and attribution.cue > tail_open:
            # `“... game over', Blinken, in the meantime, warned.`: the quote stops before its speaker.
            cuts = list(_QUOTE_TAIL.finditer(text, tail_open + 1, attribution.cue))
            tail_end = cuts[-1].start() + 1 if cuts else attribution.cue
        parts.append(text[tail_open + 1 : tail_end].rstrip(" .,;").strip())
    parts = [p for p in parts if p]
    return " … ".join(parts) if parts else None


def _opens_unclosed_quote(text: str, sentence: Sentence) -> bool:
    chunk = text[sentence.start : sentence.end]
    return bool(chunk) and chunk[0] in _OPENING_QUOTES and not any(c in chunk[1:] for c in _CLOSING_QUOTES)


def _parsed_speech(utterance: Utterance, sentence: Sentence) -> _Speech:
    """The speaker the dependency parse gives a sentence, as extraction weighs it."""
    penalty = 0.1 if sentence.headline else 0.0
    penalty += 0.05 if utterance.via == "pronoun" else 0.0
    penalty += 0.0 if utterance.resolved else 0.1
    if utterance.via == "carried":
        return _Speech(utterance.speaker, utterance.kind, penalty + 0.05, -1, "quote_forward")
    cue = utterance.cue_span[0] if utterance.cue_span is not None else -1
    if utterance.form == "subject":
        # The sentence says what its subject does or holds ("X welcomed the talks"): no speech verb.
        return _Speech(utterance.speaker, "reported", penalty, cue, "subject")
    via = "pronoun" if utterance.via == "pronoun" else "verb"
    return _Speech(utterance.speaker, utterance.kind, penalty, cue, via)


def _speech(
    index: int,
    sentences: list[Sentence],
    reports: list[SentenceReport],
    text: str,
    lexicon: Lexicon,
    parsed: list[list[Utterance]] | None = None,
) -> _Speech | None:
    """The speaker of sentence `index`: the parse's, else its own by the word rules, an attribution after
    an open quote, or the one before."""
    primary = primary_utterance(parsed[index]) if parsed is not None else None
    own = reports[index].attribution
    if primary is not None and primary.form != "subject":
        return _parsed_speech(primary, sentences[index])
    if own is not None:
        penalty = 0.1 if sentences[index].headline else 0.0
        penalty += 0.05 if own.via == "pronoun" else 0.0
        penalty += 0.0 if own.resolved else 0.1
        return _Speech(own.speaker, own.kind, penalty, own.cue, own.via)
    sentence = sentences[index]
    if _opens_unclosed_quote(text, sentence):
        for later in range(index + 1, min(index + 4, len(sentences))):
            if sentences[later].paragraph != sentence.paragraph:
                break
            found = reports[later].attribution
            if found is not None and found.via in ("verb", "inverted", "pronoun"):
                kind = "anonymous_source" if found.kind == "anonymous_source" else "direct_quote"
                return _Speech(found.speaker, kind, 0.05, -1, "quote_forward")
    listed = _list_speaker(index, sentences, reports, text, parsed)
    if listed is not None:
        return listed
    # "..., the group added" with no group named before: the sentence names its speaker, just nobody known.
    names_nobody = parsed is not None and any(u.bare for u in parsed[index])
    if (
        index > 0
        and not names_nobody
        and not sentence.headline
        and not sentences[index - 1].headline
        and _CONTINUES.match(text, sentence.start, sentence.end)
    ):
        before = _previous_speaker(index - 1, reports, parsed)
        if before is not None and sentence.paragraph - sentences[index - 1].paragraph <= 1:
            if not _CARRIES_SPEAKER.match(
                text, sentence.start, sentence.end
            ) and not lexicon.carry_modal.search(blank_quotes(text[sentence.start : sentence.end])):
                return _OUTLET_WORDS
            kind = "anonymous_source" if before[1] == "anonymous_source" else "reported"
            return _Speech(before[0], kind, 0.2, -1)
    if primary is not None:
        # No speech verb and nobody to carry on: the named subject of the main verb holds it.
        return _parsed_speech(primary, sentence)
    return None


def _list_speaker(
    index: int,
    sentences: list[Sentence],
    reports: list[SentenceReport],
    text: str,
    parsed: list[list[Utterance]] | None,
) -> _Speech | None:
    """The speaker of a list item: whoever speaks the sentence introducing the list.

    "X outlined the outcomes:" or "..., X announced." then "▪ We propose ...", "- The deal will ...": each
    item (every sentence of a paragraph opening with a bullet) is the introducer's point.
    """
    if not _in_list(index, sentences, text):
        return None
    intro = index - 1
    while intro >= 0 and _in_list(intro, sentences, text):
        intro -= 1
    if intro < 0 or index - intro > _LIST_REACH or sentences[intro].headline:
        return None
    before = _previous_speaker(intro, reports, parsed)
    if before is None:
        return None
    kind = "anonymous_source" if before[1] == "anonymous_source" else "reported"
    return _Speech(before[0], kind, 0.15, -1, "list")


def _in_list(index: int, sentences: list[Sentence], text: str) -> bool:
    """Whether sentence `index` belongs to a list item (its paragraph opens with a bullet)."""
    first = index
    while first > 0 and sentences[first - 1].paragraph == sentences[index].paragraph:
        first -= 1
    return _BULLET.match(text, sentences[first].start) is not None


def _previous_speaker(
    index: int, reports: list[SentenceReport], parsed: list[list[Utterance]] | None
) -> tuple[Speaker, str] | None:
    """Who spoke sentence `index` (the parse's speaker, else the word rules'), with the attribution kind."""
    primary = primary_utterance(parsed[index]) if parsed is not None else None
    if primary is not None and primary.form != "subject":
        return primary.speaker, primary.kind
    own = reports[index].attribution
    return (own.speaker, own.kind) if own is not None else None


def _continues(
    previous: Claim, speech: _Speech, report: SentenceReport, sentence_text: str, resources: EngineResources
) -> bool:
    """A sentence without talk words that goes on with the previous claim of the same speaker.

    Either the speaker is quoted again ("..., " he said) or the sentence adds a condition on the talks
    just mentioned ("However, they will begin only after ...").
    """
    if speech.speaker.id != previous.speaker.id:
        return False
    if report.quotes and report.attribution is not None:
        return True
    conditions = find_conditions(resources.parser.parse_one(sentence_text), resources.lexicon)
    return any(not c.key.startswith(("leverage:", "not:")) for c in conditions)


def _article_channel(sentences: list[Sentence], reports: list[SentenceReport]) -> str | None:
    """The outlet an article is based on, named in its first paragraphs ("..., Radio Svoboda reports")."""
    for sentence, report in zip(sentences, reports, strict=True):
        if sentence.paragraph > 3:
            break
        if report.channel:
            return report.channel
    return None


def extract_claims(article: Article, resources: EngineResources | None = None) -> list[Claim]:
    """Every claim about negotiations in `article`, attributed: the body's in text order, then the headline's.

    The headline comes last so that a detector meets the body's full statement first and quotes it as
    evidence, rather than the terse headline summarising it.
    """
    resources = resources or default_resources()
    lexicon = resources.lexicon
    if not lexicon.may_mention_negotiations(article.body) and not lexicon.may_mention_negotiations(
        article.title
    ):
        return []
    cleaned = clean_body(article.body, article.title, lexicon)
    # The engine reads single quotations as quotations; claims keep the article's own characters.
    text = mark_single_quotes(cleaned.text)
    # Talk words an article holds: its strong cues, and every third weak one ("the talks", "the delegations").
    strong_in_article = len(lexicon.strong_cue.findall(text)) + len(lexicon.weak_cue.findall(text)) // 3
    if strong_in_article == 0:
        return []
    allow_weak = strong_in_article >= lexicon.weak_needs_article_strong
    reference = _reference_date(article, cleaned)
    attributor = Attributor(resources.actors, lexicon)
    ctx = attributor.context(text, reference)
    sentences = split_sentences(text, cleaned.headline_end)
    if _passing_mention(text, sentences, lexicon, strong_in_article):
        return []
    reports = [attributor.attribute(sentence, ctx) for sentence in sentences]
    # Who says what, from the dependency parse of every sentence with a speech cue (one batch).
    # Sentences with talk words are parsed too: their main verb's subject holds what they say when no
    # speech verb names a speaker (and stance and conditions read the same cached parse).
    cues_of = [negotiation_cues(text[s.start : s.end], lexicon, allow_weak) for s in sentences]
    with_cues = {i for i, cues in enumerate(cues_of) if cues}
    # Speech elsewhere is parsed only near them (whom a pronoun or "the minister" refers back to).
    near_cues = {j for i in with_cues for j in range(i - _SPEAKER_REACH, i + 2)}
    parsed = speech_reader(resources).read(
        text, sentences, reference, select=near_cues.__contains__, acting=with_cues.__contains__
    )
    article_channel = _article_channel(sentences, reports)
    dates = DateFinder(lexicon)
    said_at_by_speaker: dict[str, date] = {}
    claims: list[Claim] = []
    last_claim_index = -10
    for index, sentence in enumerate(sentences):
        sentence_text = text[sentence.start : sentence.end]
        cues = cues_of[index]
        change = reported_change(sentence_text, lexicon)
        speech = _speech(index, sentences, reports, text, lexicon, parsed)
        outlet_words = speech is _OUTLET_WORDS
        if outlet_words:
            speech = _editorial_speech(None, article)
        said: date | None = None
        if speech is not None and speech.cue >= 0:
            said = dates.find(blank_quotes(sentence_text), speech.cue - sentence.start, reference)
            if said is not None:
                said_at_by_speaker[speech.speaker.id] = said
        report = reports[index]
        topic: Topic | None = None
        in_talks_story = False
        if (
            not cues
            and change is None
            and (index - 1 in with_cues or index + 1 in with_cues)
            and _speaks_in_talks_story(
                sentence, sentence_text, parsed[index], speech, strong_in_article, resources
            )
        ):
            topic = Topic.other  # what the speaker's talk is about comes from the article (_fill_topics)
            in_talks_story = True
        elif not cues and change is None:
            previous = claims[-1] if claims and index - last_claim_index <= 2 else None
            if (
                outlet_words
                or previous is None
                or speech is None
                or not _continues(previous, speech, report, sentence_text, resources)
            ):
                continue
            # A follow-on sentence gets its topic from its own words, not from the claim before it.
            topic = _own_topic(sentence_text, resources)
            if topic is None:
                continue
        if change is not None and (
            speech is None or (report.attribution is not None and report.attribution.via == "subject")
        ):
            # "The decision marks a reversal of Carney's earlier position": the article's words about
            # Carney, whoever the sentence's subject is.
            at = sentence.start + max(0, sentence_text.find(change))
            owner = position_owner(attributor, at, at + len(change), ctx)
            if owner is not None:
                speech = _Speech(owner.speaker, Attribution.editorial.value, 0.0, owner.cue, "owner")
            else:
                speech = _editorial_speech(speech, article)
        if speech is None:
            continue
        # A speaker's dated statement dates what they go on to say; a reported position
        # ("X is expected to propose ...") is not a statement made that day.
        said_at = said if speech.via == "subject" else said_at_by_speaker.get(speech.speaker.id)
        claim = _build_claim(
            article,
            text,
            sentence,
            sentence_text,
            cues,
            change,
            speech,
            report,
            article_channel,
            said_at,
            resources,
            topic,
        )
        if in_talks_story and claim.stance is Stance.neutral and not claim.conditions:
            step = commitment_stance(resources.parser.parse_one(sentence_text), lexicon)
            if step is not None:
                claim = claim.model_copy(update={"stance": step})
        if change is not None and speech.via == "owner":
            claim = without_old_position(claim, sentence_text, change, lexicon, resources.parser)
        if outlet_words and not _states_a_position(claim):
            continue
        if _too_weak(claim, cues, speech, lexicon) and not (
            # In a story about talks, a party's own quoted words are its statement, however plain.
            claim.quote and speech.via == "pronoun" and strong_in_article >= _TALKS_STORY_CUES
        ):
            continue
        claims.append(claim)
        last_claim_index = index
    filled = _fill_topics(claims)
    if text is not cleaned.text:
        filled = [_as_written(claim, cleaned.text) for claim in filled]
    return sorted(filled, key=lambda claim: claim.span[0] < cleaned.headline_end)


def _passing_mention(text: str, sentences: list[Sentence], lexicon: Lexicon, strong: int) -> bool:
    """Whether talks come up only in passing: no talk word in the headline or lead, and few in a long story.

    An article about talks names them early or often; one that mentions them once, deep in a long story
    about something else (a hostage's fate, a leader's health), is not news about negotiations.
    """
    body = [s for s in sentences if not s.headline]
    if strong * _PASSING_DENSITY >= len(body):
        return False
    lead_end = body[min(len(body), _LEAD_SENTENCES) - 1].end if body else len(text)
    return lexicon.strong_cue.search(text, 0, lead_end) is None


def _speaks_in_talks_story(
    sentence: Sentence,
    sentence_text: str,
    utterances: list[Utterance],
    speech: _Speech | None,
    strong_in_article: int,
    resources: EngineResources,
) -> bool:
    """A named speaker's own words (a speech verb of theirs) in an article about talks, next to talk words.

    In a story about negotiations what its parties say bears on the talks even without a talk word
    ("the route will be safe", "the two sides remain far apart"). A subject merely acting is no statement,
    and neither is speech with no clause of its own ("briefed him on the attacks"): only a quotation or
    a content whose head is a verb says something.
    """
    primary = primary_utterance(utterances)
    if speech is None or strong_in_article < _TALKS_STORY_CUES:
        return False
    if primary is None:
        # A quotation going on, or "He also ...": the speaker of the sentence before goes on speaking.
        carried_on = speech.via in ("carried", "list")
        return carried_on and not resources.lexicon.not_negotiation.search(sentence_text)
    if primary.form == "subject" or primary.speaker.id != speech.speaker.id:
        return False
    if resources.lexicon.not_negotiation.search(sentence_text):
        return False  # "held bilateral talks with his counterpart": a meeting, not these talks
    if primary.kind == "direct_quote":
        return True
    doc = resources.parser.parse_one(sentence_text)
    start, end = (offset - sentence.start for offset in primary.content_span)
    inside = [t for t in doc if start <= t.idx < end]
    heads = [t for t in inside if t.head is t or not start <= t.head.idx < end]
    return any(t.pos_ in ("VERB", "AUX") for t in heads)


def _as_written(claim: Claim, original: str) -> Claim:
    """The claim with its evidence as the article writes it (single quotes where they were single)."""
    start, end = claim.span
    written = original[start:end]
    if written == claim.text:
        return claim
    return claim.model_copy(
        update={"text": written, "claim_id": claim_id_for(claim.article_id, start, end, written)}
    )


def _own_topic(sentence_text: str, resources: EngineResources) -> Topic | None:
    """The topic of a sentence without talk words, from its own words; None when it has no such content.

    A condition makes it a statement about talks: then a condition's subject matter (territory, aid) is
    not its topic, as for any sentence about talks as such.
    """
    lexicon = resources.lexicon
    topic = classify_topic(sentence_text, lexicon)
    if find_conditions(resources.parser.parse_one(sentence_text), lexicon) and topic in _CONDITION_SUBJECTS:
        return Topic.negotiations
    return None if topic is Topic.other else topic


def _states_a_position(claim: Claim) -> bool:
    """Whether the outlet's own sentence clearly claims something about talks: a condition, a change.

    "No ceasefire followed" is a fact the outlet reports, not a position: only conditions count.
    """
    binding = any(not c.key.startswith(("leverage:", "not:")) for c in claim.conditions)
    return binding or claim.stance is Stance.conditional or claim.reported_change is not None


def _too_weak(claim: Claim, cues: list[tuple[int, int]], speech: _Speech, lexicon: Lexicon) -> bool:
    """A speaker only inferred (a pronoun, the sentence before) and nothing but a bare "talks"/"deal":

    with no stance, condition or reported change this is background, not a claim about negotiations.
    """
    if speech.via not in ("pronoun", "carried") or claim.reported_change is not None:
        return False
    if any(lexicon.strong_cue.fullmatch(claim.text, start, end) for start, end in cues):
        return False
    return claim.stance is Stance.neutral and not claim.conditions


def _editorial_speech(speech: _Speech | None, article: Article) -> _Speech:
    """The article's own statement: about the actor it names first, else the outlet itself."""
    if speech is not None:
        return _Speech(speech.speaker, Attribution.editorial.value, speech.penalty, speech.cue, speech.via)
    outlet = Speaker(
        id=f"outlet-{article.source}".lower().replace(" ", "-")[:80], name=article.source, party="media"
    )
    return _Speech(outlet, Attribution.editorial.value, 0.0, -1)


def _build_claim(
    article: Article,
    text: str,
    sentence: Sentence,
    sentence_text: str,
    cues: list[tuple[int, int]],
    change: str | None,
    speech: _Speech,
    report: SentenceReport,
    article_channel: str | None,
    said_at: date | None,
    resources: EngineResources,
    topic: Topic | None = None,
) -> Claim:
    lexicon = resources.lexicon
    doc = resources.parser.parse_one(sentence_text)  # the parse attribution made of this sentence (cached)
    conditions = find_conditions(doc, lexicon)
    # What a deal is said to hold is keyed too, but sets no terms on the talks (the stance ignores it).
    terms = [t for t in deal_terms(doc, lexicon) if t.key not in {c.key for c in conditions}]
    reporter_words = blank_quotes(sentence_text)
    cue = (
        speech.cue - sentence.start
        if speech.via not in ("subject", "carried") and speech.cue >= sentence.start
        else -1
    )
    hedged = report.hedged_by_source or is_hedged(reporter_words, cue, lexicon)
    confidence = _BASE_CONFIDENCE[speech.attribution] - speech.penalty - (0.2 if hedged else 0.0)
    if topic is None:
        topic = classify_topic(sentence_text, lexicon) if cues else Topic.other
    return Claim(
        claim_id=claim_id_for(article.id, sentence.start, sentence.end, sentence_text),
        article_id=article.id,
        source=article.source,
        published_at=article.published_at,
        said_at=said_at,
        speaker=speech.speaker,
        topic=topic,
        stance=(
            classify_stance(doc, conditions, lexicon, other_side_of(resources.actors, speech.speaker.party))
            if cues or topic
            else Stance.neutral
        ),
        conditions=[*conditions, *terms],
        quote=_quote_text(text, sentence.start, sentence.end, report),
        text=sentence_text,
        span=(sentence.start, sentence.end),
        attribution=Attribution(speech.attribution),
        hedged=hedged,
        negated=is_negated(doc, lexicon),
        channel=_channel(report.channel or article_channel, article.source),
        reported_change=change,
        confidence=round(min(1.0, max(0.05, confidence)), 2),
    )


def _channel(channel: str | None, own_outlet: str) -> str | None:
    """The outlet cited; an outlet naming itself ("TURAN's correspondent reports") is no channel."""
    if channel is None or channel.casefold() == own_outlet.casefold():
        return None
    return channel


def _fill_topics(claims: list[Claim]) -> list[Claim]:
    """A claim with no topic words of its own (a reported change) takes its speaker's usual topic."""
    by_speaker: dict[str, Counter[Topic]] = {}
    for claim in claims:
        if claim.topic is not Topic.other:
            by_speaker.setdefault(claim.speaker.id, Counter())[claim.topic] += 1
    filled: list[Claim] = []
    for claim in claims:
        if claim.topic is Topic.other and claim.speaker.id in by_speaker:
            claim = claim.model_copy(update={"topic": by_speaker[claim.speaker.id].most_common(1)[0][0]})
        filled.append(claim)
    return filled


def _reference_date(article: Article, cleaned: CleanedBody) -> date | None:
    """What relative dates resolve against: the publication date, else a dateline in the text."""
    if article.published_at is not None:
        return article.published_at.date()
    return cleaned.dateline
