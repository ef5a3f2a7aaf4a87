"""Redis replies as text: the one decoding helper every module uses."""

from __future__ import annotations

from typing import TypeVar, overload

Other = TypeVar("Other")


@overload
def as_text(value: bytes | str) -> str: ...


@overload
def as_text(value: Other) -> Other: ...


def as_text(value: object) -> object:
    """Bytes decoded as UTF-8; anything else (text, numbers, None) as it is."""
    return value.decode("utf-8") if isinstance(value, bytes) else value
