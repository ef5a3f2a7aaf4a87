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
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from schemas import Condition, Stance
from services.engine.condition_clauses import sets_terms
from services.engine.lexicon import Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from services.engine.actors import ActorRegistry

# Conditions that do not bind talks: leverage describes what helps at the table, good faith is doubt.
NON_BINDING_PREFIXES = ("leverage:", "good_faith", "no_preconditions", "not:")
_NEGATION_WORDS = frozenset({"not", "never", "n't", "no", "neither", "nor", "without", "cannot"})
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
        "ROOT",
    }
)
_SUBJECTS = frozenset({"nsubj", "csubj", "expl"})
_BE_SUBJECTS = frozenset({"nsubj", "nsubjpass", "self"})
# A predicate with one of these marks is supposed, not asserted ("if the deal is rejected, ...").
_SUPPOSED = frozenset({"if", "unless", "whether"})
# Prepositions of "under no circumstances", "in no way", "at no time", "by no means": a negation.
_NO_WAY_PREPOSITIONS = frozenset({"under", "in", "at", "by"})
# What is met in the sense of satisfied ("met the demands"): no meeting.
_SATISFIED = frozenset(
    {
        "condition",
        "demand",
        "requirement",
        "need",
        "expectation",
        "obligation",
        "term",
        "criterion",
        "deadline",
    }
)
# Subordinators of a reason, a concession or a time: their clause is no object of the main predicate
# ("accepted the deal because Kyiv agreed to talks": the talks are not what was accepted).
_ASIDE = frozenset({"because", "since", "although", "though", "while", "whereas", "whilst"})
_PRECEDENCE = (Stance.conditional, Stance.oppose, Stance.skeptical, Stance.support)


@dataclass(frozen=True)
class Scope:
    """The talk word and the predicates governing it, nearest first, with how each was reached."""

    target: Token
    path: tuple[Token, ...]
    relations: tuple[str, ...]


def talk_targets(doc: Doc | Span, lexicon: Lexicon) -> list[Token]:
    """The tokens naming talks, a deal, a ceasefire or a proposal (by lemma, lexicon stance.words.targets)."""
    targets = lexicon.stance_words["targets"]
    return [t for t in doc if (t.lemma_.casefold() in targets or t.lower_ in targets) and not _idiom(t)]


