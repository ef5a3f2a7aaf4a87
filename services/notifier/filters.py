"""Which alerts a subscription receives, and the body it receives them as."""

from __future__ import annotations

import json

from schemas import Alert
from services.notifier.subscriptions import Filters, Subscription

_SEVERITY_MARK = {"low": ":large_blue_circle:", "medium": ":large_orange_circle:", "high": ":red_circle:"}
_SLACK_EVIDENCE_LIMIT = 3
_SLACK_TEXT_LIMIT = 280


def matches(alert: Alert, filters: Filters) -> bool:
    """True when the alert passes every filter the subscription set (an empty list sets none).

    Within one list any value matches (kinds: [contradiction, position_change]); across lists
    all must hold (a kind AND an actor AND a minimum severity).
    """
    if alert.severity.rank < filters.min_severity.rank:
        return False
    if filters.kinds and alert.kind not in filters.kinds:
        return False
    if filters.topics and alert.topic not in filters.topics:
        return False
    if filters.actors and not set(filters.actors) & set(alert.actors):
        return False
    if filters.parties:
        wanted = {party.casefold() for party in filters.parties}
        if not wanted & {party.casefold() for party in alert.parties}:
            return False
    return True


def slack_escape(text: str) -> str:
    """Escape Slack's control characters: article text must not become <!channel> pings or links."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def slack_message(alert: Alert) -> dict[str, object]:
    """A Slack incoming-webhook message: `text` for notifications, `blocks` for the layout."""
    kind = alert.kind.value.replace("_", " ")
    headline = (
        f"{_SEVERITY_MARK[alert.severity.value]} *{kind}* ({alert.severity.value}, {alert.topic.value})"
    )
    lines = [
        f"• _{slack_escape(item.source)}_: {slack_escape(_clip(item.quote or item.text, _SLACK_TEXT_LIMIT))}"
        for item in alert.evidence[:_SLACK_EVIDENCE_LIMIT]
    ]
    actors = slack_escape(", ".join(alert.actors) or "unknown")
    summary = slack_escape(alert.summary)
    return {
        "text": f"claimwatch {kind}: {summary}",
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": f"{headline}\n{summary}"}},
            *([{"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}}] if lines else []),
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": f"actors: {actors} · alert `{alert.alert_id}`"}],
            },
        ],
    }


def render_body(alert: Alert, subscription: Subscription) -> str:
    """The exact request body for this subscription's format (what gets signed)."""
    if subscription.format == "slack":
        return json.dumps(slack_message(alert), ensure_ascii=False, separators=(",", ":"))
    return alert.model_dump_json()
