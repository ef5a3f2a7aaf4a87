"""The wire contract of claimwatch: every message on every stream is one of these."""

from schemas._base import SCHEMA_VERSION, WireModel
from schemas.alert import Alert, AlertKind, Evidence, Severity
from schemas.article import Article
from schemas.attribution import AttributionRecord, SpeechKind
from schemas.claim import Attribution, Claim, Condition, Speaker, Stance, Topic
from schemas.dead_letter import DeadLetter
from schemas.position import IssuePosition, PositionSpell
from schemas.statement import Statement

__all__ = [
    "SCHEMA_VERSION",
    "Alert",
    "AlertKind",
    "Article",
    "Attribution",
    "AttributionRecord",
    "Claim",
    "Condition",
    "DeadLetter",
    "Evidence",
    "IssuePosition",
    "PositionSpell",
    "Severity",
    "Speaker",
    "SpeechKind",
    "Stance",
    "Statement",
    "Topic",
    "WireModel",
]

WIRE_MODELS = {"article": Article, "claim": Claim, "alert": Alert, "dead_letter": DeadLetter}
