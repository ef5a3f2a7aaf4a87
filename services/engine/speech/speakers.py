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

from typing import TYPE_CHECKING

from schemas import Speaker
from services.engine.actors import UNKNOWN_PARTY, ActorRegistry, Mention, slugify
from services.engine.lexicon import Lexicon
from services.engine.speech.documents import DocumentRules
from services.engine.speech.lexicon import SpeechLexicon
from services.engine.speech.memory import Resolved, SpeakerMemory
from services.engine.speech.names import without_article
from services.engine.speech.references import (
    BODY_PRONOUNS,
    FEMALE_PRONOUNS,
    MALE_PRONOUNS,
    ReferenceRules,
    main_subject,
    pronoun_gender,
    refers_back,
)
from services.engine.speech.utterance import OUTLET_PARTY
from services.engine.syntax import entities, text_of

if TYPE_CHECKING:
    from spacy.tokens import Token


class SourceResolver(ReferenceRules, DocumentRules):
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
        if head.pos_ == "PRON" or lower in MALE_PRONOUNS | FEMALE_PRONOUNS | BODY_PRONOUNS:
            subject = main_subject(head) if lower in MALE_PRONOUNS | FEMALE_PRONOUNS else None
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
            name = without_article(text)
            # A state's outlet ("Iranian state television") keeps the state's side: with no one else
            # speaking in its sentence, its report is the state's word (``reader.primary_utterance``).
            state = self.speech.state_of_outlet(text)
            party = OUTLET_PARTY if state is None else state or UNKNOWN_PARTY
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
        gender = pronoun_gender(words, self.speech)
        self._remember(found, words, gender, memory, at)
        return found

    def may_read_entities(self, head: Token, phrase: tuple[int, int], sentence: str) -> bool:
        """Whether resolving the phrase may read named entities: a noun phrase the registry does not know.

        Follows ``resolve``: a share of people, a pronoun and a registry name are resolved without them.
        `sentence` is the text of `head`'s doc, which `phrase` indexes.
        """
        lower = head.lower_
        pronoun = lower in MALE_PRONOUNS | FEMALE_PRONOUNS | BODY_PRONOUNS
        if lower in self.speech.quantifier_sources or head.pos_ in ("NUM", "PRON") or pronoun:
            return False
        offset = head.idx - phrase[0]
        text = sentence[phrase[0] : phrase[1]]
        return not any(m.start <= offset < m.end for m in self.registry.mentions(text))

    # -- forms ---------------------------------------------------------------------------

    def _described_group(self, text: str, memory: SpeakerMemory) -> Resolved:
        description = " ".join(without_article(text).split()[:12])
        party = self.speech.country_in(text) or UNKNOWN_PARTY
        return Resolved(
            Speaker(id=slugify(description)[:80], name=description, party=party), "body", "described", False
        )

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
        named_bodies = [m for m in mentions if m.candidates and m.candidates[0].actor.kind != "person"]
        if armed and named_bodies:
            # "the guerrillas of the Popular Front", "Front rebels": fighters of a group the registry knows.
            return self._registry(named_bodies[0], memory)
        if armed and party == UNKNOWN_PARTY and not any(self._names_someone(t) for t in head.subtree):
            group = self._story_group(memory)
            if group is not None:
                return group
        if kinds and refers_back(head):
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
        bare = refers_back(head) and kinds != ("person",) and (short or described_body)
        description = without_article(text)
        if len(description.split()) > 12:
            description = " ".join(description.split()[:12])
        kind = "person" if kinds == ("person",) else "body"
        speaker = Speaker(id=slugify(description)[:80], name=description, party=party)
        return Resolved(speaker, kind, "described", False, bare)

    def _names_someone(self, token: Token) -> bool:
        """A proper noun naming a person, a place or a body, not a day or a month ("rebels on Tuesday")."""
        calendar = token.lower_ in self.lexicon.weekdays or token.lower_ in self.lexicon.months
        return token.pos_ == "PROPN" and not calendar

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

    # -- helpers -------------------------------------------------------------------------

    @property
    def _outlet_name_words(self) -> frozenset[str]:
        words = self.__dict__.get("_name_words")
        if words is None:
            words = frozenset(self.lexicon.data.outlets.name_words) | self.speech.outlet_words
            self.__dict__["_name_words"] = words
        return words

    def _is_outlet(self, text: str, head: Token) -> bool:
        bare = without_article(text)
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
