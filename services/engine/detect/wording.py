"""Words of a quote or sentence, normalized so typography never counts as a difference.

Tokens keep their character offsets into the original text (for showing the words as
written), and a normalized form in which casing, curly vs straight apostrophes, Unicode
compatibility forms, hyphens inside a word ("re-arm" = "rearm") and the British and American
spellings of one word ("organised" = "organized", "favour" = "favor") no longer differ.
Punctuation, quotation marks and dashes are not tokens at all; an ellipsis or an editor's
bracket ("[...]", "[Ukraine - ed.]") becomes a GAP token, marking where an outlet cut or
inserted text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from services.engine.detect.cache import TEXT_MEMO_SIZE, register
from services.engine.detect.rules import DetectionRules

GAP = "<gap>"
# Two words sharing a first stretch this long, and this share of the longer word, are one
# word's derivations (short stems like "agree"/"agent" are too often different words).
MIN_STEM = 7
STEM_SHARE = 0.6

_TOKEN = re.compile(
    r"(?P<gap>\.{3}|…|\[[^\]]{0,200}\])"
    r"|(?P<word>[^\W_]+(?:['’ʼ‘\-‐‑][^\W_]+)*)"
)
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})
_HYPHENS = re.compile(r"[\-‐‑]")
# British endings and their American spelling. Both sides of a comparison are folded the same
# way, so a rule only errs where two different words meet in one form; the length floors keep
# short words ("rise", "wise", "four", "your") as written.
_TRANSLITERATION_MARK = re.compile(r"(?<=\w)'(?=\w)(?!(?:s|t|re|ll|ve|d|m)$)")
_SPELLINGS = (
    (re.compile(r"(?<=\w{3})is(e|es|ed|ing|ation|ations|er|ers)$"), r"iz\1"),
    (re.compile(r"(?<=\w{2})ys(e|es|ed|ing)$"), r"yz\1"),
    (re.compile(r"(?<=\w{2}[b-df-hj-np-tv-z])our(s|ed|ing|able|ite|ites)?$"), r"or\1"),
    (re.compile(r"(?<=\w{2})([bt])re(s|d)?$"), r"\1er\2"),
    (re.compile(r"(?<=\w{3})ogue(s)?$"), r"og\1"),
    (re.compile(r"(?<=\w{2})([fc])ence(s)?$"), r"\1ense\2"),
)


@dataclass(frozen=True)
class Token:
    """One word (or gap) of a text: its normalized form and where it stands in the text."""

    norm: str
    start: int
    end: int


def normalize_word(word: str) -> str:
    """Casefolded NFKC form with straight apostrophes, no in-word hyphens, no possessive 's, no
    transliteration marks, American spelling."""
    folded = unicodedata.normalize("NFKC", word).translate(_APOSTROPHES).casefold()
    folded = _HYPHENS.sub("", folded)
    if folded.endswith("'s") and len(folded) > 2:
        folded = folded[:-2]
    # An apostrophe inside a name is a transliteration mark ("Qur'an" = "Quran", "Sana'a" = "Sanaa");
    # the one of a contraction stays ("we'll" is not "well").
    folded = _TRANSLITERATION_MARK.sub("", folded)
    for british, american in _SPELLINGS:
        folded = british.sub(american, folded)
    return folded


def tokenize(text: str) -> list[Token]:
    """The words and gaps of `text`, in order, with offsets into `text`."""
    return list(text_tokens(text))


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def text_tokens(text: str) -> tuple[Token, ...]:
    """``tokenize(text)`` as a tuple, remembered: peers' quotes are compared again and again."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        if match.group("gap") is not None:
            if not tokens or tokens[-1].norm != GAP:
                tokens.append(Token(GAP, match.start(), match.end()))
            continue
        tokens.append(Token(normalize_word(match.group()), match.start(), match.end()))
    return tuple(tokens)


def words(text: str) -> list[str]:
    """The normalized words of `text`, gaps left out."""
    return list(text_words(text))


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def text_words(text: str) -> tuple[str, ...]:
    """``words(text)`` as a tuple, remembered."""
    return tuple(t.norm for t in text_tokens(text) if t.norm != GAP)


def is_content_word(word: str, rules: DetectionRules) -> bool:
    """True for a word that carries meaning (not a function word, negator or gap).

    Negators are left out because "not" in two quotes says nothing about their topic; a
    negation present in one quote only is caught on its own.
    """
    return (
        word != GAP
        and word not in rules.function_words
        and not is_negator(word, rules)
        and (len(word) > 1 or word.isdigit())
    )


def content_words(text: str, rules: DetectionRules) -> set[str]:
    """The canonical content words of `text` (near-synonyms folded into one)."""
    return set(text_content_words(text, rules))


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def text_content_words(text: str, rules: DetectionRules) -> frozenset[str]:
    """``content_words(text, rules)`` as a frozenset, remembered."""
    return frozenset(rules.canonical_word(w) for w in text_words(text) if is_content_word(w, rules))


def is_negator(word: str, rules: DetectionRules) -> bool:
    """True for a word that negates ('not', 'never', "doesn't")."""
    return word in rules.negators or word.endswith("n't")


def spelling_variants(a: str, b: str) -> bool:
    """True when two words are one word spelt or inflected differently ('defence'/'defense')."""
    if a == b:
        return True
    if any(ch.isdigit() for ch in a + b):
        return False  # 1000 and 10000 are different numbers, not spellings
    if a == "re" + b or b == "re" + a:
        # "re-attack" and "attack again" say the same thing.
        return True
    prefix = 0
    for left, right in zip(a, b, strict=False):
        if left != right:
            break
        prefix += 1
    if prefix < 4:
        return False
    longer = max(len(a), len(b))
    if prefix >= MIN_STEM and prefix >= STEM_SHARE * longer:
        # One long stem, two derivations: a translation's noun or verb form of one word
        # ("implementation"/"implementing", "recognition"/"recognised").
        return True
    # Differ only in a short ending: plural, tense, British/American spelling.
    return longer - prefix <= 3 and min(len(a), len(b)) - prefix <= 2


def render_span(text: str, tokens: Sequence[Token], start: int, end: int, context: int = 1) -> str:
    """The original words of tokens[start:end] with `context` words either side, as written."""
    lo = max(0, start - context)
    hi = min(len(tokens), end + context)
    shown = [t for t in tokens[lo:hi] if t.norm != GAP]
    if not shown:
        return ""
    return text[shown[0].start : shown[-1].end]


register(text_tokens)
register(text_words)
register(text_content_words)
