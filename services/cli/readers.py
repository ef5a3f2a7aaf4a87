"""Read article files (.txt, .json, .jsonl, .html) for `claimwatch analyze`.

`read_articles` yields an `Article` for every article it could read and an `InputError` for
everything it could not, in path order, so one bad file never stops the others.  Errors are
values, not exceptions, because the caller wants to report them and carry on.

Formats:
- ``.txt``: the first line is the title, the rest the body.
- ``.json``: one Article object, or a list of them.
- ``.jsonl``: one Article object per line; a bad line is an error naming ``file:line``.
- ``.html`` / ``.htm``: the main text extracted with trafilatura, title from its metadata.

Fields a file does not give are filled in: ``id`` and ``source`` default to the file name's
stem (``stem:N`` for the N-th article of a .json list or line N of a .jsonl), ``received_at``
to now.  A ``metadata.json`` in the same folder (see `services.cli.metadata`) supplies id,
source, url, published_at and language for the files it names; what an article file states
itself wins over it.  A ``published_at`` without a timezone is read as UTC so that dates from
different files compare.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import sys
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from schemas import Article
from services.cli.metadata import METADATA_FILE_NAME, FileMetadata, MetadataCache

ARTICLE_SUFFIXES = frozenset({".txt", ".json", ".jsonl", ".html", ".htm"})
DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class InputError:
    """A file (or one line of it) that could not be read as an article, and why."""

    path: Path
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        # One line per error, whatever the underlying message looked like.
        return f"{where}: {' '.join(self.reason.split())}"


class _BadFile(Exception):
    """Internal: the whole file is unusable; carries the reason for its InputError."""


def read_articles(
    paths: Sequence[Path], max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> Iterator[Article | InputError]:
    """Yield the articles in `paths` (files or folders, folders walked recursively and sorted).

    In a folder, files ending in .txt, .json, .jsonl, .html or .htm are read, except hidden ones
    and ``metadata.json``; other files are ignored.  A file named explicitly with another suffix
    is an error.  Each unreadable file, or bad line of a .jsonl, yields one `InputError`.
    """
    for _, item in read_sources(paths, max_file_bytes):
        yield item


def read_reporting_errors(
    paths: Sequence[Path],
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    errors_out: IO[str] | None = None,
) -> tuple[list[Article], int]:
    """Return the articles in `paths` and how many inputs failed, printing one line per failure.

    What `publish` and `run` use: the same readers and limit as `analyze`.
    """
    out = errors_out if errors_out is not None else sys.stderr
    articles: list[Article] = []
    errors = 0
    for item in read_articles(paths, max_file_bytes):
        if isinstance(item, InputError):
            errors += 1
            print(f"claimwatch: {item}", file=out)
        else:
            articles.append(item)
    return articles, errors


def read_sources(
    paths: Sequence[Path],
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    skip: Collection[Path] = (),
) -> Iterator[tuple[Path, Article | InputError]]:
    """Like `read_articles`, with the file each article came from (to name it in messages).

    Files in `skip` (compared after resolving) are left out: `analyze` passes its own output
    file, which may sit in a folder it reads.
    """
    metadata = MetadataCache()
    skipped = {path.resolve() for path in skip}
    for path in paths:
        files = _walk(path) if path.is_dir() else iter([path])
        for file_path in files:
            if skipped and file_path.resolve() in skipped:
                continue
            reader = _read_with_metadata if path.is_dir() else _read_named
            for item in reader(file_path, metadata, max_file_bytes):
                yield file_path, item


def read_article_file(
    path: Path,
    metadata: FileMetadata | None = None,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> Iterator[Article | InputError]:
    """Yield the article(s) of one file, or the errors that stop them; `metadata` fills gaps."""
    try:
        raw = _read_bytes(path, max_file_bytes)
        suffix = path.suffix.lower()
        if suffix in {".html", ".htm"}:
            yield _html_article(path, raw, metadata)
            return
        text = _decode(raw)
        if suffix == ".txt":
            yield _txt_article(path, text, metadata)
        elif suffix == ".json":
            yield from _json_articles(path, text, metadata)
        elif suffix == ".jsonl":
            yield from _jsonl_articles(path, text, metadata)
        else:
            raise _BadFile(_unsupported(suffix))
    except _BadFile as bad:
        yield InputError(path, str(bad))


def _walk(folder: Path) -> Iterator[Path]:
    """Article files under `folder`, sorted by path, hidden files and folders skipped."""
    found: list[Path] = []
    for root, dirnames, filenames in os.walk(folder):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        for name in filenames:
            if name.startswith(".") or name == METADATA_FILE_NAME:
                continue
            if Path(name).suffix.lower() in ARTICLE_SUFFIXES:
                found.append(Path(root) / name)
    return iter(sorted(found))


def _read_named(path: Path, metadata: MetadataCache, max_file_bytes: int) -> Iterator[Article | InputError]:
    if not path.exists() and not path.is_symlink():
        yield InputError(path, "no such file or folder")
    elif path.name == METADATA_FILE_NAME:
        yield InputError(path, "is a metadata file (it describes the article files beside it), not articles")
    elif path.suffix.lower() not in ARTICLE_SUFFIXES:
        yield InputError(path, _unsupported(path.suffix.lower()))
    else:
        yield from _read_with_metadata(path, metadata, max_file_bytes)


def _read_with_metadata(
    path: Path, metadata: MetadataCache, max_file_bytes: int
) -> Iterator[Article | InputError]:
    entry, metadata_error = metadata.for_file(path)
    if metadata_error is not None:
        yield InputError(metadata_error.path, metadata_error.reason)
    yield from read_article_file(path, entry, max_file_bytes)


def _unsupported(suffix: str) -> str:
    accepted = ", ".join(sorted(ARTICLE_SUFFIXES))
    return f"unsupported file type {suffix or '(no suffix)'!r}: expected one of {accepted}"


def _read_bytes(path: Path, max_file_bytes: int) -> bytes:
    """Read a regular file of at most `max_file_bytes`, never more than that into memory."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise _BadFile(f"cannot read: {kind}")
        if info.st_size > max_file_bytes:
            raise _BadFile(_too_large(info.st_size, max_file_bytes))
        with path.open("rb") as handle:
            # Read one byte past the limit: a file that grew since stat() is still caught.
            raw = handle.read(max_file_bytes + 1)
    except FileNotFoundError:
        reason = "broken symbolic link" if path.is_symlink() else "no such file"
        raise _BadFile(f"cannot read: {reason}") from None
    except PermissionError:
        raise _BadFile("cannot read: permission denied") from None
    except IsADirectoryError:
        raise _BadFile("cannot read: a folder") from None
    except OSError as error:
        raise _BadFile(f"cannot read: {error.strerror or error}") from None
    if len(raw) > max_file_bytes:
        raise _BadFile(_too_large(len(raw), max_file_bytes))
    if not raw.strip():
        raise _BadFile("empty file")
    nul_offset = raw.find(b"\x00")
    if nul_offset >= 0:
        raise _BadFile(f"binary data, not text (NUL byte at offset {nul_offset})")
    return raw


