"""In-process analysis: articles -> claims -> alerts and statements, with no broker.

``analyze`` runs extraction on each article, feeds every claim to a ``Detector`` over
in-memory state (statement buckets, the position ledger, stands) in article order, and
groups the claims into statements (one statement reported by several outlets, with its
corroboration count); the ledger is kept for `claimwatch positions`.  The streaming workers run the
same engine functions, so they produce the same claim and alert ids.

With the packaged extraction, articles are taken a window at a time and the sentences extraction is
expected to parse are parsed together first (``prefetch``): bigger batches for the networks, the same
docs and so the same claims.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from schemas import Alert, Article, Claim, Statement
from services.engine.detect.clustering import statements as group_statements
from services.engine.detect.detector import DetectionState, Detector, utc_now
from services.engine.detect.ledger import InMemoryLedger
from services.engine.detect.rules import DetectionRules, default_rules
from services.engine.resources import EngineResources, default_resources

Extractor = Callable[[Article, EngineResources | None], list[Claim]]

# Articles whose expected parses are batched together (``prefetch``); the parse cache holds them all.
_WINDOW = 16


@dataclass(frozen=True)
class Analysis:
    """What the engine found in a set of articles."""

    claims: list[Claim] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    ledger: InMemoryLedger = field(default_factory=InMemoryLedger)

    def corroborated(self, minimum: int = 2) -> list[Statement]:
        """Statements reported by at least `minimum` distinct outlets."""
        return [s for s in self.statements if s.corroboration >= minimum]


def _default_extractor() -> Extractor:
    # Imported on use: extraction loads its data files, detection alone does not need them.
    from services.engine.extract import extract_claims

    return extract_claims


def analyze(
    articles: Iterable[Article],
    resources: EngineResources | None = None,
    *,
    rules: DetectionRules | None = None,
    detected_at: datetime | None = None,
    extractor: Extractor | None = None,
) -> Analysis:
    """Extract claims from `articles`, detect alerts among them, and group them into statements.

    `resources` is passed to extraction (None: the packaged data).  `detected_at` stamps
    every alert (default: now, once for the run).  `extractor` replaces extraction, for tests
    and for callers that already hold claims.
    """
    rules = rules or default_rules()
    extract = extractor or _default_extractor()
    stamp = detected_at or utc_now()
    state = DetectionState()
    detector = Detector(state, rules=rules, clock=lambda: stamp)
    claims: list[Claim] = []
    seen: set[str] = set()
    alerts: list[Alert] = []
    for article in _prefetched(articles, resources) if extractor is None else articles:
        fresh: list[Claim] = []
        for claim in extract(article, resources):
            if claim.claim_id in seen:
                continue  # the same article given twice yields the same claim ids
            seen.add(claim.claim_id)
            fresh.append(claim)
        claims.extend(fresh)
        # An article's claims are judged together: a restatement later in it counts (detector.judge).
        alerts.extend(detector.observe_many(fresh))
    return Analysis(
        claims=claims, alerts=alerts, statements=group_statements(claims, rules), ledger=state.ledger
    )


def _prefetched(articles: Iterable[Article], resources: EngineResources | None) -> Iterator[Article]:
    """The articles in order, each window's expected parses done in one batch before it is extracted."""
    from services.engine.prefetch import prefetch

    engine = resources or default_resources()
    remaining = iter(articles)
    while window := list(islice(remaining, _WINDOW)):
        prefetch(window, engine)
        yield from window
