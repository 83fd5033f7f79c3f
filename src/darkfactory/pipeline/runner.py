"""Run a DOT pipeline end to end: parse, transform, validate, then execute (§3.1)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from darkfactory.pipeline.engine import Engine, RunResult
from darkfactory.pipeline.graph import Graph
from darkfactory.pipeline.transforms import TransformLike, prepare_pipeline
from darkfactory.pipeline.validation import Diagnostic, Severity, ValidationError


def prepare(
    dot_source: str, transforms: Iterable[TransformLike] = ()
) -> tuple[Graph, list[Diagnostic]]:
    """The transformed graph and its diagnostics; ValidationError if any is an error."""
    prepared = prepare_pipeline(dot_source, transforms)
    errors = [d for d in prepared.diagnostics if d.severity is Severity.ERROR]
    if errors:
        raise ValidationError(errors)
    return prepared.graph, prepared.diagnostics


def run_pipeline(
    dot_source: str,
    logs_root: str | Path,
    engine: Engine | None = None,
    resume: bool = False,
    transforms: Iterable[TransformLike] = (),
) -> RunResult:
    graph, _ = prepare(dot_source, transforms)
    return (engine or Engine()).run(graph, logs_root, resume=resume)
