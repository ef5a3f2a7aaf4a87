"""`claimwatch analyze`: run the engine in-process over files (owned by the CLI work)."""

from __future__ import annotations
