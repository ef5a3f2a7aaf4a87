"""The engine's own errors: the root exception and invalid data files.

`services.common.errors` re-exports them, so workers and the CLI catch one hierarchy.
"""

from __future__ import annotations


class ClaimwatchError(Exception):
    """Root of every error claimwatch raises on purpose."""


class ConfigurationError(ClaimwatchError):
    """Settings or a data file (actors, lexicon, webhooks) is invalid; the message names the field."""
