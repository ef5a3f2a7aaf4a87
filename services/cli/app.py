"""The `claimwatch` Typer application; command modules register themselves on it."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="claimwatch",
    help="Streaming claim monitoring for news about negotiations.",
    no_args_is_help=True,
    add_completion=False,
)
