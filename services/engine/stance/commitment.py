"""The stance of a statement from its main clause's step, commitment or obligation, with no talk word."""

from __future__ import annotations

from typing import TYPE_CHECKING

from schemas import Stance
from services.engine.lexicon import Lexicon
from services.engine.stance.scope import infinitive, marked, negations, supposed, word_forms

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


# Where a sentence's own claim is made: its root, what the root reports, and clauses joined to them.
_MAIN_CLAUSES = frozenset({"ROOT", "ccomp", "xcomp", "conj", "advcl"})


def commitment_stance(doc: Doc | Span, lexicon: Lexicon, *, refusals: bool = True) -> Stance | None:
    """The stance of a statement with no talk word, from its main predicates: a step, a commitment or a
    refusal ("we are taking steps to de-escalate", "will release the prisoners", "will not withdraw").

    Only the sentence's main clauses count (the root and clauses it reports or coordinates), not what an
    "if" supposes; a negation turns a step into a refusal and a refusal into its opposite's denial.
    An obligation laid on another side sets terms (conditional), and so does a step offered on an "if".
    `refusals=False` reads steps only (a refusal verb of a sentence with talk words refuses something else).
    """
    words = lexicon.stance_words
    for token in doc:
        # "taking steps to de-escalate": the step is the purpose clause of the main verb's object.
        purpose = token.dep_ == "acl" and token.head.dep_ in ("dobj", "attr") and infinitive(token)
        if token.pos_ not in ("VERB", "AUX") or not (token.dep_ in _MAIN_CLAUSES or purpose):
            continue
        if supposed(token, lexicon):
            continue
        if token.dep_ == "advcl" and (
            marked(token, "aside", lexicon) or marked(token, "background", lexicon)
        ):
            continue  # "..., as the mediators pressed for an end to it": a background, not the step
        forms = set(word_forms(token, lexicon))
        if forms & words["speech"]:
            continue
        if any(c.dep_ == "xcomp" and c.tag_ == "VBG" for c in token.children):
            continue  # "would keep consulting": an aspect of another verb, read on that verb
        count = negations(token, lexicon)
        if purpose:
            count += negations(token.head, lexicon)  # "has made no commitment to free them"
        negated = count % 2 == 1
        if (
            deontic(token, lexicon)
            and not negated
            and not _first_person_subject(token, lexicon)
            and not _talk_subject(token, lexicon)
        ):
            return Stance.conditional  # "the occupier has to withdraw first", "it must be reversed"
        held = _readiness_held(token, lexicon)
        if held is not None:
            # "there is no commitment to releasing them", "has no intention of signing anything"
            negated = (count + negations(held, lexicon)) % 2 == 1
        step = (
            bool(forms & (words["support"] | words["concede"])) or _ready(token, lexicon) or held is not None
        )
        if step and not negated and _terms_clause(token, lexicon):
            return Stance.conditional  # "we will free them if the shelling stops"
        if step:
            return Stance.oppose if negated else Stance.support
        if refusals and forms & words["refuse"] and not negated:
            return Stance.oppose
    return None


def deontic(token: Token, lexicon: Lexicon) -> bool:
    """A predicate under obligation: "must withdraw", "should be ended", "has to accept", "needs to stop".

    The modals are stance.words.obligation; "have to" and "need to" are verbs with an infinitive.
    """
    if any(c.dep_ == "aux" and c.lower_ in lexicon.stance_words["obligation"] for c in token.children):
        return True
    return token.lemma_ in ("have", "need") and any(
        c.dep_ == "xcomp" and infinitive(c) for c in token.children
    )


def _first_person_subject(token: Token, lexicon: Lexicon) -> bool:
    """The speaker's own side (or anyone) as the subject: "we must", "I have to", "you have to"."""
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and token.dep_ == "xcomp":
        subjects = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(s.lower_ in lexicon.stance_words["first_person"] for s in subjects)


def _talk_subject(token: Token, lexicon: Lexicon) -> bool:
    """Talks as the subject ("talks should resume"): a call for them, read from the talk word's scope."""
    targets = lexicon.stance_words["targets"]
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.casefold() in targets for c in token.children)


def _ready(token: Token, lexicon: Lexicon) -> bool:
    """ "Be" with a complement of readiness: "we are ready to rework the text", "they are open to it"."""
    ready = lexicon.stance_words["ready"]
    return token.lemma_ == "be" and any(
        c.dep_ == "acomp" and c.lemma_.casefold() in ready for c in token.children
    )


def _readiness_held(token: Token, lexicon: Lexicon) -> Token | None:
    """A noun of readiness that "be", "have" or "make" holds, with what it is readiness for: "there is
    (no) commitment to releasing them", "has no intention of signing", "made a commitment to free them"."""
    if token.lemma_ not in ("be", "have", "make", "show", "express"):
        return None
    ready = lexicon.stance_words["ready"]
    for noun in token.children:
        if (
            noun.dep_ in ("dobj", "attr", "nsubj")
            and noun.pos_ == "NOUN"
            and noun.lemma_.casefold() in ready
            and any(c.dep_ in ("prep", "acl") for c in noun.children)
        ):
            return noun
    return None


def _terms_clause(token: Token, lexicon: Lexicon) -> bool:
    """A step with a clause of terms on it or on its infinitive, not a past: "will agree to lift them if
    they sign", "would lift the measures in exchange for concessions"."""
    # "would dismantle it if sanctions were lifted": a past form under "would" supposes, it tells no past;
    # "would have freed them if they had stopped" looks back.
    auxiliaries = {a.lower_ for a in token.children if a.dep_ == "aux"}
    supposing = bool(auxiliaries & {"would", "could", "might"}) and "have" not in auxiliaries
    for predicate in (token, *(c for c in token.children if c.dep_ == "xcomp")):
        for clause in predicate.children:
            tags = {clause.tag_, *(a.tag_ for a in clause.children if a.dep_ in ("aux", "auxpass"))}
            if (
                clause.dep_ == "advcl"
                and any(
                    m.dep_ == "mark" and m.lower_ in lexicon.stance_words["terms_marks"]
                    for m in clause.children
                )
                and (supposing or "VBD" not in tags)
            ):
                return True
            if clause.dep_ == "prep" and clause.lower_ == "in" and _exchange(clause):
                return True
    return False


def _exchange(preposition: Token) -> bool:
    """ "In exchange for", "in return for": what a step is traded against."""
    return any(
        o.dep_ == "pobj" and o.lemma_ in ("exchange", "return") and any(f.lower_ == "for" for f in o.children)
        for o in preposition.children
    )
