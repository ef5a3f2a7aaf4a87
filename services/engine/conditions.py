"""Conditions on talks, with normalized keys that compare across outlets, wordings and sides.

Key scheme (``<kind>:<object>`` when the condition names a place, the place normalized by the
lexicon's gazetteer; ``<kind>`` alone otherwise):
- ``withdrawal:<place>``: talks wait for someone to leave the place ("until the liberation of the
  Kursk region", "only after the AFU withdraw from Kursk", "as long as the AFU remain in Kursk",
  "once Kyiv leaves the Kursk region"); ``withdrawal`` alone when the place is the speaker's own land
  ("until the last soldier has left our land");
- ``leverage:<place>``: holding the place is an asset in talks ("its position in Kursk is important
  for negotiations"). Same object, conflicting kind: a detector compares it with withdrawal:<place>;
- ``recognition:<place>``, ``elections``, ``sanctions_relief``, ``neutrality``, ``neutral_venue``,
  ``nato_membership``, ``icj_settlement``, ``good_faith``: other kinds of clause conditions from the lexicon;
- standalone keys from the lexicon: ``position_of_strength``, ``security_guarantees``, ``good_faith``,
  ``ceasefire_first``;
- kinds named by a noun or verb alone: ``reparations``, ``referendum``, ``hostage_release``,
  ``prisoner_exchange``, ``denuclearization``, ``tariff_relief``, ... (the lexicon's list);
- ``other:<slug>``: a clause after an open marker ("until", "only if", "unless") of no listed kind,
  the slug its first content words ("until the army returns to barracks" -> other:army-returns-barracks);
- ``not:<key>``: the condition is denied ("regardless of Kursk"); ``no_preconditions``.

Terms (`deal_terms`) use the same keys for what a deal holds and for the subject matter of a demand,
offer, refusal or proposal ("refuses to recognise Kosovo" -> recognition:kosovo); they set no condition.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from schemas import Condition
from services.engine.condition_clauses import tells_the_past
from services.engine.lexicon import Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# A comma inside a number ("5,000") and an opening quotation mark ('accepts "new realities"') end no clause.
_CLAUSE_END = re.compile(r"(?:[,.](?!\d)|[;:!?”»]|\"(?!\w))|\s[–—-]\s|\b(?:and then|but|because|so that)\b")
_MAX_CLAUSE = 120
# A ceasefire demanded or agreed is the deal itself, not one of its terms ("called for a ceasefire").
_NOT_TERMS = frozenset({"ceasefire_first"})
# Where the terms after a demand or a deal's content end: quotation marks do not end them.
_TERMS_END = re.compile(
    r"[,.;:!?]|\s[–—-]\s|\b(?:and then|but|because|so that|while|whereas)\b|\b(?:and|or|yet) not\b"
)
_PRECONDITIONS = re.compile(r"preconditions", re.IGNORECASE)
# A clause telling what happened ("after troops left Kherson", "until militants attacked"), not what must.
_PAST = re.compile(r"\b(?:was|were|had|did)\b", re.IGNORECASE)
_PAST_PARTICIPLE = re.compile(r"\b[a-z]{3,}ed\b", re.IGNORECASE)
_NOT_PAST = re.compile(
    r"\b(?:is|are|be|been|has|have|will|would|can|could|must|should|does|do|gets?)\b", re.IGNORECASE
)
_SLUG_WORD = re.compile(r"[a-z0-9]+")
_SLUG_WORDS = 3
_PLACE_PREPOSITIONS = frozenset({"from", "of", "in", "out", "into", "to"})
# How far up the parse a kind's word may hang beneath the demand or term word it belongs to.
_MAX_CLIMB = 7
# A withdrawal refused is a place to be kept (conflicts.yaml: withdrawal vs retention on one place).
_WITHDRAWAL = "withdrawal"
_RETENTION = "retention"
_COPULA_ARGUMENTS = frozenset({"nsubj", "csubj", "attr", "acomp", "prep"})
# The last word of a kind's match that names a subject matter (not "are in", "out of": place phrases).
_CONTENT = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"})


def _clause(text: str, start: int) -> tuple[int, int]:
    """[start, end) of the clause that opens at `start`."""
    stop = _CLAUSE_END.search(text, start + 1, min(len(text), start + _MAX_CLAUSE))
    return start, stop.start() if stop else min(len(text), start + _MAX_CLAUSE)


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
    places: tuple[str, ...] = (),
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
    places: tuple[str, ...] = (),
    first_only: bool = False,
) -> list[str]:
    """Every key the clause names, in the lexicon's order of kinds (one per kind; see classify_clause).

    Words a kind has keyed key no later kind ("not sit down directly" is no_direct_talks, not direct_talks).
    """
    keys: list[str] = []
    taken: list[tuple[int, int]] = []
    for rule in lexicon.condition_kinds:
        if weak_only and not rule.after_weak:
            continue
        if any(k == rule.kind or k.startswith(rule.kind + ":") for k in keys):
            continue
        match = rule.pattern.search(clause)
        if match is None or _inside(match, taken):
            continue
        key = _keyed(rule.kind, rule.needs_place, match.start(), clause, lexicon, sentence, places)
        if key is None:
            continue
        keys.append(key)
        taken.append(match.span())
        if first_only:
            break
    return keys


def _inside(match: re.Match[str], taken: list[tuple[int, int]]) -> bool:
    """Whether the match lies within words already keyed."""
    return any(a <= match.start() and match.end() <= b for a, b in taken)


def _keyed(
    kind: str,
    needs_place: bool,
    at: int,
    clause: str,
    lexicon: Lexicon,
    sentence: str,
    places: tuple[str, ...],
    strict: bool = False,
) -> str | None:
    """<kind>, or <kind>:<place> for a kind that takes one (None when its place is not found).

    With `strict` (a clause that may hold the actor too: "Serbia does not recognise ...") a place before
    the kind's word is no object; the one place of the sentence in the gazetteer still is.
    """
    if not needs_place:
        return kind
    # The place named first after the kind's word ("Russia to withdraw its forces from Ukraine"), from
    # the gazetteer or the parse; else any place of the clause.
    lowered = clause.casefold()
    after: list[tuple[int, str]] = []
    gazetteer = lexicon.place.search(clause, at)
    if gazetteer is not None:
        after.append((gazetteer.start(), lexicon.place_id(gazetteer.group())))
    for name in places:
        position = lowered.find(name.casefold().removeprefix("the "), at)
        if position >= 0 and not (gazetteer is not None and position == gazetteer.start()):
            after.append((position, place_slug(name, lexicon)))
    if after:
        return f"{kind}:{min(after)[1]}"
    place = None if strict else lexicon.place.search(clause)
    if place is not None:
        return f"{kind}:{lexicon.place_id(place.group())}"
    if lexicon.own_territory.search(clause, at):
        return kind
    named = [] if strict else [p for p in places if p.casefold() in lowered]
    if named:
        return f"{kind}:{place_slug(named[0], lexicon)}"
    in_sentence = {lexicon.place_id(p) for p in lexicon.place.findall(sentence)}
    if len(in_sentence) == 1:
        return f"{kind}:{in_sentence.pop()}"
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


def _places(doc: Doc | Span) -> tuple[str, ...]:
    """The places the parse names in a sentence: countries, regions, cities, and a proper noun left,
    entered or held ("withdraws from Tigray", "troops in Abyei"), in text order."""
    named = [ent.text for ent in doc.ents if ent.label_ in ("GPE", "LOC")]
    for token in doc:
        if token.pos_ == "PROPN" and token.dep_ == "pobj" and token.head.lower_ in _PLACE_PREPOSITIONS:
            words = [t for t in token.subtree if t.pos_ == "PROPN" or t.lower_ == "-"]
            named.append(" ".join(t.text for t in words) if words else token.text)
    return tuple(dict.fromkeys(named))


def find_conditions(doc: Doc | Span, lexicon: Lexicon) -> list[Condition]:
    """Every condition on talks stated in one parsed sentence, each key once.

    The clause after a marker is classified by its words; its object place is a gazetteer place, else a
    place the parse names in it (so "recognise Palestine" and "leave South Sudan" have their own keys).
    """
    text = doc.text
    places = _places(doc)
    found: dict[str, Condition] = {}
    denied_spans: list[tuple[int, int]] = []
    for negator in lexicon.condition_negator.finditer(text):
        start, end = _clause(text, negator.start())
        denied_spans.append((start, end))
        key = classify_clause(text[negator.end() : end], lexicon, places=places)
        if key is not None:
            found.setdefault(f"not:{key}", Condition(text=text[start:end].strip(), key=f"not:{key}"))
        elif _PRECONDITIONS.search(negator.group()):
            found.setdefault("no_preconditions", Condition(text=negator.group(), key="no_preconditions"))
    for marker in lexicon.condition_marker.finditer(text):
        if any(a <= marker.start() < b for a, b in denied_spans):
            continue
        start, end = _clause(text, marker.start())
        clausal = _clausal_mark(doc, marker.start(), marker.end())
        if clausal is False and lexicon.weak_marker.fullmatch(marker.group()):
            continue  # "after troops left Kherson": a clause in the past after a weak marker
        key = _marker_key(marker.group(), text[marker.end() : end], lexicon, text, places, bool(clausal))
        if key is not None and key not in found:
            found[key] = Condition(text=text[start:end].strip(), key=key)
    for key, condition in _after(lexicon.demand, doc, lexicon, places, denied_spans):
        found.setdefault(key, condition)
    for rule in lexicon.standalone_conditions:
        match = rule.pattern.search(text)
        if match is not None and rule.key not in found:
            found[rule.key] = Condition(text=match.group(), key=rule.key)
    leverage = _leverage(text, lexicon)
    if leverage is not None and leverage.key not in found:
        found[leverage.key] = leverage
    return list(found.values())


def deal_terms(doc: Doc | Span, lexicon: Lexicon) -> list[Condition]:
    """What a deal or plan is said to hold ("the deal includes the release of 50 hostages"), keyed like
    conditions; unlike them they set no terms on the talks, so they leave the stance as it is.

    Also what a demand, offer, refusal, proposal or the talks are about: a kind the parse hangs beneath
    one of the lexicon's demand or term words ("refuses to recognise Kosovo", "talks on prisoner swaps").
    """
    places = _places(doc)
    found = _after(lexicon.deal_term, doc, lexicon, places, [], with_word=True)
    found.extend(_governed(doc, lexicon, places))
    return list({key: condition for key, condition in reversed(found)}.values())[::-1]


def _governed(doc: Doc | Span, lexicon: Lexicon, places: tuple[str, ...]) -> list[tuple[str, Condition]]:
    """Every kind whose words hang, in the parse, beneath a demand or term word (see `_anchor_above`)."""
    text = doc.text
    base = doc[0].idx if len(doc) else 0
    keyed: list[tuple[str, Condition]] = []
    taken: list[tuple[int, int]] = []
    done: set[str] = set()  # kinds keyed (a withdrawal keyed as retention too)
    for rule in lexicon.condition_kinds:
        if rule.kind in _NOT_TERMS or rule.kind in done:
            continue
        for match in rule.pattern.finditer(text):
            if _inside(match, taken):
                continue
            words = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if words is None or len(words) == 0 or _contrasted(words[0]):
                continue  # "a truce and not an end of the war"
            word = words[-1]
            if word.pos_ not in _CONTENT and _particle(word.head) and word.head in words:
                word = word.head  # "out of": the particle's
            if word.pos_ not in _CONTENT and not _particle(word):
                continue  # "troops are in": a place phrase, the markers' to key
            kind = rule.kind
            argument = _refusal_above(word, doc, lexicon) if kind == _WITHDRAWAL else None
            if argument is not None:
                kind = _RETENTION  # "withdrawing from X is out of the question": X is to be kept
            else:
                argument = _anchor_above(word, doc, lexicon)
            if argument is None or argument.dep_ == "compound":
                continue  # "denuclearization talks": the talks' own name, their topic
            start = min(argument.left_edge.idx - base, match.start())
            end = max(argument.right_edge.idx + len(argument.right_edge) - base, match.end())
            clause = text[start:end]
            at = match.start() - start
            key = _keyed(kind, rule.needs_place, at, clause, lexicon, text, places, strict=True)
            if key is not None:
                keyed.append((key, Condition(text=clause.strip(), key=key)))
                taken.append(match.span())
                done.add(rule.kind)
                break
    return keyed


def _anchor_above(token: Token, doc: Doc | Span, lexicon: Lexicon) -> Token | None:
    """The argument (the word on the way) of the demand or term word the parse puts above `token`.

    A verb refused ("will not withdraw from X") is its own anchor. Else the heads from `token` are
    climbed: a word is an anchor when a demand or term pattern starts at it ("refuses", "called for",
    "talks"), or has a demand auxiliary ("must withdraw"), or is a copula whose subject or complement
    names one ("what we asked for was ...", "... are on our agenda"). A verb telling the past on the
    way ("the hostages it seized"), a time ("after the elections") or a reporting verb ends the climb.
    """
    text = doc.text
    base = doc[0].idx if len(doc) else 0
    verb = token if token.pos_ == "VERB" else token.head
    if verb.pos_ == "VERB" and any(c.dep_ == "neg" for c in verb.children) and not tells_the_past(verb):
        return verb  # "will not recognise Kosovo": a refusal, and its subject matter
    node = token
    for _ in range(_MAX_CLIMB):
        past = node is not token and node.pos_ == "VERB" and tells_the_past(node)
        if past and not _is_anchor(node, text, base, lexicon):
            return None
        if _demand_aux(node, text, base, lexicon):
            return node
        head = node.head
        if head.i == node.i or lexicon.weak_marker.fullmatch(node.lower_):
            return None  # the root, or "talks after the elections": a time, not a subject matter
        if _is_anchor(head, text, base, lexicon) or _copula_names_anchor(head, node, text, base, lexicon):
            return node
        if lexicon.reporting_verb.match(text, head.idx - base):
            return None  # "..., saying: ...": what is said there is another statement's
        node = head
    return None


def _contrasted(first: Token) -> bool:
    """ "A truce and not an end of the war": a noun phrase set aside by "not" (a verb after it is refused,
    "will not recognise", and that is the refusal's subject matter)."""
    if first.pos_ in ("VERB", "AUX"):
        return False
    before = [t for t in first.doc[max(0, first.i - 2) : first.i] if t.pos_ != "DET"]
    return bool(before) and before[-1].lower_ == "not"


def _particle(token: Token) -> bool:
    """A verb's particle ("pull out", "pull its troops out of"): a word of the verb, not a place phrase."""
    return token.dep_ == "prt" or (token.pos_ == "ADP" and any(c.dep_ == "prep" for c in token.children))


def _refusal_above(token: Token, doc: Doc | Span, lexicon: Lexicon) -> Token | None:
    """The argument of what refuses a withdrawal, if one does: a negated verb ("will not leave X"), a
    refusal verb ("refuses to withdraw"), a red line ("withdrawal is out of the question") or a copula
    denied ("a withdrawal is not feasible"). Not inside a condition clause ("off the table until they
    withdraw"): that withdrawal is the condition."""
    text = doc.text
    base = doc[0].idx if len(doc) else 0
    refuse = lexicon.stance_words.get("refuse", frozenset())
    verb = token.head if _particle(token) else token  # "will not pull out"
    if verb.pos_ == "VERB" and any(c.dep_ == "neg" for c in verb.children) and not tells_the_past(verb):
        return verb
    node = token
    for _ in range(_MAX_CLIMB):
        if any(c.dep_ == "mark" and lexicon.condition_marker.fullmatch(c.lower_) for c in node.children):
            return None
        if lexicon.condition_marker.fullmatch(node.lower_) and node.dep_ == "prep":
            return None  # "until the withdrawal of ..."
        head = node.head
        if head.i == node.i:
            return None
        if head.lemma_.casefold() in refuse and head.pos_ == "VERB":
            return node
        if head.pos_ == "VERB" and lexicon.reporting_verb.match(text, head.idx - base):
            return None
        if head.lemma_ == "be":
            denied = any(c.dep_ == "neg" for c in head.children) and any(
                c.dep_ == "acomp" for c in head.children
            )
            span = text[head.left_edge.idx - base : head.right_edge.idx + len(head.right_edge) - base]
            if denied or lexicon.red_line.search(span):
                return node
        node = head
    return None


def _is_anchor(token: Token, text: str, base: int, lexicon: Lexicon) -> bool:
    """A demand or term pattern starts at `token` or at its first auxiliary ("calls for", "proposal",
    "would mean")."""
    starts = [token.idx - base]
    starts.extend(c.idx - base for c in token.children if c.dep_ == "aux" and c.i < token.i)
    demand, term = lexicon.demand, lexicon.deal_term
    return any(demand.match(text, at) is not None or term.match(text, at) is not None for at in starts)


def _demand_aux(token: Token, text: str, base: int, lexicon: Lexicon) -> bool:
    """ "Kyiv must withdraw": a verb whose auxiliary is a demand word."""
    return token.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "aux" and lexicon.demand.match(text, c.idx - base) is not None for c in token.children
    )


