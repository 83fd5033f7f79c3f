"""`darkfactory pipeline run` and `darkfactory pipeline serve`: execute pipelines from the shell."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
import uvicorn
from rich.console import Console
from rich.markup import escape

from darkfactory.pipeline import events as ev
from darkfactory.pipeline.backends import backend_from_spec
from darkfactory.pipeline.engine import Engine
from darkfactory.pipeline.interviewers import AutoApproveInterviewer, ConsoleInterviewer
from darkfactory.pipeline.parser import ParseError
from darkfactory.pipeline.runner import prepare
from darkfactory.pipeline.validation import Severity, ValidationError

backend_option = click.option(
    "--backend",
    default="simulate",
    show_default=True,
    help="simulate | llm | agent[:PROVIDER] | command:CMD",
)
model_option = click.option("--model", default="", help="Default llm_model for the llm backend.")
STYLE = {"success": "green", "partial_success": "yellow", "skipped": "dim"}


class Progress:
    """Prints the run as it goes: one Rich line per stage event."""

    def __init__(self, console: Console):
        self.console = console
        self.started = time.monotonic()

    def __call__(self, event: ev.Event) -> None:
        line = self.describe(event)
        if line:
            elapsed = time.monotonic() - self.started
            self.console.print(f"[dim]{elapsed:7.2f}s[/dim] {line}", highlight=False)

    @staticmethod
    def describe(event: ev.Event) -> str:
        data = event.to_dict()
        match event.kind:
            case "StageStarted":
                return f"[cyan]▶[/cyan] {data['name']}"
            case "StageCompleted":
                style = STYLE.get(data["status"], "red")
                took = f"({data['duration']:.2f}s)"
                return f"[{style}]✔ {data['name']}[/{style}] {data['status']} {took}"
            case "StageFailed":
                retry = " [yellow](will retry)[/yellow]" if data["will_retry"] else ""
                return f"[red]✘ {data['name']}[/red] {data['error']}{retry}"
            case "StageRetrying":
                wait = f"in {data['delay']:.2f}s"
                return f"[yellow]↻ {data['name']}[/yellow] attempt {data['attempt']} {wait}"
            case "ParallelStarted":
                return f"[magenta]⇉ {data['branch_count']} parallel branches[/magenta]"
            case "ParallelCompleted":
                return (
                    f"[magenta]⇇ branches done: {data['success_count']} ok, "
                    f"{data['failure_count']} failed[/magenta]"
                )
            case "InterviewStarted":
                return f"[blue]? {data['stage']}: {data['question']}[/blue]"
        return ""


EXIT_STOPPED = 3  # the run ended short of the exit: no outgoing edge matched an outcome


@click.command()
@click.argument("dot_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--logs-root", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--resume", is_flag=True, help="Continue from the checkpoint in --logs-root (if there is one)."
)
@click.option("--interviewer", type=click.Choice(["auto", "console"]), default="auto")
@backend_option
@model_option
@click.option("--events-jsonl", type=click.Path(dir_okay=False, path_type=Path))
def run(
    dot_file: Path,
    logs_root: Path,
    resume: bool,
    interviewer: str,
    backend: str,
    model: str,
    events_jsonl: Path | None,
) -> None:
    """Execute DOT_FILE, logging stages, checkpoints and artifacts under --logs-root."""
    console = Console(stderr=True)
    try:
        graph, diagnostics = prepare(dot_file.read_text(encoding="utf-8"))
        codergen = backend_from_spec(backend, model)
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{dot_file}: not UTF-8 text (byte {error.start})") from None
    except ParseError as error:
        raise click.ClickException(
            f"{dot_file}:{error.line}:{error.column}: {error.message}"
        ) from None
    except ValidationError as error:
        raise click.ClickException(str(error)) from None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--backend") from None
    for d in diagnostics:
        if d.severity is Severity.WARNING:
            console.print(f"[yellow]warning[/yellow] {escape(f'[{d.rule}] {d.message}')}")
    bus = ev.EventBus()
    bus.subscribe(Progress(console))
    sink = ev.JsonLinesSink(events_jsonl) if events_jsonl else None
    if sink is not None:
        bus.subscribe(sink)
    human = ConsoleInterviewer() if interviewer == "console" else AutoApproveInterviewer()
    try:
        result = Engine(backend=codergen, interviewer=human, events=bus).run(
            graph, logs_root, resume=resume
        )
    finally:
        if sink is not None:
            sink.close()
    if result.succeeded:
        console.print(f"[green]pipeline succeeded[/green]: {' -> '.join(result.completed_nodes)}")
        return
    verdict = "stopped" if result.stopped else "failed"
    console.print(
        f"[red]pipeline {verdict}[/red]: {escape(result.failure_reason)}", highlight=False
    )
    sys.exit(EXIT_STOPPED if result.stopped else 1)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=9020, show_default=True, type=int)
@click.option("--logs-root", default="pipeline-runs", show_default=True, type=click.Path())
@backend_option
@model_option
def serve(host: str, port: int, logs_root: str, backend: str, model: str) -> None:
    """Serve the pipeline engine over HTTP (POST /run, GET /status, POST /answer, SSE events)."""
    from darkfactory.pipeline.server import PipelineServer, build_app

    try:
        codergen = backend_from_spec(backend, model)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--backend") from None
    click.echo(f"pipeline server at http://{host}:{port}/pipelines")
    uvicorn.run(
        build_app(PipelineServer(logs_root, codergen)), host=host, port=port, log_level="warning"
    )
