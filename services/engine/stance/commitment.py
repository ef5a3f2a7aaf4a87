"""The stance of a statement from its main clause's step, commitment or obligation, with no talk word."""

from __future__ import annotations

from typing import TYPE_CHECKING

from schemas import Stance
from services.engine.lexicon import Lexicon
from services.engine.stance.clauses import (
    backs_a_side,
    position_subject,
    principle_stated,
    relative_clause,
    what_was_asked,
)
from services.engine.stance.evaluation import evaluation
from services.engine.stance.reports import concluded_by_one_side
from services.engine.stance.scope import (
    deontic,
    infinitive,
    is_be,
    lessened,
    marked,
    negations,
    supposed,
    word_forms,
)
from services.engine.syntax import text_of

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
    theirs: set[int] = set()  # steps of the other side, and what they take ("they wanted it lifted")
    for token in doc:
        if token.dep_ in ("ccomp", "xcomp") and token.head.i in theirs:
            theirs.add(token.i)
            continue
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
        if relative_clause(token):
            continue  # "a truce, during which 20 detainees will be freed": what the truce holds, told
        if token.dep_ == "ccomp" and token.head.lemma_.casefold() in words["deny"]:
            continue  # "denied that the envoys had signed it": what is denied is no step
        forms = set(word_forms(token, lexicon))
        if what_was_asked(token, lexicon):
            return Stance.conditional  # "what we asked for was partial relief, not all of it"
        if _demand_held(token, lexicon):
            return Stance.conditional  # "restated a demand for the bank to be reconnected"
        if forms & words["speech"]:
            continue
        if any(c.dep_ == "xcomp" and c.tag_ == "VBG" for c in token.children):
            continue  # "would keep consulting": an aspect of another verb, read on that verb
        count = negations(token, lexicon)
        if purpose:
            count += negations(token.head, lexicon)  # "has made no commitment to free them"
        negated = count % 2 == 1
        if principle_stated(token, forms, lexicon):
            continue  # "the charter must be observed", "safety should not be achieved by force": a principle
        if _demanding(forms & words["demand"], token) and not negated:
            return Stance.conditional  # "asked for partial relief", "urged them to withdraw"
        judged = _judgement(token, count, lexicon)
        if judged is not None:
            return judged
        if not negated and _doubt_held(token, lexicon):
            return Stance.skeptical  # "has serious concerns about their commitment"
        if token.pos_ == "VERB" and forms & words["doubt"] and not negated:
            return Stance.skeptical  # "I doubt they mean it", "questioned their sincerity"
        if deontic(token, lexicon) and _expectation(token, lexicon):
            continue  # "this should ease tensions": a forecast, neither a step nor terms
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
            bool(forms & (words["support"] | words["concede"]))
            or _ready(token, lexicon)
            or held is not None
            or _mends_rift(token, lexicon)
        )
        if step and backs_a_side(token, lexicon):
            continue  # "asked them to support Moldova": backing a country or a people, not a deal
        if step and concluded_by_one_side(token, lexicon):
            continue  # "the envoys had signed a pact": the parties' act, told, no step of the speaker's
        if step and _theirs_against_ours(token, lexicon):
            theirs.add(token.i)
            continue  # "they wanted the sanctions lifted, and we couldn't do that": the other side's want
        if not step and negated and _refused_that(token, lexicon):
            return Stance.oppose  # "we couldn't do that", "I can't do it"
        if step and not negated and _terms_clause(token, lexicon):
            return Stance.conditional  # "we will free them if the shelling stops"
        if step:
            return Stance.oppose if negated else Stance.support
        if negated and forms & words["shift"] and position_subject(token, lexicon):
            return Stance.oppose  # "our position will not change even if they seek talks": no give
        if forms & words["walk_out"] and not _placed(token):
            return Stance.support if negated else Stance.oppose  # "sometimes you have to walk"
        if refusals and forms & words["refuse"]:
            # "we oppose their membership"; "we do not object to their aspirations": a refusal denied is
            # acceptance
            return Stance.support if negated else Stance.oppose
    if lexicon.sets_terms.search(text_of(doc)):
        return Stance.conditional  # "it is up to the council to make it binding": terms, wherever they stand
    if lexicon.skeptical.search(text_of(doc)):
        return Stance.skeptical  # "the two sides are still far apart": doubt, wherever it stands
    return None


