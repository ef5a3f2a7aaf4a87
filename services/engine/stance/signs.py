"""Signs of headway told by a side, with no talk word: hope, progress, goodwill, encouraging signals.

"We are making progress", "it gave a rare glimmer of hope", "we received positive signals", "both sides
have shown goodwill": the speaker reports that things move toward a deal, which is support. The sign is
the argument of an asserted main predicate; a negation, a scant quantifier ("little hope"), a supposition
("if progress is made") or a refusal over it ("blocked progress") is no sign, and so is headway of an
armed force ("the troops made progress") or headway a side is told to make. Fighting ruled out for what
is to come ("there will be no hostilities") and no other way out ("I see no alternative") back a deal too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from schemas import Stance
from services.engine.lexicon import Lexicon
from services.engine.stance.scope import negations, scant, supposed, word_forms

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


# How a sign hangs on its predicate: what is made, had, shown, seen or given ("made progress", "there is
# hope"), what a preposition of it takes ("join with real hope"), or the subject of "be" ("hope is growing").
_ARGUMENTS = frozenset({"dobj", "attr", "pobj", "nsubj", "nsubjpass", "oprd"})


def headway_sign(doc: Doc | Span, lexicon: Lexicon) -> Stance | None:
    """Support when the sentence reports a sign of headway toward a deal (see the module docstring);
    skeptical when a scant quantifier turns it down ("little hope of progress", "a faint glimmer of hope")."""
    words = lexicon.stance_words
    for noun in doc:
        if noun.pos_ != "NOUN" or noun.dep_ not in _ARGUMENTS:
            continue
        lemma = noun.lemma_.casefold()
        sign = lemma in words["headway"] or (
            lemma in words["signal"]
            and any(c.dep_ == "amod" and c.lemma_.casefold() in words["positive"] for c in noun.children)
        )
        if not sign and _no_more(noun, lexicon):
            return Stance.support
        if not sign or negations(noun, lexicon):
            continue
        asserted = _asserted(noun, lexicon)
        if asserted is not None:
            return Stance.skeptical if scant(noun, lexicon) or asserted == "scant" else Stance.support
    return None


def _no_more(noun: Token, lexicon: Lexicon) -> bool:
    """ "There will be no more hostilities", "I see no other alternative": fighting ruled out for what is to
    come, or no way out but the deal, backs it. "No alternative but to fight" is no such thing."""
    words = lexicon.stance_words
    lemma = noun.lemma_.casefold()
    if not negations(noun, lexicon) or any(c.lower_ in ("but", "except") for c in noun.children):
        return False
    head = noun.head
    if lemma in words["fighting"]:
        return (
            head.lemma_ == "be"
            and any(c.dep_ == "expl" for c in head.children)
            and any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children)
            and not supposed(head, lexicon)
        )
    return (
        lemma in words["alternative"]
        and noun.dep_ in ("dobj", "attr")
        and _asserted(noun, lexicon) is not None
    )


def _asserted(noun: Token, lexicon: Lexicon) -> str | None:
    """How the sign's governing predicates hold it: "asserted", "scant" (a noun over it turns it down), or
    None when one is negated, supposed, refuses it, lays it on a side or has an armed subject."""
    words = lexicon.stance_words
    held = "asserted"
    current = noun
    while current.head.i != current.i:
        current = current.head
        if current.pos_ in ("NOUN", "PROPN"):
            if negations(current, lexicon):
                return None  # "no sign of progress"
            if scant(current, lexicon):
                held = "scant"  # "a faint glimmer of hope"
            continue
        if current.pos_ not in ("VERB", "AUX"):
            continue
        if negations(current, lexicon) or supposed(current, lexicon):
            return None
        forms = set(word_forms(current, lexicon))
        if forms & (words["refuse"] | words["negative"] | words["demand"] | words["doubt"]):
            return None
        if any(c.dep_ == "aux" and c.lower_ in words["obligation"] for c in current.children):
            return None  # "the parties must make progress": asked of them, not told
        if any(
            c.dep_ in ("nsubj", "nsubjpass") and {c.lemma_.casefold(), c.lower_} & words["armed"]
            for c in current.children
        ):
            return None  # "the troops made progress": headway on the ground
        if current.dep_ in ("ROOT", "ccomp", "conj", "parataxis"):
            return held
    return held


def deceit_sign(doc: Doc | Span, lexicon: Lexicon) -> Stance | None:
    """Skeptical when the speaker calls what the other side says or does deceit (stance.words.deceit:
    "they only repeat their propaganda", "this claim is false and misleading", "this whole fiasco"):
    doubt of that side, though no talk word is named. A negated word of deceit ("not a lie") is none."""
    words = lexicon.stance_words["deceit"]
    for token in doc:
        if token.pos_ not in ("NOUN", "ADJ") or token.lemma_.casefold() not in words:
            continue
        if negations(token, lexicon) or negations(token.head, lexicon) or supposed(token.head, lexicon):
            continue
        return Stance.skeptical
    return None


# Relations climbed from a word of prolonging to the clause that says it ("steps toward the continuation
# of the war", "leading to the prolongation of the fighting", "a recipe to continue the war").
_TO_CLAUSE = frozenset({"pobj", "prep", "acl", "attr", "xcomp", "advcl", "dobj", "pcomp"})


def fighting_prolonged(doc: Doc | Span, lexicon: Lexicon) -> bool:
    """A talk word, or "this"/"these" standing for one, said to prolong the fighting ("these are steps
    toward the continuation of the war", "the proposals lead to the prolongation of hostilities"): said
    against it (oppose). A party continuing the war ("the army will continue the fighting") is no
    judgement of a deal, and a negation ("will not prolong the war") turns it away."""
    words = lexicon.stance_words
    for fighting in doc:
        if fighting.lemma_.casefold() not in words["fighting"]:
            continue
        if fighting.dep_ == "pobj" and fighting.head.lower_ == "of":
            prolonging = fighting.head.head
        elif fighting.dep_ == "dobj":
            prolonging = fighting.head
        else:
            continue
        if not set(word_forms(prolonging, lexicon)) & words["prolong"] or negations(prolonging, lexicon):
            continue
        clause = prolonging
        for _ in range(6):
            subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                subject = subjects[0]
                said_of_a_deal = (
                    subject.lemma_.casefold() in words["targets"] or subject.lower_ in words["impersonal"]
                )
                if said_of_a_deal and not negations(clause, lexicon) and not supposed(clause, lexicon):
                    return True
                break
            if clause.dep_ not in _TO_CLAUSE or clause.head.i == clause.i:
                break
            clause = clause.head
    return False
