"""Compare two quotes of one statement word by word and find the material differences.

The quotes are aligned on normalized words (difflib).  A difference is *not* material when
it is typography (handled by normalization), only function words ("in"/"on", "will be"/"is
going to be"), words moved elsewhere in the quote, near-synonyms from the word list, spelling
or inflection variants ("guarantee"/"guarantees"), a pronoun replaced by the name it stands
for ("his"/"Putin's"), an outlet's cut marked by an ellipsis, or a trim at either end (one
quote a sub-span of the other).  What remains is material: content words swapped
("guarantees"/"assurances"), a negation present in only one quote, or a substantive term
dropped from the middle of a quote.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from schemas import Severity
from services.engine.detect.cache import TEXT_MEMO_SIZE, register
from services.engine.detect.rules import DetectionRules
from services.engine.detect.wording import (
    GAP,
    Token,
    is_content_word,
    is_negator,
    render_span,
    spelling_variants,
    text_tokens,
)

# Two quotes are the same statement only if they share enough words in aligned runs.
MIN_SHARED_CONTENT_WORDS = 2
MIN_SHARED_FRACTION = 0.5
MIN_REORDERED_FRACTION = 0.8
# ... and most of the shorter quote's words, function words included, must line up.
MIN_MATCHED_TOKEN_FRACTION = 0.6
# At either end, a replaced stretch much longer on one side is a trim joined to other text.
MAX_EDGE_LENGTH_GAP = 3
MIN_MATCHED_DENSITY = 0.5


@dataclass(frozen=True)
class QuoteChange:
    """One material difference: the words of quote A and of quote B at one aligned place."""

    words_a: tuple[str, ...]
    words_b: tuple[str, ...]
    shown_a: str
    shown_b: str
    negation: bool
    substantive: bool

    @property
    def severity(self) -> Severity:
        """High for a negation flip, medium for a substantive term, low otherwise."""
        if self.negation:
            return Severity.high
        return Severity.medium if self.substantive else Severity.low

    @property
    def signature(self) -> str:
        """Order-free name of the change: the same whichever quote is called A."""
        return "/".join(sorted((" ".join(self.words_a) or "-", " ".join(self.words_b) or "-")))

    def rank(self) -> tuple[int, int, str]:
        """Sort key putting the most telling change first (negation, substantive, then by name)."""
        return (-int(self.negation), -int(self.substantive), self.signature)


@dataclass(frozen=True)
class QuoteComparison:
    """Result of aligning two quotes: whether they are one statement, and how they differ."""

    aligned: bool
    changes: tuple[QuoteChange, ...]


@dataclass
class _Edit:
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    removed: list[str]
    added: list[str]


@dataclass(frozen=True)
class _QuoteWords:
    """What comparing a quote needs from it, derived once per quote and rules."""

    tokens: tuple[Token, ...]
    norms: tuple[str, ...]  # canonical words, gaps kept
    counts: Counter[str]
    content: Counter[str]
    negations: int


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def _quote_words(quote: str, rules: DetectionRules) -> _QuoteWords:
    tokens = text_tokens(quote)
    # Aligned on canonical words, so listed near-synonyms line up like equal words.
    norms = tuple(rules.canonical_word(t.norm) for t in tokens)
    return _QuoteWords(
        tokens=tokens,
        norms=norms,
        counts=Counter(norms),
        content=Counter(w for w in norms if is_content_word(w, rules)),
        negations=_negations(norms, rules),
    )


register(_quote_words)


def compare_quotes(quote_a: str, quote_b: str, rules: DetectionRules) -> QuoteComparison:
    """Align two quotes; if they are one statement, list their material differences."""
    side_a, side_b = _quote_words(quote_a, rules), _quote_words(quote_b, rules)
    tokens_a, tokens_b = side_a.tokens, side_b.tokens
    norms_a, norms_b = side_a.norms, side_b.norms
    if _cannot_align(side_a, side_b):
        return QuoteComparison(aligned=False, changes=())
    matcher = SequenceMatcher(None, norms_a, norms_b, autojunk=False)
    opcodes = matcher.get_opcodes()
    if not _aligned(opcodes, norms_a, norms_b, rules, (side_a.content, side_b.content)):
        return QuoteComparison(aligned=False, changes=())
    edits = _interior_edits(opcodes, norms_a, norms_b, rules)
    _drop_moved_words(edits)
    # A negation that only moved ("will not be" / "is not going to be") flips nothing.
    negations_differ = side_a.negations != side_b.negations
    changes = [
        change
        for edit in edits
        if (change := _classify(edit, quote_a, tokens_a, quote_b, tokens_b, rules, negations_differ))
        is not None
    ]
    changes.sort(key=QuoteChange.rank)
    return QuoteComparison(aligned=True, changes=tuple(changes))


def _shared_count(a: Counter[str], b: Counter[str]) -> int:
    """Size of the multiset intersection of `a` and `b`."""
    if len(a) > len(b):
        a, b = b, a
    return sum(min(n, b[w]) for w, n in a.items() if w in b)


def _cannot_align(a: _QuoteWords, b: _QuoteWords) -> bool:
    """True only when `_aligned` would say no, decided from word counts without aligning.

    Exact, not a guess: the aligned runs match equal words one to one, so the words they match
    (all words, or content words only) are never more than the two quotes have in common.
    Each test below is `_aligned`'s own with that upper bound in place of the matched count.
    """
    if a.norms and a.norms == b.norms:
        return False
    shortest = min(len(a.norms), len(b.norms))
    if _shared_count(a.counts, b.counts) < MIN_MATCHED_TOKEN_FRACTION * shortest:
        return True
    shorter = min(sum(a.content.values()), sum(b.content.values()))
    if shorter == 0:
        return True
    in_common = _shared_count(a.content, b.content)
    return in_common < MIN_SHARED_CONTENT_WORDS or in_common / shorter < MIN_SHARED_FRACTION


def _aligned(
    opcodes: Sequence[tuple[str, int, int, int, int]],
    a: Sequence[str],
    b: Sequence[str],
    rules: DetectionRules,
    content: tuple[Counter[str], Counter[str]],
) -> bool:
    """True when the aligned quotes are one statement; `content` counts each one's content words."""
    if a and a == b:
        return True  # the very same words, however short
    runs = [i2 - i1 for tag, i1, i2, _, _ in opcodes if tag == "equal"]
    shortest = min(len(a), len(b))
    if sum(runs) < MIN_MATCHED_TOKEN_FRACTION * shortest:
        return False
    # Common words scattered through a longer text ("agreed to release the Chibok girls" in
    # "... deliver on the release of the Chibok girls ...") are a shared topic, not a shared
    # sentence: between the first and last matching word, most words must match on both sides.
    equal = [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in opcodes if tag == "equal"]
    if not equal:
        return False
    matched = sum(runs)
    span_a = equal[-1][1] - equal[0][0]
    span_b = equal[-1][3] - equal[0][2]
    if matched < MIN_MATCHED_DENSITY * max(span_a, span_b):
        return False
    shared = sum(
        1 for tag, i1, i2, _, _ in opcodes if tag == "equal" for w in a[i1:i2] if is_content_word(w, rules)
    )
    content_a, content_b = content
    shorter = min(sum(content_a.values()), sum(content_b.values()))
    if shorter == 0:
        return False
    if shared >= MIN_SHARED_CONTENT_WORDS and shared / shorter >= MIN_SHARED_FRACTION:
        return True
    # Reordered words ("at some point, a truce" / "a truce at some point") break the aligned
    # runs; nearly all the same words, in any order, is still one statement.
    in_common = sum((content_a & content_b).values())
    return in_common >= MIN_SHARED_CONTENT_WORDS and in_common / shorter >= MIN_REORDERED_FRACTION


