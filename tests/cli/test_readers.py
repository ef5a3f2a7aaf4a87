"""Reading article files: every format, metadata.json, and every kind of bad input."""

from __future__ import annotations

import json
import os
import shutil
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas import Article
from services.cli.readers import InputError, read_article_file, read_articles

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"

TALKS_BODY = (
    "The foreign minister of Examplia said on Tuesday that talks could begin only after the "
    "troops leave the border district.\nHe added that a ceasefire was not on the table yet.\n"
)


def _read(*paths: Path) -> list[Article | InputError]:
    return list(read_articles(list(paths)))


def _articles(items: list[Article | InputError]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def _errors(items: list[Article | InputError]) -> list[InputError]:
    return [item for item in items if isinstance(item, InputError)]


def _only_error(items: list[Article | InputError]) -> InputError:
    assert len(items) == 1 and isinstance(items[0], InputError), items
    return items[0]


# --- formats -------------------------------------------------------------------------------


def test_txt_first_line_is_title_rest_is_body_and_stem_is_id(tmp_path: Path) -> None:
    path = tmp_path / "minister-talks.txt"
    path.write_text("Minister sets terms for talks\n" + TALKS_BODY, encoding="utf-8")
    before = datetime.now(UTC)
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.title == "Minister sets terms for talks"
    assert article.body == TALKS_BODY
    assert article.id == article.source == "minister-talks"
    assert article.published_at is None and article.url is None
    assert before - timedelta(seconds=1) <= article.received_at <= datetime.now(UTC)


def test_txt_with_byte_order_mark_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffHeadline\r\nBody line one.\r\n".encode())
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.title == "Headline"
    assert article.body.strip() == "Body line one."


def test_json_object_keeps_its_own_fields_and_fills_missing_ones(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"title": "T", "body": TALKS_BODY, "published_at": "2025-02-03T08:00:00"}))
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.id == "one" and article.source == "one"
    # A naive timestamp is read as UTC so dates from different files compare.
    assert article.published_at == datetime(2025, 2, 3, 8, 0, tzinfo=UTC)

    path.write_text(json.dumps({"id": "wire-17", "source": "Example Wire", "body": TALKS_BODY}))
    [article] = _read(path)
    assert isinstance(article, Article)
    assert (article.id, article.source) == ("wire-17", "Example Wire")


def test_json_list_numbers_missing_ids_and_reports_the_bad_item(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    items = [{"body": TALKS_BODY}, {"body": "   "}, {"id": "own", "body": "Another report on talks."}]
    path.write_text(json.dumps(items))
    result = _read(path)
    assert [a.id for a in _articles(result)] == ["batch:1", "own"]
    [error] = _errors(result)
    assert error.path == path
    assert "article 2" in error.reason and "body" in error.reason


def test_json_that_is_not_an_article(tmp_path: Path) -> None:
    path = tmp_path / "scalar.json"
    path.write_text('"just a string"')
    assert "expected an Article object" in _only_error(_read(path)).reason
    path.write_text(json.dumps({"body": TALKS_BODY, "author": "someone"}))
    error = _only_error(_read(path))
    assert "author" in error.reason and "invalid article" in error.reason


def test_jsonl_lines_may_hold_unicode_line_separators(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    body = "First paragraph about talks.\u2028Second paragraph.\u0085Third."
    path.write_text(
        json.dumps({"body": body}, ensure_ascii=False) + "\r\n" + json.dumps({"body": "x"}) + "\n"
    )
    articles = _articles(_read(path))
    assert [(a.id, a.body) for a in articles] == [("feed:1", body), ("feed:2", "x")]


def test_jsonl_bad_line_names_file_and_line_other_lines_load(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "source": "Wire", "body": TALKS_BODY}),
        '{"id": "a2", "body": ',  # truncated
        "",
        json.dumps({"body": "Talks were postponed, the spokesman said."}),
        json.dumps({"id": "a5", "body": TALKS_BODY, "colour": "red"}),
    ]
    path.write_text("\n".join(lines) + "\n")
    result = _read(path)
    assert [a.id for a in _articles(result)] == ["a1", "feed:4"]
    errors = _errors(result)
    assert [(e.line, e.path) for e in errors] == [(2, path), (5, path)]
    assert str(errors[0]).startswith(f"{path}:2: invalid JSON")
    assert "colour" in errors[1].reason


HTML_PAGE = """<html><head><title>Envoy rejects truce terms | Example Herald</title>
<meta property="og:site_name" content="Example Herald">
<meta property="article:published_time" content="2025-02-10T07:30:00+00:00"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article><h1>Envoy rejects truce terms</h1>
<p>The envoy said on Monday that his government would not accept a truce while the other side kept
its troops in the northern province, according to a statement released after the meeting.</p>
<p>"There will be no talks as long as they stay," the envoy told reporters outside the ministry.</p>
</article>
<footer>Subscribe to our newsletter for daily updates. Copyright Example Herald.</footer>
</body></html>"""