def _copula_names_anchor(head: Token, node: Token, text: str, base: int, lexicon: Lexicon) -> bool:
    """A copula whose other argument holds a demand or term word ("what we asked for was X", "X and Y
    are among the items on our agenda"); not a time ("before the talks"), not a copula denied."""
    if head.lemma_ != "be" or any(c.dep_ == "neg" for c in head.children):
        return False  # "X is not on the agenda", "not up for negotiation": no term
    for child in head.children:
        if child.i == node.i or child.dep_ not in _COPULA_ARGUMENTS:
            continue
        if lexicon.weak_marker.fullmatch(child.lower_):
            continue
        if any(_is_anchor(t, text, base, lexicon) for t in child.subtree):
            return True
    return False


def _after(
    words: re.Pattern[str],
    doc: Doc | Span,
    lexicon: Lexicon,
    places: tuple[str, ...],
    denied_spans: list[tuple[int, int]],
    with_word: bool = False,
) -> list[tuple[str, Condition]]:
    """Every key of the clause that follows each match of `words` (a demand, a deal's content).

    The clause runs on through quotation marks ('called for an "all for all" prisoner swap'); with
    `with_word` the matched word is part of it ("would be monitored by ..." is monitoring).
    """
    text = doc.text
    keyed: list[tuple[str, Condition]] = []
    for match in words.finditer(text):
        if any(a <= match.start() < b for a, b in denied_spans) or _a_noun(doc, match.start(), match.end()):
            continue  # "rejected calls for a ceasefire": someone else's demand, named by a noun
        if with_word and _refusal_word(doc, match.start(), match.end(), lexicon):
            continue  # what is refused is read from the parse (`_governed`: a withdrawal refused is kept)
        stop = _TERMS_END.search(text, match.end(), min(len(text), match.end() + _MAX_CLAUSE))
        end = stop.start() if stop else min(len(text), match.end() + _MAX_CLAUSE)
        marker = lexicon.condition_marker.search(text, match.end(), end)
        end = marker.start() if marker else end  # a condition clause inside is the marker's to key
        # "Observers are monitoring the situation": an activity going on, not a term; its object may be one.
        own_word = with_word and not _progressive(doc, match.start(), match.end())
        clause = text[match.start() if own_word else match.end() : end]
        for key in clause_keys(clause, lexicon, text, places=places):
            if key.split(":")[0] not in _NOT_TERMS:
                keyed.append((key, Condition(text=text[match.start() : end].strip(), key=key)))
    return keyed


