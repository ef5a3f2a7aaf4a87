"""Data files of the engine: pydantic models of actors.yaml and lexicon.yaml, reading and merging.

The packaged files in ``services/engine/data`` are always loaded; a user file extends them:
actor entries with a known id merge into the packaged entry (lists appended, scalars replaced),
new ids are added; lexicon lists are appended and mappings merged key by key.  Every user
file (actors, lexicon, detection rules) may also take packaged entries out or replace them,
with two top-level directives applied before the merge (``apply_directives``):

    remove:                      # per section (dotted for nested ones): what to take out
      function_words: [only]     #   strings of a list
      condition_conflicts: [[withdrawal, leverage]]   # entries named by id/kind/key/kinds/stances
      condition_phrases: [withdrawal]                 # keys of a mapping
      actors: [some-actor-id]
    replace: [equivalent_words]  # these sections are the user's alone (``replace: true``: all)

Bad data raises ``ConfigurationError`` naming the file and the field.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from services.engine.errors import ConfigurationError

DATA_DIR = Path(__file__).parent / "data"
PACKAGED_ACTORS = DATA_DIR / "actors.yaml"
PACKAGED_LEXICON = DATA_DIR / "lexicon.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RoleEntry(_Strict):
    """A role description ("the Secretary of State"), optionally valid only between two dates."""

    text: str = Field(min_length=2)
    from_: date | None = Field(default=None, alias="from")
    to: date | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ActorEntry(_Strict):
    """One actor of the registry, as written in actors.yaml."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str = Field(min_length=1)
    party: str = Field(min_length=1)
    kind: str = Field(default="person", pattern=r"^(person|institution|country)$")
    aliases: list[str] = Field(default_factory=list)
    roles: list[RoleEntry] = Field(default_factory=list)
    metonyms: list[str] = Field(default_factory=list)

    @field_validator("roles", mode="before")
    @classmethod
    def _roles_may_be_strings(cls, roles: Any) -> Any:
        if isinstance(roles, list):
            return [{"text": r} if isinstance(r, str) else r for r in roles]
        return roles


class ActorsFile(_Strict):
    actors: list[ActorEntry]


class BoilerplateData(_Strict):
    line_patterns: list[str]
    # Page metadata opening a line of text ("date 2023-11-27 Talks resumed ..."): cut, the rest kept.
    line_prefixes: list[str] = []
    appeal_cues: list[str]
    tail_sections: list[str]


class PronounData(_Strict):
    person: list[str]
    source: list[str]
    group: list[str] = Field(default_factory=list)


class AnonymousData(_Strict):
    heads: list[str]
    relations: list[str]


class OutletData(_Strict):
    names: list[str]
    kinds: list[str]
    name_words: list[str]
    head_nouns: list[str] = Field(default_factory=list)


class NegotiationData(_Strict):
    strong: list[str]
    weak: list[str]
    weak_needs_article_strong: int = Field(ge=0)
    anchors: list[str] = Field(min_length=1)
    not_negotiation: list[str]


class StanceData(_Strict):
    oppose: list[str]
    skeptical: list[str]
    support: list[str]
    not_oppose: list[str] = Field(default_factory=list)
    words: dict[str, list[str]] = Field(default_factory=dict)  # word kinds by lemma for the stance parse
    conditional: list[str] = Field(default_factory=list)  # phrases that set terms wherever they stand


class ConditionKind(_Strict):
    kind: str = Field(pattern=r"^(not:)?[a-z_]+$")  # "not:agreement": a fact denied
    object: str | None = Field(default=None, pattern=r"^(place|thing)$")  # thing: "removal of the backstop"
    after_weak: bool = True  # also counts after a weak marker ("after", "before", "once", "if")
    term_only: bool = False  # a fact a statement reports ("a truce was agreed"), never a condition on talks
    agent_before: list[str] = Field(default_factory=list)  # "recognition from X": X acts, X is no object
    patterns: list[str]


class StandaloneCondition(_Strict):
    key: str = Field(pattern=r"^[a-z_]+(:[a-z0-9_-]+)?$")
    patterns: list[str]


class LeverageData(_Strict):
    key_kind: str = Field(pattern=r"^[a-z_]+$")
    holding: list[str]
    value: list[str]


class ExchangeData(_Strict):
    release_verbs: list[str]  # lemmas: "free", "release"
    exchange_words: list[str]  # "in exchange", "in return": what is given for what
    not_released: list[str] = Field(default_factory=list)  # lemmas of things released that are no people


