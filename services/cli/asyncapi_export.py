"""Write (or check) schemas/asyncapi.json: the AsyncAPI document FastStream generates for the stages.

    python -m services.cli.asyncapi_export            # rewrite schemas/asyncapi.json
    python -m services.cli.asyncapi_export --check    # exit 1 when the file differs from the code

The document is built from the stages' declarations (services.cli.stages) with fixed settings
(the docker-compose Redis URL, default stream names, one partition, a fixed consumer name), so
it depends on the code only, never on the environment it is generated in.  The workers serve
the same document, for their own stages, at /docs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from services.cli.stages import STAGES
from services.common.asyncapi import specification_json, stages_specification
from services.common.settings import Settings

DOCUMENT_PATH = Path(__file__).resolve().parents[2] / "schemas" / "asyncapi.json"
DOCUMENT_REDIS_URL = "redis://redis:6379"
DOCUMENT_CONSUMER = "claimwatch"


def document_settings() -> Settings:
    """Return the defaults, untouched by CLAIMWATCH_* variables, with the documented URL and consumer."""
    # model_construct skips reading the environment: the document must not vary with it.
    return Settings.model_construct(redis_url=DOCUMENT_REDIS_URL, consumer_name=DOCUMENT_CONSUMER)


def render_document() -> str:
    """Return the AsyncAPI JSON text for the stages, as it should be on disk."""
    return specification_json(stages_specification(document_settings(), STAGES).to_specification())


def main(argv: list[str] | None = None) -> int:
    """Write the document, or with --check compare it with the file and report drift."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=DOCUMENT_PATH, help="where the document lives")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if the file is stale")
    options = parser.parse_args(argv)
    document = render_document()
    if options.check:
        current = options.output.read_text(encoding="utf-8") if options.output.exists() else ""
        if current != document:
            print(
                f"{options.output} is out of date with the stages' declarations; "
                "regenerate it with: python -m services.cli.asyncapi_export",
                file=sys.stderr,
            )
            return 1
        print(f"{options.output} is up to date")
        return 0
    options.output.write_text(document, encoding="utf-8")
    print(f"wrote {options.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