def _mends_rift(token: Token, lexicon: Lexicon) -> bool:
    """A verb that mends a rift between sides ("resolve their differences", "bridge the remaining gaps",
    "settle the dispute"): a step toward a deal, though no talk word is named."""
    words = lexicon.stance_words
    return bool(set(word_forms(token, lexicon)) & words["mend"]) and any(
        c.dep_ in ("dobj", "nsubjpass") and c.lemma_.casefold() in words["rift"] for c in token.children
    )


def _demand_held(token: Token, lexicon: Lexicon) -> bool:
    """A noun of demand the main verb takes, not negated ("restated a demand for ...", "reiterated calls for
    the release of ...")."""
    demands = lexicon.stance_words["demand"]
    return any(
        noun.dep_ in ("dobj", "attr")
        and noun.pos_ == "NOUN"
        and set(word_forms(noun, lexicon)) & demands
        and not negations(noun, lexicon)
        and not negations(token, lexicon)
        for noun in token.children
    )


def _judgement(token: Token, count: int, lexicon: Lexicon) -> Stance | None:
    """What a main clause's copula says of its subject, with no talk word: "this is a historic
    achievement", "it was a good day" (support), "the offer is a sham", "they are not serious"
    (skeptical), "this is unacceptable" (oppose). `count` is the negations on the copula.

    Praise or blame of a person is no stance on talks ("he is strong"); doubt of one is.
    """
    if token.lemma_.casefold() not in lexicon.stance_words["copula"] and not is_be(token):
        return None
    found = evaluation(token, lexicon)
    if found is None:
        return None
    kind, word = found
    negated = (count + negations(word, lexicon)) % 2 == 1
    content = _content(token)
    if content is not None:
        return _judged_step(kind, negated, content, lexicon)
    if kind in ("sincere", "ready") or (kind == "skeptical" and negated):
        # "they are not serious", "less confident today"; "we are serious" or "not wary" tells no stance
        return Stance.skeptical if kind == "sincere" and (negated or lessened(word)) else None
    if kind == "skeptical":
        return Stance.skeptical
    if _person_subject(token, lexicon):
        return None
    if kind == "positive" and _what_is_praised(word):
        return Stance.skeptical if negated or lessened(word) else Stance.support
    if kind == "negative" and not negated:
        return Stance.oppose
    return None


def _what_is_praised(word: Token) -> bool:
    """Praise as a noun phrase ("a good day", "the only viable solution") or an adjective saying what it
    is about ("satisfied with the draft"); a bare "it is important" says too little."""
    complement = word if word.dep_ in ("attr", "acomp", "oprd") else word.head
    return complement.pos_ in ("NOUN", "PROPN") or any(c.dep_ == "prep" for c in complement.children)


def _content(token: Token) -> Token | None:
    """The clause a copula's evaluation is about ("it was a mistake to sign it", "it is important that
    they leave", "steps to continue the war"), None when it evaluates its subject."""
    for child in token.children:
        if child.dep_ in ("ccomp", "csubj", "xcomp") and child.pos_ in ("VERB", "AUX"):
            return child
        if child.dep_ in ("acomp", "attr"):
            for clause in child.children:
                if clause.dep_ in ("ccomp", "xcomp") or (
                    clause.dep_ in ("acl", "relcl") and infinitive(clause)
                ):
                    return clause
    return None


def _judged_step(kind: str, negated: bool, content: Token, lexicon: Lexicon) -> Stance | None:
    """An evaluation of a step: "a good idea to sign it" (support), "not a good thing to sign anything",
    "a mistake to accept it" (oppose), "a trap to negotiate now" (skeptical). The content's own verb
    decides what the step is; an evaluation of anything else ("steps to continue the war") tells none."""
    if kind == "skeptical" and not negated:
        return Stance.skeptical
    if kind not in ("positive", "negative"):
        return None
    words = lexicon.stance_words
    forms = set(word_forms(content, lexicon))
    if forms & (words["support"] | words["concede"]):
        step = 1
    elif forms & words["refuse"]:
        step = -1
    else:
        return None
    sign = step * (1 if kind == "positive" else -1) * (-1 if negated else 1)
    sign *= -1 if negations(content, lexicon) % 2 else 1
    return Stance.support if sign > 0 else Stance.oppose


def _subjects(token: Token) -> list[Token]:
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and token.dep_ in ("xcomp", "conj"):
        subjects = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return subjects


