"""The AsyncAPI document FastStream generates for the workers' apps, and its HTML page."""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from faststream.specification import AsyncAPI, Specification, get_asyncapi_html

TITLE = "claimwatch"
DESCRIPTION = (
    "Streaming claim monitoring: articles -> extractor -> claims -> detector -> alerts -> notifier "
    "(webhooks). "
    "Messages that cannot be processed go to the dead-letter stream with a reason."
)


def package_version() -> str:
    """Return the installed claimwatch version (the source tree's when not installed)."""
    try:
        return version("claimwatch")
    except PackageNotFoundError:  # running from a checkout without `pip install`
        return "0.1.0"


def brokers_of(apps: Iterable[Any]) -> list[Any]:
    """Return the brokers of FastStream apps (a broker given directly is taken as is), without repeats."""
    brokers: list[Any] = []
    for app in apps:
        candidates = getattr(app, "brokers", None)
        if candidates is None:
            candidates = [app]
        for broker in candidates:
            if broker not in brokers:
                brokers.append(broker)
    return brokers


def build_specification(apps: Iterable[Any]) -> Specification:
    """Return one AsyncAPI 3.0 specification covering every broker of `apps`.

    FastStream drops user and password from the server URL, so the document carries no secret.
    """
    return AsyncAPI(
        *brokers_of(apps), title=TITLE, version=package_version(), description=DESCRIPTION
    ).to_specification()


def asyncapi_json(apps: Iterable[Any]) -> str:
    """Return the AsyncAPI document as stable, pretty JSON (sorted keys, trailing newline)."""
    document = build_specification(apps).to_jsonable()
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def asyncapi_html(specification: Specification) -> str:
    """Return the AsyncAPI viewer page (the browser loads the viewer script from unpkg)."""
    # No "try it" plugin: that would need an endpoint that publishes into the live streams.
    return get_asyncapi_html(specification, try_it_out_path=None)
