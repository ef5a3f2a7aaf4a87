"""Whose position an article says has changed: the possessor in "a reversal of Carney's earlier position".

A reported change ("marks a reversal of ...", "a U-turn from ...") is the article's own statement
about an actor; that actor is the possessor of the position noun the change names, not the
sentence's grammatical subject ("The decision").
"""

from __future__ import annotations

import re

from schemas import Claim
from services.engine.conditions import find_conditions
from services.engine.lexicon import Lexicon
from services.engine.speakers import NOT_NAMES, Attribution, SpeakerContext, SpeakerResolver, full_name
from services.engine.stance import classify_stance
from services.engine.syntax import Parser

# A possessor after the preposition of a reported change ("reversal of Mark Carney's earlier position").
_POSITION_OWNER = re.compile(
    r"\b(?:of|from|in|on)\s+(?:the\s+)?((?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*)(?=['’]s?\s)"
)


def position_owner(
    resolver: SpeakerResolver, start: int, end: int, ctx: SpeakerContext
) -> Attribution | None:
    """The actor whose position the change in text[start:end] is about, with attribution editorial.

    The possessor of the first position noun (lexicon ``position_nouns``): a registry actor (a place
    name stands for its government), else the name as written, a lone surname completed from a full
    name written earlier in the article. None when the change names no possessor.
    """
    text = ctx.text
    for owner in _POSITION_OWNER.finditer(text, start, end):
        if not resolver.lexicon.position_noun.match(text, owner.end(1)):
            continue
        owner_start, owner_end = owner.span(1)
        for mention in ctx.mentions_in(owner.start(), owner_end):
            actor = resolver.registry.resolve(mention, ctx.when, ctx.named_ids)
            speaker = resolver.registry.speaker(actor)
            return Attribution(speaker, "editorial", "owner", actor.kind == "person", True, owner_start)
        words = [w for w in owner.group(1).split() if not NOT_NAMES.match(w)]
        if not words or resolver.name_kind(" ".join(words)) is None:
            return None
        name = " ".join(words)
        if len(words) == 1:
            known = ctx.unknown_names.get(name)
            name = known.name if known else full_name(name, text[:start])
        speaker = ctx.unknown_names.get(name) or resolver.registry.unknown_speaker(name)
        return Attribution(
            speaker, "editorial", "owner", resolver.name_kind(name) == "person", False, owner_start
        )
    return None


def without_old_position(
    claim: Claim, sentence_text: str, change: str, lexicon: Lexicon, parser: Parser
) -> Claim:
    """The claim's stance and conditions from its words outside the reported change.

    "... a reversal of Carney's earlier position that Ottawa would not sit down ..." describes the
    position given up: its refusal and conditions are not what the actor holds now.
    """
    rest = sentence_text.replace(change, " " * len(change), 1)
    doc = parser.parse_one(rest)
    conditions = find_conditions(doc, lexicon)
    return claim.model_copy(
        update={"conditions": conditions, "stance": classify_stance(doc, conditions, lexicon)}
    )
