"""Reports of the other side's acts: what a speaker tells of another party is no stance of their own."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from services.engine.syntax import text_of

if TYPE_CHECKING:
    from services.engine.actors import ActorRegistry
    from services.engine.stance.scope import Scope


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


def said_of_the_other_side(scope: Scope, other_side: Callable[[str], bool]) -> bool:
    """Whether the nearest subject up the path names an actor of another party than the speaker's."""
    on_path = {t.i for t in scope.path}
    for token in scope.path:
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i not in on_path:
                words = text_of(child.doc)[child.left_edge.idx : child.right_edge.idx + len(child.right_edge)]
                return other_side(words)
    return False
