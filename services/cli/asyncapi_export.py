"""Write (or check) schemas/asyncapi.json: the AsyncAPI document FastStream generates for the workers.

    python -m services.common.asyncapi_export            # rewrite schemas/asyncapi.json
    python -m services.common.asyncapi_export --check    # exit 1 when the file differs from the code

The document is built from the workers' `create_app()` factories with fixed settings (the
docker-compose Redis URL, default stream names, one partition, a fixed consumer name), so it
depends on the code only, never on the environment it is generated in.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from services.common.asyncapi import asyncapi_json
from services.common.settings import Settings

DOCUMENT_PATH = Path(__file__).resolve().parents[2] / "schemas" / "asyncapi.json"
DOCUMENT_REDIS_URL = "redis://redis:6379"
DOCUMENT_CONSUMER = "claimwatch"


def document_settings() -> Settings:
    """Return the defaults, untouched by CLAIMWATCH_* variables, with the documented URL and consumer."""
    # model_construct skips reading the environment: the document must not vary with it.
    return Settings.model_construct(redis_url=DOCUMENT_REDIS_URL, consumer_name=DOCUMENT_CONSUMER)


def worker_apps(settings: Settings) -> list[Any]:
    """Return the FastStream apps of the extractor, detector and notifier workers, and what they consume.

    The apps' brokers declare what each worker publishes; the streams they consume are declared
    on a broker that is never started (services.common.stream_docs).
    """
    from services.common.stream_docs import consumed_docs_broker
    from services.common.worker import STAGES
    from services.detector.main import create_app as detector_app
    from services.extractor.main import create_app as extractor_app
    from services.notifier.main import create_app as notifier_app

    apps = [extractor_app(settings), detector_app(settings), notifier_app(settings)]
    return [*apps, consumed_docs_broker(settings, settings.redis_url or DOCUMENT_REDIS_URL, STAGES)]


def render_document() -> str:
    """Return the AsyncAPI JSON text for the workers, as it should be on disk."""
    return asyncapi_json(worker_apps(document_settings()))


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
                f"{options.output} is out of date with the workers' code; "
                "regenerate it with: python -m services.common.asyncapi_export",
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