class ConditionData(_Strict):
    markers: list[str]
    kinds: list[ConditionKind]
    standalone: list[StandaloneCondition]
    leverage: LeverageData
    negators: list[str]
    weak_markers: list[str] = Field(default_factory=list)
    open_markers: list[str] = Field(default_factory=list)
    not_open: list[str] = Field(default_factory=list)
    slug_stopwords: list[str] = Field(default_factory=list)
    prepositions: list[str] = Field(default_factory=list)  # markers that open a condition as a preposition
    own_territory: list[str] = Field(default_factory=list)  # "our land": withdrawal with no place named
    place_nouns: list[str] = Field(default_factory=list)  # "the Tigray region": the name is a place
    refused_content: list[str] = Field(default_factory=list)  # "no deal that includes X": X to be removed
    demands: list[str] = Field(default_factory=list)  # "called for", "must": what follows sets terms
    terms: list[str] = Field(default_factory=list)  # "the deal includes": what a deal holds
    exchange: ExchangeData | None = None  # a swap told as two releases, or one "in exchange"
    stative_verbs: list[str] = Field(default_factory=list)  # "if they wanted ...": a wish supposed, no deed
    general_things: list[str] = Field(default_factory=list)  # "the arrangement": a thing named earlier


class DateData(_Strict):
    months: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, int]


class HedgeData(_Strict):
    report: list[str]
    modal: list[str]


class LexiconData(_Strict):
    """The lexicon file: every word list and pattern of the engine (see lexicon.yaml)."""

    boilerplate: BoilerplateData
    reporting_verbs: list[str]
    pronouns: PronounData
    anonymous_sources: AnonymousData
    hedge_sources: list[str]
    outlets: OutletData
    negotiation: NegotiationData
    topics: dict[str, list[str]]
    stance: StanceData
    topic_phrases: dict[str, list[str]] = Field(default_factory=dict)
    hedges: HedgeData
    negations: list[str]
    reported_change: list[str]
    conditions: ConditionData
    gazetteer: dict[str, list[str]]
    dates: DateData
    not_person_words: list[str] = Field(default_factory=list)
    organization_words: list[str] = Field(default_factory=list)
    position_nouns: list[str] = Field(default_factory=list)
    carry_modals: list[str] = Field(default_factory=list)
    action_verbs: list[str] = Field(default_factory=list)
    passive_stance_verbs: list[str] = Field(default_factory=list)
    demonyms: dict[str, str] = Field(default_factory=dict)

    @field_validator("topics", "topic_phrases")
    @classmethod
    def _known_topics(cls, topics: dict[str, list[str]]) -> dict[str, list[str]]:
        from schemas import Topic

        unknown = sorted(set(topics) - {t.value for t in Topic})
        if unknown:
            raise ValueError(f"unknown topic(s) {unknown}; allowed: {[t.value for t in Topic]}")
        return topics


def read_yaml(path: Path) -> dict[str, Any]:
    """Read one YAML mapping, or raise ConfigurationError naming the file."""
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigurationError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigurationError(f"{path}: not UTF-8 text (undecodable byte at offset {exc.start})") from None
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"{path}: invalid YAML: {exc}") from exc
    if not isinstance(loaded, dict):
        raise ConfigurationError(f"{path}: expected a mapping at the top level, got {type(loaded).__name__}")
    return loaded


def _validation_message(path: Path, exc: ValidationError) -> str:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"])
    return f"{path}: field {field!r}: {first['msg']} ({exc.error_count()} error(s))"


