"""Condition keys from clause text: a clause's kinds in the lexicon's order, and the object each names.

A kind that takes a place is keyed ``<kind>:<place>``: the place named after the kind's word (gazetteer or
parse), else any place of the clause, else the one place of the sentence; the speaker's own land names none.
A clause of no listed kind after an open marker is keyed ``other:<slug>`` (see `clause_slug`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, overload

from services.engine.lexicon import Lexicon
from services.engine.syntax import entities

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# A clause runs at most this many characters after its marker or demand word.
MAX_CLAUSE = 120
# A clause telling what happened ("after troops left Kherson", "until militants attacked"), not what must.
_PAST = re.compile(r"\b(?:was|were|had|did)\b", re.IGNORECASE)
_PAST_PARTICIPLE = re.compile(r"\b[a-z]{3,}ed\b", re.IGNORECASE)
_NOT_PAST = re.compile(
    r"\b(?:is|are|be|been|has|have|will|would|can|could|must|should|does|do|gets?)\b", re.IGNORECASE
)
_SLUG_WORD = re.compile(r"[a-z0-9]+")
_SLUG_WORDS = 3
_PLACE_PREPOSITIONS = frozenset({"from", "of", "in", "out", "into", "to"})
# Possessive pronouns that stand for the clause's subject ("Tarvia ... its territorial integrity").
_PRONOUN_POSSESSORS = frozenset({"its", "their"})


def is_past(clause: str) -> bool:
    """Whether a clause tells what happened (a past verb and no present, future or modal one)."""
    if _PAST.search(clause):
        return True
    return _PAST_PARTICIPLE.search(clause) is not None and _NOT_PAST.search(clause) is None


def clause_slug(clause: str, lexicon: Lexicon) -> str | None:
    """The first content words of a clause, joined by hyphens ("the army returns to barracks" -> ...)."""
    words = _SLUG_WORD.findall(clause.casefold().replace("'s", "").replace("’s", ""))
    content = [w for w in words if w not in lexicon.slug_stopwords]
    return "-".join(content[:_SLUG_WORDS]) or None


def classify_clause(
    clause: str,
    lexicon: Lexicon,
    sentence: str = "",
    weak_only: bool = False,
    places: Sequence[str] = (),
) -> str | None:
    """The key of a condition clause ("once Kyiv leaves the Kursk region" -> "withdrawal:kursk"), if any.

    The object is the place named after the kind's word in the clause, else any place in the clause,
    else a place the parse names in the clause (`places`: a country or region outside the gazetteer),
    else the one place the whole `sentence` names; the speaker's own land ("our territory") names none.
    With `weak_only` (the clause follows "after", "before", "once", "if"), only kinds with after_weak count.
    """
    keys = clause_keys(clause, lexicon, sentence, weak_only, places, first_only=True)
    return keys[0] if keys else None


def clause_keys(
    clause: str,
    lexicon: Lexicon,
    sentence: str = "",
    weak_only: bool = False,
    places: Sequence[str] = (),
    first_only: bool = False,
) -> list[str]:
    """Every key the clause names, in the lexicon's order of kinds (one per kind; see classify_clause).

    Words a kind has keyed key no later kind ("not sit down directly" is no_direct_talks, not direct_talks).
    Kinds that only report a fact (term_only: "a truce was agreed") are no clause's (see condition_terms).
    """
    keys: list[str] = []
    taken: list[tuple[int, int]] = []
    for rule in lexicon.condition_kinds:
        if (weak_only and not rule.after_weak) or rule.term_only:
            continue
        if any(k == rule.kind or k.startswith(rule.kind + ":") for k in keys):
            continue
        match = rule.pattern.search(clause)
        if match is None or inside_spans(match, taken):
            continue
        if rule.needs_thing:
            key = thing_key(rule.kind, clause, match.start(), match.end(), lexicon)
        else:
            key = object_key(
                rule.kind,
                rule.needs_place,
                match.start(),
                clause,
                lexicon,
                sentence,
                places,
                agent=rule.agent_before,
            )
        if key is None:
            continue
        keys.append(key)
        taken.append(match.span())
        if first_only:
            break
    return keys


def inside_spans(match: re.Match[str], taken: list[tuple[int, int]]) -> bool:
    """Whether the match lies within words already keyed."""
    return any(a <= match.start() and match.end() <= b for a, b in taken)


def thing_key(kind: str, clause: str, start: int, end: int, lexicon: Lexicon) -> str | None:
    """<kind>:<thing> for a kind whose object is a thing, not a place: the last word of the words
    after the kind's ("removal of the Irish backstop" -> backstop), else of those just before them
    ("unless the backstop is abolished"); function words (the slug stopwords: "of the") end them."""
    after = _content_run(_SLUG_WORD.findall(clause[end:].casefold()), lexicon)
    before = _content_run(_SLUG_WORD.findall(clause[:start].casefold())[::-1], lexicon)
    words = after[-1:] or before[:1]
    return f"{kind}:{words[0]}" if words else None


def _content_run(words: list[str], lexicon: Lexicon) -> list[str]:
    """The first run of content words (at most _SLUG_WORDS), after any leading function words; a
    condition marker ends it ("must be ditched if ...")."""
    run: list[str] = []
    for word in words:
        if lexicon.condition_marker.fullmatch(word):
            break
        if word in lexicon.slug_stopwords:
            if run:
                break
            continue
        run.append(word)
        if len(run) == _SLUG_WORDS:
            break
    return run


def object_key(
    kind: str,
    needs_place: bool,
    at: int,
    clause: str,
    lexicon: Lexicon,
    sentence: str,
    places: Sequence[str],
    strict: bool = False,
    agent: re.Pattern[str] | None = None,
) -> str | None:
    """<kind>, or <kind>:<place> for a kind that takes one (None when its place is not found).

    With `strict` (a clause that may hold the actor too: "Serbia does not recognise ...") a place before
    the kind's word is no object; the one place of the sentence in the gazetteer still is. A place right
    after an `agent` word is who acts ("recognition from Belgrade"), never the object.
    """
    if not needs_place:
        return kind

    # The place named first after the kind's word ("Russia to withdraw its forces from Ukraine"), from
    # the gazetteer or the parse; else any place of the clause. A place after an agent word following
    # the kind's word is who acts, and no object anywhere.
    lowered = clause.casefold()
    named_after: list[tuple[int, str]] = [
        (m.start(), lexicon.place_id(m.group())) for m in lexicon.place.finditer(clause, at)
    ]
    starts = {position for position, _ in named_after}
    for name in places:
        position = lowered.find(name.casefold().removeprefix("the "), at)
        if position >= 0 and position not in starts:
            named_after.append((position, place_slug(name, lexicon)))
    actors = {
        obj for position, obj in named_after if agent is not None and agent.search(clause, at, position)
    }
    after = [(position, obj) for position, obj in named_after if obj not in actors]
    if after:
        return f"{kind}:{min(after)[1]}"
    place = (
        None
        if strict
        else next(
            (m for m in lexicon.place.finditer(clause) if lexicon.place_id(m.group()) not in actors), None
        )
    )
    if place is not None:
        return f"{kind}:{lexicon.place_id(place.group())}"
    if lexicon.own_territory.search(clause, at):
        return kind
    named = (
        []
        if strict
        else [p for p in places if p.casefold() in lowered and place_slug(p, lexicon) not in actors]
    )
    if named:
        return f"{kind}:{place_slug(named[0], lexicon)}"
    in_sentence = {lexicon.place_id(p) for p in lexicon.place.findall(sentence)} - actors
    if not in_sentence and not strict and isinstance(places, _ParsedPlaces):
        # A region named on a place noun ("from the Tigray region") is as sure a place as the gazetteer's.
        in_sentence = {place_slug(p, lexicon) for p in places.regions} - actors
    if len(in_sentence) == 1:
        return f"{kind}:{in_sentence.pop()}"
    return None


def possessor_place(word: Token, places: Sequence[str], lexicon: Lexicon) -> str | None:
    """The place an "its" or "their" on the kind's words stands for: the subject of their clause when the
    parse names it a place ("Tarvia should not be asked to give up its sovereignty and territorial
    integrity" -> tarvia). A list's later items take the first item's possessor."""
    node = word
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    if not any(c.dep_ == "poss" and c.lower_ in _PRONOUN_POSSESSORS for c in node.children):
        return None
    verb = node
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    while not subjects and verb.dep_ == "xcomp" and verb.head.i != verb.i:
        verb = verb.head  # "Tarvia should not be asked to give up its ...": the subject of "asked"
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    names = {p.casefold().removeprefix("the "): p for p in places}
    for subject in subjects:
        written = " ".join(t.text for t in subject.subtree if t.pos_ == "PROPN") or subject.text
        if written.casefold() in names:
            return place_slug(names[written.casefold()], lexicon)
    return None


def place_slug(written: str, lexicon: Lexicon) -> str:
    """The key object of a place: the gazetteer id, else the name as a lower-case slug ("South Sudan");
    a demonym names its country ("from Ukrainian territory" -> ukraine)."""
    known = lexicon.place_ids.get(written.casefold().removeprefix("the "))
    if known is not None:
        return known
    country = next((c for c, d in lexicon.demonyms.items() if d.casefold() == written.casefold()), None)
    if country is not None:
        written = country
    words = _SLUG_WORD.findall(written.casefold().removeprefix("the "))
    return "-".join(words) or written.casefold()


def parsed_places(doc: Doc | Span, lexicon: Lexicon | None = None) -> Sequence[str]:
    """The places the parse names in a sentence: countries, regions, cities, and a proper noun left,
    entered or held ("withdraws from Tigray", "troops in Abyei", "from the Tigray region": the name
    on a place noun of the lexicon), in text order.

    Read when a kind takes a place, which few sentences have: only then are the sentence's named
    entities found (see ``syntax.entities``)."""
    place_nouns = frozenset(lexicon.data.conditions.place_nouns) if lexicon is not None else frozenset()
    return _ParsedPlaces(doc, place_nouns)


class _ParsedPlaces(Sequence[str]):
    """`parsed_places` of one sentence, worked out on first reading."""

    def __init__(self, doc: Doc | Span, place_nouns: frozenset[str] = frozenset()) -> None:
        self._doc = doc
        self._place_nouns = place_nouns
        self._places: tuple[str, ...] | None = None
        self._regions: list[str] = []

    @property
    def regions(self) -> tuple[str, ...]:
        """The names found on a place noun ("the Tigray region")."""
        self._found()
        return tuple(self._regions)

    def _found(self) -> tuple[str, ...]:
        if self._places is None:
            doc = self._doc
            named = [ent.text for ent in entities(doc).ents if ent.label_ in ("GPE", "LOC")]
            for token in doc:
                if (
                    token.pos_ == "PROPN"
                    and token.dep_ == "pobj"
                    and token.head.lower_ in _PLACE_PREPOSITIONS
                ):
                    words = [t for t in token.subtree if t.pos_ == "PROPN" or t.lower_ == "-"]
                    named.append(" ".join(t.text for t in words) if words else token.text)
                elif (
                    token.dep_ == "pobj"
                    and token.lemma_.casefold() in self._place_nouns
                    and token.head.lower_ in _PLACE_PREPOSITIONS
                ):
                    name = [c.text for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
                    if name:
                        named.append(" ".join(name))  # "from the Tigray region": Tigray
                        self._regions.append(" ".join(name))
            self._places = tuple(dict.fromkeys(named))
        return self._places

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...
    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        return self._found()[index]

    def __len__(self) -> int:
        return len(self._found())

    def __iter__(self) -> Iterator[str]:
        return iter(self._found())
