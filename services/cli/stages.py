"""The pipeline's stages, composed: the one place that knows every service.

`services.common` never imports a service; the CLI hands these declarations to it
(services.common.worker.run_workers, the AsyncAPI export, the idle check).
"""

from __future__ import annotations

from collections.abc import Iterable

from services.common.stage import StageDeclaration
from services.detector import STAGE as DETECTOR
from services.extractor import STAGE as EXTRACTOR
from services.notifier import STAGE as NOTIFIER

# Pipeline order: an entry is published downstream before it is acked upstream.
STAGES: tuple[StageDeclaration, ...] = (EXTRACTOR, DETECTOR, NOTIFIER)
STAGE_NAMES = tuple(stage.name for stage in STAGES)


def stages_named(names: Iterable[str | StageDeclaration]) -> list[StageDeclaration]:
    """The declarations of the stages `names` (extractor, detector, notifier), in the order given."""
    by_name = {stage.name: stage for stage in STAGES}
    chosen: list[StageDeclaration] = []
    for name in names:
        if isinstance(name, StageDeclaration):
            chosen.append(name)
            continue
        if name not in by_name:
            raise ValueError(f"unknown stage {name!r}; the stages are {', '.join(STAGE_NAMES)}")
        chosen.append(by_name[name])
    return chosen
