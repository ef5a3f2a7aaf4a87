"""Command-line options shared by the commands that read article files (analyze, publish, run, ...)."""

from __future__ import annotations

from typing import Annotated

import typer

from services.cli.readers import DEFAULT_MAX_FILE_BYTES

BYTES_PER_MB = 1_048_576

MaxFileMbOption = Annotated[
    float,
    typer.Option(
        "--max-file-mb",
        min=0.001,
        metavar="MB",
        help="Article files larger than this are refused (default 10).",
    ),
]
DEFAULT_MAX_FILE_MB = DEFAULT_MAX_FILE_BYTES / BYTES_PER_MB


def max_file_bytes(max_file_mb: float) -> int:
    """The byte limit a `--max-file-mb` value stands for."""
    return int(max_file_mb * BYTES_PER_MB)
