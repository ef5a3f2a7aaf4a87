"""The function words the stance parse reads are lexicon data: a user lexicon extends or removes them."""

from __future__ import annotations

from pathlib import Path

from schemas import Stance
from services.engine.conditions import find_conditions
from services.engine.datafiles import load_lexicon_data
from services.engine.lexicon import Lexicon
from services.engine.resources import EngineResources
from services.engine.stance import classify_stance


def _stance(resources: EngineResources, lexicon: Lexicon, sentence: str) -> Stance:
    doc = resources.parser.parse_one(sentence)
    return classify_stance(doc, find_conditions(doc, lexicon), lexicon)


def _user_lexicon(tmp_path: Path, text: str) -> Lexicon:
    path = tmp_path / "lexicon.yaml"
    path.write_text(text, encoding="utf-8")
    return Lexicon(load_lexicon_data(path), source=str(path))


def test_a_negation_word_added_by_the_user_turns_a_step_around(
    resources: EngineResources, tmp_path: Path
) -> None:
    sentence = "The council will hardly negotiate with the rebel commanders."
    assert _stance(resources, resources.lexicon, sentence) is Stance.support
    user = _user_lexicon(tmp_path, "stance:\n  words:\n    negation: [hardly]\n")
    assert "not" in user.stance_words["negation"]  # the packaged words stay
    assert _stance(resources, user, sentence) is Stance.oppose


def test_a_subordinator_removed_by_the_user_no_longer_supposes(
    resources: EngineResources, tmp_path: Path
) -> None:
    sentence = "Whether the envoys reject the truce is up to their capital, the minister said."
    assert _stance(resources, resources.lexicon, sentence) is not Stance.oppose
    user = _user_lexicon(tmp_path, "remove:\n  stance.words.supposed: [whether]\n")
    assert "whether" not in user.stance_words["supposed"] and "if" in user.stance_words["supposed"]
    assert _stance(resources, user, sentence) is Stance.oppose
