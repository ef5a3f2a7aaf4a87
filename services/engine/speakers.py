"""Speakers: who a phrase names (registry actor, unnamed source, pronoun, unknown person), and the
state attribution carries from sentence to sentence of one article.

A phrase resolves to a registry actor (a person beats an institution beats a place name), an unnamed
source of an institution ("a source close to the Kremlin": the institution, anonymous), an unnamed source
near a person (its own id, the person's party), a pronoun or "the source" (the last speaker of that kind),
or an unknown name (party unknown). A phrase naming an outlet names no speaker: outlets are channels.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from schemas import Speaker
from services.engine.actors import ActorRegistry, Mention, slugify
from services.engine.lexicon import Lexicon

_POSSESSIVE = re.compile(r"^['’]s?\b")
INTRO = re.compile(
    r"(?:(?:however|moreover|meanwhile|also|but|and|still|yet|now|furthermore|in addition|at the same time"
    r"|previously|earlier|later|instead|in turn|in reality|for (?:its|his|her|their) part"
    r"|on [^,]{1,40}|in [^,]{1,40}"
    r"|during [^,]{1,60}|after [^,]{1,60}|speaking [^,]{1,80}|according to [^,]{1,80}),\s*)+",
    re.IGNORECASE,
)
NAME_RUN = re.compile(
    r"(?<![\w'’-])(?:[A-Z][a-z][\w-]*|[A-Z]\.|[A-Z]{2,5})(?:\s+(?:[A-Z][a-z][\w-]*|[A-Z]\.|de|van|von|al|bin))*"
    r"\s+[A-Z][a-z][\w-]+(?![\w'’-])"
)
_NOT_NAMES = re.compile(
    r"^(?:The|A|An|This|That|These|Those|It|In|On|At|But|And|However|Meanwhile|According|Speaking"
    r"|Minister|President|Secretary|Prime|Foreign|Defense|Defence|General|State|Sunday|Monday"
    r"|Tuesday|Wednesday|Thursday|Friday|Saturday|Yesterday|Today|Earlier|Later|Last|Also|Then"
    r"|Chief|Deputy|Vice|Former|Senior|Mr|Mrs|Ms|Dr|Sir|Staff|Air|Marshal|Gen|Colonel|Col|Major|Maj|Captain"
    r"|Capt|Lieutenant|Lt|Commander|Admiral|Adm|Brigadier|Sergeant|Sgt|Ambassador|Governor|Gov"
    r"|Senator|Sen|Rep|Judge|Justice|He|She|They|We|I|You|There|Here|What|When|While|If)\.?$"
)
NOT_NAMES = _NOT_NAMES  # words that open a sentence without naming anyone
_LONGEST_NAME = 4  # words of a full name at most ("Abdel Fattah al-Burhan", "Mohamed Irfaan Ali")
_APPOSITIVE = re.compile(
    r"\s*([A-Z][^,]{1,60}?),\s+(?:a|an|the|head|chief|director|leader|spokes\w+|minister"
    r"|adviser|advisor|aide|secretary|member|one)\b"
)
_ANON_LEAD = re.compile(
    r"(?:a|an|A|An|the|The|one|One|two|three|four|several|Several|some|Some|many|other|another"
    r"|senior|Senior|top|high-ranking|unnamed|anonymous|[A-Z][\w'’-]*|[a-z]+(?:al|ian|ary|ior|ic|ty))"
)
_ANON_TAIL_STOP = re.compile(
    r"\s+(?:who|that|which|was|were|has|have|had|is|are|also|said|says|told|and)\b|[,;:]"
)
_CONNECTIVE = re.compile(r"(?:But|And|However|Meanwhile|Also|Yet|Still|So|Now|Then),?")
_NAME_AFTER_HEAD = re.compile(r"\s+[A-Z][a-z][\w-]*\s+[A-Z][a-z]")
_NEGATED_SOURCE = re.compile(r"\s*(?:no|none of the|not a single)\b", re.IGNORECASE)
_ONE_APPOSITIVE = re.compile(r"\s*,[^,]{1,120},\s*")
# "talks with the United States": the object of "with" is a party to the talks, never their speaker.
_WITH_OBJECT = re.compile(r"\bwith\s+(?:the\s+)?$", re.IGNORECASE)
# "China's Commerce Ministry": a country's possessive before an institution's name.
_COUNTRY_POSSESSIVE = re.compile(r"((?:[A-Z][\w-]*\s+)?[A-Z][\w-]*)['’]s\s+$")
_TITLES = re.compile(r"(?:Mr|Mrs|Ms|Dr|Sir|President|Minister|Secretary|General|Chief)\.?")


@dataclass(frozen=True)
class Attribution:
    """Who a sentence is attributed to, and how."""

    speaker: Speaker
    kind: str  # direct_quote | reported | anonymous_source (editorial sentences get no Attribution)
    via: str  # headline | verb | inverted | according_to | subject | pronoun
    is_person: bool
    resolved: bool  # a registry actor (False: unknown name or unnamed source)
    cue: int = (
        -1
    )  # offset of the reporting verb (or the speaker) in the cleaned text: dates near it date the statement


@dataclass
class SpeakerContext:
    """What earlier sentences of one article established: the last speakers, the names seen."""

    text: str
    mentions: list[Mention]
    when: date | None
    named_ids: set[str]
    last_person: Attribution | None = None
    last_source: Attribution | None = None
    last_org: Attribution | None = None  # the last organization that spoke: what "the group" stands for
    unknown_names: dict[str, Speaker] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [m.start for m in self.mentions]

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """Registry mentions lying wholly inside text[start:end]."""
        index = bisect_left(self._starts, start)
        found: list[Mention] = []
        while index < len(self.mentions) and self.mentions[index].start < end:
            if self.mentions[index].end <= end:
                found.append(self.mentions[index])
            index += 1
        return found


def _near_verb(between: str) -> bool:
    """Whether text between a name and its verb is short, or one appositive between commas."""
    return between.count(" ") <= 8 or _ONE_APPOSITIVE.fullmatch(between) is not None


def trim_name(run: str) -> str:
    """Drop titles and time words leading a run of capitalized words; a name needs two words left."""
    words = run.split()
    titled = False
    while words and _NOT_NAMES.match(words[0]):
        titled = titled or _TITLES.match(words[0]) is not None
        words.pop(0)
    if len(words) == 1 and titled:
        return words[0]  # "Mr Tukur": the surname, matched against full names seen before
    return " ".join(words) if len(words) >= 2 else ""


def full_name(word: str, earlier: str) -> str:
    """The fullest name containing `word` written earlier in the article ("Hwang" -> "Hwang Pyong-so").

    A run of more capitalized words than a name has is a headline in title case ("Senator Vale Backs New
    Farm Bill"), not the person's full name: it is passed over.
    """
    for run in NAME_RUN.finditer(earlier):
        if word in run.group().split():
            name = trim_name(run.group())
            if len(name.split()) <= _LONGEST_NAME:
                return name or word
    return word


class SpeakerResolver:
    """Resolves speaker phrases against the registry, the lexicon and the article's context."""

    def __init__(self, registry: ActorRegistry, lexicon: Lexicon) -> None:
        self.registry = registry
        self.lexicon = lexicon

    def _is_anonymous(self, phrase: str) -> bool:
        return self.lexicon.anonymous_head.search(phrase) is not None

    def _resolve_phrase(
        self,
        start: int,
        end: int,
        ctx: SpeakerContext,
        via: str,
        after: bool = False,
        allow_unknown: bool = True,
    ) -> Attribution | None:
        """The speaker a phrase names, or None (an outlet, "it", or nothing recognisable)."""
        text = ctx.text
        phrase = text[start:end]
        if not phrase.strip() or len(phrase) > 200:
            return None
        intro = INTRO.match(phrase) if not after else None
        head = phrase[intro.end() if intro else 0 :].split(",", 1)[0]
        if self._is_outlet(head):
            return None  # "TURAN's correspondent reports", "Reuters reported": a channel, not a speaker
        stripped = phrase.strip(" ,")
        group = self.lexicon.group_pronoun
        if group.match(stripped) if after else group.search(phrase):
            # "the group added": the last organization that spoke, never a person; none: no speaker.
            last_org = ctx.last_org
            if last_org is None:
                return None
            return Attribution(last_org.speaker, "reported", "pronoun", False, last_org.resolved)
        if not after and self._names_outlet(stripped.rsplit(",", 1)[-1]):
            return None  # "..., Agence France-Presse reported": the outlet nearest the verb is a channel
        last_comma = phrase.rfind(",")
        if not after and last_comma > 0 and phrase[last_comma + 1 :].strip():
            # "X was negotiating with Y, a man ..., the source said": the words next to the verb are its
            # subject (a phrase ending in a comma is "Name, appositive," instead, handled below).
            nearest = self._resolve_phrase(start + last_comma + 1, end, ctx, via)
            if nearest is not None:
                return nearest
        if not after:
            described = self._described_source(phrase, ctx)
            if described is not None:
                return described
            if self.lexicon.person_pronoun.search(phrase) and ctx.last_person is not None:
                # "..., he added": the pronoun just before the verb is the subject, whatever is named earlier.
                last = ctx.last_person
                return Attribution(last.speaker, "reported", "pronoun", True, last.resolved)
            lead = _APPOSITIVE.match(phrase)
            if lead is not None:
                # "Hassan Tukur, an aide to X, said": the name before the appositive speaks, not X.
                found = self._resolve_phrase(start + lead.start(1), start + lead.end(1), ctx, via)
                if found is not None:
                    return found
        last_source = ctx.last_source or ctx.last_person
        if last_source is not None and self.lexicon.source_pronoun.search(phrase):
            # "The source added": the unnamed source (or person) last quoted.
            last = last_source
            return Attribution(
                last.speaker,
                last.kind if last.kind != "direct_quote" else "reported",
                "pronoun",
                last.is_person,
                last.resolved,
            )
        in_phrase = [
            m
            for m in ctx.mentions_in(start, end)
            if not _WITH_OBJECT.search(text, max(start, m.start - 12), m.start)
        ]
        # "the top U.S. diplomat" names a person: its "diplomat" is no unnamed source.
        person_spans = [
            (m.start - start, m.end - start) for m in in_phrase if m.candidates[0].actor.kind == "person"
        ]
        # "presidential aide Hassan Tukur" is named: a head followed by a name is no unnamed source.
        anonymous = any(
            not any(a <= head.start() < b for a, b in person_spans)
            and not _NAME_AFTER_HEAD.match(phrase, head.end())
            for head in self.lexicon.anonymous_head.finditer(phrase)
        )
        mentions = [m for m in in_phrase if not _POSSESSIVE.match(text[m.end : m.end + 2]) or anonymous]
        # A place name speaks only when it is the whole phrase ("Moscow said") or has unnamed people in it.
        mentions = [
            m
            for m in mentions
            if not m.is_metonym
            or anonymous
            or stripped.removeprefix("the ").removeprefix("The ") == m.text.removeprefix("the ")
        ]
        if anonymous:
            if _NEGATED_SOURCE.match(phrase):
                return None  # "No official has confirmed": nobody speaks
            return self._anonymous(phrase, mentions, ctx, via, after)
        if not after:
            # The subject stands next to its verb: a name far before it belongs to another clause,
            # unless only an appositive separates them ("X, head of Y, said").
            mentions = [m for m in mentions if _near_verb(text[m.end : end])]
        if mentions:
            best = max(mentions, key=lambda m: (m.priority, -m.start if after else m.start))
            if not after and best.candidates[0].actor.kind != "person":
                # "government spokesman Mike Omeri said": the person named after the institution speaks.
                named = self._unknown_name(
                    text[best.end : end], ctx, via, after, mentions=in_phrase, offset=best.end
                )
                if named is not None:
                    return named
            actor = self.registry.resolve(best, ctx.when, ctx.named_ids)
            return Attribution(self.registry.speaker(actor), "reported", via, actor.kind == "person", True)
        if self.lexicon.person_pronoun.search(phrase) and ctx.last_person is not None:
            last = ctx.last_person
            return Attribution(last.speaker, "reported", "pronoun", True, last.resolved)
        if self.lexicon.source_pronoun.search(phrase):
            return None
        if not allow_unknown:
            return None
        return self._unknown_name(phrase, ctx, via, after, mentions=in_phrase, offset=start)

    def _anonymous(
        self, phrase: str, mentions: list[Mention], ctx: SpeakerContext, via: str, after: bool
    ) -> Attribution:
        """An unnamed source: the institution it speaks for, a source near a person, or the phrase itself."""
        institutions = [m for m in mentions if m.candidates[0].actor.kind != "person"]
        if institutions:
            best = max(institutions, key=lambda m: (m.priority, -m.start if after else m.start))
            actor = self.registry.resolve(best, ctx.when, ctx.named_ids)
            return Attribution(self.registry.speaker(actor), "anonymous_source", via, False, True)
        if mentions:
            actor = self.registry.resolve(mentions[0], ctx.when, ctx.named_ids)
            speaker = Speaker(
                id=f"source-near-{actor.id}", name=f"unnamed source near {actor.name}", party=actor.party
            )
            return Attribution(speaker, "anonymous_source", via, False, True)
        name = self._anonymous_name(phrase)
        return Attribution(
            Speaker(id="source-" + slugify(name)[:60], name=name, party="unknown"),
            "anonymous_source",
            via,
            False,
            False,
        )

    def _anonymous_name(self, phrase: str) -> str:
        """The description of an unnamed source, trimmed of the words around it.

        "A senior intelligence official in the region also" -> "A senior intelligence official in the region".
        """
        head = self.lexicon.anonymous_head.search(phrase)
        if head is None:
            return " ".join(phrase.split()[:8])
        before: list[str] = []
        for word in reversed(phrase[: head.start()].split()[-4:]):
            if not _ANON_LEAD.fullmatch(word) or _CONNECTIVE.fullmatch(word):
                break
            before.insert(0, word)
        relation = self.lexicon.anonymous_relation.match(phrase, head.end())
        tail = ""
        if relation is not None:
            rest = _ANON_TAIL_STOP.split(phrase[relation.end() :], maxsplit=1)[0]
            tail = phrase[head.end() : relation.end()] + rest
        return " ".join([*before, head.group() + tail]).strip(" ,")

    def _described_source(self, phrase: str, ctx: SpeakerContext) -> Attribution | None:
        """The unnamed source last quoted, when "the diplomat"/"the official" repeats its description."""
        last = ctx.last_source
        found = self.lexicon.person_pronoun.search(phrase)
        if last is None or found is None or last.resolved:
            return None
        noun = found.group().strip(" ,").split()[-1].casefold()
        if noun in ("he", "she") or noun not in last.speaker.name.casefold().split():
            return None
        return Attribution(last.speaker, "anonymous_source", "pronoun", False, False)

    def _names_outlet(self, segment: str) -> bool:
        """Whether a phrase segment is an outlet and nothing else ("the Associated Press", "state media")."""
        segment = segment.strip()
        bare = segment[4:] if segment[:4] in ("the ", "The ") else segment
        lexicon = self.lexicon
        return bool(
            lexicon.outlet_name.fullmatch(bare)
            or lexicon.outlet_word.fullmatch(bare)
            or lexicon.outlet_head.search(segment)
        )

    def name_kind(self, name: str) -> str | None:
        """What a run of capitalized words names: "person", "organization", or None (a slogan, a campaign)."""
        words = name.split()
        if any(word in self.lexicon.not_person_words for word in words):
            return None
        if words and words[-1] in self.lexicon.organization_words:
            return "organization"
        return "person"

    def _national_institution(self, run: str, before: str) -> str | None:
        """ "China's Commerce Ministry" -> "Chinese Commerce Ministry": one name for both wordings.

        None unless a known country's possessive stands just before an institution's name.
        """
        country = _COUNTRY_POSSESSIVE.search(before)
        if country is None:
            return None
        demonym = self.lexicon.demonyms.get(country.group(1).casefold())
        national = f"{demonym} {run}"
        return national if demonym is not None and self.name_kind(national) == "organization" else None

    def _is_outlet(self, phrase: str) -> bool:
        lexicon = self.lexicon
        return bool(
            lexicon.outlet_name.search(phrase)
            or lexicon.outlet_kind.search(phrase)
            or lexicon.outlet_word.search(phrase)
        )

    def _unknown_name(
        self,
        phrase: str,
        ctx: SpeakerContext,
        via: str,
        after: bool,
        mentions: Sequence[Mention] = (),
        offset: int = 0,
    ) -> Attribution | None:
        """A person the registry does not know, named next to the verb ("Mike Omeri said")."""
        taken = [(m.start - offset, m.end - offset) for m in mentions]
        runs: list[str] = []
        for match in NAME_RUN.finditer(phrase):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue  # part of a registry wording
            if not after and not _near_verb(phrase[match.end() :]):
                continue
            if _WITH_OBJECT.search(phrase, max(0, match.start() - 12), match.start()):
                continue
            name = self._national_institution(match.group(), phrase[: match.start()]) or trim_name(
                match.group()
            )
            if name and self.name_kind(name) is not None:
                runs.append(name)
        if runs:
            name = runs[0] if after else runs[-1]
            actor = self.registry.lookup(name) if self.name_kind(name) == "organization" else None
            if actor is not None:
                return Attribution(
                    self.registry.speaker(actor), "reported", via, actor.kind == "person", True
                )
            speaker = ctx.unknown_names.get(name) or self.registry.unknown_speaker(name)
            if self.name_kind(name) == "organization":
                return Attribution(speaker, "reported", via, False, False)
            ctx.unknown_names.setdefault(name, speaker)
            ctx.unknown_names.setdefault(name.split()[-1], speaker)
            return Attribution(speaker, "reported", via, True, False)
        words = [w for w in phrase.strip(" ,").split() if not _NOT_NAMES.match(w)]
        if len(words) == 1 and words[0] in ctx.unknown_names:
            return Attribution(ctx.unknown_names[words[0]], "reported", via, True, False)
        return None
