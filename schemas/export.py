"""Write the JSON Schema of every wire model to schemas/json/: `python -m schemas.export`.

Other programs read these files instead of importing the pydantic models; tests/test_schemas.py
fails when they drift from the models.  `--check` only compares and exits 1 on drift.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel

from schemas import WIRE_MODELS, AttributionRecord, IssuePosition, Statement

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = Path(__file__).resolve().parent / "json"
EXPORT_COMMAND = "python -m schemas.export"

# Every message model other programs read: the stream messages, plus the statements that
# `claimwatch analyze --jsonl` writes, the attributions `claimwatch attribute --jsonl` writes and
# the positions `claimwatch positions --jsonl` (and the detector's GET /positions) write.
EXPORTED_MODELS: dict[str, type[BaseModel]] = {
    **{name: cast(type[BaseModel], model) for name, model in WIRE_MODELS.items()},
    "statement": Statement,
    "attribution": AttributionRecord,
    "position": IssuePosition,
}


def schema_file_name(name: str) -> str:
    """File name of the schema of the wire model registered as `name` (e.g. claim.schema.json)."""
    return f"{name}.schema.json"


def schema_document(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) a message of `model` validates against."""
    return {"$schema": SCHEMA_DIALECT, **model.model_json_schema(mode="validation")}


def render(document: dict[str, Any]) -> str:
    """The exact text written to disk, so comparing files is comparing strings."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def expected_files() -> dict[str, str]:
    """File name -> content for every model in `EXPORTED_MODELS`."""
    return {schema_file_name(name): render(schema_document(model)) for name, model in EXPORTED_MODELS.items()}


def drift(directory: Path = SCHEMA_DIR) -> list[str]:
    """What differs between the files in `directory` and the models, one line per file."""
    problems = []
    expected = expected_files()
    for file_name, content in expected.items():
        path = directory / file_name
        if not path.is_file():
            problems.append(f"{path} is missing")
        elif path.read_text(encoding="utf-8") != content:
            problems.append(f"{path} differs from the model")
    for path in sorted(directory.glob("*.schema.json")):
        if path.name not in expected:
            problems.append(f"{path} has no model in schemas.export.EXPORTED_MODELS")
    return problems


def write(directory: Path = SCHEMA_DIR) -> list[Path]:
    """Write every schema file (and remove ones whose model is gone); return the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    expected = expected_files()
    for path in directory.glob("*.schema.json"):
        if path.name not in expected:
            path.unlink()
    written = []
    for file_name, content in expected.items():
        path = directory / file_name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Write (default) or `--check` the schema files; return the exit code."""
    parser = argparse.ArgumentParser(prog=EXPORT_COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when a file drifted")
    parser.add_argument("--dir", type=Path, default=SCHEMA_DIR, help="output folder (default: schemas/json)")
    args = parser.parse_args(argv)
    if args.check:
        problems = drift(args.dir)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"run `{EXPORT_COMMAND}` to regenerate", file=sys.stderr)
        return 1 if problems else 0
    for path in write(args.dir):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
