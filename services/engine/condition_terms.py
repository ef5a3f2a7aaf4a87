"""Deal terms: what a deal or plan holds, and the subject matter of a demand, offer, refusal or proposal.

Keyed like conditions ("the deal includes the release of 50 hostages" -> hostage_release, "refuses to
recognise Kosovo" -> recognition:kosovo), but they set no terms on the talks, so they leave the stance as it
is. Two readings: the clause after a demand or term word (`terms_after`), and any kind whose words hang in the
parse beneath one of the lexicon's demand or term words (a withdrawal refused is retention of the place).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from schemas import Condition
from services.engine.condition_clauses import tells_the_past
from services.engine.condition_exchange import EXCHANGE, exchange_told
from services.engine.condition_keys import (
    MAX_CLAUSE,
    clause_keys,
    inside_spans,
    object_key,
    parsed_places,
    possessor_place,
    thing_key,
)
from services.engine.lexicon import Lexicon
from services.engine.syntax import text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# A ceasefire or a treaty demanded or agreed is the deal itself, not one of its terms ("called for a
# ceasefire", "ready to sign the peace treaty").
_NOT_TERMS = frozenset({"ceasefire_first", "treaty_first"})
# Where the terms after a demand or a deal's content end: quotation marks do not end them, nor does
# the point of an abbreviation ("U.S. sanctions relief").
_TERMS_END = re.compile(
    r"[,;:!?]|(?<!\b[A-Z])\.|\s[–—-]\s|\b(?:and then|but|because|so that|while|whereas)\b"
    r"|\b(?:and|or|yet) not\b"
)
# Quotation marks inside a demand's words ('asked "for only ...') do not part them.
_QUOTES = frozenset('"“”„«»')
# How far up the parse a kind's word may hang beneath the demand or term word it belongs to.
_MAX_CLIMB = 7
# A withdrawal refused is a place to be kept (conflicts.yaml: withdrawal vs retention on one place).
_WITHDRAWAL = "withdrawal"
_RETENTION = "retention"
_COPULA_ARGUMENTS = frozenset({"nsubj", "csubj", "attr", "acomp", "prep"})
# The last word of a kind's match that names a subject matter (not "are in", "out of": place phrases).
_CONTENT = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"})


def deal_terms(doc: Doc | Span, lexicon: Lexicon) -> list[Condition]:
    """What a deal or plan is said to hold ("the deal includes the release of 50 hostages"), keyed like
    conditions; unlike them they set no terms on the talks, so they leave the stance as it is.

    Also what a demand, offer, refusal, proposal or the talks are about: a kind the parse hangs beneath
    one of the lexicon's demand or term words ("refuses to recognise Kosovo", "talks on prisoner swaps").
    """
    places = parsed_places(doc, lexicon)
    found = terms_after(lexicon.deal_term, doc, lexicon, places, [], with_word=True)
    found.extend(_governed(doc, lexicon, places))
    found.extend(_facts(doc, lexicon))
    swap = exchange_told(doc, lexicon)
    if swap is not None:
        found.append((EXCHANGE, Condition(text=swap.strip(), key=EXCHANGE)))
    return list({key: condition for key, condition in reversed(found)}.values())[::-1]


def _facts(doc: Doc | Span, lexicon: Lexicon) -> list[tuple[str, Condition]]:
    """Facts a statement reports, wherever they stand ("a truce was agreed", "no such deal exists"): the
    lexicon's term_only kinds, in its order (words one keyed key no later one). Not in a clause that says
    when or on what condition ("once a truce has been agreed"): that is no report of one."""
    text = text_of(doc)
    keyed: list[tuple[str, Condition]] = []
    taken: list[tuple[int, int]] = []
    for rule in lexicon.condition_kinds:
        if not rule.term_only:
            continue
        for match in rule.pattern.finditer(text):
            words = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if inside_spans(match, taken) or words is None or _marked(words, lexicon):
                continue
            keyed.append((rule.kind, Condition(text=match.group(), key=rule.kind)))
            taken.append(match.span())
            break
    return keyed


def _marked(words: Span, lexicon: Lexicon) -> bool:
    """Whether the words are in a clause opened by a condition marker ("if", "once", "until")."""
    before = (c for t in words for c in (*t.children, *t.head.children) if c.i < words.start)
    marks = (c for c in before if c.dep_ == "mark")
    return any(lexicon.condition_marker.fullmatch(c.lower_) for c in marks)


def _governed(doc: Doc | Span, lexicon: Lexicon, places: Sequence[str]) -> list[tuple[str, Condition]]:
    """Every kind whose words hang, in the parse, beneath a demand or term word (see `_anchor_above`)."""
    text = text_of(doc)
    base = doc[0].idx if len(doc) else 0
    keyed: list[tuple[str, Condition]] = []
    taken: list[tuple[int, int]] = []
    done: set[str] = set()  # kinds keyed (a withdrawal keyed as retention too)
    for rule in lexicon.condition_kinds:
        if rule.kind in _NOT_TERMS or rule.kind in done or rule.term_only:
            continue
        for match in rule.pattern.finditer(text):
            if inside_spans(match, taken):
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
            if rule.needs_thing:
                key = thing_key(kind, clause, at, at + len(match.group()), lexicon)
            else:
                key = object_key(
                    kind,
                    rule.needs_place,
                    at,
                    clause,
                    lexicon,
                    text,
                    places,
                    strict=True,
                    agent=rule.agent_before,
                )
            if key is None and rule.needs_place:
                place = possessor_place(word, places, lexicon)  # "Tarvia ... its territorial integrity"
                key = f"{kind}:{place}" if place is not None else None
            if key is not None and kind != _RETENTION and _demand_refused(argument, lexicon):
                key = f"not:{key}"  # "rejected the demand that the quota be scrapped": it is to stay
            if key is not None:
                keyed.append((key, Condition(text=clause.strip(), key=key)))
                taken.append(match.span())
                done.add(rule.kind)
                break
    return keyed


def _demand_refused(argument: Token, lexicon: Lexicon) -> bool:
    """Whether the argument belongs to someone's demand or proposal, named by a noun, that a refusal verb
    takes ("rejected the demand that the quota be scrapped", "refused calls to recognise X")."""
    refuse = lexicon.stance_words.get("refuse", frozenset())
    anchor = argument.head
    if anchor.pos_ not in ("NOUN", "PROPN") or anchor.i == argument.i:
        return False
    verb = anchor.head
    return anchor.dep_ in ("dobj", "nsubjpass") and verb.pos_ == "VERB" and verb.lemma_.casefold() in refuse


def _anchor_above(token: Token, doc: Doc | Span, lexicon: Lexicon) -> Token | None:
    """The argument (the word on the way) of the demand or term word the parse puts above `token`.

    A verb refused ("will not withdraw from X") is its own anchor. Else the heads from `token` are
    climbed: a word is an anchor when a demand or term pattern starts at it ("refuses", "called for",
    "talks"), or has a demand auxiliary ("must withdraw"), or is a copula whose subject or complement
    names one ("what we asked for was ...", "... are on our agenda"). A verb telling the past on the
    way ("the hostages it seized"), a time ("after the elections") or a reporting verb ends the climb.
    """
    text = text_of(doc)
    base = doc[0].idx if len(doc) else 0
    verb = token if token.pos_ == "VERB" else token.head
    if verb.pos_ == "VERB" and any(c.dep_ == "neg" for c in verb.children) and not tells_the_past(verb):
        return verb  # "will not recognise Kosovo": a refusal, and its subject matter
    if verb.pos_ == "VERB" and verb.dep_ == "relcl" and _denied_noun(verb.head) and not tells_the_past(verb):
        return verb  # "there is no army that will disarm": a refusal told as no one to do it
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


def _denied_noun(noun: Token) -> bool:
    """A noun whose determiner denies it is there ("no army", "no side")."""
    return noun.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children)


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
    text = text_of(doc)
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


def terms_after(
    words: re.Pattern[str],
    doc: Doc | Span,
    lexicon: Lexicon,
    places: Sequence[str],
    denied_spans: list[tuple[int, int]],
    with_word: bool = False,
) -> list[tuple[str, Condition]]:
    """Every key of the clause that follows each match of `words` (a demand, a deal's content).

    The clause runs on through quotation marks ('called for an "all for all" prisoner swap'); with
    `with_word` the matched word is part of it ("would be monitored by ..." is monitoring).
    """
    text = text_of(doc)
    keyed: list[tuple[str, Condition]] = []
    for match in _unquoted_matches(words, text):
        if any(a <= match.start() < b for a, b in denied_spans) or _a_noun(doc, match.start(), match.end()):
            continue  # "rejected calls for a ceasefire": someone else's demand, named by a noun
        if with_word and _refusal_word(doc, match.start(), match.end(), lexicon):
            continue  # what is refused is read from the parse (`_governed`: a withdrawal refused is kept)
        stop = _TERMS_END.search(text, match.end(), min(len(text), match.end() + MAX_CLAUSE))
        end = stop.start() if stop else min(len(text), match.end() + MAX_CLAUSE)
        marker = lexicon.condition_marker.search(text, match.end(), end)
        end = marker.start() if marker else end  # a condition clause inside is the marker's to key
        # "should start regardless of whether ...": what a negator denies is the negator's to key
        end = min([end, *(a for a, _ in denied_spans if match.end() <= a < end)])
        # "Observers are monitoring the situation": an activity going on, not a term; its object may be one.
        own_word = with_word and not _progressive(doc, match.start(), match.end())
        clause = text[match.start() if own_word else match.end() : end]
        for key in clause_keys(clause, lexicon, text, places=places):
            if key.split(":")[0] not in _NOT_TERMS:
                keyed.append((key, Condition(text=text[match.start() : end].strip(), key=key)))
    return keyed


class _Found:
    """A match of words found with the quotation marks inside them left out, at its place in the text."""

    def __init__(self, start: int, end: int) -> None:
        self._span = (start, end)

    def start(self) -> int:
        return self._span[0]

    def end(self) -> int:
        return self._span[1]


def _unquoted_matches(words: re.Pattern[str], text: str) -> list[_Found]:
    """Every match of `words` in the text read without its quotation marks ('asked "for only ...'
    is 'asked for only ...'), at its place in the text."""
    kept = [i for i, char in enumerate(text) if char not in _QUOTES]
    plain = "".join(text[i] for i in kept)
    found: list[_Found] = []
    for match in words.finditer(plain):
        if match.end() > match.start():
            found.append(_Found(kept[match.start()], kept[match.end() - 1] + 1))
    return found


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
