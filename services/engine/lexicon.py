"""The lexicon compiled: one precompiled regular expression per word list of lexicon.yaml."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from services.engine.datafiles import LexiconData
from services.engine.errors import ConfigurationError
from services.engine.first_chars import with_first_chars
from services.engine.regex_trie import literal_trie

IGNORE = re.IGNORECASE
NEVER = r"(?!x)x"  # an empty word list matches nothing
# The kinds of words the stance parse reads (lexicon stance.words), see services.engine.stance.
STANCE_WORD_KINDS = (
    "targets",
    "concede",
    "speech",
    "refuse",
    "support",
    "ready",
    "sincere",
    "skeptical",
    "negative",
    "positive",
    "condition",
    "participate",
    # Function words the parse reads on those predicates (negations, subordinators, modals, pronouns).
    "negation",
    "no_way",
    "satisfied",
    "supposed",
    "aside",
    "background",
    "obligation",
    "first_person",
    "terms_marks",
    "deny",
    "report",
    "copula",
    "impersonal",
    "expectation",
    "doubt",
    "scant",
    "demand",
    "alternative",
    "holding",
    "nobody",
    "third_person",
    "exchange",
    "obligation_verbs",
    "effect",
    "headway",
    "signal",
    "armed",
    "proclaim",
    "mend",
    "rift",
    "proposal",
    "fighting",
    "conclude",
    "side",
    "pace",
    "deceit",
    "prolong",
    "walk_out",
    "shift",
    "position",
    "principle",
)


def alternation(patterns: Iterable[str]) -> str:
    """One non-capturing alternation, longest pattern first so the longest wording wins.

    Ties are broken by the text itself: a set's order changes with each process's hash seed, and two
    workers must read one article alike."""
    ordered = sorted(set(patterns), key=lambda pattern: (-len(pattern), pattern))
    return "(?:" + "|".join(ordered) + ")"


def literal_alternation(words: Iterable[str]) -> str:
    """An alternation of literal words (escaped), longest first; written as a tree of their letters,
    which matches the same, sooner."""
    return literal_trie(words)


@dataclass(frozen=True)
class ConditionKindRule:
    """A condition kind: a clause matching `pattern` gets key <kind>[:<place>]."""

    kind: str
    needs_place: bool
    pattern: re.Pattern[str]
    after_weak: bool = True
    term_only: bool = False
    needs_thing: bool = False  # the object is the thing the kind's words name ("removal of the backstop")
    agent_before: re.Pattern[str] | None = None  # words just before a place that make it the actor


@dataclass(frozen=True)
class StandaloneRule:
    """A condition recognised wherever it appears ("from a position of strength")."""

    key: str
    pattern: re.Pattern[str]


class Lexicon:
    """Compiled lexicon; build once (see ``load_resources``) and share."""

    def __init__(self, data: LexiconData, source: str = "lexicon") -> None:
        self.data = data
        self._source = source
        bp = data.boilerplate
        self.boilerplate_line = self._compile(
            "boilerplate.line_patterns", alternation(bp.line_patterns), IGNORE
        )
        self.line_prefix = self._compile(
            "boilerplate.line_prefixes",
            r"(?:" + alternation(bp.line_prefixes) + r")\s+" if bp.line_prefixes else r"(?!)",
            IGNORE,
        )
        self.appeal = self._compile("boilerplate.appeal_cues", r"\b" + alternation(bp.appeal_cues), IGNORE)
        self.tail_section = self._compile(
            "boilerplate.tail_sections", alternation(bp.tail_sections) + r"\s*:?", IGNORE
        )
        self.reporting_verb = self._compile(
            "reporting_verbs", r"(?<![\w-])" + alternation(data.reporting_verbs) + r"(?![\w-])"
        )
        self.person_pronoun = self._compile(
            "pronouns.person",
            r"(?<![\w-])" + literal_alternation(data.pronouns.person) + r"\s*,?\s*$",
            IGNORE,
        )
        self.source_pronoun = self._compile(
            "pronouns.source",
            r"(?<![\w-])" + literal_alternation(data.pronouns.source) + r"\s*,?\s*$",
            IGNORE,
        )
        self.group_pronoun = self._compile(
            "pronouns.group",
            r"(?<![\w-])"
            + (literal_alternation(data.pronouns.group) if data.pronouns.group else NEVER)
            + r"\s*,?\s*$",
            IGNORE,
        )
        self.not_person_words = frozenset(data.not_person_words)
        self.organization_words = frozenset(data.organization_words)
        self.position_noun = self._compile(
            "position_nouns",
            r"['’]s?\s+(?:[a-z-]+\s+)?"
            + (alternation(data.position_nouns) if data.position_nouns else NEVER)
            + r"\b",
        )
        self.action_verb = self._compile(
            "action_verbs", (alternation(data.action_verbs) if data.action_verbs else NEVER) + r"\b"
        )
        # "The proposal was rejected by X": the agent of a passive stance verb takes the stance.
        self.passive_agent = self._compile(
            "passive_stance_verbs",
            r"\b(?:is|are|was|were|been|being|be)\s+(?:\w+ly\s+)?"
            + (alternation(data.passive_stance_verbs) if data.passive_stance_verbs else NEVER)
            + r"\s+by\s+",
            IGNORE,
        )
        self.demonyms = {country.casefold(): demonym for country, demonym in data.demonyms.items()}
        self.carry_modal = self._compile(
            "carry_modals",
            r"\b" + (alternation(data.carry_modals) if data.carry_modals else NEVER) + r"\b",
            IGNORE,
        )
        anon = data.anonymous_sources
        self.anonymous_head = self._compile(
            "anonymous_sources.heads", r"\b" + alternation(anon.heads) + r"\b", IGNORE
        )
        self.anonymous_relation = self._compile(
            "anonymous_sources.relations", r"\s*" + literal_alternation(anon.relations) + r"\b", IGNORE
        )
        self.hedge_source = self._compile(
            "hedge_sources", r"\s*(?:[\w-]+\s+){0,2}" + alternation(data.hedge_sources) + r"\b", IGNORE
        )
        self.outlet_name = self._compile(
            "outlets.names", r"(?<![\w-])" + alternation(data.outlets.names) + r"(?![\w-])"
        )
        self.outlet_kind = self._compile(
            "outlets.kinds",
            r"\b" + literal_alternation(data.outlets.kinds) + r"\s+((?:[A-Z][\w'’.-]*\s?){1,4})",
        )
        self.outlet_head = self._compile(
            "outlets.head_nouns",
            r"\b"
            + (literal_alternation(data.outlets.head_nouns) if data.outlets.head_nouns else NEVER)
            + r"\s*,?\s*$",
            IGNORE,
        )
        self.outlet_word = self._compile(
            "outlets.name_words", r"\b[A-Z][\w-]*\s+" + alternation(data.outlets.name_words) + r"\b"
        )
        neg = data.negotiation
        self.strong_cue = self._compile("negotiation.strong", r"\b" + alternation(neg.strong) + r"\b", IGNORE)
        self.weak_cue = self._compile("negotiation.weak", r"\b" + alternation(neg.weak) + r"\b", IGNORE)
        self.weak_needs_article_strong = neg.weak_needs_article_strong
        self.anchors = tuple(anchor.casefold() for anchor in neg.anchors)
        self.not_negotiation = self._compile(
            "negotiation.not_negotiation", alternation(neg.not_negotiation), IGNORE
        )
        self.topic_phrase_patterns = [
            (topic, self._compile(f"topic_phrases.{topic}", r"\b" + alternation(words) + r"\b", IGNORE))
            for topic, words in data.topic_phrases.items()
            if words
        ]
        self.topic_patterns = [
            (topic, self._compile(f"topics.{topic}", r"\b" + alternation(words) + r"\b", IGNORE))
            for topic, words in data.topics.items()
        ]
        st = data.stance
        self.sets_terms = self._compile(
            "stance.conditional",
            r"\b" + (alternation(st.conditional) if st.conditional else NEVER) + r"\b",
            IGNORE,
        )
        # Sentence-level phrases: red lines ("not up for negotiation") oppose wherever they stand.
        self.red_line = self._compile("stance.oppose", r"\b" + alternation(st.oppose) + r"\b", IGNORE)
        self.skeptical = self._compile("stance.skeptical", r"\b" + alternation(st.skeptical) + r"\b", IGNORE)
        self.support = self._compile("stance.support", r"\b" + alternation(st.support) + r"\b", IGNORE)
        # Word kinds the parse reads (lemmas, lower case; "rule out": a lemma and its particle).
        unknown = sorted(set(st.words) - set(STANCE_WORD_KINDS))
        if unknown:
            raise ConfigurationError(f"{source}: field 'stance.words': unknown kinds {unknown}")
        self.stance_words = {
            kind: frozenset(w.casefold() for w in st.words.get(kind, [])) for kind in STANCE_WORD_KINDS
        }
        self.report_hedge = self._compile(
            "hedges.report", r"\b" + alternation(data.hedges.report) + r"\b", IGNORE
        )
        self.modal_hedge = self._compile(
            "hedges.modal", r"\b" + alternation(data.hedges.modal) + r"\b", IGNORE
        )
        self.negation = self._compile(
            "negations", r"(?:\b" + alternation(data.negations) + r"\b|n't\b)", IGNORE
        )
        self.reported_change = self._compile(
            "reported_change", r"\b" + alternation(data.reported_change) + r"\b", IGNORE
        )
        cond = data.conditions
        self.condition_marker = self._compile(
            "conditions.markers", r"\b" + alternation(cond.markers) + r"\b", IGNORE
        )
        self.condition_kinds = [
            ConditionKindRule(
                kind=rule.kind,
                needs_place=rule.object == "place",
                pattern=self._compile(
                    f"conditions.kinds[{rule.kind}]", r"\b" + alternation(rule.patterns), IGNORE
                ),
                after_weak=rule.after_weak,
                term_only=rule.term_only,
                needs_thing=rule.object == "thing",
                agent_before=(
                    re.compile(r"\b(?:" + alternation(rule.agent_before) + r")\s+$", IGNORE)
                    if rule.agent_before
                    else None
                ),
            )
            for rule in cond.kinds
        ]
        self.standalone_conditions = [
            StandaloneRule(
                rule.key,
                self._compile(
                    f"conditions.standalone[{rule.key}]", r"\b" + alternation(rule.patterns) + r"\b", IGNORE
                ),
            )
            for rule in cond.standalone
        ]
        self.leverage_kind = cond.leverage.key_kind
        self.leverage_holding = self._compile(
            "conditions.leverage.holding", r"\b" + alternation(cond.leverage.holding) + r"\b", IGNORE
        )
        self.leverage_value = self._compile(
            "conditions.leverage.value", r"\b" + alternation(cond.leverage.value) + r"\b", IGNORE
        )
        self.condition_negator = self._compile(
            "conditions.negators", r"\b" + alternation(cond.negators) + r"\b", IGNORE
        )
        self.condition_prepositions = frozenset(w.casefold() for w in cond.prepositions)
        self.demand = self._compile(
            "conditions.demands",
            r"\b" + (alternation(cond.demands) if cond.demands else NEVER) + r"\b",
            IGNORE,
        )
        self.deal_term = self._compile(
            "conditions.terms", r"\b" + (alternation(cond.terms) if cond.terms else NEVER) + r"\b", IGNORE
        )
        self.own_territory = self._compile(
            "conditions.own_territory",
            r"\b" + (alternation(cond.own_territory) if cond.own_territory else NEVER) + r"\b",
            IGNORE,
        )
        self.weak_marker = self._compile(
            "conditions.weak_markers", alternation(cond.weak_markers) if cond.weak_markers else NEVER, IGNORE
        )
        self.open_marker = self._compile(
            "conditions.open_markers", alternation(cond.open_markers) if cond.open_markers else NEVER, IGNORE
        )
        # A month or a weekday after "until" is a date, never a condition.
        calendar = [*data.dates.months, *data.dates.weekdays]
        self.not_open = self._compile(
            "conditions.not_open", r"\s*" + alternation([*cond.not_open, *calendar]) + r"(?![\w-])", IGNORE
        )
        self.slug_stopwords = frozenset(word.casefold() for word in cond.slug_stopwords)
        self.place_ids: dict[str, str] = {}
        for place_id, variants in data.gazetteer.items():
            for variant in variants:
                self.place_ids[variant.casefold()] = place_id
        self.place = self._compile(
            "gazetteer",
            r"(?<![\w-])"
            + literal_alternation(v for vs in data.gazetteer.values() for v in vs)
            + r"(?![\w-])",
        )
        self.months = {name.casefold(): number for name, number in data.dates.months.items()}
        self.weekdays = {name.casefold(): number for name, number in data.dates.weekdays.items()}
        self.relative_days = {name.casefold(): back for name, back in data.dates.relative.items()}

    def _compile(self, field: str, pattern: str, flags: int = 0) -> re.Pattern[str]:
        try:
            compiled = re.compile(pattern, flags)
        except re.error as exc:
            raise ConfigurationError(f"{self._source}: field {field!r}: invalid pattern: {exc}") from exc
        return with_first_chars(compiled)  # the same matches, found sooner

    def may_mention_negotiations(self, text: str) -> bool:
        """Cheap prefilter: False when `text` holds none of the negotiation anchors (so no strong cue)."""
        lowered = text.lower()
        return any(anchor in lowered for anchor in self.anchors)

    def place_id(self, written: str) -> str:
        """The gazetteer id of a place name as written ("Zaporozhye" -> "zaporizhzhia")."""
        return self.place_ids.get(written.casefold(), written.casefold())