def test_html_main_text_title_and_site_from_metadata(tmp_path: Path) -> None:
    path = tmp_path / "herald.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.title == "Envoy rejects truce terms"
    assert "no talks as long as they stay" in article.body
    assert "newsletter" not in article.body and "Sport" not in article.body
    assert not article.body.startswith("Envoy rejects truce terms")
    assert article.source == "Example Herald"
    assert article.id == "herald"
    assert article.published_at is not None and article.published_at.date().isoformat() == "2025-02-10"


def test_html_without_main_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.htm"
    # A page rendered by JavaScript: no text in the HTML at all.
    path.write_text(
        '<html><head><title>App</title></head><body><div id="root"></div><script>go()</script></body></html>'
    )
    assert "no main text" in _only_error(_read(path)).reason


# --- folders and names ---------------------------------------------------------------------


def test_folder_is_walked_recursively_sorted_and_filtered(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "2.txt").write_text("T\n" + TALKS_BODY)
    (tmp_path / "a" / "deep" / "1.json").write_text(json.dumps({"body": TALKS_BODY}))
    (tmp_path / "a" / "0.HTML").write_text(HTML_PAGE)
    (tmp_path / "c.jsonl").write_text(json.dumps({"body": TALKS_BODY}) + "\n")
    (tmp_path / "notes.md").write_text("# not an article")
    (tmp_path / "data.csv").write_text("a,b\n1,2\n")
    (tmp_path / ".draft.txt").write_text("T\n" + TALKS_BODY)
    (tmp_path / ".hidden" / "x.txt").write_text("T\n" + TALKS_BODY)
    result = _read(tmp_path)
    assert _errors(result) == []
    assert [a.id for a in _articles(result)] == ["0", "1", "2", "c:1"]


