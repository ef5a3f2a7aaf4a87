"""`claimwatch run|worker|publish|tail`: the streaming pipeline (owned by the streaming work)."""

from __future__ import annotations
