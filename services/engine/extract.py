"""extract_claims: from one article to the claims about negotiations it contains.

Pipeline: clean the body (the title heads the cleaned text as its first line), split sentences,
attribute every sentence in order (pronouns need the speakers before them), then keep the sentences
with negotiation vocabulary (or an article-reported change of position) as claims; in a story about
talks (``talks_story``) a party's own statement is one even without a talk word. Who speaks a sentence
is ``claim_speech``'s judgement.

A claim's ``span`` indexes the cleaned text: ``clean_body(article.body, article.title).text[start:end]``
equals ``claim.text``. A sentence nobody is said to speak is kept only when it reports a change of
position (attribution ``editorial``); a sentence with no speaker of its own takes the speaker of an
unclosed quotation's attribution that follows, or of the sentence just before (lower confidence).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import date

from schemas import Article, Attribution, Claim, Speaker, Stance, Topic
from services.engine.attribute import Attributor, SentenceReport
from services.engine.attributions import speech_reader
from services.engine.claim_speech import (
    OPENING_QUOTES,
    OUTLET_WORDS,
    ClaimSpeech,
    claim_speech,
    quoted_paragraph_speech,
    role_speech,
    transcript_speech,
)
from services.engine.clean import CleanedBody, clean_body
from services.engine.condition_context import resolve_objects
from services.engine.conditions import deal_terms, find_conditions
from services.engine.cues import negotiation_cues
from services.engine.dates import DateFinder
from services.engine.lexicon import Lexicon
from services.engine.owners import position_owner, without_old_position
from services.engine.reporting import blank_quotes, is_hedged, reported_change
from services.engine.resources import EngineResources, default_resources
from services.engine.sentences import Sentence, split_sentences
from services.engine.single_quotes import mark_single_quotes
from services.engine.stance import classify_stance, commitment_stance, is_negated, other_side_of
from services.engine.talks_story import passing_mention, speaks_in_talks_story, story_cues
from services.engine.topics import classify_topic

# How many sentences before a claim sentence are parsed for the speakers it may refer back to.
_SPEAKER_REACH = 3
_BASE_CONFIDENCE = {"direct_quote": 0.9, "reported": 0.8, "anonymous_source": 0.6, "editorial": 0.5}
# An attribution after an unclosed quote: the comma before the speaker ends the quotation.
_QUOTE_TAIL = re.compile(r"[,.;]['’”]?\s+(?=[A-Z]|(?:he|she|the|a|an|one)\s)")
_CONDITION_SUBJECTS = (Topic.territory, Topic.military_aid, Topic.other)


def claim_id_for(article_id: str, start: int, end: int, text: str) -> str:
    """Deterministic claim id: the same article and span always give the same id."""
    digest = hashlib.sha256(f"{article_id}\x1f{start}\x1f{end}\x1f{text}".encode()).hexdigest()
    return digest[:24]


def _quote_text(text: str, start: int, end: int, report: SentenceReport) -> str | None:
    """The verbatim quotation(s) of a sentence; an unclosed one runs to the end of the sentence."""
    parts = [text[a + 1 : b].strip() for a, b in report.quotes if b > a + 1]
    after_quotes = report.quotes[-1][1] + 1 if report.quotes else start
    tail_open = next((i for i in range(after_quotes, end) if text[i] in OPENING_QUOTES), None)
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


def _continues(
    previous: Claim,
    speech: ClaimSpeech,
    report: SentenceReport,
    sentence_text: str,
    resources: EngineResources,
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
    story = story_cues(text, cleaned.headline_end, lexicon, article.title)
    strong_in_article = story.words
    if strong_in_article == 0:
        return []
    allow_weak = strong_in_article >= lexicon.weak_needs_article_strong
    reference = _reference_date(article, cleaned)
    attributor = Attributor(resources.actors, lexicon)
    ctx = attributor.context(text, reference)
    sentences = split_sentences(text, cleaned.headline_end)
    if passing_mention(text, sentences, lexicon, story):
        return []
    reports = [attributor.attribute(sentence, ctx) for sentence in sentences]
    # Who says what, from the dependency parse of every sentence with a speech cue (one batch).
    # Sentences with talk words are parsed too: their main verb's subject holds what they say when no
    # speech verb names a speaker (and stance and conditions read the same cached parse).
    cues_of = [negotiation_cues(text[s.start : s.end], lexicon, allow_weak) for s in sentences]
    with_cues = {i for i, cues in enumerate(cues_of) if cues}
    story = story.with_sides(text, sentences, with_cues, resources.actors)
    # Speech elsewhere is parsed only near them (whom a pronoun or "the minister" refers back to).
    near_cues = {j for i in with_cues for j in range(i - _SPEAKER_REACH, i + 2)}
    if story.talks_story:
        near_cues = set(range(len(sentences)))
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
        speech = claim_speech(index, sentences, reports, text, lexicon, parsed)
        transcript = transcript_speech(index, sentences, text, resources.actors)
        if transcript is not None and (speech is None or transcript.via == "transcript"):
            speech = transcript  # the transcript's own label, not a word of its capitals, names the speaker
        if speech is None:
            speech = quoted_paragraph_speech(index, sentences, reports, text, parsed)
        if speech is None and cues and story.talks_story:
            # A role the registry does not know ("a spokesman for the commission") speaking of the talks.
            speech = role_speech(parsed[index], sentence, resources.speech.speech_nouns, lexicon)
        outlet_words = speech is OUTLET_WORDS
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
            and speaks_in_talks_story(
                sentence,
                sentence_text,
                parsed[index],
                speech,
                story,
                resources,
                index - 1 in with_cues or index + 1 in with_cues,
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
                speech = ClaimSpeech(owner.speaker, Attribution.editorial.value, 0.0, owner.cue, "owner")
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
            # In a story about talks, what a party is said to say is its statement, however plain ("It added
            # that the talks had been held over four days"): a pronoun names the speaker of its own speech
            # verb, and quoted words going on from the sentence before are the same speaker's.
            story.talks_story and (speech.via == "pronoun" or (claim.quote and speech.via == "carried"))
        ):
            continue
        claims.append(claim)
        last_claim_index = index
    filled = resolve_objects(_fill_topics(claims), text, lexicon, resources.speech.country_of)
    if text is not cleaned.text:
        filled = [_as_written(claim, cleaned.text) for claim in filled]
    return sorted(filled, key=lambda claim: claim.span[0] < cleaned.headline_end)


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


def _too_weak(claim: Claim, cues: list[tuple[int, int]], speech: ClaimSpeech, lexicon: Lexicon) -> bool:
    """A speaker only inferred (a pronoun, the sentence before) and nothing but a bare "talks"/"deal":

    with no stance, condition or reported change this is background, not a claim about negotiations.
    """
    if speech.via not in ("pronoun", "carried") or claim.reported_change is not None:
        return False
    if any(lexicon.strong_cue.fullmatch(claim.text, start, end) for start, end in cues):
        return False
    return claim.stance is Stance.neutral and not claim.conditions


def _editorial_speech(speech: ClaimSpeech | None, article: Article) -> ClaimSpeech:
    """The article's own statement: about the actor it names first, else the outlet itself."""
    if speech is not None:
        return ClaimSpeech(
            speech.speaker, Attribution.editorial.value, speech.penalty, speech.cue, speech.via
        )
    outlet = Speaker(
        id=f"outlet-{article.source}".lower().replace(" ", "-")[:80], name=article.source, party="media"
    )
    return ClaimSpeech(outlet, Attribution.editorial.value, 0.0, -1)


def _build_claim(
    article: Article,
    text: str,
    sentence: Sentence,
    sentence_text: str,
    cues: list[tuple[int, int]],
    change: str | None,
    speech: ClaimSpeech,
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
