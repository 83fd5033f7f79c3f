"""`darkfactory factory ...`: init a project, run its loop, serve its runs."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.live import Live

from darkfactory.factory import scaffold
from darkfactory.factory.project import ProjectError
from darkfactory.factory.run import run as run_factory
from darkfactory.factory.status import SUCCESS
from darkfactory.factory.view import render
from darkfactory.pipeline.validation import ValidationError


@click.group()
def factory() -> None:
    """Factory projects: a spec, holdout scenarios and the loop that builds until satisfied."""


@factory.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Scaffold a factory project in DIRECTORY (new or empty)."""
    try:
        project = scaffold.init(directory)
    except ProjectError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"initialised a factory project in {project.root}")
    click.echo(
        "write spec/, add holdout/scenarios/, then: darkfactory factory run " + str(directory)
    )


@factory.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--resume", is_flag=True, help="Continue the newest run that did not succeed.")
@click.option("--budget-usd", type=click.FloatRange(min=0, min_open=True), help="Spend limit.")
@click.option("--budget-tokens", type=click.IntRange(min=1), help="Token limit (in + out).")
def run(directory: Path, resume: bool, budget_usd: float | None, budget_tokens: int | None):
    """Run the project's loop until satisfied, out of budget, or failed for good."""
    console = Console()
    with Live(console=console, auto_refresh=False, transient=False) as live:
        try:
            status = run_factory(
                directory,
                resume=resume,
                budget_usd=budget_usd,
                budget_tokens=budget_tokens,
                on_update=lambda s: live.update(render(s), refresh=True),
            )
        except (ProjectError, ValidationError) as error:
            raise click.ClickException(str(error)) from error
        live.update(render(status), refresh=True)
    raise SystemExit(0 if status.status == SUCCESS else 1)


@factory.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=9030, show_default=True, type=int)
def serve(directory: Path, host: str, port: int) -> None:
    """Serve the project's runs as web pages, live while a run goes on."""
    import uvicorn

    from darkfactory.factory.web import build_app

    try:
        app = build_app(directory)
    except ProjectError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"the runs of {directory}: http://{host}:{port}/")
    uvicorn.run(app, host=host, port=port, log_level="warning")
