"""Cleaning: page furniture goes, the story stays, offsets map back to the source."""

from __future__ import annotations

from datetime import date

from services.engine.clean import clean_body
from services.engine.resources import EngineResources

STORY = (
    "Mediators in Geneva said on Tuesday that both delegations had agreed to a second round of talks. "
    "The talks will focus on a prisoner exchange and a humanitarian corridor."
)


def test_drops_counters_related_links_and_reader_appeals(resources: EngineResources) -> None:
    body = "\n".join(
        [
            STORY,
            "12,408 views",
            "Related:",
            "If you value what we do, please support our journalism: readers like you keep it alive.",
            "Become a Patron!",
            "(Visited 3 times, 1 visits today)",
            "About The Author",
        ]
    )
    cleaned = clean_body(body, lexicon=resources.lexicon)
    assert cleaned.text == STORY


def test_drops_tag_lists_and_author_lines(resources: EngineResources) -> None:
    body = "\n".join(
        [STORY, "Maria Novak", "Maria Novak", "genevaGeneva", "WorldDiplomacyAnalysis", "talksTalks"]
    )
    assert clean_body(body, lexicon=resources.lexicon).text == STORY


def test_other_headlines_before_the_repeated_title_are_dropped(resources: EngineResources) -> None:
    title = "Second round of Geneva talks agreed"
    body = "\n".join(
        [
            "Weather: snow expected across the north",
            "Exclusive",
            "Five recipes for a quiet weekend",
            "Local team wins the regional cup",
            title,
            "",
            title,
            "Geneva  •  Wire",
            STORY,
        ]
    )
    cleaned = clean_body(body, lexicon=resources.lexicon)
    assert cleaned.text == f"{title}\n{STORY}"
    assert cleaned.headline_end == len(title)


def test_unrelated_stories_after_a_section_label_are_dropped(resources: EngineResources) -> None:
    body = "\n".join(
        [
            STORY,
            "Economy",
            "-",
            "On Monday, the central bank raised its key rate by half a point, citing inflation.",
            "-",
            "A new bridge opened to traffic after three years of construction work downtown.",
        ]
    )
    assert clean_body(body, lexicon=resources.lexicon).text == STORY


def test_a_section_word_inside_the_story_does_not_cut_it(resources: EngineResources) -> None:
    body = "Economy\n" + STORY
    assert STORY in clean_body(body, lexicon=resources.lexicon).text


def test_title_heads_the_cleaned_text_and_offsets_map_to_the_source(resources: EngineResources) -> None:
    title = "Geneva talks resume"
    body = "  Posted by Jan Kowalski\n\n" + STORY + "\n\n5 comments\n"
    cleaned = clean_body(body, title=title, lexicon=resources.lexicon)
    assert cleaned.text.startswith(title + "\n")
    assert cleaned.source == f"{title}\n{body}"
    story_at = cleaned.text.index("Mediators")
    assert cleaned.source[cleaned.to_source(story_at) :].startswith("Mediators")
    for offset in range(len(cleaned.text)):
        if cleaned.text[offset] != "\n":
            assert cleaned.source[cleaned.to_source(offset)] == cleaned.text[offset]


def test_dateline_is_kept_as_reference_date(resources: EngineResources) -> None:
    body = "Talks stall again\n3 March 2023 14:05\n" + STORY
    cleaned = clean_body(body, lexicon=resources.lexicon)
    assert cleaned.dateline == date(2023, 3, 3)
    assert "14:05" not in cleaned.text


def test_cleaning_is_reproducible(resources: EngineResources) -> None:
    body = "Header one\nHeader two\nHeader three\n" + STORY + "\n1,024 views"
    assert clean_body(body, lexicon=resources.lexicon) == clean_body(body, lexicon=resources.lexicon)


def test_headlines_after_a_read_also_label_are_other_stories(resources: EngineResources) -> None:
    body = "\n".join(
        [
            STORY,
            "Read also:",
            "Rebels agree to a truce with the capital's militias",
            "Talks on the dam resume, says the water ministry",
        ]
    )
    assert clean_body(body, lexicon=resources.lexicon).text == STORY


def test_a_comment_form_ends_the_story(resources: EngineResources) -> None:
    body = "\n".join([STORY, "Leave a Reply", "Ceasefire Holds, Says Army Chief –"])
    assert clean_body(body, lexicon=resources.lexicon).text == STORY


def test_a_list_introduced_by_a_colon_line_is_the_story() -> None:
    body = (
        "Zara Velt reads a letter from the president:\n"
        "- Both sides can resolve differences through dialogue\n"
        "- He is willing to stay in touch\n- Our side will honour the agreement"
    )
    text = clean_body(body, "Velt reads letter").text
    assert "- Both sides can resolve differences through dialogue" in text
    assert "- He is willing to stay in touch" in text


def test_page_metadata_opening_the_story_is_cut_and_dates_it(resources: EngineResources) -> None:
    body = " date 2022-06-14 Envoys of Arland and Berovia resumed border talks in Tallow on Monday."
    cleaned = clean_body(body, "Border talks resume", lexicon=resources.lexicon)
    story_start = cleaned.text.index("\n") + 1
    assert cleaned.text[story_start:].startswith("Envoys of Arland")
    assert cleaned.source[cleaned.to_source(story_start) :].startswith("Envoys of Arland")
    assert cleaned.dateline == date(2022, 6, 14)


def test_a_stamp_alone_on_its_line_is_furniture_and_a_date_in_prose_stays(resources: EngineResources) -> None:
    body = "Posted: 2021-03-09T08:15Z\nThe date 2021-04-01 was set for the next round of talks."
    cleaned = clean_body(body, lexicon=resources.lexicon)
    assert cleaned.text == "The date 2021-04-01 was set for the next round of talks."
    assert cleaned.dateline == date(2021, 3, 9)


def test_the_headline_again_behind_navigation_words_is_dropped(resources: EngineResources) -> None:
    body = "Home Region Envoys agree to reopen the border crossing\n" + STORY
    cleaned = clean_body(body, "Envoys agree to reopen the border crossing", lexicon=resources.lexicon)
    assert cleaned.text == "Envoys agree to reopen the border crossing\n" + STORY
