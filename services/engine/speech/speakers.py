"""Who a source noun phrase names: a registry actor, a person or body by its own name, a pronoun's referent.

Resolution of the phrase headed by a token of a parsed sentence, in order:
- a pronoun: the last compatible speaker ("he"/"she": a person of that gender, "it"/"they": a body or an
  unnamed source), or a person the registry finds named in the sentences just before;
- a registry wording covering the head ("Sergey Lavrov", "Kremlin spokesman", "the State Department");
- an outlet ("Reuters", "the newspaper"): a channel, marked as such;
- a name (proper nouns at the head): the registry's actor of that name, a person named earlier with the
  same surname, else the name as written (slug id) with the party a country in the phrase gives;
- an unnamed source ("officials", "a source close to ..."): the institution named in the phrase, else a
  generic unnamed source described by the phrase;
- a role or body without a name ("the minister", "the ministry"): the last speaker whose description
  has that word, else the description itself as the speaker.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from schemas import Speaker
from services.engine.actors import UNKNOWN_PARTY, ActorRegistry, Mention, slugify
from services.engine.lexicon import Lexicon
from services.engine.speech.lexicon import SpeechLexicon
from services.engine.speech.memory import Known, Resolved, SpeakerMemory
from services.engine.speech.names import NameRules
from services.engine.syntax import entities, text_of

if TYPE_CHECKING:
    from spacy.tokens import Token

_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})
_BODY_PRONOUNS = frozenset({"it", "they", "we", "them"})
_OUTLET_PARTY = "media"
_POSSESSIVE_END = re.compile(r"['’]s?$")
# How far before the document word, within its sentence, its issuer may be named.
_ISSUER_REACH = 120
# What joins a document word to an issuer named after it: "a joint statement, X and Y ...", "a letter from X".
_AFTER_DOCUMENT = re.compile(
    r"\s*(?:,|(?:issued |released |signed |sent )?(?:by|from))\s*[\"“]?\s*(?:the\s+)?"
)


class SourceResolver(NameRules):
    """Resolves source phrases of parsed sentences against the registry, the vocabulary and the memory."""

    def __init__(self, registry: ActorRegistry, lexicon: Lexicon, speech: SpeechLexicon) -> None:
        self.registry = registry
        self.lexicon = lexicon
        self.speech = speech

    # -- entry point ---------------------------------------------------------------------

    def resolve(
        self,
        head: Token,
        phrase: tuple[int, int],
        memory: SpeakerMemory,
        at: int,
        content_root: Token | None = None,
    ) -> Resolved | None:
        """The speaker the phrase [start, end) of `head`'s sentence names; `at`: the sentence's offset."""
        text = text_of(head.doc)[phrase[0] : phrase[1]]
        lower = head.lower_
        if lower in self.speech.quantifier_sources or head.pos_ == "NUM":
            # "Six in 10 say", "others call it": a share of people, described by its phrase.
            return self._described_group(text, memory)
        if head.pos_ == "PRON" or lower in _MALE | _FEMALE | _BODY_PRONOUNS:
            subject = _main_subject(head) if lower in _MALE | _FEMALE else None
            if subject is not None:
                # "Adeyemi gave an interview in which he confirmed ...": the sentence's own subject.
                start = subject.left_edge.idx
                end = subject.idx + len(subject.text)
                return self.resolve(subject, (start, end), memory, at)
            return self._pronoun(lower, memory, at)
        words = frozenset(t.lower_ for t in head.subtree if t.is_alpha)
        mentions = self.registry.mentions(text)
        offset = head.idx - phrase[0]
        covering = [m for m in mentions if m.start <= offset < m.end] if 0 <= offset < len(text) else []
        found: Resolved | None = None
        if covering:
            found = self._registry(covering[0], memory)
        elif self._is_outlet(text, head) or self.lexicon.hedge_source.fullmatch(text):
            name = _without_article(text)
            # A state's outlet ("Iranian state television") keeps the state's side: with no one else
            # speaking in its sentence, its report is the state's word (``reader.primary_utterance``).
            state = self.speech.state_of_outlet(text)
            party = _OUTLET_PARTY if state is None else state or UNKNOWN_PARTY
            outlet = Speaker(id=slugify(name)[:80], name=name, party=party)
            found = Resolved(outlet, "outlet", "outlet", False)
        elif (owner := self._speech_owner(head)) is not None:
            # "Blinken's statement said": the statement's author speaks.
            span = (owner.left_edge.idx, owner.idx + len(owner.text))
            author = self.resolve(owner, span, memory, at)
            if author is not None:
                # "The statement added" later refers back to this author's statement.
                self._remember(author, words, None, memory, at)
            return author
        elif head.pos_ == "PROPN" or self._named_in_title(head) is not None:
            found = self._name(self._named_in_title(head) or head, text, mentions, memory, at)
        elif self._is_anonymous(head):
            found = self._anonymous(head, text, mentions, memory)
        else:
            found = self._nominal(head, text, mentions, memory, words, at)
            if found is not None and found.via == "described" and found.kind == "person":
                found = self._spokesman_for(head, content_root, memory) or found
        if found is None:
            return None
        gender = _gender(words, self.speech)
        self._remember(found, words, gender, memory, at)
        return found

    def may_read_entities(self, head: Token, phrase: tuple[int, int], sentence: str) -> bool:
        """Whether resolving the phrase may read named entities: a noun phrase the registry does not know.

        Follows ``resolve``: a share of people, a pronoun and a registry name are resolved without them.
        `sentence` is the text of `head`'s doc, which `phrase` indexes.
        """
        lower = head.lower_
        pronoun = lower in _MALE | _FEMALE | _BODY_PRONOUNS
        if lower in self.speech.quantifier_sources or head.pos_ in ("NUM", "PRON") or pronoun:
            return False
        offset = head.idx - phrase[0]
        text = sentence[phrase[0] : phrase[1]]
        return not any(m.start <= offset < m.end for m in self.registry.mentions(text))

    # -- forms ---------------------------------------------------------------------------

    def _described_group(self, text: str, memory: SpeakerMemory) -> Resolved:
        description = " ".join(_without_article(text).split()[:12])
        party = self.speech.country_in(text) or UNKNOWN_PARTY
        return Resolved(
            Speaker(id=slugify(description)[:80], name=description, party=party), "body", "described", False
        )

    def _pronoun(self, lower: str, memory: SpeakerMemory, at: int) -> Resolved | None:
        if lower in _MALE or lower in _FEMALE:
            gender = "male" if lower in _MALE else "female"
            known = memory.last(("person",), gender)
            named = [s for offset, s in memory.named_persons if memory.last_speaker_at < offset < at]
            if named and (known is None or named[-1].id != known.speaker.id):
                speaker = named[-1]
                found = Resolved(speaker, "person", "pronoun", True)
                self._remember(found, frozenset(), gender, memory, at)
                return Resolved(speaker, "person", "pronoun", True)
            if known is None:
                return None
            known.gender = known.gender or gender
            memory.last_speaker_at = at
            return Resolved(known.speaker, "person", "pronoun", known.resolved)
        if lower in _BODY_PRONOUNS:
            kinds = ("body", "anonymous") if lower != "it" else ("body",)
            known = memory.last(kinds)
            if known is None:
                return None
            memory.last_speaker_at = at
            return Resolved(known.speaker, known.kind, "pronoun", known.resolved)
        return None

    def _registry(self, mention: Mention, memory: SpeakerMemory) -> Resolved:
        actor = self.registry.resolve(mention, memory.when)
        kind = "person" if actor.kind == "person" else "body"
        return Resolved(self.registry.speaker(actor), kind, "registry", True)

    def _is_anonymous(self, head: Token) -> bool:
        if (
            head.lower_ not in self.speech.anonymous_heads
            and head.lemma_.casefold() not in self.speech.anonymous_heads
        ):
            return False
        entities(head.doc)
        if any(
            c.dep_ in ("compound", "appos") and c.pos_ == "PROPN" and c.ent_type_ == "PERSON"
            for c in head.children
        ):
            return False
        determiners = [c.lower_ for c in head.children if c.dep_ in ("det", "nummod", "amod", "quantmod")]
        plural = head.tag_ in ("NNS", "NNPS")
        definite = any(d in ("the", "this", "that", "these", "those") for d in determiners)
        if definite and not plural:
            return False  # "the official": a description, resolved as a role
        return plural or any(d in self.speech.indefinite_words for d in determiners) or not determiners

    def _anonymous(self, head: Token, text: str, mentions: list[Mention], memory: SpeakerMemory) -> Resolved:
        bodies = [m for m in mentions if m.candidates[0].actor.kind != "person"]
        if bodies:
            actor = self.registry.resolve(bodies[0], memory.when)
            return Resolved(self.registry.speaker(actor), "anonymous", "anonymous", True)
        description = " ".join(text.strip(" ,.'’\"").split())
        party = self._party(text, mentions)
        speaker = Speaker(id=("source-" + slugify(description))[:80], name=description, party=party)
        return Resolved(speaker, "anonymous", "anonymous", False)

    def _nominal(
        self,
        head: Token,
        text: str,
        mentions: list[Mention],
        memory: SpeakerMemory,
        words: frozenset[str],
        at: int,
    ) -> Resolved | None:
        lemma = head.lemma_.casefold()
        if lemma in self.speech.speech_nouns or head.lower_ in self.speech.speech_nouns:
            return self._document(head, lemma, text, mentions, memory, at)
        if lemma in self.speech.person_nouns or head.lower_ in self.speech.person_nouns:
            kinds: tuple[str, ...] = ("person",)
            if lemma in self.speech.anonymous_heads:
                kinds = ("person", "anonymous")
        elif lemma in self.speech.organization_nouns:
            kinds = ("body",)
        elif lemma in self.speech.anonymous_heads:
            kinds = ("anonymous", "person")
        else:
            kinds = ()
        party = self._party(text, mentions)
        armed = lemma in self.speech.armed_group_nouns or head.lower_ in self.speech.armed_group_nouns
        if armed and party == UNKNOWN_PARTY and not any(t.pos_ == "PROPN" for t in head.subtree):
            group = self._story_group(memory)
            if group is not None:
                return group
        if kinds and _refers_back(head):
            referent = self._referent(lemma, head.lower_, kinds, party, memory, at)
            if referent is not None:
                return referent
        nominalized = head.pos_ == "ADJ" and any(c.dep_ == "det" for c in head.children)  # "the 52-year-old"
        if head.pos_ not in ("NOUN", "PROPN") and not nominalized:
            return None
        # "the group", "his agent": a reference back to nobody named; only a role names someone by itself.
        # "the far-left rebel group" with no side named in it is as bare as "the group".
        described_body = (
            kinds == ("body",) and party == UNKNOWN_PARTY and not any(t.pos_ == "PROPN" for t in head.subtree)
        )
        short = len(list(head.subtree)) <= 2
        bare = _refers_back(head) and kinds != ("person",) and (short or described_body)
        description = _without_article(text)
        if len(description.split()) > 12:
            description = " ".join(description.split()[:12])
        kind = "person" if kinds == ("person",) else "body"
        speaker = Speaker(id=slugify(description)[:80], name=description, party=party)
        return Resolved(speaker, kind, "described", False, bare)

    def _story_group(self, memory: SpeakerMemory) -> Resolved | None:
        """The one armed or rebel group the article names: a registry actor of a side that is no state's
        ("CO_ELN"); None when it names none or several ("the rebels" of two groups stay described)."""
        if not memory.story_group_read:
            memory.story_group_read = True
            groups = [m for m in self.registry.mentions(memory.text) if m.candidates]
            found: dict[str, Mention] = {}
            for mention in groups:
                actor = self.registry.resolve(mention, memory.when)
                if actor.kind != "person" and "_" in actor.party:
                    found.setdefault(actor.party, mention)
            if len(found) == 1:
                memory.story_group = self._registry(next(iter(found.values())), memory)
        return memory.story_group

    def _document(
        self, head: Token, lemma: str, text: str, mentions: list[Mention], memory: SpeakerMemory, at: int
    ) -> Resolved | None:
        """A statement, letter or communiqué as the source: "the statement" is the one met before.

        A document named again ("The statement added") is the issuer's word going on; a new one is
        described with the side it names, the first of a joint one's ("a joint Qatari-Egyptian statement").
        """
        if _refers_back(head) and len(list(head.subtree)) <= 3:
            for known in reversed(memory.history):
                if lemma in known.words or head.lower_ in known.words:
                    return Resolved(known.speaker, known.kind, "nominal", known.resolved)
            issuer = None if self._party(text, mentions) != UNKNOWN_PARTY else self._issuer(memory, at)
            if issuer is not None:
                return issuer
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        party = self._party(text, mentions)
        if party == UNKNOWN_PARTY:
            # Hyphens join the issuers of a joint statement ("US-Saudi"), not a stance ("pro-Russian").
            party = self.speech.country_in(text.replace("-", " ")) or UNKNOWN_PARTY
        bare = _refers_back(head) and len(list(head.subtree)) <= 2
        description = " ".join(_without_article(text).split()[:12])
        speaker = Speaker(id=slugify(description)[:80], name=description, party=party)
        return Resolved(speaker, "body", "described", False, bare)

    def _issuer(self, memory: SpeakerMemory, at: int) -> Resolved | None:
        """Who issued the document "the document" refers back to: the side named where one was introduced.

        "China has released a paper on the crisis. ... The document says": a document word earlier in the
        article, with a known actor just before it in its sentence ("China's position paper", "X said in a
        statement") or right after it ("in a joint statement, X and Y urged", "a letter from X"); the
        nearest such introduction wins.
        """
        before = memory.text[:at]
        for noun in reversed(list(self.speech.document_word.finditer(before))):
            sentence_start = max(before.rfind(". ", 0, noun.start()), before.rfind("\n", 0, noun.start())) + 1
            lead = before[max(sentence_start, noun.start() - _ISSUER_REACH) : noun.start()]
            if self.lexicon.outlet_name.search(lead) or self.lexicon.outlet_kind.search(lead):
                continue  # "according to the French agency AFP, in a statement": the outlet's country
            if _quoted(before, noun.start()):
                continue  # "... to draw a roadmap for the talks": a word of a quotation introduces nothing
            issuer = self._side_named(lead, memory, last=True)
            after = _AFTER_DOCUMENT.match(before, noun.end())
            if issuer is None and after is not None:
                following = before[after.end() : after.end() + _ISSUER_REACH]
                issuer = self._side_named(following, memory, last=False)
            if issuer is not None:
                return issuer
        return None

    def _side_named(self, words: str, memory: SpeakerMemory, last: bool) -> Resolved | None:
        """The actor named in `words`: the last one before a document word, or the one they open after it."""
        named = self.registry.mentions(words)
        if named and (last or named[0].start == 0):
            actor = self.registry.resolve(named[-1] if last else named[0], memory.when)
            kind = "person" if actor.kind == "person" else "body"
            return Resolved(self.registry.speaker(actor), kind, "nominal", True)
        countries = [
            (m, code)
            for m in self.speech.country_pattern.finditer(words)
            if (code := self.speech.country_in(m.group())) is not None
        ]
        if countries and (last or countries[0][0].start() == 0):
            # "Turkey has published a paper": the country stands for its government, as "Ankara said".
            found, code = countries[-1] if last else countries[0]
            name = _POSSESSIVE_END.sub("", found.group())
            speaker = Speaker(id=f"{slugify(name)}-government", name=name, party=code)
            return Resolved(speaker, "body", "nominal", False)
        return None

    def _spokesman_for(
        self, head: Token, content_root: Token | None, memory: SpeakerMemory
    ) -> Resolved | None:
        """ "The Kremlin is ready ..., a spokesman said": an unnamed spokesperson speaks for the subject body.

        Only for an indefinite role with nothing else in its phrase, when the content's subject is a body
        the registry knows.
        """
        if content_root is None or not any(c.lower_ in ("a", "an") for c in head.children):
            return None
        if len(list(head.subtree)) > 2:
            return None
        subject = next((c for c in content_root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            return None
        start, end = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge.text)
        for mention in self.registry.mentions(text_of(head.doc)[start:end]):
            actor = self.registry.resolve(mention, memory.when)
            if actor.kind != "person":
                return Resolved(self.registry.speaker(actor), "body", "described", True)
        return None

    def _referent(
        self, lemma: str, word: str, kinds: tuple[str, ...], party: str, memory: SpeakerMemory, at: int
    ) -> Resolved | None:
        """The last speaker, or person introduced with a role, that "the <lemma>" can stand for."""
        generic = lemma in self.speech.generic_roles
        candidates: list[tuple[int, Resolved, frozenset[str], str]] = []
        for known in memory.history:
            if known.kind in kinds:
                resolved = Resolved(known.speaker, known.kind, "nominal", known.resolved)
                words = known.words | self._role_words(known, memory)
                candidates.append((known.at, resolved, words, known.speaker.party))
        if "person" in kinds:
            for titled in memory.titled:
                if titled.at >= at:
                    break
                actor = self.registry.lookup(titled.name)
                if actor is not None:
                    resolved = Resolved(self.registry.speaker(actor), "person", "nominal", True)
                else:
                    speaker = Speaker(id=slugify(titled.name)[:80], name=titled.name, party=titled.party)
                    resolved = Resolved(speaker, "person", "nominal", False)
                candidates.append((titled.at, resolved, titled.words, resolved.speaker.party))
        wanted = self.speech.spelled(frozenset({lemma, word}))
        for _, resolved, words, known_party in sorted(candidates, key=lambda c: c[0], reverse=True):
            if party != UNKNOWN_PARTY and known_party != party:
                continue
            words = self.speech.spelled(words)
            if wanted & words or (generic and words & self.speech.person_nouns):
                return resolved
        return None

    # -- helpers -------------------------------------------------------------------------

    def _role_words(self, known: Known, memory: SpeakerMemory) -> frozenset[str]:
        """The words of the roles the registry gives a known actor on the article's date.

        "Sullivan said ... the national security adviser added": the registry's role for the speaker
        tells what "the adviser" stands for when the article's own introduction of him is lost.
        """
        entry = self.registry.get(known.speaker.id) if known.resolved else None
        if entry is None:
            return frozenset()
        return frozenset(
            word.casefold()
            for role in entry.roles
            if (role.from_ is None or memory.when is None or role.from_ <= memory.when)
            and (role.to is None or memory.when is None or memory.when <= role.to)
            for word in role.text.split()
        )

    @property
    def _outlet_name_words(self) -> frozenset[str]:
        words = self.__dict__.get("_name_words")
        if words is None:
            words = frozenset(self.lexicon.data.outlets.name_words) | self.speech.outlet_words
            self.__dict__["_name_words"] = words
        return words

    def _is_outlet(self, text: str, head: Token) -> bool:
        bare = _without_article(text)
        lexicon = self.lexicon
        if lexicon.outlet_name.fullmatch(bare) or lexicon.outlet_word.fullmatch(bare):
            return True
        if head.pos_ == "PROPN" and lexicon.outlet_name.fullmatch(head.text):
            return True
        words = text.strip(" ,").split()
        named = any(" ".join(words[-n:]) in self.speech.outlets for n in (2, 3))
        if head.pos_ in ("PROPN", "NOUN") and named:
            return True  # "state-owned Press TV" (however "TV" is tagged)
        if head.pos_ == "PROPN" and words and words[-1] in self.speech.outlets:
            return True
        if head.pos_ == "PROPN" and head.text in self._outlet_name_words:
            return True  # "The Hollywood Reporter", "International Business Times"
        if bare in self.speech.outlets or head.text in self.speech.outlets:
            return True
        return head.pos_ in ("NOUN", "PROPN") and (
            head.lemma_.casefold() in self.speech.channel_nouns or head.lower_ in self.speech.channel_nouns
        )

    def _remember(
        self, found: Resolved, words: frozenset[str], gender: str | None, memory: SpeakerMemory, at: int
    ) -> None:
        if found.kind == "outlet":
            return
        previous = next((k for k in memory.history if k.speaker.id == found.speaker.id), None)
        merged = (
            words
            | (previous.words if previous else frozenset())
            | frozenset(w.casefold() for w in found.speaker.name.split())
        )
        known = Known(
            found.speaker,
            found.kind,
            merged,
            gender or (previous.gender if previous else None),
            found.resolved,
            at,
        )
        memory.remember(known, at)


def _quoted(text: str, at: int) -> bool:
    """Whether offset `at` lies inside a quotation opened earlier in its paragraph."""
    opened = text[text.rfind("\n", 0, at) + 1 : at]
    return opened.count("“") > opened.count("”") or opened.count('"') % 2 == 1


def _main_subject(pronoun: Token) -> Token | None:
    """The named subject of the main clause when a pronoun is the subject of a clause inside it."""
    verb = pronoun.head
    root = pronoun.sent.root
    if verb is root or verb.dep_ not in ("relcl", "advcl", "pcomp", "acl"):
        return None
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ != "PROPN":
        return None
    entities(subject.doc)
    if subject.ent_type_ not in ("PERSON", ""):
        return None
    return subject


def _refers_back(head: Token) -> bool:
    """ "the minister", "this official": a definite description, not "Iran's foreign ministry spokesman"."""
    children = list(head.children)
    if any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in children):
        return False
    determiners = [c for c in children if c.dep_ in ("det", "poss", "nummod")]
    if not determiners:
        # "Russian chief negotiator said": journalese drops the article of a definite role.
        return head.tag_ not in ("NNS", "NNPS")
    return any(c.lower_ in ("the", "this", "that", "his", "her", "its", "their") for c in determiners)


def _gender(words: frozenset[str], speech: SpeechLexicon) -> str | None:
    if words & speech.female_nouns:
        return "female"
    if words & speech.male_nouns:
        return "male"
    return None


def _without_article(text: str) -> str:
    words = text.strip(" ,.'’\"").split()
    if words and words[0].casefold() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)
