"""An alternation of literal words written as a tree of their letters: the same matches, far sooner.

Python's regular expressions try the wordings of an alternation one after another at every position, so
a list of 500 country names costs 500 attempts at each word start. ``literal_trie`` writes the same
alternation letter by letter ("ir(?:an|aq)" for "iran" and "iraq"), where a position fails after its
first letters. The matches are those of the plain alternation, longest wording first: two wordings that
match at one position are one a prefix of the other, and at every letter the tree tries the longer one
before it lets the shorter end. Words whose letters one tree node could not tell apart when case is
ignored ("s" and "ſ") are written as the plain alternation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_Node = dict[str, "_Node"]
_END = ""  # the key marking that a word ends at a node


def plain_alternation(words: Iterable[str]) -> str:
    """One non-capturing alternation of the escaped words, longest first."""
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    return "(?:" + "|".join(re.escape(w) for w in ordered) + ")"


def literal_trie(words: Iterable[str]) -> str:
    """A non-capturing group matching what `plain_alternation(words)` matches, as a tree of letters."""
    words = list(words)
    root: _Node = {}
    for word in set(words):
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    if not _distinct_siblings(root):
        return plain_alternation(words)
    return "(?:" + _written(root) + ")"


def _written(node: _Node) -> str:
    branches = [re.escape(char) + _written(child) for char, child in sorted(node.items()) if char != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + body + ")?" if _END in node else body  # greedy: the longer word is tried first


def _distinct_siblings(node: _Node) -> bool:
    """No two letters branching from one node match each other when case is ignored."""
    chars = [c for c in node if c != _END]
    for i, char in enumerate(chars):
        if any(re.fullmatch(re.escape(char), other, re.IGNORECASE) for other in chars[i + 1 :]):
            return False
    return all(_distinct_siblings(child) for child in node.values())
