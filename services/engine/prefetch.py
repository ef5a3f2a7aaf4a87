"""Parse the sentences several articles will ask for in one batch, before extraction asks for them.

Extraction parses an article's candidate sentences in one batch (``speech.reader``), about ten at a
time, and then finds the named entities of the few whose speaker is a noun phrase; the networks run
faster on bigger batches. ``prefetch`` reads the same cheap filters for a window of articles
(``parse_plan``: the talk words, the speech cues, the sentences near them), parses all the sentences
they select at once, and finds at once the entities of those the reader's own test says it will read
them of; extraction then finds the docs in the parser's cache. The plan only guesses what extraction
will parse: a sentence it leaves out is parsed when asked for, one it adds costs time but nothing
else. A doc is the same whichever batch parsed it, so claims are too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from schemas import Article
from services.engine.attributions import speech_reader
from services.engine.clean import clean_body
from services.engine.cues import negotiation_cues
from services.engine.resources import EngineResources
from services.engine.sentences import Sentence, quote_regions, split_sentences
from services.engine.single_quotes import mark_single_quotes
from services.engine.talks_story import passing_mention, story_cues

# Sentences before a sentence with talk words that extraction parses for the speakers it refers back to
# (and one after it), as in ``extract``.
_SPEAKER_REACH = 3


@dataclass(frozen=True)
class ParsePlan:
    """What extraction is expected to parse of one article: its sentences `chosen`, by index."""

    text: str
    sentences: list[Sentence]
    chosen: list[int]
    with_cues: set[int]  # sentences with talk words: the reader parses them as acting subjects too

    def texts(self) -> list[str]:
        return [self.text[self.sentences[i].start : self.sentences[i].end] for i in self.chosen]


def parse_plan(article: Article, resources: EngineResources) -> ParsePlan | None:
    """The sentences `extract_claims` is expected to parse for `article` (None if it stops early)."""
    lexicon = resources.lexicon
    if not lexicon.may_mention_negotiations(article.body) and not lexicon.may_mention_negotiations(
        article.title
    ):
        return None
    cleaned = clean_body(article.body, article.title, lexicon)
    text = mark_single_quotes(cleaned.text)
    story = story_cues(text, cleaned.headline_end, lexicon, article.title)
    if story.words == 0:
        return None
    sentences = split_sentences(text, cleaned.headline_end)
    if passing_mention(text, sentences, lexicon, story):
        return None
    allow_weak = story.words >= lexicon.weak_needs_article_strong
    texts = [text[s.start : s.end] for s in sentences]
    with_cues = {i for i, sentence in enumerate(texts) if negotiation_cues(sentence, lexicon, allow_weak)}
    if story.talks_story:
        near: set[int] | range = range(len(sentences))
    else:
        near = {j for i in with_cues for j in range(i - _SPEAKER_REACH, i + 2)}
    chosen = set(speech_reader(resources).candidates(text, sentences)) & set(near) | with_cues
    return ParsePlan(text, sentences, sorted(chosen), with_cues)


def prefetch(articles: Sequence[Article], resources: EngineResources) -> None:
    """Parse in one batch the sentences extraction is expected to ask for in `articles` (cached), and
    find in one batch the entities of the docs the speech reader is expected to read them of."""
    plans = [plan for plan in (parse_plan(article, resources) for article in articles) if plan is not None]
    planned = [text for plan in plans for text in plan.texts()]
    if not planned:
        return
    docs = iter(resources.parser.parse(planned))
    reader = speech_reader(resources)
    readers = []
    for plan in plans:
        for index in plan.chosen:
            doc = next(docs)
            sentence = plan.sentences[index]
            events = reader.finder.events(doc, quote_regions(plan.text[sentence.start : sentence.end]))
            # The reader's own test of which docs it finds the entities of in its batch.
            if reader._names_source(doc, plan.text, sentence, events, index in plan.with_cues):
                readers.append(doc)
    resources.parser.find_entities(readers)
