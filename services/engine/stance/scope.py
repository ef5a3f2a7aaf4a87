"""A talk word's scope: the predicates that govern it up the parse, and the grammar read on them.

From a talk word (lexicon ``stance.words.targets``) the parse is climbed to the predicates that govern it,
stopping at a speech verb (the reporting frame is not the stance), at a noun the talk word only describes
("reports that talks were under way"), at a coordinate predicate and at a clause of reason or time.
The helpers here read negation, word forms, tense and restriction on those predicates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.engine.lexicon import Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


# Relations climbed from a talk word to the predicates that govern it.
_UP = frozenset(
    {
        "dobj",
        "pobj",
        "prep",
        "nsubjpass",
        "xcomp",
        "ccomp",
        "acomp",
        "attr",
        "compound",
        "conj",
        "appos",
        "advcl",
        "nsubj",
        "poss",
        "amod",
        "npadvmod",
        "oprd",
        "pcomp",
        "dative",
        "agent",
        "advmod",
        "acl",
        "csubj",
        "nmod",
        "ROOT",
    }
)


@dataclass(frozen=True)
class Scope:
    """The talk word and the predicates governing it, nearest first, with how each was reached."""

    target: Token
    path: tuple[Token, ...]
    relations: tuple[str, ...]
    # The path ends in what a denial denies ("denied that the envoys signed a deal", "dismissed reports
    # that talks had begun"): the content is no stance the speaker holds.
    denied: bool = False


def talk_targets(doc: Doc | Span, lexicon: Lexicon) -> list[Token]:
    """The tokens naming talks, a deal, a ceasefire or a proposal (by lemma, lexicon stance.words.targets)."""
    targets = lexicon.stance_words["targets"]
    return [
        t
        for t in doc
        if (t.lemma_.casefold() in targets or t.lower_ in targets or _hyphen_compound(t) in targets)
        and not _idiom(t, lexicon)
    ]


def _hyphen_compound(token: Token) -> str:
    """The word a hyphen split ("cease-fire" as "cease", "-", "fire"), on its last part; "" otherwise."""
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-" and _hyphenated(doc[token.i - 2]):
        return f"{doc[token.i - 2].lower_}-{token.lower_}"
    return ""


def _idiom(token: Token, lexicon: Lexicon) -> bool:
    """A talk word in an idiom that names no talks ("in exchange for", "according to", "demands were met",
    "a no-deal exit": the absence of a deal)."""
    if token.i >= 2 and _hyphenated(token.doc[token.i - 2]) and token.doc[token.i - 2].lower_ == "no":
        return True
    if token.lower_ == "according":
        return True
    if token.lemma_ == "meet" and token.pos_ == "VERB":
        # "once the conditions are met": to satisfy, not to meet someone
        return any(c.dep_ == "auxpass" for c in token.children) or any(
            c.dep_ == "dobj" and c.lemma_.casefold() in lexicon.stance_words["satisfied"]
            for c in token.children
        )
    return token.head.lower_ == "in" and any(c.lower_ == "for" for c in token.children)


def scopes(doc: Doc | Span, lexicon: Lexicon) -> list[Scope]:
    """One scope per talk word of the sentence."""
    return [_scope(target, lexicon) for target in talk_targets(doc, lexicon)]


def _scope(target: Token, lexicon: Lexicon) -> Scope:
    speech = lexicon.stance_words["speech"]
    targets = lexicon.stance_words["targets"]
    path: list[Token] = [target]
    relations: list[str] = ["self"]
    current = target
    while current.head.i != current.i and len(path) < 12:
        relation = current.dep_
        parent = current.head
        if relation not in _UP:
            break
        if parent.lemma_.casefold() in speech and relation in (
            "ccomp",
            "parataxis",
            "xcomp",
            "advcl",
            "conj",
        ):
            break  # "X said that ...": the reporting frame carries no stance
        if relation == "ccomp" and parent.lemma_.casefold() in lexicon.stance_words["deny"]:
            return Scope(target, tuple(path), tuple(relations), denied=True)
        if (
            relation in ("acl", "relcl")
            and parent.pos_ in ("NOUN", "PROPN")
            and parent.lemma_ not in targets
            and not infinitive(current)
        ):
            # "reports that talks were under way": the report is the object, not the talks
            # ("his desire to meet", "its readiness to negotiate": the noun governs the talks)
            return Scope(target, tuple(path), tuple(relations), denied=denied_report(parent, lexicon))
        if relation == "conj" and parent.pos_ in ("VERB", "AUX"):
            break  # "rejected the plan and welcomed talks": coordinate predicates, each its own stance
        if relation == "advcl" and marked(current, "aside", lexicon):
            # "because Kyiv agreed to talks": a reason or a time, not what the main verb is about
            # (a clause of a reason, a concession or a time is no object of the main predicate)
            break
        path.append(parent)
        relations.append(relation)
        current = parent
    return Scope(target, tuple(path), tuple(relations))


def no_subject(token: Token, skip: int, lexicon: Lexicon) -> int:
    """1 when the predicate's subject is nobody ("no country could agree to it"), 0 otherwise."""
    for c in token.children:
        if c.i == skip or c.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if c.lower_ in lexicon.stance_words["nobody"] or any(
            d.dep_ == "det" and d.lower_ == "no" for d in c.children
        ):
            return 1
    return 0