def _too_large(size: int, limit: int) -> str:
    return f"file too large: {size / 1_048_576:.1f} MB, over the {limit / 1_048_576:g} MB limit"


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _BadFile(f"binary data or not UTF-8 text (undecodable byte at offset {error.start})") from None


def _txt_article(path: Path, text: str, metadata: FileMetadata | None) -> Article | InputError:
    title, _, body = text.partition("\n")
    if not body.strip():
        return InputError(path, "empty body: a .txt file is the title on its first line, then the body")
    fields = {"title": title.strip(), "body": body}
    return _build_article(path, fields, _defaults(path, metadata, with_id=True))


def _html_article(path: Path, raw: bytes, metadata: FileMetadata | None) -> Article | InputError:
    import trafilatura  # Imported here: it is slow to import and only .html files need it.

    # trafilatura logs a warning for every page it finds no text in; the InputError says so.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    document = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False)
    text = getattr(document, "text", None) or ""
    if not text.strip():
        return InputError(path, "empty body: no main text found in the HTML")
    title = (getattr(document, "title", None) or "").strip()
    first_line, _, rest = text.partition("\n")
    if title and first_line.strip() == title and rest.strip():
        text = rest  # trafilatura repeats the headline as the first line of the text.
    fields: dict[str, Any] = {"title": title, "body": text}
    defaults = _defaults(path, metadata, with_id=True)
    sitename = getattr(document, "sitename", None) or getattr(document, "hostname", None)
    if sitename and not (metadata and metadata.source):
        defaults["source"] = sitename
    page_date = getattr(document, "date", None)
    if page_date and not (metadata and metadata.published_at):
        defaults["published_at"] = page_date
    return _build_article(path, fields, defaults)