def _refusal_word(doc: Doc | Span, start: int, end: int, lexicon: Lexicon) -> bool:
    """Whether the word at [start, end) is a refusal verb ("refuses", "rules out")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    refuse = lexicon.stance_words.get("refuse", frozenset())
    return span is not None and len(span) > 0 and span[0].lemma_.casefold() in refuse


def _progressive(doc: Doc | Span, start: int, end: int) -> bool:
    """Whether the word at [start, end) is a verb in the progressive ("are monitoring")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0 or span[0].tag_ != "VBG":
        return False
    return any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "be" for c in span[0].children)


def _a_noun(doc: Doc | Span, start: int, end: int) -> bool:
    """Whether the words at [start, end) begin with a noun ("calls for", "demands of")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and len(span) > 0 and span[0].pos_ in ("NOUN", "PROPN")


def _clausal_mark(doc: Doc | Span, start: int, end: int) -> bool | None:
    """Whether the marker at [start, end) opens a clause the parse reads as to come (True) or as past
    (False: "after troops left Kherson"); None when it opens no clause (a preposition: "after the war")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0 or span[-1].dep_ != "mark":
        return None
    head = span[-1].head
    if head.pos_ not in ("VERB", "AUX"):
        return None
    tags = {head.tag_, *(c.tag_ for c in head.children if c.dep_ in ("aux", "auxpass"))}
    return not ("VBD" in tags and not tags & {"MD", "VBZ", "VBP"})


