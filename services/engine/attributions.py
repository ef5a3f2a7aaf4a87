"""extract_attributions: every attributed statement of an article, on any topic (who said what).

The article is cleaned and split as for claims (``clean_body`` headed by the title, single quotations
marked), every sentence with a speech cue is parsed (one batch), and each speech event is resolved to a
speaker (``services.engine.speech``). Spans are mapped back to offsets into the article body exactly
as given: ``article.body[start:end]`` is the speaker's mention, the cue and the content. Statements in
the title line have no body offsets and are left out.
"""

from __future__ import annotations

from datetime import date

from schemas import Article, AttributionRecord, SpeechKind
from services.engine.clean import CleanedBody, clean_body
from services.engine.resources import EngineResources, default_resources
from services.engine.sentences import split_sentences
from services.engine.single_quotes import mark_single_quotes
from services.engine.speech.quotations import with_doubled_apostrophes_as_quotes
from services.engine.speech.reader import SpeechReader, Utterance


def speech_reader(resources: EngineResources) -> SpeechReader:
    """A reader of utterances with the resources' registry, lexicon, speech vocabulary and parser."""
    return SpeechReader(resources.actors, resources.lexicon, resources.speech, resources.parser)


def reference_date(article: Article, cleaned: CleanedBody) -> date | None:
    """What dated roles resolve against: the publication date, else a dateline in the text."""
    if article.published_at is not None:
        return article.published_at.date()
    return cleaned.dateline


def extract_attributions(
    article: Article, resources: EngineResources | None = None
) -> list[AttributionRecord]:
    """Every attributed statement of `article` in text order, with spans into ``article.body``."""
    resources = resources or default_resources()
    cleaned = clean_body(article.body, article.title, resources.lexicon)
    # Doubled apostrophes made quotation marks before the split, so a quotation ends its sentence as one.
    text = with_doubled_apostrophes_as_quotes(mark_single_quotes(cleaned.text))
    sentences = split_sentences(text, cleaned.headline_end)
    reader = speech_reader(resources)
    found = reader.read(text, sentences, reference_date(article, cleaned))
    title_length = len(article.title.strip()) + 1 if article.title.strip() else 0

    def to_body(span: tuple[int, int] | None) -> tuple[int, int] | None:
        if span is None:
            return None
        start = cleaned.to_source(span[0]) - title_length
        end = cleaned.to_source(span[1] - 1) + 1 - title_length
        return (start, end) if start >= 0 else None

    records: list[AttributionRecord] = []
    for utterances in found:
        for utterance in utterances:
            record = _record(article, utterance, to_body)
            if record is not None:
                records.append(record)
    return records


def _record(article: Article, utterance: Utterance, to_body: object) -> AttributionRecord | None:
    convert = to_body  # a closure of extract_attributions: cleaned offsets -> body offsets
    content = convert(utterance.content_span)  # type: ignore[operator]
    if content is None:
        return None
    return AttributionRecord(
        article_id=article.id,
        speaker=utterance.speaker,
        speaker_span=convert(utterance.speaker_span),  # type: ignore[operator]
        cue_span=convert(utterance.cue_span),  # type: ignore[operator]
        content_span=content,
        kind=SpeechKind(utterance.kind),
        text=article.body[content[0] : content[1]],
    )