def is_be(token: Token) -> bool:
    """ "Be", also as a contraction with a curly apostrophe ("it’s", "they’re"), which the small model
    lemmatizes as itself; "’s" of "has" is an auxiliary ("it’s been"), not the predicate."""
    if token.lemma_ == "be":
        return True
    return (
        token.lower_ in ("’s", "’re", "’m")
        and token.pos_ in ("VERB", "AUX")
        and token.dep_ not in ("aux", "auxpass")
    )


def infinitive(token: Token) -> bool:
    """A verb with "to" ("to meet", "to negotiate")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def negations(token: Token, lexicon: Lexicon) -> int:
    """How many negations a predicate carries ("did not", "never", "no talks", "cannot")."""
    words = lexicon.stance_words
    count = 0
    for child in token.children:
        if child.dep_ == "neg" or (
            child.dep_ in ("det", "advmod", "aux") and child.lower_ in words["negation"]
        ):
            count += 1
        elif child.dep_ == "prep" and child.lower_ in words["no_way"] and _no_object(child):
            count += 1  # "under no circumstances", "in no way", "at no point", "by no means"
    if (
        token.lemma_ in ("have", "be")
        and any(c.dep_ == "advmod" and c.lower_ == "yet" for c in token.children)
        and any(c.dep_ == "xcomp" and infinitive(c) for c in token.children)
    ):
        count += 1  # "have yet to honour the accord", "are yet to sign": not done so far
    if (
        count
        and token.lemma_ == "be"
        and any(c.dep_ == "prep" and c.lower_ == "without" for c in token.children)
    ):
        count += 1  # "would not be possible without diplomacy": the two negations cancel
    return count


def _no_object(preposition: Token) -> bool:
    """A preposition whose object is determined by "no" ("under no circumstances")."""
    return any(
        o.dep_ == "pobj" and any(d.dep_ == "det" and d.lower_ == "no" for d in o.children)
        for o in preposition.children
    )


def word_forms(token: Token, lexicon: Lexicon) -> Iterator[str]:
    """The lemma of a token, and with its particle or preposition ("rule out", "call for", "open to")."""
    for base in _bases(token):
        yield base
        for child in token.children:
            if child.dep_ in ("prt", "prep", "advmod") and child.i > token.i:
                yield f"{base} {child.lower_}"


def _bases(token: Token) -> set[str]:
    """The lemma, and the word with a regular ending taken off (the small model reads "hoped" as "hop")."""
    word = token.lower_
    bases = {token.lemma_.casefold(), word}
    doc = token.doc
    if (
        token.i >= 2
        and doc[token.i - 1].text == "-"
        and doc[token.i - 2].idx + len(doc[token.i - 2]) + 1 == token.idx
    ):
        # "de-escalate" split by the tokenizer into "de", "-", "escalate": the whole word too
        prefix = doc[token.i - 2].lower_
        bases |= {f"{prefix}-{b}" for b in set(bases)}
    for ending, replacement in (
        ("ied", "y"),
        ("ies", "y"),
        ("ed", ""),
        ("ed", "e"),
        ("es", ""),
        ("s", ""),
        ("ing", ""),
        ("ing", "e"),
        ("d", ""),
    ):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            bases.add(word[: len(word) - len(ending)] + replacement)
    return bases


def lessened(token: Token) -> bool:
    """A word of approval turned down by "less" ("less confident", "less promising")."""
    return any(c.dep_ == "advmod" and c.lower_ == "less" for c in token.children)


def to_come(token: Token) -> bool:
    """Not a past: a modal ("will", "would", "can") or a present on the predicate or what governs it
    ("no such agreement exists"), or a headline with no verb ("No talks with Kyiv while ...")."""
    if token.dep_ == "ROOT" and token.pos_ in ("NOUN", "PROPN"):
        return True
    for predicate in (token, token.head):
        tags = {predicate.tag_, *(c.tag_ for c in predicate.children if c.dep_ in ("aux", "auxpass"))}
        if "MD" in tags or (tags & {"VBZ", "VBP"} and not tags & {"VBN", "VBD"}):
            return True
    return False


def predicated(scope: Scope) -> bool:
    """Whether the talk word is said of something (attribute of "be") or is a verb's object."""
    return scope.relations[1] in ("attr", "dobj", "oprd", "appos") if len(scope.relations) > 1 else False