def merge_actor_dicts(base: list[dict[str, Any]], extra: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Merge user actor entries over packaged ones by id: lists appended, scalars replaced."""
    merged = {entry.get("id"): dict(entry) for entry in base}
    for entry in extra:
        current = merged.get(entry.get("id"))
        if current is None:
            merged[entry.get("id")] = dict(entry)
            continue
        for field, value in entry.items():
            if isinstance(value, list) and isinstance(current.get(field), list):
                current[field] = [*current[field], *value]
            else:
                current[field] = value
    return list(merged.values())


def merge_lexicon_dicts(base: Any, extra: Any) -> Any:
    """Extend a lexicon mapping: lists appended, mappings merged recursively, scalars replaced."""
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = merge_lexicon_dicts(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return [*base, *extra]
    return extra


REMOVE = "remove"
REPLACE = "replace"
DIRECTIVES = (REMOVE, REPLACE)
# Fields that name an entry of a list of mappings, tried in this order.
ENTRY_NAMES = ("id", "key", "kind", "kinds", "stances")


def _entry_matches(entry: Any, named: Any) -> bool:
    """True when a list entry is `named`: equal to it, or a mapping whose naming field is it."""
    if entry == named:
        return True
    if isinstance(entry, dict):
        for name in ENTRY_NAMES:
            if name in entry:
                value = entry[name]
                if isinstance(value, list) and isinstance(named, list):
                    return sorted(map(str, value)) == sorted(map(str, named))
                return value == named
    return False


def _section(tree: dict[str, Any], path: str, source: Path) -> tuple[dict[str, Any], str]:
    """The mapping holding the dotted `path`'s last part, and that part."""
    *parents, last = path.split(".")
    node: Any = tree
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            raise ConfigurationError(f"{source}: field 'remove.{path}': no such section {part!r}")
    if last not in node:
        raise ConfigurationError(f"{source}: field 'remove.{path}': no such section {last!r}")
    return node, last


def _copy_tree(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy_tree(v) for v in value]
    return value


def apply_directives(packaged: dict[str, Any], user: dict[str, Any], source: Path) -> tuple[Any, Any]:
    """Apply a user file's `remove` and `replace` to the packaged data.

    Returns (packaged data with the removals made and the replaced sections emptied, the
    user's data without the directives): merging the second into the first gives the result.
    """
    base = _copy_tree(packaged)
    extra = {k: v for k, v in user.items() if k not in DIRECTIVES}
    removals = user.get(REMOVE) or {}
    if not isinstance(removals, dict):
        raise ConfigurationError(f"{source}: field 'remove': expected a mapping of section -> entries")
    for path, named in removals.items():
        node, last = _section(base, str(path), source)
        names = named if isinstance(named, list) else [named]
        current = node[last]
        if isinstance(current, list):
            missing = [n for n in names if not any(_entry_matches(e, n) for e in current)]
            node[last] = [e for e in current if not any(_entry_matches(e, n) for n in names)]
        elif isinstance(current, dict):
            missing = [n for n in names if n not in current]
            node[last] = {k: v for k, v in current.items() if k not in names}
        else:
            raise ConfigurationError(f"{source}: field 'remove.{path}': not a list or mapping")
        if missing:
            raise ConfigurationError(f"{source}: field 'remove.{path}': no packaged entry {missing[0]!r}")
    replaced = user.get(REPLACE, False)
    if replaced is True:
        return {}, extra
    if replaced is False or replaced is None:
        return base, extra
    if not isinstance(replaced, list) or not all(isinstance(r, str) for r in replaced):
        raise ConfigurationError(f"{source}: field 'replace': expected true or a list of section names")
    for path in replaced:
        node, last = _section(base, path, source)
        node[last] = [] if isinstance(node[last], list) else {} if isinstance(node[last], dict) else None
        if node[last] is None:
            del node[last]
    return base, extra


def _actor_field(exc: ValidationError, raw: list[dict[str, Any]]) -> str:
    """ "actors[someone].name": the failing field, named by the actor's id rather than its position."""
    first = exc.errors()[0]
    loc = list(first["loc"])
    if len(loc) >= 2 and loc[0] == "actors" and isinstance(loc[1], int) and loc[1] < len(raw):
        entry = raw[loc[1]]
        label = entry.get("id") if isinstance(entry, dict) and entry.get("id") else f"#{loc[1]}"
        loc = [f"actors[{label}]", *loc[2:]]
    return ".".join(str(p) for p in loc)


def load_actor_entries(actors_file: Path | None = None) -> list[ActorEntry]:
    """Packaged actors, extended by `actors_file` when given (entries merged by id)."""
    raw = read_yaml(PACKAGED_ACTORS).get("actors", [])
    source = PACKAGED_ACTORS
    if actors_file is not None:
        user = read_yaml(actors_file)
        base, extra = apply_directives({"actors": raw}, user, actors_file)
        entries = extra.get("actors", [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise ConfigurationError(f"{actors_file}: field 'actors': expected a list of actor entries")
        raw = merge_actor_dicts(base.get("actors", []), entries)
        source = actors_file
    try:
        return ActorsFile.model_validate({"actors": raw}).actors
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigurationError(
            f"{source}: field {_actor_field(exc, raw)!r}: {first['msg']} ({exc.error_count()} error(s))"
        ) from exc


def load_lexicon_data(lexicon_file: Path | None = None) -> LexiconData:
    """Packaged lexicon, extended by `lexicon_file` when given."""
    raw: Any = read_yaml(PACKAGED_LEXICON)
    source = PACKAGED_LEXICON
    if lexicon_file is not None:
        base, extra = apply_directives(raw, read_yaml(lexicon_file), lexicon_file)
        raw = merge_lexicon_dicts(base, extra)
        source = lexicon_file
    try:
        return LexiconData.model_validate(raw)
    except ValidationError as exc:
        raise ConfigurationError(_validation_message(source, exc)) from exc
