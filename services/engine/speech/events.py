"""Speech events in one parsed sentence: the cue, the source's noun phrase and the content, from the tree.

Forms read off the dependency parse (spaCy labels):
- active: the ``nsubj`` of a speech verb ("X said ..."), also inverted ("..., said X", "..., X said");
- passive: the ``agent`` of a passive speech verb ("it was announced by X"); the passive subject of a
  quoting verb ("X was quoted as saying");
- shared: a speech verb with no subject of its own takes its governing verb's ("X met Y and said",
  "X issued a statement saying"); a relative pronoun stands for the noun it follows;
- "according to X": the object of "to";
The content is the clausal complement (``ccomp``), else the clause a parenthetical cue interrupts, else
a quotation in the sentence, else (for verbs other than "say") the object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.engine.speech.lexicon import SpeechLexicon
from services.engine.speech.spans import (
    in_quote,
    is_passive,
    names_a_title,
    phrase_span,
    subtree_span,
    tagged,
    trimmed,
)
from services.engine.syntax import entities, text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_CLAUSE_DEPS = ("ccomp",)
_CLIMB_DEPS = ("conj", "xcomp", "advcl", "pcomp", "acl", "relcl", "prep")
_CONTENT_PREPOSITIONS = frozenset({"for", "on", "about", "to", "against", "of"})


@dataclass(frozen=True)
class SpeechEvent:
    """One speech event of a sentence; offsets are character offsets into the sentence text."""

    cue: tuple[int, int]
    source_head: int | None  # token index of the source phrase's head; None: no source in the sentence
    source: tuple[int, int] | None
    content: tuple[int, int]
    form: str  # active | passive | quoted_as | shared | according_to
    by_object: bool = False  # the content is the verb's object ("denied the report"), not a clause
    content_root: int | None = None  # token index of the content clause's head, when it is a clause
    quoted: bool = False  # the content is a quotation that follows the sentence ("X continued: “...”")
    content_before: bool = False  # what is said is the quotation just before the sentence ("...” X said.)


class EventFinder:
    """Finds the speech events of parsed sentences with one speech vocabulary."""

    def __init__(self, lexicon: SpeechLexicon) -> None:
        self.lexicon = lexicon

    def events(self, doc: Doc, quotes: list[tuple[int, int]]) -> list[SpeechEvent]:
        """Every speech event of `doc` whose cue lies outside quotations, in text order."""
        found: list[SpeechEvent] = []
        for token in doc:
            if in_quote(token.idx, quotes):
                continue
            if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
                event = self._according_to(doc, token)
            elif self._is_speech_verb(token):
                event = self._verb_event(doc, token, quotes)
            else:
                continue
            if event is not None:
                found.append(event)
        return _outermost(found)

    def _is_speech_verb(self, token: Token) -> bool:
        if token.pos_ != "VERB" or token.dep_ in ("amod", "compound", "nsubj", "dobj", "pobj"):
            return False
        return token.lemma_.casefold() in self.lexicon.verbs

    def _according_to(self, doc: Doc, according: Token) -> SpeechEvent | None:
        to = doc[according.i + 1]
        objects = [c for c in to.children if c.dep_ == "pobj"] or [
            c for c in according.children if c.dep_ == "pobj"
        ]
        if not objects:
            return None
        source = phrase_span(objects[0])
        phrase_start = according.idx
        phrase_end = source[1]
        before = trimmed(doc, 0, phrase_start)
        after = trimmed(doc, phrase_end, len(text_of(doc)))
        content = before if before and (not after or before[1] - before[0] >= after[1] - after[0]) else after
        if content is None:
            return None
        cue = (according.idx, to.idx + len(to.text))
        return SpeechEvent(cue, objects[0].i, source, content, "according_to", content_root=according.head.i)

    def _source(
        self, verb: Token, depth: int = 0, quotes: list[tuple[int, int]] | None = None
    ) -> tuple[Token | None, str]:
        """The head of the source phrase of a speech verb, and the form it was found by."""
        lemma = verb.lemma_.casefold()
        passive = is_passive(verb)
        for child in verb.children:
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0], "passive"
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
        # Two subjects is a misparse of a title before a name ("army chief X vowed"): the person speaks;
        # or of a quotation's own subject hung on the verb after it (`“... that I see ...,” she wrote`):
        # the one outside the quotation speaks.
        inside = quotes or []
        if len(subjects) > 1:
            entities(verb.doc)
        subjects.sort(key=lambda c: (in_quote(c.idx, inside), c.ent_type_ != "PERSON"))
        for child in subjects:
            if child.dep_ == "nsubjpass" or passive:
                if lemma in self.lexicon.quoted_verbs:
                    return child, "quoted_as"
                return None, "passive"  # "talks were announced", "X was told": no speaker named
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head, "active"
            return child, "active"
        # spaCy makes a new Token object on each access, so tokens are compared by index: the root is its
        # own head, and the climb stops there.
        inverted = self._inverted_subject(verb)
        if inverted is not None:
            return inverted, "active"
        if depth < 3 and verb.dep_ in _CLIMB_DEPS and verb.head.i != verb.i:
            head = verb.head
            while (
                head.pos_ not in ("VERB", "AUX")
                and head.head.i != head.i
                and head.dep_ in (*_CLIMB_DEPS, "dobj", "pobj", "attr")
            ):
                head = head.head
            if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
                return verb.head, "active"
            found, form = self._source(head, depth + 1, quotes)
            return found, "shared" if form == "active" else form
        return None, "none"

    @staticmethod
    def _inverted_subject(verb: Token) -> Token | None:
        """ "“...,” warned Mbeki, flanked by ...": the name right after the verb, misparsed as its attribute.

        Only after what is said (a clause before the verb) and for a proper name next to the verb.
        """
        said_before = any(c.dep_ in _CLAUSE_DEPS and c.i < verb.i for c in verb.children)
        if not said_before:
            return None
        for child in verb.children:
            if child.dep_ in ("attr", "dobj") and child.pos_ == "PROPN" and child.left_edge.i == verb.i + 1:
                return child
        return None

    def _content(self, doc: Doc, verb: Token, quotes: list[tuple[int, int]]) -> tuple[int, int, str] | None:
        for child in verb.children:
            if child.dep_ in _CLAUSE_DEPS:
                return tagged(trimmed(doc, *subtree_span(child)), "clause")
        for child in verb.children:
            # "X was quoted as saying the deal was dead": the clause hangs under "as saying".
            if child.dep_ in ("xcomp", "prep", "advcl") and child.lemma_.casefold() in ("say", "as"):
                inner = self._content(doc, child, quotes) if child.pos_ == "VERB" else None
                for grand in child.children:
                    if inner is None and grand.dep_ == "pcomp":
                        inner = self._content(doc, grand, quotes)
                if inner is not None:
                    return inner
        if verb.lemma_.casefold() in self.lexicon.clause_only_verbs:
            return self._after_colon(doc, verb)
        framing = self._framing_clause(verb) is not None
        if verb.dep_ in ("parataxis",) or (
            verb.dep_ in ("advcl", "conj") and self._between_commas(verb) and not framing
        ):
            # "The talks, he said, will resume": the clause the cue interrupts.
            return tagged(trimmed(doc, *subtree_span(verb.head, without=verb)), "interrupted")
        colon = self._after_colon(doc, verb)
        if colon is not None:
            return colon
        outside = [q for q in quotes if not (q[0] <= verb.idx <= q[1])]
        if framing:
            # "Asked by X about Y, Z said, “...”", "said Z, urging ...": the quotation is Z's; the clause
            # beside the cue says its own content.
            outside = []
        if outside:
            # A quotation after a preposition or an article is a title (`said on “Morning Show”`), not speech.
            said = [q for q in outside if not names_a_title(doc, q[0])] or outside
            return tagged(trimmed(doc, said[0][0], said[-1][1] + 1), "quote")
        that = next((t for t in doc[verb.i + 1 :] if t.lower_ == "that" and t.dep_ in ("mark", "dobj")), None)
        if that is not None and self._clause_of_another_cue(that, verb):
            that = None  # "While X pledged to help, Y insisted that ...": the clause is Y's
        if that is not None and not any(t.is_punct and t.text in ".;" for t in doc[verb.i + 1 : that.i]):
            # "X said on Friday during a briefing that ...": a misparse hangs the clause elsewhere.
            return tagged(trimmed(doc, that.idx, len(text_of(doc))), "clause")
        pro_form = self._pro_form(verb)
        if pro_form is not None:
            # "Most voters said so", "X said the same of Y", "half said yes": the word stands for the content.
            return tagged(trimmed(doc, *subtree_span(pro_form)), "object")
        if verb.lemma_.casefold() in self.lexicon.bare_object_verbs:
            return None
        predicated = self._object_and_predicate(verb)
        if predicated is not None:
            return tagged(trimmed(doc, *predicated), "object")
        for child in verb.children:
            if verb.lemma_.casefold() in self.lexicon.preposition_only_verbs:
                break
            if child.dep_ in ("dobj", "xcomp") and len(list(child.subtree)) >= 2:
                start, end = subtree_span(child)
                # "urged her allies to wait": the listener and what they are urged to do, one content.
                end = max([end, *(subtree_span(c)[1] for c in verb.children if c.dep_ == "xcomp")])
                return tagged(trimmed(doc, start, end), "object")
        for child in verb.children:
            # "called for new elections", "pointed to the schedule", "spoke about the plan".
            marker = (
                next((c for c in child.children if c.dep_ == "mark"), None) if child.dep_ == "advcl" else None
            )
            if (child.dep_ == "prep" and child.lower_ in _CONTENT_PREPOSITIONS) or (
                marker is not None and marker.lower_ == "for"
            ):
                start = min(child.idx, marker.idx) if marker is not None else child.idx
                end = child.right_edge.idx + len(child.right_edge.text)
                return tagged(trimmed(doc, start, end), "object")
        return None

    @staticmethod
    def _object_and_predicate(verb: Token) -> tuple[int, int] | None:
        """ "called him a liar", "described the plan as a trap": the object and what it is called."""
        target = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
        if target is None:
            return None
        predicate = next(
            (
                c
                for c in verb.children
                if c.i > target.i and (c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as"))
            ),
            None,
        )
        if predicate is None:
            return None
        return target.left_edge.idx, predicate.right_edge.idx + len(predicate.right_edge.text)

    def _pro_form(self, verb: Token) -> Token | None:
        """The word right after the verb standing for what was said ("so", "the same", "yes"), if any."""
        for child in verb.children:
            if (
                child.i > verb.i
                and child.dep_ in ("advmod", "dobj", "intj")
                and (child.lower_ in self.lexicon.pro_form_contents)
            ):
                return child
        return None

    @staticmethod
    def _after_colon(doc: Doc, verb: Token) -> tuple[int, int, str] | None:
        """ "X continued: ..." — what follows the colon, or (when the sentence ends there) what follows it."""
        index = verb.i + 1
        while index < len(doc) and (doc[index].dep_ in ("prt", "advmod", "npadvmod") or doc[index].like_num):
            index += 1
        if index >= len(doc) or doc[index].text != ":":
            return None
        rest = trimmed(doc, doc[index].idx + 1, len(text_of(doc)))
        if rest is None:
            return (len(text_of(doc)), len(text_of(doc)), "pending")
        return tagged(rest, "quote")

    @staticmethod
    def _opens_with_subject_and_verb(verb: Token) -> bool:
        """Whether the sentence is "X said ..." with X first: an attribution of what came before it."""
        if verb.dep_ != "ROOT":
            return False
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None:
            return False
        first = next((t for t in verb.doc if not t.is_punct), None)
        return first is not None and first.i == subject.left_edge.i and subject.i < verb.i

    @staticmethod
    def _between_commas(verb: Token) -> bool:
        doc = verb.doc
        left = verb.left_edge.i - 1
        return (
            left >= 0
            and doc[left].text == ","
            and verb.right_edge.i + 1 < len(doc)
            and doc[verb.right_edge.i + 1].text in (",", ".")
        )

    def _frames_another_cue(self, verb: Token) -> bool:
        """Whether the verb heads a clause set before another speech verb ("Asked about it, X said")."""
        return verb.dep_ == "advcl" and verb.head.i != verb.i and self._is_speech_verb(verb.head)

    def _clause_of_another_cue(self, that: Token, verb: Token) -> bool:
        """Whether the clause `that` opens is the complement of a speech verb other than `verb`."""
        clause = that.head
        owner = clause.head
        return clause.dep_ == "ccomp" and owner.i != verb.i and self._is_speech_verb(owner)

    def _framing_clause(self, verb: Token) -> Token | None:
        """The clause framing another speech verb that the verb heads or lies in ("asked to respond")."""
        token = verb
        for _ in range(4):
            if self._frames_another_cue(token):
                return token
            if token.dep_ not in ("xcomp", "conj", "prep", "pcomp", "pobj") or token.head.i == token.i:
                return None
            token = token.head
        return None

    def _verb_event(self, doc: Doc, verb: Token, quotes: list[tuple[int, int]]) -> SpeechEvent | None:
        if any(c.dep_ == "neg" for c in verb.children) and verb.lemma_.casefold() in ("say", "comment"):
            return None  # "declined to say", "did not say": no statement
        if (
            self._frames_another_cue(verb)
            and verb.tag_ == "VBN"
            and not any(c.dep_ in ("agent", *_SUBJECTS, "aux", "auxpass") for c in verb.children)
        ):
            return None  # "Asked about the delay, the minister said": the minister was asked, asks nothing
        found = self._content(doc, verb, quotes)
        if found is None and any(c.dep_ == "agent" for c in verb.children):
            # "The first results were announced by X": what was announced is the passive subject.
            subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            if subject is not None and len(list(subject.subtree)) >= 2:
                found = tagged(trimmed(doc, *subtree_span(subject)), "object")
        if found is None and self._opens_with_subject_and_verb(verb):
            # `“Who are they?” X said of the bank.`: the quotation closed before the sentence boundary.
            found = (0, 0, "before")
        if found is None:
            return None
        content = (found[0], found[1])
        by_object = found[2] == "object"
        head, form = self._source(verb, quotes=quotes)
        source = phrase_span(head) if head is not None else None
        if source is not None and found[2] in ("clause", "object") and content[0] <= source[0] < content[1]:
            return None  # the "source" lies inside what is said: a misparse
        cue_end = verb.idx + len(verb.text)
        for child in verb.children:
            if child.dep_ == "prt":
                cue_end = max(cue_end, child.idx + len(child.text))
        root = None
        if found[2] == "clause":
            root = next((c.i for c in verb.children if c.dep_ in _CLAUSE_DEPS), None)
        elif found[2] == "interrupted":
            root = verb.head.i
        return SpeechEvent(
            (verb.idx, cue_end),
            head.i if head is not None else None,
            source,
            content,
            form,
            by_object,
            root,
            content_before=found[2] == "before",
        )


def _outermost(events: list[SpeechEvent]) -> list[SpeechEvent]:
    """Events without those nested in another's content by a shared subject or an object only.

    "X was quoted as saying ..." is one event, and "a statement saying it rejected the proposal" has no
    second speaker in "it rejected"; a speaker quoted inside another's words keeps its own event.
    """
    kept: list[SpeechEvent] = []
    for event in events:
        inside = [
            other
            for other in events
            if other is not event and other.content[0] <= event.cue[0] < other.content[1]
        ]
        if inside and (event.form == "shared" or event.by_object):
            continue
        if any(other.content == event.content for other in kept):
            continue  # "was quoted as saying ...": one statement, its first cue
        kept.append(event)
    return kept
