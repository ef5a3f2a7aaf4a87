"""One root exception; transient errors are retried, poison input is dead-lettered."""

from __future__ import annotations

# The root and the data-file error live in the engine (which must not import common); re-exported here.
from services.engine.errors import ClaimwatchError, ConfigurationError

__all__ = [
    "ClaimwatchError",
    "ConfigurationError",
    "InputFileError",
    "PoisonMessageError",
    "TransientError",
]


class TransientError(ClaimwatchError):
    """A dependency failed (Redis, an endpoint): leave the message pending, it will be retried."""


class PoisonMessageError(ClaimwatchError):
    """The message itself is unusable: dead-letter it with `reason` and ack it.

    `code` is a short machine-readable cause (invalid_json, invalid_article, body_too_large,
    binary_payload, ...); `reason` says in words what is wrong and what to fix.
    """

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason


class InputFileError(ClaimwatchError):
    """A file given to `analyze` or `publish` cannot be read as articles; the message names it."""
