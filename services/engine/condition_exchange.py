"""A prisoner swap told without its noun: two sides' releases in one statement, or one release given
"in exchange" for something ("in return, 40 detainees would be freed"). Keyed prisoner_exchange, a term
reported (it sets no condition on the talks, so the stance is left as it is)."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from services.engine.lexicon import Lexicon
from services.engine.syntax import text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

EXCHANGE = "prisoner_exchange"
# Kinds whose words name people held: what may be given for a release in a swap.
_HELD_KINDS = frozenset({"hostage_release", "prisoner_release", "prisoner_exchange"})
_FOR = re.compile(r"\s+for\b", re.IGNORECASE)
# How far after "for" what is given is read (characters).
_GIVEN_LENGTH = 60


@functools.cache
def _words(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b" if phrases else r"(?!)", re.IGNORECASE)


def exchange_told(doc: Doc | Span, lexicon: Lexicon) -> str | None:
    """The words of a swap told as releases, if the sentence tells one (see the module docstring).

    A release counts when the parse reads a verb of releasing whose freed ones are no thing (a statement,
    a video, funds: `not_released`); two of them, or one with an exchange word, tell a swap.
    """
    data = lexicon.data.conditions.exchange
    if data is None:
        return None
    verbs = frozenset(data.release_verbs)
    not_released = frozenset(data.not_released)
    releases = [
        t
        for t in doc
        if t.pos_ == "VERB"
        and t.lemma_.casefold() in verbs
        and _of_people(t, not_released)
        and not _same_sides(t, verbs)
    ]
    if not releases:
        return None
    text = text_of(doc)
    exchanged = _words(tuple(data.exchange_words)).search(text)
    if exchanged is not None and not _people_given(text, exchanged.end(), lexicon, verbs):
        exchanged = None  # "free the hostages in exchange for a truce": a release for a truce, no swap
    if len(releases) >= 2 or exchanged is not None:
        first, last = releases[0], releases[-1]
        base = doc[0].idx if len(doc) else 0
        start = min(first.idx - base, exchanged.start() if exchanged else len(text))
        end = max(last.idx + len(last.text) - base, exchanged.end() if exchanged else 0)
        return text[start:end]
    return None


def _people_given(text: str, at: int, lexicon: Lexicon, verbs: frozenset[str]) -> bool:
    """Whether what is given in exchange, after "for", is people held or their release ("in exchange for
    200 detainees"); an exchange word with no "for" ("in return, 40 detainees would be freed") is."""
    given = _FOR.match(text, at)
    if given is None:
        return True
    words = text[given.end() : given.end() + _GIVEN_LENGTH]
    held = [rule.pattern for rule in lexicon.condition_kinds if rule.kind in _HELD_KINDS]
    return any(p.search(words) for p in held) or any(
        w.casefold().startswith(tuple(verbs)) for w in words.split()
    )


def _of_people(verb: Token, not_released: frozenset[str]) -> bool:
    """Whether what the verb releases (its object, or its subject in the passive) is no listed thing."""
    freed = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    return not any(c.lemma_.casefold() in not_released for c in freed)


def _same_sides(verb: Token, verbs: frozenset[str]) -> bool:
    """A release joined to another by "and" with no subject of its own ("will release ten and free
    twenty more"): the same side's, one release told twice."""
    head = verb.head
    return (
        verb.dep_ == "conj"
        and head.lemma_.casefold() in verbs
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    )