def restricted_by_only(predicate: Token) -> bool:
    """A verb restricted by "only" ("would only discuss a truce"): what is offered has terms."""
    return predicate.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "advmod" and c.lower_ == "only" and c.i < predicate.i for c in predicate.children
    )


def marked(predicate: Token, kind: str, lexicon: Lexicon) -> bool:
    """Whether a clause's subordinator ("if", "because") is a word of the lexicon kind (stance.words)."""
    marks = lexicon.stance_words[kind]
    return any(c.dep_ == "mark" and c.lower_ in marks for c in predicate.children)


def supposed(predicate: Token, lexicon: Lexicon) -> bool:
    """A predicate supposed, not asserted ("if the deal is rejected, ...": stance.words.supposed)."""
    return marked(predicate, "supposed", lexicon)


def denied_report(noun: Token, lexicon: Lexicon) -> bool:
    """A report noun a denial verb takes ("denied reports that ...", "dismissed claims that ...")."""
    words = lexicon.stance_words
    return (
        noun.lemma_.casefold() in words["report"]
        and noun.dep_ in ("dobj", "nsubjpass")
        and noun.head.lemma_.casefold() in words["deny"]
    )


def deontic(token: Token, lexicon: Lexicon) -> bool:
    """A predicate under obligation: "must withdraw", "should be ended", "has to accept", "needs to stop".

    The modals are stance.words.obligation; "have to" and "need to" are verbs with an infinitive.
    """
    if any(c.dep_ == "aux" and c.lower_ in lexicon.stance_words["obligation"] for c in token.children):
        return True
    return token.lemma_.casefold() in lexicon.stance_words["obligation_verbs"] and any(
        c.dep_ == "xcomp" and infinitive(c) for c in token.children
    )


def _hyphenated(word: Token) -> bool:
    """A word joined by a hyphen to the next ("no-deal"): the tokenizer splits it, the word is one."""
    doc = word.doc
    return (
        not word.whitespace_
        and word.i + 2 < len(doc)
        and doc[word.i + 1].text == "-"
        and not doc[word.i + 1].whitespace_
    )


def scant(noun: Token, lexicon: Lexicon) -> bool:
    """Hope or a chance turned down by its quantifier ("little hope of a deal", "a slim chance")."""
    return noun.pos_ == "NOUN" and any(
        c.dep_ in ("amod", "det") and c.lower_ in lexicon.stance_words["scant"] for c in noun.children
    )


def in_good_faith(predicate: Token, lexicon: Lexicon) -> bool:
    """A manner of sincerity on a predicate ("negotiating in good faith"): negated, it is doubt."""
    sincere = lexicon.stance_words["sincere"]
    return any(
        c.dep_ == "prep" and any(o.dep_ == "pobj" and o.lemma_.casefold() in sincere for o in c.children)
        for c in predicate.children
    )