def _interior_edits(
    opcodes: Sequence[tuple[str, int, int, int, int]],
    a: Sequence[str],
    b: Sequence[str],
    rules: DetectionRules,
) -> list[_Edit]:
    """Non-equal places, leaving out trims at either end and cuts marked by a gap."""
    edits: list[_Edit] = []
    last = len(opcodes) - 1
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            continue
        one_sided = i1 == i2 or j1 == j2
        uneven = abs((i2 - i1) - (j2 - j1)) > MAX_EDGE_LENGTH_GAP
        if index in (0, last) and (one_sided or uneven):
            continue  # one quote starts or ends earlier: the outlet trimmed it
        seg_a, seg_b = a[i1:i2], b[j1:j2]
        if GAP in seg_a or GAP in seg_b:
            continue  # the outlet marked a cut or an insertion of its own
        edits.append(
            _Edit(
                i1,
                i2,
                j1,
                j2,
                removed=[rules.canonical_word(w) for w in seg_a if is_content_word(w, rules)],
                added=[rules.canonical_word(w) for w in seg_b if is_content_word(w, rules)],
            )
        )
    return edits


def _negations(words: Sequence[str], rules: DetectionRules) -> int:
    return sum(is_negator(w, rules) for w in words)


def _drop_moved_words(edits: list[_Edit]) -> None:
    """Forget content words that left one place and reappear at another (reordering)."""
    moved = Counter(w for e in edits for w in e.removed) & Counter(w for e in edits for w in e.added)
    still_removed, still_added = Counter(moved), Counter(moved)
    for edit in edits:
        edit.removed = _without(edit.removed, still_removed)
        edit.added = _without(edit.added, still_added)


def _without(words: list[str], budget: Counter[str]) -> list[str]:
    kept = []
    for word in words:
        if budget[word] > 0:
            budget[word] -= 1
        else:
            kept.append(word)
    return kept


def _classify(
    edit: _Edit,
    text_a: str,
    tokens_a: Sequence[Token],
    text_b: str,
    tokens_b: Sequence[Token],
    rules: DetectionRules,
    negations_differ: bool,
) -> QuoteChange | None:
    seg_a = [t.norm for t in tokens_a[edit.a_start : edit.a_end]]
    seg_b = [t.norm for t in tokens_b[edit.b_start : edit.b_end]]
    negation = negations_differ and _negations(seg_a, rules) % 2 != _negations(seg_b, rules) % 2
    removed = list(edit.removed)
    added = list(edit.added)
    for word in list(removed):
        twin = next((other for other in added if spelling_variants(word, other)), None)
        if twin is not None:
            removed.remove(word)
            added.remove(twin)
    if not negation:
        if not removed and not added:
            return None  # only function words, synonyms, variants or moved words differ
        if not removed or not added:
            other_side = seg_b if not added else seg_a
            if any(w in rules.pronouns for w in other_side):
                return None  # a pronoun replaced by the name it stands for, or the reverse
            if not any(w in rules.substantive_terms or w.isdigit() for w in removed + added):
                return None  # an incidental word dropped from the middle of the quote
    telling = (*seg_a, *seg_b) if negation else (*removed, *added)
    # Numbers matter as much as substantive terms ("10,000 troops" vs "1,000 troops").
    substantive = any(w in rules.substantive_terms or w.isdigit() for w in telling)
    return QuoteChange(
        words_a=tuple(removed) if not negation else tuple(seg_a),
        words_b=tuple(added) if not negation else tuple(seg_b),
        shown_a=render_span(text_a, tokens_a, edit.a_start, edit.a_end),
        shown_b=render_span(text_b, tokens_b, edit.b_start, edit.b_end),
        negation=negation,
        substantive=substantive,
    )
