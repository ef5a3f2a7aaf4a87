"""What the predicates of one scope say of the talk word: a kind per predicate, composed as signs.

Refusal verbs oppose, readiness and support verbs support, evaluations ("the deal is unacceptable", "a
historic agreement") oppose or support, doubt ("a ploy", "sham talks") is skeptical, demands ("the deal
requires ...") set terms; a negation turns what lies below it around.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from schemas import Stance
from services.engine.lexicon import Lexicon
from services.engine.stance.reports import said_of_the_other_side, told_as_done
from services.engine.stance.scope import (
    Scope,
    deontic,
    in_good_faith,
    infinitive,
    is_be,
    lessened,
    negations,
    no_subject,
    predicated,
    restricted_by_only,
    scant,
    supposed,
    to_come,
    word_forms,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


_SUBJECTS = frozenset({"nsubj", "csubj", "expl"})


_BE_SUBJECTS = frozenset({"nsubj", "nsubjpass", "self"})


def kind_of(token: Token, relation: str, lexicon: Lexicon) -> str | None:
    """The stance kind of a predicate on the path: refuse, support, ready, sincere, skeptical, negative ..."""
    words = lexicon.stance_words
    forms = list(word_forms(token, lexicon))
    as_subject = relation in _SUBJECTS
    if any(f in words["condition"] for f in forms):
        return "condition"
    if relation == "prep" and token.pos_ == "NOUN" and any(f in words["alternative"] for f in forms):
        return "refuse"  # "an alternative to the deal" stands against it
    if not as_subject and token.pos_ in ("VERB", "AUX", "NOUN"):
        if any(f in words["refuse"] for f in forms):
            return "refuse"
        if any(f in words["support"] for f in forms):
            return "support"
        if (
            relation == "dobj"
            and any(f in words["proclaim"] for f in forms)
            and any(c.dep_ == "dobj" and c.lemma_.casefold() in words["targets"] for c in token.children)
            and not any(c.dep_ in ("oprd", "ccomp", "xcomp", "acomp") for c in token.children)
        ):
            return "support"  # "announced a truce", "unveiled a plan": the act; "declared it dead" judges
        if relation != "nsubjpass" and any(f in words["participate"] for f in forms):
            # "will hold talks", "agreed to continue talks": taking part; "held talks today": a fact
            return "support" if (to_come(token) or infinitive(token)) and not _forecast(token) else None
    if token.pos_ in ("ADJ", "VERB", "NOUN", "ADV"):
        if any(f in words["sincere"] for f in forms):
            return "sincere"
        if any(f in words["ready"] for f in forms):
            return "ready"
    if any(f in words["skeptical"] for f in forms) and not (
        token.pos_ in ("VERB", "AUX") and any(f in words["holding"] for f in forms)
    ):
        return "skeptical"  # "a show" doubts; "the delegations have shown goodwill" holds what it shows
    if any(f in words["negative"] for f in forms) and (token.pos_ != "VERB" or as_subject):
        return "negative"  # a verb only for what the talk word does: "the deal would weaken ..."
    if any(f in words["positive"] for f in forms) and (token.pos_ != "VERB" or as_subject):
        return "positive"  # a verb only for what the talk word does: "the deal will strengthen ..."
    return None


def evaluation(predicate: Token, lexicon: Lexicon, *, subject: bool = False) -> tuple[str, Token] | None:
    """What "be" (or a verb of calling) says of the talk word: "is unacceptable", "called it a victory".

    `subject`: the talk word is the complement of "be", so its subject says what it is ("our first victory
    is the move of the talks", "the best way forward is a truce").
    """
    relations = ("nsubj",) if subject else ("acomp", "attr", "oprd")
    complements = [c for c in predicate.children if c.dep_ in relations]
    for prep in predicate.children:  # "described the offer as a sham"
        if prep.dep_ == "prep" and prep.lower_ == "as":
            complements += [c for c in prep.children if c.dep_ == "pobj"]
    for child in complements:
        for word in (child, *(c for c in child.children if c.dep_ in ("amod", "compound"))):
            kind = kind_of(word, "attr", lexicon)
            if kind is not None:
                return kind, word
    return None


def scope_stance(
    scope: Scope, lexicon: Lexicon, other_side: Callable[[str], bool] | None = None
) -> Stance | None:
    """The stance one scope expresses, None when its predicates carry none.

    Kinds compose up the path as signs: a refusal or a negation turns what lies below it around
    ("rejected calls for a ceasefire": oppose; "did not rule out talks": support; "refused to accept").
    Doubt ("a ploy", "sham talks") is skeptical wherever it stands, unless negated.
    """
    praised = False
    for word in scope.target.children:  # "sham negotiations", "so-called peace plan", "conditional agreement"
        modifier = kind_of(word, "amod", lexicon) if word.dep_ in ("amod", "compound") else None
        if modifier == "skeptical":
            return Stance.skeptical
        if modifier == "negative" and word.pos_ == "ADJ":
            return Stance.oppose  # "a bad deal", "an unfair agreement": judged against
        if modifier == "condition":
            return Stance.conditional
        if modifier == "positive" and word.pos_ == "ADJ" and predicated(scope):
            praised = True  # "this is a transformative deal", "welcomed the historic agreement"
        if (
            word.dep_ == "relcl"
            and kind_of(word, "nsubj", lexicon) == "positive"
            and not negations(word, lexicon)
        ):
            praised = True  # "a deal that will bring great benefits"
        called = _called_in_relative(word, lexicon)
        if called == "skeptical":
            return Stance.skeptical
        if called == "negative":
            return Stance.oppose  # "the arrangement, which he has described as 'unfair'"
        praised = praised or called == "positive"
        if word.dep_ == "prep" and word.lower_ == "as" and predicated(scope):
            # "described the talks as productive": the parse hangs "as" on the talk word, not on the verb
            for complement in word.children:
                called = (
                    kind_of(complement, "attr", lexicon)
                    if complement.dep_ in ("pobj", "amod", "acomp")
                    else None
                )
                if called == "skeptical":
                    return Stance.skeptical
                if called == "negative":
                    return Stance.oppose
                praised = praised or called == "positive"
    if praised and len(scope.relations) > 1 and scope.relations[1] in ("attr", "oprd", "appos"):
        return Stance.support  # "this is a transformative deal": the praise is what is said of it
    # A verb over the talk word decides first ("rejected the historic agreement"); praise of it is the rest.
    stance = _path_stance(scope, lexicon, other_side)
    if stance is Stance.oppose and _restricted(scope):
        return Stance.conditional  # "will never accept any deal that keeps the checkpoints": terms
    if stance is None and praised:
        return Stance.support
    return stance


def _called_in_relative(clause: Token, lexicon: Lexicon) -> str | None:
    """What a relative clause on the talk word calls it ("the deal, which he called unfair", "which she
    has described as a sham"): the kind of the word it is called, unless the clause is negated."""
    if clause.dep_ != "relcl" or negations(clause, lexicon):
        return None
    if not any(c.dep_ in ("dobj", "nsubjpass") and c.lower_ in ("which", "that") for c in clause.children):
        return None  # "a deal that brings peace": what the deal does, read as its subject elsewhere
    complements = [c for c in clause.children if c.dep_ in ("oprd", "acomp")]
    for prep in clause.children:
        if prep.dep_ == "prep" and prep.lower_ == "as":
            complements += [c for c in prep.children if c.dep_ in ("pobj", "amod", "acomp")]
    for complement in complements:
        for word in (complement, *(c for c in complement.children if c.dep_ in ("amod", "compound"))):
            kind = kind_of(word, "attr", lexicon)
            if kind in ("skeptical", "negative", "positive"):
                return kind
    return None


def _describes_its_noun(predicate: Token, lexicon: Lexicon) -> bool:
    """A relative clause whose subject is its relative word, on a noun that is no talk word: what it says
    tells who that noun is ("the states that backed the talks"), not what the speaker holds."""
    if predicate.dep_ != "relcl" or predicate.head.lemma_.casefold() in lexicon.stance_words["targets"]:
        return False
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("that", "which", "who") for c in predicate.children
    )


def _forecast(token: Token) -> bool:
    """Taking part foreseen by others ("delegations are expected to return to continue talks"): procedure."""
    current = token
    for _ in range(3):
        if current.dep_ not in ("xcomp", "advcl") or current.head.i == current.i:
            return False
        current = current.head
        if current.lemma_ == "expect" and any(c.dep_ == "auxpass" for c in current.children):
            return True
    return False


def _restricted(scope: Scope) -> bool:
    """A refused talk word narrowed to a kind ("any deal that includes ...", "any deal including ..."):
    refusing that kind of deal sets terms for the others."""
    if len(scope.relations) < 2 or scope.relations[1] not in ("dobj", "pobj"):
        return False
    target = scope.target
    if any(c.dep_ == "prep" and c.lower_ == "including" for c in target.children):
        return True
    # "any deal that ...", "a deal that ...": a kind of deal; "the deal that was signed" is one deal.
    # The relative word is the clause's subject: what the deal would do or hold, not who sends it.
    return any(c.dep_ == "det" and c.lower_ == "any" for c in target.children) and any(
        c.dep_ == "relcl" and any(w.dep_ == "nsubj" and w.lower_ in ("that", "which") for w in c.children)
        for c in target.children
    )


def _path_stance(
    scope: Scope, lexicon: Lexicon, other_side: Callable[[str], bool] | None = None
) -> Stance | None:
    """The stance the predicates up the talk word's path compose (see `_scope_stance`)."""
    if len(scope.path) > 1 and _describes_its_noun(scope.path[1], lexicon):
        return None  # "the countries that supported these talks": their stance, told of them
    sign = 1
    polar = False
    sincere = False
    for index, (token, relation) in enumerate(zip(scope.path, scope.relations, strict=True)):
        if supposed(token, lexicon):
            return None  # "if the deal is rejected, we risk a crisis": supposed, not a stance
        under = scope.path[index - 1].i if index else -1
        negated = (negations(token, lexicon) + no_subject(token, under, lexicon)) % 2 == 1
        kind = kind_of(token, relation, lexicon) if index > 0 or token.pos_ == "VERB" else None
        below = scope.relations[index]  # how the path reached this predicate
        if index == 1 and below in ("nsubj", "nsubjpass") and not negated and deontic(token, lexicon):
            # What the talks or the deal must do or be: "negotiations must continue" calls for them;
            # "any deal must include ...", "the truce should be based on ..." sets its terms.
            verbs = [token, *(c for c in token.children if c.dep_ == "xcomp")]  # "have to resume"
            taking_part = any(
                set(word_forms(v, lexicon)) & lexicon.stance_words["participate"] for v in verbs
            )
            if below == "nsubj" and taking_part:
                # ("the truce must hold": it must last, which says no more than that)
                kind = None if any(v.lemma_ == "hold" for v in verbs) else "support"
            elif kind in (None, "positive") and not _expected_effect(token, lexicon):
                return Stance.conditional
        if index > 0 and _pressed_into(token, below, lexicon):
            return Stance.skeptical  # "will not be rushed into a deal": wary of the pace, no refusal of it
        judged = token  # the word that says it: the predicate, or the complement of "be"
        found = None
        if kind is None and (
            (_copula(token, lexicon) and below in (*_BE_SUBJECTS, "prep"))
            or (token.pos_ == "VERB" and below == "dobj")
        ):
            found = evaluation(token, lexicon)  # "the deal is a sham", "called the deal a victory"
        elif kind is None and is_be(token) and below == "xcomp" and _extraposed(token):
            found = evaluation(token, lexicon)  # "it is very difficult to advance any peace initiative"
        elif kind is None and is_be(token) and below == "attr" and not _existential(token):
            found = evaluation(token, lexicon, subject=True)  # "our first victory is the move of the talks"
        if found is not None:
            kind, judged = found
            negated ^= negations(judged, lexicon) % 2 == 1
        elif kind is None and negated and _denied_identity(token, below, scope.relations[1:index]):
            return Stance.skeptical  # "the plan is not a treaty but only wishes": it is not what it is called
        elif (
            kind is None
            and index == 1
            and below == "attr"
            and _existential(token)
            and scope.target.lemma_.casefold() in lexicon.stance_words["proposal"]
        ):
            kind = "support"  # "there is a formula for peace": a way out; "there is a truce": a fact
        if kind == "condition":
            # "the deal requires ..."; denied ("cannot be a precondition for talks"), a demand rejected
            denied = sum(negations(t, lexicon) for t in scope.path[index:]) % 2 == 1
            return Stance.oppose if denied else Stance.conditional
        if index > 0 and restricted_by_only(token):
            return Stance.conditional  # "will only discuss a truce"
        if kind == "skeptical":
            if negated:
                return None
            return Stance.skeptical
        if kind in ("support", "positive", "sincere") and scant(judged, lexicon):
            return Stance.skeptical  # "there is little hope of a deal"
        if negated and in_good_faith(token, lexicon):
            return Stance.skeptical  # "they are not negotiating in good faith"
        if kind == "positive" and (negated or lessened(judged)):
            return Stance.skeptical  # "the deal will not resolve their disputes", "not a real plan"
        if kind in ("refuse", "negative"):
            sign = -sign
            polar = True
        elif kind in ("support", "ready", "positive"):
            polar = True
        elif kind == "sincere":
            polar = sincere = True
            if lessened(judged):
                return Stance.skeptical  # "less confident about the talks"
        if negated:
            sign = -sign
            # A bare negation refuses only what is to come ("will not negotiate", "there will be no
            # talks"); "the talks have not been paused" tells a fact.
            polar = polar or kind is not None or to_come(token)
    if not polar:
        return None
    if sign > 0:
        if other_side is not None and said_of_the_other_side(scope, other_side):
            return None  # "Kyiv confirmed the talks", said by Moscow: a report of the other side's act
        if told_as_done(scope, lexicon, other_side):
            return Stance.neutral  # "the envoys had signed the accord": the parties' act, told
        return Stance.support
    if sincere or (other_side is not None and said_of_the_other_side(scope, other_side)):
        return Stance.skeptical
    return Stance.oppose


def _denied_identity(predicate: Token, below: str, between: tuple[str, ...]) -> bool:
    """ "X is not a Y" with the talk word as X or Y (or in its compound: "a peace plan") and a noun as Y
    (not "there is no deal"): what the talk word is called is denied, a doubt of it, not a refusal."""
    if not is_be(predicate) or below not in ("nsubj", "attr") or _existential(predicate):
        return False
    if any(relation != "compound" for relation in between):
        return False  # "this is not the end of the talks": the talks are not what is named
    return any(c.dep_ == "attr" and c.pos_ in ("NOUN", "PROPN") for c in predicate.children)


def _pressed_into(predicate: Token, below: str, lexicon: Lexicon) -> bool:
    """A side pressed into the talk word, in the passive ("would not be rushed into a deal", "was
    pressured into the truce"): a verb of pace or pressure (stance.words.pace) says how, not whether."""
    return (
        below == "prep"
        and any(c.dep_ == "auxpass" for c in predicate.children)
        and bool(set(word_forms(predicate, lexicon)) & lexicon.stance_words["pace"])
    )


def _copula(predicate: Token, lexicon: Lexicon) -> bool:
    """ "Be", or a verb that says what its subject is or stays (stance.words.copula: "the talks remain
    deadlocked", "the deal looks fragile")."""
    return is_be(predicate) or (
        predicate.pos_ in ("VERB", "AUX") and predicate.lemma_.casefold() in lexicon.stance_words["copula"]
    )


def _extraposed(predicate: Token) -> bool:
    """ "It is hard to ...": "it" stands for the clause the talk word is in, which "be" judges."""
    return any(c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in predicate.children)


def _existential(predicate: Token) -> bool:
    """ "There is ...": the subject is "there", which says nothing of the talk word."""
    return any(c.dep_ == "expl" for c in predicate.children)


def _expected_effect(predicate: Token, lexicon: Lexicon) -> bool:
    """ "Should" with a verb of effect: what a deal is expected to do ("the agreement should bring
    stability"), praise, not its terms ("any deal should include guarantees")."""
    words = lexicon.stance_words
    return any(c.dep_ == "aux" and c.lower_ in words["expectation"] for c in predicate.children) and bool(
        set(word_forms(predicate, lexicon)) & words["effect"]
    )
