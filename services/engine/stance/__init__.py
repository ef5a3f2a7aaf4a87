"""Stance toward talks or a deal, read from the dependency parse of the sentence.

The sentence's talk words (lexicon ``stance.words.targets``: talks, negotiations, a deal, a ceasefire, a
proposal ...) are the things a stance is about. From each one the parse is climbed to the predicates that
govern it ("rejects" in "Moscow rejects peace talks", "ready" in "is ready for talks"), stopping at a speech
verb (the reporting frame is not the stance) and at a noun the talk word only describes ("reports that talks
were under way"). The first predicate of a listed kind decides, with the negations in its scope:

- refusal verbs (reject, refuse, rule out, walk away ...) -> oppose; negated ("did not rule out") -> support;
- readiness and support (accept, welcome, call for; ready, willing, open) -> support; negated -> oppose, or
  skeptical for sincerity words ("not serious about talks");
- evaluations of the talk word as subject of "be" ("the deal is unacceptable", "a sham", "historic");
- skeptical frames anywhere in that scope (doubt, ploy, pretext, sham talks);
- red lines ("not up for negotiation", "non-negotiable", "will never cede") -> oppose;
- no predicate of a kind but a negation in scope ("no negotiations", "will not negotiate") -> oppose.

A binding condition (or a condition clause attached to that scope) makes the stance conditional, which
wins over the rest, as "no talks until X" sets condition X. Precedence: conditional > oppose > skeptical >
support > neutral.

Modules: `scope` (the talk word's governing predicates, negation and word forms), `evaluation` (the kind of
each predicate and how they compose), `reports` (the other side's acts told by the speaker), `commitment`
(the step or obligation of a main clause with no talk word), `signs` (headway reported with none: "we are
making progress"). The function words they read (negations,
subordinators, modals) are lexicon kinds too (stance.words), so a user lexicon can extend them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from schemas import Condition, Stance
from services.engine.condition_clauses import sets_terms
from services.engine.lexicon import Lexicon
from services.engine.stance.binding import NON_BINDING_PREFIXES, binding_conditions
from services.engine.stance.commitment import commitment_stance
from services.engine.stance.evaluation import scope_stance
from services.engine.stance.reports import other_side_of
from services.engine.stance.scope import Scope, negations, scopes, talk_targets
from services.engine.stance.signs import deceit_sign, fighting_prolonged, headway_sign
from services.engine.syntax import text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = [
    "NON_BINDING_PREFIXES",
    "classify_stance",
    "commitment_stance",
    "is_negated",
    "other_side_of",
    "scopes",
    "talk_targets",
]


_PRECEDENCE = (Stance.conditional, Stance.oppose, Stance.skeptical, Stance.support)


def classify_stance(
    doc: Doc | Span,
    conditions: list[Condition],
    lexicon: Lexicon,
    other_side: Callable[[str], bool] | None = None,
) -> Stance:
    """Stance toward talks or a deal of one parsed sentence (see the module docstring).

    `other_side` tells whether a subject's words name an actor of another party than the speaker's:
    a refusal the speaker reports of the other side ("Vucic did not sign the deal", said by Kurti) is the
    speaker's doubt of that side, skeptical, not the speaker's own refusal.
    """
    found = scopes(doc, lexicon)
    binding = binding_conditions(doc, conditions, lexicon)
    if binding or any(sets_terms(doc, {t.i for t in scope.path}, lexicon) for scope in found):
        return Stance.conditional
    if found and lexicon.sets_terms.search(text_of(doc)):
        return Stance.conditional
    if _as_soon_as(found):
        return Stance.conditional
    stances = {s for s in (_held_stance(scope, lexicon, other_side) for scope in found) if s is not None}
    text = text_of(doc)
    if lexicon.red_line.search(text) or fighting_prolonged(doc, lexicon):
        stances.add(Stance.oppose)
    if not stances:
        stances |= _nearby_evaluation(doc, found, lexicon)
    if not stances and lexicon.skeptical.search(text):
        stances.add(Stance.skeptical)
    for stance in _PRECEDENCE:
        if stance in stances:
            return stance
    if Stance.neutral in stances:
        return Stance.neutral  # a deal the parties made, told as done: no step of the speaker's to read
    # No talk word carries a stance: the sentence's own step or commitment, if its main clause makes one
    # ("we are ready to rework the declaration", "we will release the detainees if ...").
    # A refusal verb there refuses no talk word (the scopes would have read it): "dismissed reports that
    # talks were under way" refuses the reports.
    # Nor a step: a sign of headway the speaker reports ("we are making progress", "a glimmer of hope").
    return (
        commitment_stance(doc, lexicon, refusals=not found)
        or headway_sign(doc, lexicon)
        or deceit_sign(doc, lexicon)
        or Stance.neutral
    )


def _held_stance(scope: Scope, lexicon: Lexicon, other_side: Callable[[str], bool] | None) -> Stance | None:
    """The stance of one scope as the speaker holds it: what a denial denies is turned around when it is
    to come ("denied that his forces would accept a truce": oppose) and is a fact denied otherwise
    ("denied reports that the sides had agreed to a truce": no stance)."""
    stance = scope_stance(scope, lexicon, other_side)
    if not scope.denied or stance is None:
        return stance
    if stance in (Stance.support, Stance.oppose) and any(_future(t) for t in scope.path[1:]):
        return Stance.oppose if stance is Stance.support else Stance.support
    return None


def _future(predicate: Token) -> bool:
    """A predicate whose own verb group is to come: a modal or a present ("would accept", "accepts")."""
    tags = {predicate.tag_, *(c.tag_ for c in predicate.children if c.dep_ in ("aux", "auxpass"))}
    return "MD" in tags or bool(tags & {"VBZ", "VBP"} and not tags & {"VBN", "VBD"})


def _as_soon_as(found: list[Scope]) -> bool:
    """ "As soon as our demands are met, we return to the deal": a clause of "as soon as" on a predicate over
    a talk word sets terms, unless a talk word is what the clause waits for ("as soon as a deal is
    reached", a time) or it has no verb ("as soon as possible")."""
    targets = {scope.target.i for scope in found}
    for scope in found:
        for token in scope.path[1:]:
            for soon in token.children:
                if soon.dep_ != "advmod" or soon.lower_ != "soon":
                    continue
                for clause in soon.children:
                    if (
                        clause.dep_ == "advcl"
                        and any(m.dep_ == "mark" and m.lower_ == "as" for m in clause.children)
                        and not any(t.i in targets and _argument_of(t, clause) for t in clause.subtree)
                    ):
                        return True
    return False


def _argument_of(word: Token, clause: Token) -> bool:
    """The word is the clause's subject or object ("as soon as a deal is reached"), not part of one."""
    head = word.head
    while head.i != clause.i and head.dep_ in ("xcomp", "aux", "acomp") and head.head.i != head.i:
        head = head.head
    return head.i == clause.i and word.dep_ in ("nsubj", "nsubjpass", "dobj")


def _nearby_evaluation(doc: Doc | Span, found: list[Scope], lexicon: Lexicon) -> set[Stance]:
    """When the parse links no stance word to a talk word (headlines parse poorly): an evaluation
    or a doubt word within three words of one ("Ceasefire talks 'pointless', X says")."""
    words = lexicon.stance_words
    near = {i for scope in found for i in range(scope.target.i - 3, scope.target.i + 4)}
    stances: set[Stance] = set()
    for token in doc:
        if token.i not in near or token.pos_ not in ("ADJ", "NOUN"):
            continue
        lemma = token.lemma_.casefold()
        if lemma in words["negative"]:
            stances.add(Stance.oppose)
        elif lemma in words["skeptical"]:
            stances.add(Stance.skeptical)
    return stances


def is_negated(doc: Doc | Span, lexicon: Lexicon) -> bool:
    """Whether a negation governs a talk word ("will not negotiate", "no talks", "did not sign the deal")."""
    return any(negations(token, lexicon) for scope in scopes(doc, lexicon) for token in scope.path)