def test_named_file_with_unsupported_suffix_or_missing(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# notes")
    assert "unsupported file type '.md'" in _only_error(_read(notes)).reason
    assert _only_error(_read(tmp_path / "nope.txt")).reason == "no such file or folder"


def test_error_lines_are_single_lines_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "multi.json"
    path.write_text(json.dumps({"body": TALKS_BODY, "x": 1, "y": 2}))
    text = str(_only_error(_read(path)))
    assert text.startswith(str(path)) and "\n" not in text


# --- metadata.json -------------------------------------------------------------------------


def _write_metadata(folder: Path, files: dict[str, dict[str, object]]) -> None:
    (folder / "metadata.json").write_text(json.dumps({"files": files}), encoding="utf-8")


def test_metadata_supplies_fields_for_the_files_it_names(tmp_path: Path) -> None:
    (tmp_path / "known.txt").write_text("T\n" + TALKS_BODY)
    (tmp_path / "unknown-outlet.txt").write_text("T\n" + TALKS_BODY)
    (tmp_path / "unlisted.txt").write_text("T\n" + TALKS_BODY)
    _write_metadata(
        tmp_path,
        {
            "known.txt": {
                "id": "herald-2025-02-10",
                "source": "Example Herald",
                "published_at": "2025-02-10",
                "published_at_inferred": True,
                "url": "https://herald.example/a",
                "notes": "date inferred from the event",
            },
            "unknown-outlet.txt": {"source": None, "published_at": "2024-11-10T09:13:00+00:00"},
        },
    )
    by_id = {a.id: a for a in _articles(_read(tmp_path))}
    assert set(by_id) == {"herald-2025-02-10", "unknown-outlet", "unlisted"}
    known = by_id["herald-2025-02-10"]
    assert known.source == "Example Herald" and known.url == "https://herald.example/a"
    assert known.published_at == datetime(2025, 2, 10, tzinfo=UTC)
    assert by_id["unknown-outlet"].source == "unknown-outlet"
    assert by_id["unknown-outlet"].published_at == datetime(2024, 11, 10, 9, 13, tzinfo=UTC)
    assert by_id["unlisted"].source == "unlisted" and by_id["unlisted"].published_at is None
    # Named directly, the file still finds the metadata beside it.
    [direct] = _read(tmp_path / "known.txt")
    assert isinstance(direct, Article) and direct.id == "herald-2025-02-10"
    # metadata.json itself is never read as articles, and naming it is an error.
    assert "metadata file" in _only_error(_read(tmp_path / "metadata.json")).reason


def test_metadata_never_gives_one_id_to_many_articles(tmp_path: Path) -> None:
    (tmp_path / "feed.jsonl").write_text(json.dumps({"body": TALKS_BODY}) + "\n" + json.dumps({"body": "x"}))
    _write_metadata(tmp_path, {"feed.jsonl": {"id": "single", "source": "Example Wire"}})
    articles = _articles(_read(tmp_path))
    assert [(a.id, a.source) for a in articles] == [("feed:1", "Example Wire"), ("feed:2", "Example Wire")]


def test_broken_metadata_is_reported_once_and_files_still_load(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("T\n" + TALKS_BODY)
    (tmp_path / "two.txt").write_text("T\n" + TALKS_BODY)
    (tmp_path / "metadata.json").write_text('{"files": {"one.txt": {"source": "X", "sauce": 1}}}')
    result = _read(tmp_path)
    [error] = _errors(result)
    assert error.path == tmp_path / "metadata.json" and "sauce" in error.reason
    assert [a.id for a in _articles(result)] == ["one", "two"]


def test_seeds_with_metadata_and_bare(tmp_path: Path) -> None:
    result = _read(SEEDS)
    assert _errors(result) == []
    articles = _articles(result)
    assert len(articles) == 5
    sources = {a.id[:3]: a.source for a in articles}
    assert sources["000"] == "Euromaidan Press" and sources["001"] == "UNN" and sources["002"] == "TURAN"
    # 003 and 004 are from unknown outlets: their source stays traceable to the file.
    assert sources["003"] == "003_e7f77c2147276cbd"
    dated = {a.id[:3]: a.published_at for a in articles}
    assert dated["003"] is None
    assert dated["004"] == datetime(2024, 11, 10, 9, 13, tzinfo=UTC)

    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, tmp_path / seed.name)
    bare = _articles(_read(tmp_path))
    assert [a.id for a in bare] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert all(a.source == a.id and a.published_at is None for a in bare)
    assert [a.body for a in bare] == [a.body for a in articles]


# --- bad input -----------------------------------------------------------------------------


def test_invalid_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"body": "talks", ')
    error = _only_error(_read(path))
    assert error.reason.startswith("invalid JSON") and "line 1" in error.reason


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("title-only.txt", "Just a headline\n", "empty body"),
        ("title-no-newline.txt", "Just a headline", "empty body"),
        ("blank-body.txt", "Headline\n   \n\t\n", "empty body"),
        ("zero.txt", "", "empty file"),
        ("spaces.json", "   \n ", "empty file"),
        ("empty-body.json", '{"body": ""}', "body"),
        ("empty-list.json", "[]", "empty list"),
    ],
)
def test_empty_input(tmp_path: Path, name: str, content: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    assert expected in _only_error(_read(path)).reason


def test_binary_data_with_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    error = _only_error(_read(path))
    assert "binary data" in error.reason and "NUL byte at offset 8" in error.reason


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Titre\nLes négociations reprendront.".encode("latin-1"))
    assert "not UTF-8" in _only_error(_read(path)).reason


def test_fifty_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: no disk blocks written
        handle.truncate(50 * 1024 * 1024)
    tracemalloc.start()
    try:
        result = _read(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    error = _only_error(result)
    assert error.reason == "file too large: 50.0 MB, over the 10 MB limit"
    assert peak < 5 * 1024 * 1024, f"reading a refused file allocated {peak} bytes"


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "small.txt"
    path.write_text("T\n" + "talks " * 400)
    [article] = list(read_articles([path], max_file_bytes=4096))
    assert isinstance(article, Article)
    [error] = list(read_articles([path], max_file_bytes=1024))
    assert isinstance(error, InputError) and "too large" in error.reason


def test_broken_symlink_is_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("T\n" + TALKS_BODY)
    (folder / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    result = _read(folder)
    [error] = _errors(result)
    assert error.path == folder / "gone.txt" and error.reason == "cannot read: broken symbolic link"
    assert [a.id for a in _articles(result)] == ["good"]
    assert _only_error(_read(folder / "gone.txt")).reason == "cannot read: broken symbolic link"


def test_folder_in_place_of_a_file_is_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "looks-like-a-file.txt"
    folder.mkdir()
    [error] = list(read_article_file(folder))
    assert isinstance(error, InputError) and error.reason == "cannot read: a folder"


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their mode"
)
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("T\n" + TALKS_BODY)
    path.chmod(0)
    try:
        assert _only_error(_read(path)).reason == "cannot read: permission denied"
    finally:
        path.chmod(0o644)


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "1-good.txt").write_text("T\n" + TALKS_BODY)
    (tmp_path / "2-bad.json").write_text("{nope")
    (tmp_path / "3-binary.txt").write_bytes(b"T\n\x00\x01\x02")
    (tmp_path / "4-good.jsonl").write_text(json.dumps({"body": TALKS_BODY}))
    result = _read(tmp_path)
    assert [a.id for a in _articles(result)] == ["1-good", "4-good:1"]
    assert [e.path.name for e in _errors(result)] == ["2-bad.json", "3-binary.txt"]


def test_permission_denied_reported_even_when_running_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root ignores file modes, so make opening fail the way it does for a normal user.
    path = tmp_path / "locked.txt"
    path.write_text("T\n" + TALKS_BODY)
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refuse)
    assert _only_error(_read(path)).reason == "cannot read: permission denied"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    content=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(lambda text: text.encode("utf-8")),
        st.lists(st.text(max_size=40), max_size=4).map(lambda lines: json.dumps(lines).encode()),
    ),
    suffix=st.sampled_from([".txt", ".json", ".jsonl", ".html"]),
)
def test_any_bytes_give_articles_or_errors_never_an_exception(
    tmp_path: Path, content: bytes, suffix: str
) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(content)
    for item in read_articles([path]):
        assert isinstance(item, Article | InputError)
        if isinstance(item, InputError):
            assert item.path == path and "\n" not in str(item)