def _idiom(token: Token) -> bool:
    """A talk word in an idiom that names no talks ("in exchange for", "according to", "demands were met")."""
    if token.lower_ == "according":
        return True
    if token.lemma_ == "meet" and token.pos_ == "VERB":
        # "once the conditions are met": to satisfy, not to meet someone
        return any(c.dep_ == "auxpass" for c in token.children) or any(
            c.dep_ == "dobj" and c.lemma_.casefold() in _SATISFIED for c in token.children
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
        if (
            relation in ("acl", "relcl")
            and parent.pos_ in ("NOUN", "PROPN")
            and parent.lemma_ not in targets
            and not _infinitive(current)
        ):
            break  # "reports that talks were under way": the report is the object, not the talks
            # ("his desire to meet", "its readiness to negotiate": the noun governs the talks)
        if relation == "conj" and parent.pos_ in ("VERB", "AUX"):
            break  # "rejected the plan and welcomed talks": coordinate predicates, each its own stance
        if relation == "advcl" and any(c.dep_ == "mark" and c.lower_ in _ASIDE for c in current.children):
            break  # "because Kyiv agreed to talks": a reason or a time, not what the main verb is about
        path.append(parent)
        relations.append(relation)
        current = parent
    return Scope(target, tuple(path), tuple(relations))


def _no_subject(token: Token, skip: int) -> int:
    """1 when the predicate's subject is nobody ("no country could agree to it"), 0 otherwise."""
    for c in token.children:
        if c.i == skip or c.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if c.lower_ in ("nobody", "none", "nothing") or any(
            d.dep_ == "det" and d.lower_ == "no" for d in c.children
        ):
            return 1
    return 0


def _infinitive(token: Token) -> bool:
    """A verb with "to" ("to meet", "to negotiate")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _negations(token: Token) -> int:
    """How many negations a predicate carries ("did not", "never", "no talks", "cannot")."""
    count = 0
    for child in token.children:
        if child.dep_ == "neg" or (
            child.dep_ in ("det", "advmod", "aux") and child.lower_ in _NEGATION_WORDS
        ):
            count += 1
        elif child.dep_ == "prep" and child.lower_ in _NO_WAY_PREPOSITIONS and _no_object(child):
            count += 1  # "under no circumstances", "in no way", "at no point", "by no means"
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


def _words(token: Token, lexicon: Lexicon) -> Iterator[str]:
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


def _kind_of(token: Token, relation: str, lexicon: Lexicon) -> str | None:
    """The stance kind of a predicate on the path: refuse, support, ready, sincere, skeptical, negative ..."""
    words = lexicon.stance_words
    forms = list(_words(token, lexicon))
    as_subject = relation in _SUBJECTS
    if any(f in words["condition"] for f in forms):
        return "condition"
    if not as_subject and token.pos_ in ("VERB", "AUX", "NOUN"):
        if any(f in words["refuse"] for f in forms):
            return "refuse"
        if any(f in words["support"] for f in forms):
            return "support"
        if relation != "nsubjpass" and any(f in words["participate"] for f in forms):
            # "will hold talks", "agreed to continue talks": taking part; "held talks today": a fact
            return "support" if (_to_come(token) or _infinitive(token)) and not _forecast(token) else None
    if token.pos_ in ("ADJ", "VERB", "NOUN", "ADV"):
        if any(f in words["sincere"] for f in forms):
            return "sincere"
        if any(f in words["ready"] for f in forms):
            return "ready"
    if any(f in words["skeptical"] for f in forms):
        return "skeptical"
    if any(f in words["negative"] for f in forms) and (token.pos_ != "VERB" or as_subject):
        return "negative"  # a verb only for what the talk word does: "the deal would weaken ..."
    if any(f in words["positive"] for f in forms) and (token.pos_ != "VERB" or as_subject):
        return "positive"  # a verb only for what the talk word does: "the deal will strengthen ..."
    return None


def _evaluation(predicate: Token, lexicon: Lexicon) -> tuple[str, Token] | None:
    """What "be" (or a verb of calling) says of the talk word: "is unacceptable", "called it a victory"."""
    complements = [c for c in predicate.children if c.dep_ in ("acomp", "attr", "oprd")]
    for prep in predicate.children:  # "described the offer as a sham"
        if prep.dep_ == "prep" and prep.lower_ == "as":
            complements += [c for c in prep.children if c.dep_ == "pobj"]
    for child in complements:
        for word in (child, *(c for c in child.children if c.dep_ in ("amod", "compound"))):
            kind = _kind_of(word, "attr", lexicon)
            if kind is not None:
                return kind, word
    return None


def _scope_stance(
    scope: Scope, lexicon: Lexicon, other_side: Callable[[str], bool] | None = None
) -> Stance | None:
    """The stance one scope expresses, None when its predicates carry none.

    Kinds compose up the path as signs: a refusal or a negation turns what lies below it around
    ("rejected calls for a ceasefire": oppose; "did not rule out talks": support; "refused to accept").
    Doubt ("a ploy", "sham talks") is skeptical wherever it stands, unless negated.
    """
    praised = False
    for word in scope.target.children:  # "sham negotiations", "so-called peace plan", "conditional agreement"
        modifier = _kind_of(word, "amod", lexicon) if word.dep_ in ("amod", "compound") else None
        if modifier in ("skeptical", "negative"):
            return Stance.skeptical
        if modifier == "condition":
            return Stance.conditional
        if modifier == "positive" and word.pos_ == "ADJ" and _predicated(scope):
            praised = True  # "this is a transformative deal", "welcomed the historic agreement"
        if word.dep_ == "relcl" and _kind_of(word, "nsubj", lexicon) == "positive" and not _negations(word):
            praised = True  # "a deal that will bring great benefits"
        if word.dep_ == "prep" and word.lower_ == "as" and _predicated(scope):
            # "described the talks as productive": the parse hangs "as" on the talk word, not on the verb
            for complement in word.children:
                called = (
                    _kind_of(complement, "attr", lexicon)
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
        if any(c.dep_ == "mark" and c.lower_ in _SUPPOSED for c in token.children):
            return None  # "if the deal is rejected, we risk a crisis": supposed, not a stance
        under = scope.path[index - 1].i if index else -1
        negated = (_negations(token) + _no_subject(token, under)) % 2 == 1
        kind = _kind_of(token, relation, lexicon) if index > 0 or token.pos_ == "VERB" else None
        below = scope.relations[index]  # how the path reached this predicate
        if index == 1 and below in ("nsubj", "nsubjpass") and not negated and _deontic(token):
            # What the talks or the deal must do or be: "negotiations must continue" calls for them;
            # "any deal must include ...", "the truce should be based on ..." sets its terms.
            verbs = [token, *(c for c in token.children if c.dep_ == "xcomp")]  # "have to resume"
            taking_part = any(set(_words(v, lexicon)) & lexicon.stance_words["participate"] for v in verbs)
            if below == "nsubj" and taking_part:
                # ("the truce must hold": it must last, which says no more than that)
                kind = None if any(v.lemma_ == "hold" for v in verbs) else "support"
            elif kind in (None, "positive"):
                return Stance.conditional
        if kind is None and (
            (token.lemma_ == "be" and below in (*_BE_SUBJECTS, "prep"))
            or (token.pos_ == "VERB" and below == "dobj")
        ):
            found = _evaluation(token, lexicon)  # "the deal is a sham", "called the deal a victory"
            if found is not None:
                kind = found[0]
                negated ^= _negations(found[1]) % 2 == 1
        if kind == "condition":
            # "the deal requires ..."; denied ("cannot be a precondition for talks"), a demand rejected
            denied = sum(_negations(t) for t in scope.path[index:]) % 2 == 1
            return Stance.oppose if denied else Stance.conditional
        if index > 0 and _only(token):
            return Stance.conditional  # "will only discuss a truce"
        if kind == "skeptical":
            if negated:
                return None
            return Stance.skeptical
        if kind == "positive" and (negated or _lessened(token)):
            return Stance.skeptical  # "the deal will not resolve their disputes", "not a real plan"
        if kind in ("refuse", "negative"):
            sign = -sign
            polar = True
        elif kind in ("support", "ready", "positive"):
            polar = True
        elif kind == "sincere":
            polar = sincere = True
            if _lessened(token):
                return Stance.skeptical
        if negated:
            sign = -sign
            # A bare negation refuses only what is to come ("will not negotiate", "there will be no
            # talks"); "the talks have not been paused" tells a fact.
            polar = polar or kind is not None or _to_come(token)
    if not polar:
        return None
    if sign > 0:
        if other_side is not None and _said_of_the_other_side(scope, other_side):
            return None  # "Kyiv confirmed the talks", said by Moscow: a report of the other side's act
        return Stance.support
    if sincere or (other_side is not None and _said_of_the_other_side(scope, other_side)):
        return Stance.skeptical
    return Stance.oppose


def other_side_of(actors: ActorRegistry, party: str) -> Callable[[str], bool] | None:
    """A test of subject words: do they name a registry actor of a known party other than `party`?

    None when the speaker's party is not known (nothing to compare with).
    """
    if party in ("unknown", "media", ""):
        return None

    def other(words: str) -> bool:
        parties = {actors.resolve(m).party for m in actors.mentions(words)}
        return bool(parties) and party not in parties and "unknown" not in parties

    return other


def _said_of_the_other_side(scope: Scope, other_side: Callable[[str], bool]) -> bool:
    """Whether the nearest subject up the path names an actor of another party than the speaker's."""
    on_path = {t.i for t in scope.path}
    for token in scope.path:
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i not in on_path:
                words = child.doc.text[child.left_edge.idx : child.right_edge.idx + len(child.right_edge)]
                return other_side(words)
    return False


def _lessened(token: Token) -> bool:
    """A word of approval turned down by "less" ("less confident", "less promising")."""
    return any(c.dep_ == "advmod" and c.lower_ == "less" for c in token.children)


def _to_come(token: Token) -> bool:
    """Not a past: a modal ("will", "would", "can") or a present on the predicate or what governs it
    ("no such agreement exists"), or a headline with no verb ("No talks with Kyiv while ...")."""
    if token.dep_ == "ROOT" and token.pos_ in ("NOUN", "PROPN"):
        return True
    for predicate in (token, token.head):
        tags = {predicate.tag_, *(c.tag_ for c in predicate.children if c.dep_ in ("aux", "auxpass"))}
        if "MD" in tags or (tags & {"VBZ", "VBP"} and not tags & {"VBN", "VBD"}):
            return True
    return False


def _predicated(scope: Scope) -> bool:
    """Whether the talk word is said of something (attribute of "be") or is a verb's object."""
    return scope.relations[1] in ("attr", "dobj", "oprd", "appos") if len(scope.relations) > 1 else False


def _only(predicate: Token) -> bool:
    """A verb restricted by "only" ("would only discuss a truce"): what is offered has terms."""
    return predicate.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "advmod" and c.lower_ == "only" and c.i < predicate.i for c in predicate.children
    )