def _json_articles(path: Path, text: str, metadata: FileMetadata | None) -> Iterator[Article | InputError]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise _BadFile(f"invalid JSON: {error.msg} (line {error.lineno}, column {error.colno})") from None
    if isinstance(document, dict):
        yield _object_article(path, document, _defaults(path, metadata, with_id=True))
    elif isinstance(document, list):
        if not document:
            raise _BadFile("empty list: no articles")
        for index, item in enumerate(document, start=1):
            defaults = _defaults(path, metadata, with_id=False) | {"id": f"{path.stem}:{index}"}
            article = _object_article(path, item, defaults)
            if isinstance(article, InputError):
                article = InputError(path, f"article {index}: {article.reason}")
            yield article
    else:
        raise _BadFile(f"expected an Article object or a list of them, got {_json_type(document)}")


def _jsonl_articles(path: Path, text: str, metadata: FileMetadata | None) -> Iterator[Article | InputError]:
    # Split on "\n" only: str.splitlines() would also break inside strings holding U+2028.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            document = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputError(path, f"invalid JSON: {error.msg} (column {error.colno})", line=number)
            continue
        defaults = _defaults(path, metadata, with_id=False) | {"id": f"{path.stem}:{number}"}
        article = _object_article(path, document, defaults)
        if isinstance(article, InputError):
            article = InputError(path, article.reason, line=number)
        yield article


def _object_article(path: Path, document: object, defaults: dict[str, Any]) -> Article | InputError:
    if not isinstance(document, dict):
        return InputError(path, f"expected an Article object, got {_json_type(document)}")
    return _build_article(path, document, defaults)


def _defaults(path: Path, metadata: FileMetadata | None, *, with_id: bool) -> dict[str, Any]:
    """Values for fields the file leaves out: the stem, then what metadata.json knows.

    A file holding several articles never takes its id from metadata: ids must stay unique.
    """
    defaults: dict[str, Any] = {"id": path.stem, "source": path.stem}
    if metadata is not None:
        known = metadata.article_fields()
        if not with_id:
            known.pop("id", None)
        defaults |= known
    return defaults


def _build_article(path: Path, fields: dict[str, Any], defaults: dict[str, Any]) -> Article | InputError:
    merged = defaults | {key: value for key, value in fields.items() if value is not None}
    published_at = merged.get("published_at")
    if published_at is not None:
        merged["published_at"] = _as_utc(published_at)
    try:
        return Article.model_validate(merged)
    except ValidationError as error:
        return InputError(path, f"invalid article: {_describe(error)}")


def _as_utc(value: object) -> object:
    """Read a naive date or datetime as UTC; leave anything else for the model to judge."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return value


def _describe(error: ValidationError) -> str:
    parts = []
    for problem in error.errors(include_url=False):
        where = ".".join(str(part) for part in problem["loc"]) or "article"
        parts.append(f"{where}: {problem['msg']}")
    return "; ".join(parts)


def _json_type(value: object) -> str:
    names = {list: "a list", dict: "an object", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")
