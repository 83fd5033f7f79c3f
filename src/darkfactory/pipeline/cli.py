"""`darkfactory pipeline ...`: check and draw Attractor pipelines (DOT files).

Commands live on the `pipeline` click group; other modules add theirs with
`pipeline.add_command(...)`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import click

from darkfactory.pipeline.parser import ParseError
from darkfactory.pipeline.serializer import to_dot
from darkfactory.pipeline.transforms import PreparedPipeline, prepare_pipeline
from darkfactory.pipeline.validation import Severity

dot_file = click.argument("dot_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))


@click.group()
def pipeline() -> None:
    """Attractor pipelines: DOT graphs of LLM, tool and human stages."""


def load(path: Path) -> PreparedPipeline:
    """Parse, transform and validate `path`; a parse error ends the command with exit code 1."""
    try:
        return prepare_pipeline(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        click.echo(f"{path}: error [parse] not UTF-8 text (byte {exc.start})", err=True)
        sys.exit(1)
    except ParseError as exc:
        click.echo(f"{path}:{exc.line}:{exc.column}: error [parse] {exc.message}", err=True)
        sys.exit(1)


@pipeline.command()
@dot_file
@click.option("--json", "as_json", is_flag=True, help="Print diagnostics as JSON lines.")
def validate(dot_file: Path, as_json: bool) -> None:
    """Lint DOT_FILE; exit 1 if any diagnostic is an error."""
    prepared = load(dot_file)
    for d in prepared.diagnostics:
        if as_json:
            fields = {**d.__dict__, "severity": d.severity.value}
            click.echo(json.dumps({"file": str(dot_file), **fields}))
        else:
            click.echo(f"{dot_file}{':' if d.line else ': '}{d}")
    errors = sum(d.severity is Severity.ERROR for d in prepared.diagnostics)
    warnings = sum(d.severity is Severity.WARNING for d in prepared.diagnostics)
    if not as_json:
        click.echo(f"{dot_file}: {errors} error(s), {warnings} warning(s)", err=True)
    if errors:
        sys.exit(1)


@pipeline.command()
@dot_file
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--format", "fmt", help="Graphviz output format; default from the file suffix.")
def render(dot_file: Path, output: Path, fmt: str | None) -> None:
    """Draw DOT_FILE with Graphviz `dot` to OUTPUT (svg, png, pdf ...)."""
    graph = load(dot_file).graph
    dot = shutil.which("dot")
    if dot is None:
        raise click.ClickException(
            "Graphviz 'dot' was not found on PATH; install it with `apt-get install graphviz`"
        )
    fmt = fmt or output.suffix.lstrip(".") or "svg"
    done = subprocess.run(
        [dot, f"-T{fmt}", "-o", str(output)],
        input=to_dot(graph, for_graphviz=True),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise click.ClickException(f"dot failed: {done.stderr.strip()}")
    click.echo(f"wrote {output}")


from darkfactory.pipeline.commands import run, serve  # noqa: E402 - the engine's commands

pipeline.add_command(run)
pipeline.add_command(serve)
