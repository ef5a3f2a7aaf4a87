"""Stories about talks that say so with few talk words, and stories that only mention them (invented text).

A story about a border dispute between two states is about what talks or a court would settle; a title
naming talks counts even when cleaning takes a byline for the headline; a party's plain statement told
with a pronoun counts in a story about talks; one talk word in a story of ordinary length, outside its
lead, is a passing mention; knowing a person again ("recognised X from ...") is no recognition of a state.
"""

from __future__ import annotations

from services.engine.cues import negotiation_cues
from services.engine.resources import EngineResources
from services.engine.talks_story import StoryCues, story_cues
from tests.engine.articles import claims_in

_DISPUTE = (
    "Ilham Aliyev and Nikol Pashinyan spent a second day in a lakeside villa on Wednesday.\n"
    "The two leaders have argued for years over the border dispute in the northern hills.\n"
    "Nikol Pashinyan said the northern villages would stay under Armenian control.\n"
    "An old agreement left the line through the hills unmarked, and neither side offered concessions.\n"
    "Reporters were kept outside the villa gates.\n"
    "Ilham Aliyev said his country would never give up a single hill of the frontier.\n"
    "Both men flew home in the evening, with the territorial dispute unresolved and no peace in sight.\n"
)


def test_a_border_dispute_story_is_about_talks(resources: EngineResources) -> None:
    text = "Old rivals meet in the hills\n" + _DISPUTE
    story = story_cues(text, text.index("\n"), resources.lexicon)
    assert (story.words, story.dispute_words) == (1, 2) and story.talks_story
    assert not StoryCues(0, False).talks_story and StoryCues(0, False, dispute_words=3).talks_story


def test_plain_statements_in_a_border_dispute_story_are_claims(resources: EngineResources) -> None:
    claims = claims_in(resources, _DISPUTE, "Old rivals meet in the hills")
    speakers = {c.speaker.id for c in claims if "hill" in c.text or "villages" in c.text}
    assert speakers == {"nikol-pashinyan", "ilham-aliyev"}


def test_the_same_statements_with_no_dispute_are_not(resources: EngineResources) -> None:
    body = _DISPUTE.replace("the border dispute in", "the roads of").replace(
        "with the territorial dispute unresolved and ", ""
    )
    assert claims_in(resources, body, "Old rivals meet in the hills") == []


def test_a_title_naming_talks_counts_when_cleaning_left_it_out(resources: EngineResources) -> None:
    text = "Posted at 09:14 by the desk\nThe envoys met for a second day on Tuesday."
    title = "Envoys resume ceasefire talks in the capital"
    assert story_cues(text, text.index("\n"), resources.lexicon, title).headline
    assert not story_cues(text, text.index("\n"), resources.lexicon).headline
    # A title the text holds is read there, as the headline it is or not.
    assert not story_cues(text, 0, resources.lexicon, "Posted at 09:14 by the desk").headline


def test_a_plain_statement_told_with_a_pronoun_counts_in_a_talks_story(resources: EngineResources) -> None:
    body = (
        "Negotiators of Armenia and Azerbaijan met in Almaty on Monday for peace talks.\n"
        "The negotiations were the first since the spring clashes on the frontier.\n"
        "Ararat Mirzoyan said the delegations had agreed to meet again.\n"
        "He added that the talks had lasted two days.\n"
    )
    claims = claims_in(resources, body)
    assert [c.speaker.id for c in claims if "lasted two days" in c.text] == ["ararat-mirzoyan"]


_FLOOD = [
    "Heavy rain flooded the river valley on Sunday.",
    "Hundreds of families left their homes before dawn.",
    "Rescue teams used boats to reach the lower streets.",
    "The local school was turned into a shelter.",
    "Farmers said the harvest in the valley was lost.",
    "Power lines were cut in three districts.",
    "The regional hospital moved patients to the upper floors.",
    "Volunteers handed out blankets and bottled water.",
    "Forecasters expect more rain later in the week.",
    "Roads to the capital were closed for most of the day.",
    "The mayor visited the shelter in the afternoon.",
    "Insurance firms began counting the damage.",
    "A bridge on the northern road was swept away.",
    "The army sent trucks with food and medicine.",
    "Residents cleared mud from their doorsteps.",
    "Several villages remain cut off by the water.",
]
_MENTION = "Governor Lena Brandt said ceasefire talks with the rebels would resume once the water fell."


