"""Entry point of the `claimwatch` console script."""

from __future__ import annotations

from services.cli import analyze as _analyze  # noqa: F401  (registers `analyze`)
from services.cli import attribute as _attribute  # noqa: F401  (registers `attribute`)
from services.cli import pipeline as _pipeline  # noqa: F401  (registers run, worker, publish, tail)
from services.cli import positions as _positions  # noqa: F401  (registers `positions`)
from services.cli.app import app


def main() -> None:
    """Run the CLI."""
    app()


if __name__ == "__main__":
    main()
