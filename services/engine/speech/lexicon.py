"""The speech vocabulary (data/speech.yaml): speech verbs, role nouns, countries, and the cheap cue filter.

The cue filter is a regex over raw sentence text that says whether a sentence may report speech (a form
of a speech verb, "according to", a quotation mark); only sentences it marks are parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from services.engine.errors import ConfigurationError
from services.engine.regex_trie import literal_trie

PACKAGED_SPEECH = Path(__file__).resolve().parent.parent / "data" / "speech.yaml"
# Codes of bodies of states, not states: no government of their own for a bare role to stand for.
_NOT_STATES = frozenset({"EU", "UN", "AU"})
_QUOTE_MARKS = '"“”«»„'


class SpeechData(BaseModel):
    """The fields of speech.yaml (see the file's header for what each holds)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    verbs: list[str] = Field(min_length=1)
    irregular_forms: list[str] = Field(default_factory=list)
    listener_verbs: list[str] = Field(default_factory=list)
    quoted_verbs: list[str] = Field(default_factory=list)
    person_nouns: list[str] = Field(default_factory=list)
    title_words: list[str] = Field(default_factory=list)
    female_nouns: list[str] = Field(default_factory=list)
    male_nouns: list[str] = Field(default_factory=list)
    organization_nouns: list[str] = Field(default_factory=list)
    anonymous_heads: list[str] = Field(default_factory=list)
    channel_nouns: list[str] = Field(default_factory=list)
    outlets: list[str] = Field(default_factory=list)
    speech_nouns: list[str] = Field(default_factory=list)
    document_nouns: list[str] = Field(default_factory=list)
    government_roles: list[str] = Field(default_factory=list)
    nongovernment_words: list[str] = Field(default_factory=list)
    outlet_words: list[str] = Field(default_factory=list)
    state_outlets: dict[str, list[str]] = Field(default_factory=dict)
    state_media_words: list[str] = Field(default_factory=list)
    bare_object_verbs: list[str] = Field(default_factory=list)
    pro_form_contents: list[str] = Field(default_factory=list)
    clause_only_verbs: list[str] = Field(default_factory=list)
    preposition_only_verbs: list[str] = Field(default_factory=list)
    indefinite_words: list[str] = Field(default_factory=list)
    quantifier_sources: list[str] = Field(default_factory=list)
    generic_roles: list[str] = Field(default_factory=list)
    talks_roles: list[str] = Field(default_factory=list)
    armed_group_nouns: list[str] = Field(default_factory=list)
    spelling_variants: dict[str, str] = Field(default_factory=dict)
    countries: dict[str, list[str]] = Field(default_factory=dict)


def _stem(lemma: str) -> str:
    """The part every regular form of a verb starts with ("announce" -> "announc", "deny" -> "den")."""
    if len(lemma) > 3 and lemma.endswith(("e", "y")):
        return lemma[:-1]
    return lemma


@dataclass(frozen=True)
class SpeechLexicon:
    """Compiled speech vocabulary: lemma sets, the cue filter and the country table."""

    verbs: frozenset[str]
    listener_verbs: frozenset[str]
    quoted_verbs: frozenset[str]
    person_nouns: frozenset[str]
    title_words: frozenset[str]
    female_nouns: frozenset[str]
    male_nouns: frozenset[str]
    organization_nouns: frozenset[str]
    anonymous_heads: frozenset[str]
    channel_nouns: frozenset[str]
    outlets: frozenset[str]
    speech_nouns: frozenset[str]
    outlet_words: frozenset[str]
    cue: re.Pattern[str]
    country_pattern: re.Pattern[str]
    country_of: dict[str, str]
    spelling_variants: dict[str, str]
    document_word: re.Pattern[str]
    government_roles: frozenset[str]
    nongovernment_words: frozenset[str]
    state_outlet_of: dict[str, str]
    state_media_words: frozenset[str]
    bare_object_verbs: frozenset[str]
    pro_form_contents: frozenset[str]
    clause_only_verbs: frozenset[str]
    preposition_only_verbs: frozenset[str]
    indefinite_words: frozenset[str]
    quantifier_sources: frozenset[str]
    generic_roles: frozenset[str]
    talks_roles: frozenset[str]
    armed_group_nouns: frozenset[str]

    @classmethod
    def from_data(cls, data: SpeechData) -> SpeechLexicon:
        stems = sorted({_stem(v.casefold()) for v in data.verbs}, key=len, reverse=True)
        forms = sorted({f.casefold() for f in data.irregular_forms}, key=len, reverse=True)
        cue = re.compile(
            r"\b" + literal_trie(forms) + r"\b"  # the words as a tree of letters: the same matches, sooner
            r"|\b" + literal_trie(stems) + r"[a-z]{0,4}\b"
            r"|\baccording to\b|[" + _QUOTE_MARKS + "]",
            re.IGNORECASE,
        )
        country_of: dict[str, str] = {}
        for code, names in data.countries.items():
            for name in names:
                country_of[name.casefold()] = code
        names = sorted(country_of, key=len, reverse=True)
        country_pattern = re.compile(
            r"(?<![\w-])" + literal_trie(names) + r"(?:['’]s?)?(?![\w-])",
            re.IGNORECASE,
        )

        def lower(words: list[str]) -> frozenset[str]:
            return frozenset(w.casefold() for w in words)

        return cls(
            verbs=lower(data.verbs),
            listener_verbs=lower(data.listener_verbs),
            quoted_verbs=lower(data.quoted_verbs),
            person_nouns=lower(data.person_nouns),
            title_words=lower(data.title_words),
            female_nouns=lower(data.female_nouns),
            male_nouns=lower(data.male_nouns),
            organization_nouns=lower(data.organization_nouns),
            anonymous_heads=lower(data.anonymous_heads),
            channel_nouns=lower(data.channel_nouns),
            # A state's own outlets are outlets too, whether or not the general list names them.
            outlets=frozenset(data.outlets).union(*data.state_outlets.values()),
            speech_nouns=lower(data.speech_nouns),
            outlet_words=frozenset(data.outlet_words),
            cue=cue,
            country_pattern=country_pattern,
            country_of=country_of,
            document_word=re.compile(
                r"\b(?:" + "|".join(map(re.escape, data.document_nouns or ["(?!x)x"])) + r")s?\b",
                re.IGNORECASE,
            ),
            government_roles=lower(data.government_roles),
            nongovernment_words=lower(data.nongovernment_words),
            state_outlet_of={name: code for code, names in data.state_outlets.items() for name in names},
            state_media_words=lower(data.state_media_words),
            bare_object_verbs=lower(data.bare_object_verbs),
            pro_form_contents=lower(data.pro_form_contents),
            clause_only_verbs=lower(data.clause_only_verbs),
            preposition_only_verbs=lower(data.preposition_only_verbs),
            indefinite_words=lower(data.indefinite_words),
            quantifier_sources=lower(data.quantifier_sources),
            generic_roles=lower(data.generic_roles),
            talks_roles=lower(data.talks_roles),
            armed_group_nouns=lower(data.armed_group_nouns),
            spelling_variants={k.casefold(): v.casefold() for k, v in data.spelling_variants.items()},
        )

    def is_title_word(self, word: str) -> bool:
        """A role noun or a word leading one ("Minister", "Foreign", "spokesman")."""
        folded = word.casefold().strip(".,")
        return folded in self.person_nouns or folded in self.title_words

    def spelled(self, words: frozenset[str]) -> frozenset[str]:
        """Role words with each other spelling folded to one ("advisor" -> "adviser")."""
        return frozenset(self.spelling_variants.get(w, w) for w in words)

    def home_country(self, text: str) -> str | None:
        """The country an article is about: the one its country words name most, when it dominates.

        Dominates: named at least three times and at least twice as often as any other.
        """
        counts: dict[str, int] = {}
        code_of: dict[str, str | None] = {}  # an article names its countries many times over
        for match in self.country_pattern.finditer(text):
            word = match.group()
            code = code_of[word] if word in code_of else code_of.setdefault(word, self.country_in(word))
            if code is not None and len(code) == 2 and code not in _NOT_STATES:
                counts[code] = counts.get(code, 0) + 1
        ranked = sorted(counts.values(), reverse=True)
        if not ranked or ranked[0] < 3 or (len(ranked) > 1 and ranked[0] < 2 * ranked[1]):
            return None
        return max(counts, key=lambda code: counts[code])

    def state_of_outlet(self, phrase: str) -> str | None:
        """The state whose voice an outlet phrase is: a state's own outlet, or state media of a country named
        in it ("Iranian state television"); "" for state media naming no country ("the country's state
        media"); None for any other outlet."""
        words = phrase.strip(" ,").split()
        for n in (3, 2, 1):
            code = self.state_outlet_of.get(" ".join(words[-n:]))
            if code is not None:
                return code
        folded = {w.casefold().strip(",.") for w in re.split(r"[\s-]+", phrase)} | {
            w.casefold().strip(",.") for w in words
        }
        if not folded & self.state_media_words:
            return None
        return self.country_in(phrase) or ""

    def may_report_speech(self, sentence: str) -> bool:
        """Whether a sentence has a speech cue (a speech-verb form, "according to", a quotation mark)."""
        return self.cue.search(sentence) is not None

    def country_in(self, phrase: str) -> str | None:
        """The ISO-2 code (or EU/NATO/UN) of the first country, demonym or capital written in `phrase`."""
        for match in self.country_pattern.finditer(phrase):
            word = match.group()
            bare = re.sub(r"['’]s?$", "", word)
            if bare.isupper() and len(bare) <= 3 and bare not in ("US", "UK", "EU", "UN", "UAE", "DPRK"):
                continue
            if bare[:1].islower():
                continue  # "china" as a common word, "turkey" the bird: country names are capitalized
            code = self.country_of.get(bare.casefold())
            if code is not None:
                return code
        return None


def load_speech_data(path: Path = PACKAGED_SPEECH) -> SpeechData:
    """Read and validate a speech vocabulary file; bad data is a ConfigurationError naming the file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return SpeechData.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as error:
        message = " ".join(str(error).split())
        raise ConfigurationError(f"{path}: bad speech vocabulary: {message}") from error


@lru_cache(maxsize=4)
def load_speech_lexicon(path: Path = PACKAGED_SPEECH) -> SpeechLexicon:
    """The compiled speech vocabulary of `path` (the packaged file by default), loaded once."""
    return SpeechLexicon.from_data(load_speech_data(path))