def test_one_talk_word_in_a_story_of_ordinary_length_is_a_passing_mention(resources: EngineResources) -> None:
    body = "\n\n".join([*_FLOOD[:9], _MENTION, *_FLOOD[9:]])
    assert claims_in(resources, body) == []


def test_the_same_word_in_a_short_story_is_read(resources: EngineResources) -> None:
    body = "\n\n".join([*_FLOOD[:5], _MENTION])
    assert [c.text for c in claims_in(resources, body)] == [_MENTION]


def test_recognising_a_person_again_is_no_recognition_of_a_state(resources: EngineResources) -> None:
    lexicon = resources.lexicon
    assert negotiation_cues("The clerk said she recognized Marta from her cooking show.", lexicon, True) == []
    assert negotiation_cues("The clerk recognized Marta by her red coat.", lexicon, True) == []
    assert negotiation_cues("Five more states recognized Kosovo last year.", lexicon, True) != []
    assert negotiation_cues("They will recognise Palestine by the end of June.", lexicon, True) != []


def test_sanctions_eased_with_a_hyphenated_word_between_are_a_talk_word(resources: EngineResources) -> None:
    sentence = "Washington is ready to ease some energy-related sanctions."
    assert len(negotiation_cues(sentence, resources.lexicon, False)) == 1


def test_leaders_meeting_face_to_face_is_a_talk_word(resources: EngineResources) -> None:
    lexicon = resources.lexicon
    assert negotiation_cues("She flew in for a meeting with her Latvian counterpart.", lexicon, True) != []
    assert negotiation_cues("The meetings today with President Ostrow ran late.", lexicon, True) != []
    assert negotiation_cues("He had a meeting with investors in the morning.", lexicon, True) == []


def test_leaders_meeting_over_a_dispute_make_a_talks_story(resources: EngineResources) -> None:
    body = (
        "Ilham Aliyev will hold more meetings today with Armenian Prime Minister Nikol Pashinyan.\n"
        "In the first meeting with Prime Minister Pashinyan, the border controversy took two hours.\n"
        "Ilham Aliyev said his country would never give up a single hill of the frontier.\n"
        "He said an old agreement gave no concessions, and that peace needs a fair line.\n"
        "Reporters were told a proposal would follow.\n"
    )
    claims = claims_in(resources, body)
    # Without the leaders' meetings the same story has too few talk words.
    plain = body.replace("more meetings today with", "a dinner for").replace("first meeting with", "talk of")
    assert not [c for c in claims_in(resources, plain) if "single hill" in c.text]
    assert [c.speaker.id for c in claims if "single hill" in c.text] == ["ilham-aliyev"]


def test_an_accord_known_by_its_name_is_a_strong_talk_word(resources: EngineResources) -> None:
    lexicon = resources.lexicon
    found = [
        m.group() for m in lexicon.strong_cue.finditer("Both states left the Northern Grain Initiative.")
    ]
    assert found == ["Northern Grain Initiative"]
    assert lexicon.strong_cue.search("The Treaty was read aloud.") is None  # a capital opening the sentence
    assert lexicon.strong_cue.search("A New Deal for small towns") is None


def test_a_story_about_a_named_accord_is_about_talks(resources: EngineResources) -> None:
    body = (
        "Norland quit the Northern Grain Initiative last month, saying its demands were not met.\n"
        "Reporters waited outside the ministry until late in the evening.\n"
        "Sergey Lavrov said the ships would stay in port until the banks were reconnected.\n"
        "Only then could the Northern Grain Initiative be revived, an aide said, and the accord renewed.\n"
    )
    claims = claims_in(resources, body, "Norland walks out of the Northern Grain Initiative")
    assert [c.speaker.id for c in claims if "stay in port" in c.text] == ["sergey-lavrov"]
    # The same story with the accord unnamed has too few talk words for a plain statement to count.
    unnamed = body.replace("the Northern Grain Initiative", "the scheme")
    assert not [c for c in claims_in(resources, unnamed, "Norland walks out") if "stay in port" in c.text]
