"""Engine resources: the actor registry and the lexicon, loaded from YAML once.

The packaged files in ``services/engine/data`` are always loaded; a user file extends them
(see ``services.engine.datafiles`` for the merge rules). Bad data raises ``ConfigurationError``
naming the file and the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from services.engine.actors import ActorRegistry
from services.engine.datafiles import PACKAGED_LEXICON, load_actor_entries, load_lexicon_data
from services.engine.lexicon import Lexicon
from services.engine.speech.lexicon import SpeechLexicon, load_speech_lexicon
from services.engine.syntax import Parser


@dataclass(frozen=True)
class EngineResources:
    """Everything extraction needs, compiled once: share one instance across articles."""

    actors: ActorRegistry
    lexicon: Lexicon
    parser: Parser = field(default_factory=Parser)
    # The speech vocabulary (data/speech.yaml) attribution reads from the parse.
    speech: SpeechLexicon = field(default_factory=load_speech_lexicon)


def load_resources(
    actors_file: Path | None = None, lexicon_file: Path | None = None, spacy_model: str | None = None
) -> EngineResources:
    """Load and compile the registry and lexicon (packaged data extended by the given files).

    `spacy_model` names the dependency parser's pipeline (None: the small English model); it is loaded
    on first use, so detection alone never pays for it.
    """
    lexicon = Lexicon(load_lexicon_data(lexicon_file), source=str(lexicon_file or PACKAGED_LEXICON))
    actors = ActorRegistry(load_actor_entries(actors_file))
    return EngineResources(actors=actors, lexicon=lexicon, parser=Parser(spacy_model))


@lru_cache(maxsize=1)
def default_resources() -> EngineResources:
    """The packaged resources, loaded on first use and shared."""
    return load_resources()
