"""Standard Webhooks signatures: `webhook-id`, `webhook-timestamp`, `webhook-signature`.

Signing uses the `standardwebhooks` package (HMAC-SHA256 over ``id.timestamp.body``).  With
several secrets (a rotation) each signs and the signatures are sent space-separated, so a
receiver holding either the old or the new secret verifies the message.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import SecretStr
from standardwebhooks.webhooks import Webhook


class Signer:
    """Signs message bodies with one or more secrets; its repr never shows them."""

    __slots__ = ("_webhooks",)

    def __init__(self, secrets: list[SecretStr]) -> None:
        if not secrets:
            raise ValueError("a signer needs at least one secret")
        self._webhooks = [Webhook(secret.get_secret_value()) for secret in secrets]

    def headers(self, message_id: str, body: str, now: datetime | None = None) -> dict[str, str]:
        """The three Standard Webhooks headers for `body`, signed at `now` (default: the current time)."""
        timestamp = (now or datetime.now(UTC)).astimezone(UTC)
        signatures = [webhook.sign(message_id, timestamp, body) for webhook in self._webhooks]
        return {
            "webhook-id": message_id,
            "webhook-timestamp": str(int(timestamp.timestamp())),
            "webhook-signature": " ".join(signatures),
        }

    def __repr__(self) -> str:
        return f"Signer(<{len(self._webhooks)} secret(s)>)"