# Where a sentence's own claim is made: its root, what the root reports, and clauses joined to them.
_MAIN_CLAUSES = frozenset({"ROOT", "ccomp", "xcomp", "conj", "advcl"})


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
    binding = [c for c in conditions if not c.key.startswith(NON_BINDING_PREFIXES)]
    if binding or any(sets_terms(doc, {t.i for t in scope.path}, lexicon) for scope in found):
        return Stance.conditional
    if found and lexicon.sets_terms.search(doc.text):
        return Stance.conditional
    if _as_soon_as(found):
        return Stance.conditional
    stances = {s for s in (_scope_stance(scope, lexicon, other_side) for scope in found) if s is not None}
    text = doc.text
    if lexicon.red_line.search(text):
        stances.add(Stance.oppose)
    if not stances:
        stances |= _nearby_evaluation(doc, found, lexicon)
    if not stances and lexicon.skeptical.search(text):
        stances.add(Stance.skeptical)
    for stance in _PRECEDENCE:
        if stance in stances:
            return stance
    # No talk word carries a stance: the sentence's own step or commitment, if its main clause makes one
    # ("we are ready to rework the declaration", "we will release the detainees if ...").
    # A refusal verb there refuses no talk word (the scopes would have read it): "dismissed reports that
    # talks were under way" refuses the reports.
    return commitment_stance(doc, lexicon, refusals=not found) or Stance.neutral


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
        purpose = token.dep_ == "acl" and token.head.dep_ in ("dobj", "attr") and _infinitive(token)
        if token.pos_ not in ("VERB", "AUX") or not (token.dep_ in _MAIN_CLAUSES or purpose):
            continue
        if any(c.dep_ == "mark" and c.lower_ in _SUPPOSED for c in token.children):
            continue
        if token.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in _BACKGROUND for c in token.children
        ):
            continue  # "..., as the mediators pressed for an end to it": a background, not the step
        forms = set(_words(token, lexicon))
        if forms & words["speech"]:
            continue
        if any(c.dep_ == "xcomp" and c.tag_ == "VBG" for c in token.children):
            continue  # "would keep consulting": an aspect of another verb, read on that verb
        negations = _negations(token)
        if purpose:
            negations += _negations(token.head)  # "has made no commitment to free them"
        negated = negations % 2 == 1
        if (
            _deontic(token)
            and not negated
            and not _first_person_subject(token)
            and not _talk_subject(token, lexicon)
        ):
            return Stance.conditional  # "the occupier has to withdraw first", "it must be reversed"
        held = _readiness_held(token, lexicon)
        if held is not None:
            # "there is no commitment to releasing them", "has no intention of signing anything"
            negated = (negations + _negations(held)) % 2 == 1
        step = (
            bool(forms & (words["support"] | words["concede"])) or _ready(token, lexicon) or held is not None
        )
        if step and not negated and _terms_clause(token):
            return Stance.conditional  # "we will free them if the shelling stops"
        if step:
            return Stance.oppose if negated else Stance.support
        if refusals and forms & words["refuse"] and not negated:
            return Stance.oppose
    return None