def _marker_key(
    marker: str,
    clause: str,
    lexicon: Lexicon,
    sentence: str,
    places: tuple[str, ...] = (),
    clausal: bool = False,
) -> str | None:
    """The key of the clause after a condition marker: a listed kind, or other:<slug> after an open one.

    After a weak marker ("once", "if", "after") only kinds marked after_weak count, unless the parse
    reads a clause to come ("once Washington lifts the tariffs"): then every kind does.
    """
    weak = lexicon.weak_marker.fullmatch(marker) is not None and not clausal
    if weak and is_past(clause):
        return None
    key = classify_clause(clause, lexicon, sentence, weak_only=weak, places=places)
    if key is not None or lexicon.open_marker.fullmatch(marker) is None:
        return key
    if lexicon.not_open.match(clause) or is_past(clause):
        return None
    slug = clause_slug(clause, lexicon)
    return f"other:{slug}" if slug else None


def _leverage(text: str, lexicon: Lexicon) -> Condition | None:
    """A place held described as an asset in talks ("position in Kursk ... important")."""
    if lexicon.leverage_value.search(text) is None:
        return None
    for holding in lexicon.leverage_holding.finditer(text):
        place = lexicon.place.search(text, holding.end(), holding.end() + 40)
        if place is None:
            continue
        key = f"{lexicon.leverage_kind}:{lexicon.place_id(place.group())}"
        return Condition(text=text[holding.start() : place.end()], key=key)
    return None
