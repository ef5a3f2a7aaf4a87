"""Attribution: the speaker of each sentence, how it is attributed, and the channel it came through."""

from __future__ import annotations

from services.engine.attribute import Attributor, SentenceReport
from services.engine.resources import EngineResources
from services.engine.sentences import split_sentences


def _reports(resources: EngineResources, text: str, headline_end: int = 0) -> list[SentenceReport]:
    attributor = Attributor(resources.actors, resources.lexicon)
    ctx = attributor.context(text, None)
    return [attributor.attribute(s, ctx) for s in split_sentences(text, headline_end)]


def _who(report: SentenceReport) -> tuple[str, str] | None:
    if report.attribution is None:
        return None
    return report.attribution.speaker.id, report.attribution.kind


def test_speaker_before_and_after_the_verb(resources: EngineResources) -> None:
    text = (
        "Lavrov said Moscow was open to a dialogue. "
        "“We are not in a hurry,” said Dmitry Peskov. "
        "“Nothing has changed,” the Kremlin spokesman told reporters on Friday."
    )
    assert [_who(r) for r in _reports(resources, text)] == [
        ("sergey-lavrov", "reported"),
        ("dmitry-peskov", "direct_quote"),
        ("dmitry-peskov", "direct_quote"),
    ]


def test_pronouns_refer_to_the_last_named_person(resources: EngineResources) -> None:
    text = (
        "Zelensky met European leaders in Paris. "
        "He added that a ceasefire without guarantees would only pause the war. "
        "“We need real guarantees, not promises,” he said of the proposal."
    )
    reports = _reports(resources, text)
    assert [_who(r) for r in reports][1:] == [
        ("volodymyr-zelensky", "reported"),
        ("volodymyr-zelensky", "direct_quote"),
    ]
    assert reports[1].attribution is not None and reports[1].attribution.via == "pronoun"


def test_a_name_earlier_in_the_sentence_does_not_beat_the_pronoun(resources: EngineResources) -> None:
    text = "Rubio spoke first. Any deal must deter Putin from attacking again, he added."
    assert _who(_reports(resources, text)[1]) == ("marco-rubio", "reported")


def test_unnamed_sources_speak_for_their_institution(resources: EngineResources) -> None:
    text = (
        "Officials at the White House declined to comment on the truce. "
        "“There is no rush,” a source close to the Kremlin told the newspaper. "
        "The source added that talks could wait until spring."
    )
    reports = _reports(resources, text)
    assert [_who(r) for r in reports] == [
        ("white-house", "anonymous_source"),
        ("russia-government", "anonymous_source"),
        ("russia-government", "anonymous_source"),
    ]


def test_an_unnamed_source_of_no_institution_keeps_its_description(resources: EngineResources) -> None:
    reports = _reports(resources, "“Nothing is agreed,” said a diplomat familiar with the talks.")
    attribution = reports[0].attribution
    assert attribution is not None and attribution.kind == "anonymous_source"
    assert attribution.speaker.party == "unknown"
    assert attribution.speaker.name == "a diplomat familiar with the talks"


def test_according_to_a_person_and_according_to_journalists(resources: EngineResources) -> None:
    reports = _reports(
        resources,
        "According to Sybiha, the talks must include Europe. "
        "According to journalists, the summit is planned for May.",
    )
    assert _who(reports[0]) == ("andrii-sybiha", "reported")
    assert reports[1].attribution is None and reports[1].hedged_by_source


def test_outlets_are_channels_not_speakers(resources: EngineResources) -> None:
    reports = _reports(
        resources,
        "Zelensky said a truce was close, Ukrinform reports citing Reuters. "
        "Reuters reported that the talks had stalled.",
    )
    assert _who(reports[0]) == ("volodymyr-zelensky", "reported")
    assert reports[0].channel == "Reuters"
    assert reports[1].attribution is None
    assert reports[1].channel == "Reuters"


def test_appositive_names_the_speaker_not_the_actor_inside_it(resources: EngineResources) -> None:
    text = "Olena Marchenko, an adviser to President Zelensky, said the talks were premature."
    attribution = _reports(resources, text)[0].attribution
    assert attribution is not None
    assert (attribution.speaker.id, attribution.speaker.party) == ("olena-marchenko", "unknown")


def test_headline_forms(resources: EngineResources) -> None:
    for headline in (
        "Peace deal 'within reach', Lavrov Says",
        "“A ceasefire is not a surrender” – Lavrov",
        "Lavrov: talks with Washington possible in spring",
    ):
        text = headline + "\nThe minister spoke in Moscow."
        reports = _reports(resources, text, headline_end=len(headline))
        assert _who(reports[0]) is not None and _who(reports[0])[0] == "sergey-lavrov", headline


def test_an_actor_opening_the_sentence_is_its_subject(resources: EngineResources) -> None:
    reports = _reports(
        resources,
        "The Kremlin will not sign any deal before the summer. "
        "Moscow has rejected the plan. If Ukraine agrees, the war ends.",
    )
    assert _who(reports[0]) == ("russia-government", "reported")
    # A place name is not a speaker, and an actor after "If" is not the subject of the sentence.
    assert reports[1].attribution is None and reports[2].attribution is None


def test_a_noun_that_looks_like_a_verb_is_not_an_attribution(resources: EngineResources) -> None:
    reports = _reports(resources, "Fighting went on despite the government claims of a truce.")
    assert reports[0].attribution is None