# Subordinators of a clause told as background to the main one (a reason, a concession, a time).
_BACKGROUND = frozenset({*_ASIDE, "as", "when", "after", "before"})
# Modals of obligation: "must", "should", "ought to"; "have to" and "need to" are verbs with an infinitive.
_OBLIGATION_MODALS = frozenset({"must", "should", "ought"})
_FIRST_PERSON = frozenset({"we", "i", "us", "you"})  # "you" as in "sometimes you have to walk": anyone
# Markers of a clause that sets terms on a step ("if", "unless", "once", "provided").
_TERMS_MARKS = frozenset({"if", "unless", "once", "provided"})


def _deontic(token: Token) -> bool:
    """A predicate under obligation: "must withdraw", "should be ended", "has to accept", "needs to stop"."""
    if any(c.dep_ == "aux" and c.lower_ in _OBLIGATION_MODALS for c in token.children):
        return True
    return token.lemma_ in ("have", "need") and any(
        c.dep_ == "xcomp" and _infinitive(c) for c in token.children
    )


def _first_person_subject(token: Token) -> bool:
    """The speaker's own side (or anyone) as the subject: "we must", "I have to", "you have to"."""
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and token.dep_ == "xcomp":
        subjects = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(s.lower_ in _FIRST_PERSON for s in subjects)


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


def _terms_clause(token: Token) -> bool:
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
                and any(m.dep_ == "mark" and m.lower_ in _TERMS_MARKS for m in clause.children)
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
    return any(_negations(token) for scope in scopes(doc, lexicon) for token in scope.path)
