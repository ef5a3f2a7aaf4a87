"""What is known about article files that the files do not say: ``metadata.json``.

A folder of article files may hold a ``metadata.json`` describing them by file name::

    {"files": {"000_41c997ad70da9884.txt": {"id": "...", "source": "Euromaidan Press",
               "published_at": "2025-01-06", "published_at_inferred": true, "url": null,
               "cites": ["Radio Svoboda"], "notes": "..."}}}

``id``, ``source``, ``url``, ``published_at`` and ``language`` become the article's fields
when the file itself does not give them; a null means unknown (the reader's default, the
file name's stem, stays).  The other keys record where the values come from, for people.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from services.common.errors import InputFileError

METADATA_FILE_NAME = "metadata.json"


class FileMetadata(BaseModel):
    """What is known of one article file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str | None = Field(default=None, min_length=1)
    source: str | None = Field(default=None, min_length=1, description="Outlet; null when unknown.")
    url: str | None = None
    published_at: datetime | None = Field(
        default=None, description="A date or datetime; one without a timezone is read as UTC."
    )
    published_at_inferred: bool = Field(
        default=False, description="True when the text does not print the date and it was inferred."
    )
    language: str | None = None
    cites: list[str] = Field(default_factory=list, description="Outlets the article cites as its source.")
    notes: str = ""

    def article_fields(self) -> dict[str, Any]:
        """The Article fields this entry knows (nulls left out)."""
        known = {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "published_at": self.published_at,
            "language": self.language,
        }
        return {name: value for name, value in known.items() if value is not None}


class MetadataFile(BaseModel):
    """The whole ``metadata.json`` of one folder."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    notes: str = ""
    files: dict[str, FileMetadata]


class MetadataError(InputFileError):
    """A ``metadata.json`` is unreadable or invalid: fix it, or remove it to use file-name defaults."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def load_metadata(path: Path) -> MetadataFile:
    """Parse one ``metadata.json``; raise `MetadataError` naming the problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise MetadataError(path, f"cannot read metadata: {error}") from None
    try:
        return MetadataFile.model_validate_json(text)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc']) or 'file'}: {problem['msg']}"
            for problem in error.errors(include_url=False)
        )
        raise MetadataError(path, f"invalid metadata: {problems}") from None


class MetadataCache:
    """Loads each folder's ``metadata.json`` once; reports a broken one once, then ignores it."""

    def __init__(self) -> None:
        self._folders: dict[Path, MetadataFile | None] = {}

    def for_file(self, path: Path) -> tuple[FileMetadata | None, MetadataError | None]:
        """The entry for `path` in its folder's metadata (or None), and a first-time load error."""
        folder = path.parent
        error: MetadataError | None = None
        if folder not in self._folders:
            metadata_path = folder / METADATA_FILE_NAME
            loaded: MetadataFile | None = None
            if metadata_path.is_file():
                try:
                    loaded = load_metadata(metadata_path)
                except MetadataError as problem:
                    error = problem
            self._folders[folder] = loaded
        metadata = self._folders[folder]
        entry = metadata.files.get(path.name) if metadata is not None else None
        return entry, error