def _person_subject(token: Token, lexicon: Lexicon) -> bool:
    """A subject naming people or a party (a personal pronoun, a name, a people or a state), not a thing."""
    impersonal = lexicon.stance_words["impersonal"]
    return any(
        s.lower_ not in impersonal
        and (s.pos_ in ("PRON", "PROPN") or s.ent_type_ in ("PERSON", "NORP", "GPE", "ORG"))
        for s in _subjects(token)
    )


def _expectation(token: Token, lexicon: Lexicon) -> bool:
    """ "Should" as an expectation, not an obligation: said of a thing ("this should ease tensions").
    (stance.words.expectation: the modals read so; stance.words.impersonal: "this", "it", "which".)"""
    words = lexicon.stance_words
    if not any(c.dep_ == "aux" and c.lower_ in words["expectation"] for c in token.children):
        return False
    subjects = _subjects(token)
    # "this should ease tensions": a thing takes no step ("the guarantors should help": people do)
    return bool(subjects) and all(s.lower_ in words["impersonal"] for s in subjects)


def _theirs_against_ours(token: Token, lexicon: Lexicon) -> bool:
    """A step whose subject is "they" in a quote where the speaker's side speaks as "we" or "I": the
    other side's step or want, told by the speaker, not the speaker's own."""
    subjects = _subjects(token)
    if not subjects or not all(s.lower_ in lexicon.stance_words["third_person"] for s in subjects):
        return False
    before = text_of(token.doc)[: token.idx - token.doc[0].idx]
    quoted = before.count("“") > before.count("”") or before.count('"') % 2 == 1
    first_person = lexicon.stance_words["first_person"] - {"you"}
    return quoted and any(t.lower_ in first_person and t.dep_ in ("nsubj", "nsubjpass") for t in token.doc)


def _refused_that(token: Token, lexicon: Lexicon) -> bool:
    """A negated "do" of the speaker's side on what was just named: "we couldn't do that"."""
    return (
        token.lemma_ == "do"
        and _first_person_subject(token, lexicon)
        and any(c.dep_ == "dobj" and c.lower_ in lexicon.stance_words["impersonal"] for c in token.children)
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
    return is_be(token) and any(c.dep_ == "acomp" and c.lemma_.casefold() in ready for c in token.children)


def _doubt_held(token: Token, lexicon: Lexicon) -> bool:
    """A noun of doubt a verb of holding takes: "has serious concerns about their commitment", "voiced
    doubts over the plan", "expressed distrust of the mediators"."""
    words = lexicon.stance_words
    return token.lemma_.casefold() in words["holding"] and any(
        noun.dep_ in ("dobj", "attr")
        and noun.pos_ == "NOUN"
        and noun.lemma_.casefold() in words["skeptical"] | words["doubt"]
        and not negations(noun, lexicon)
        for noun in token.children
    )


def _readiness_held(token: Token, lexicon: Lexicon) -> Token | None:
    """A noun of readiness that "be", "have" or "make" holds, with what it is readiness for: "there is
    (no) commitment to releasing them", "has no intention of signing", "made a commitment to free them"."""
    if token.lemma_.casefold() not in lexicon.stance_words["holding"]:
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
    for predicate in _xcomp_chain(token):
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
            if clause.dep_ == "prep" and clause.lower_ == "in" and _exchange(clause, lexicon):
                return True
    return False


def _demanding(forms: set[str], token: Token) -> bool:
    """A demand verb's form; one with "on" ("called on them") only with what is asked ("called on them
    to withdraw"), since "called on the rebels" alone is a visit."""
    if any(not form.endswith(" on") for form in forms):
        return True
    return bool(forms) and any(c.dep_ == "xcomp" and infinitive(c) for c in token.children)


def _placed(token: Token) -> bool:
    """A verb of going with an object, a place or a direction after it ("walked to the car", "walked
    in"): movement, not leaving the table."""
    return any(
        c.dep_ in ("dobj", "prep", "prt", "npadvmod", "advmod") and c.i > token.i for c in token.children
    )


def _xcomp_chain(token: Token) -> list[Token]:
    """The verb and the infinitives or gerunds it takes ("promised to consider suspending")."""
    chain = [token]
    for _ in range(4):
        following = [c for c in chain[-1].children if c.dep_ == "xcomp"]
        if not following:
            break
        chain.append(following[0])
    return chain


def _exchange(preposition: Token, lexicon: Lexicon) -> bool:
    """ "In exchange for", "in return for": what a step is traded against."""
    return any(
        o.dep_ == "pobj"
        and o.lemma_.casefold() in lexicon.stance_words["exchange"]
        and any(f.lower_ == "for" for f in o.children)
        for o in preposition.children
    )
