"""`darkfactory scenarios ...`: validate scenario files and run them against a system under test."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from darkfactory.context import ContextStore
from darkfactory.scenarios import report
from darkfactory.scenarios.llm import LLMSettings
from darkfactory.scenarios.loader import ScenarioError, load_dir
from darkfactory.scenarios.model import header_schema
from darkfactory.scenarios.runner import EXECUTORS, ExecutorUnavailable, Run, run


@click.group()
def scenarios() -> None:
    """Holdout scenarios and satisfaction."""


def _load(directory: str):
    try:
        found = load_dir(directory)
    except ScenarioError as exc:
        raise click.ClickException(str(exc)) from exc
    if not found:
        raise click.ClickException(f"no scenario files (*.md) under {directory}")
    return found


@scenarios.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
def validate(directory: str) -> None:
    """Check every scenario file under DIRECTORY; errors name the file and line."""
    for scenario in _load(directory):
        click.echo(f"ok  {scenario.id}  ({scenario.path})")


@scenarios.command()
def schema() -> None:
    """Print the JSON Schema of a scenario file's YAML header."""
    json.dump(header_schema(), sys.stdout, indent=2)
    click.echo()


@scenarios.command(name="run")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--sut", help="Shell command that starts the system under test.")
@click.option(
    "--trials",
    type=click.IntRange(1, 1000),
    help="Trials per scenario (default: each scenario's own).",
)
@click.option("--parallel", type=click.IntRange(1, 64), default=2, show_default=True)
@click.option(
    "--report",
    "report_dir",
    type=click.Path(file_okay=False),
    help="Write report.json and index.html here.",
)
@click.option(
    "--feedback",
    type=click.Choice(["full", "redacted"]),
    default="full",
    show_default=True,
    help="redacted: print only scenario ids and scores.",
)
@click.option(
    "--wait-port/--no-wait-port",
    default=True,
    show_default=True,
    help="Wait for the SUT to listen on $SUT_PORT before the actors start.",
)
@click.option(
    "--judge",
    "judge_model",
    metavar="MODEL",
    help="Judge every scenario's criteria with this model (default: each judge's own model).",
)
@click.option("--judge-provider", metavar="NAME", help="Provider of the judge model.")
@click.option(
    "--llm",
    "llm_source",
    type=click.Choice(["twins", "env"]),
    default="twins",
    show_default=True,
    help="Where judges and LLM actors find models: the universe's provider twins, or the real "
    "providers whose API keys are in the environment.",
)
@click.option(
    "--llm-scripts",
    type=click.Path(exists=True),
    multiple=True,
    help="Scripted-model files (YAML/JSON) to register on the provider twins of every universe.",
)
@click.option(
    "--llm-concurrency",
    "llm_concurrency",
    type=click.IntRange(0),
    default=0,
    show_default=True,
    help="At most this many model calls at once, across every simulated user and judge of the "
    "run (per process); 0: no limit.",
)
@click.option(
    "--preload",
    "preload",
    multiple=True,
    metavar="MODULE",
    help="Start each trial's SUT warm: a parent that has imported MODULE (repeatable) forks it. "
    "The SUT command must be `python SCRIPT ...` or `python -m MODULE ...`.",
)
@click.option(
    "--executor",
    type=click.Choice(EXECUTORS),
    default="local",
    show_default=True,
    envvar="DARKFACTORY_EXECUTOR",
    help="Where trials run: threads of this process, or tasks on a Ray cluster "
    "(needs darkfactory[ray]).",
)
@click.option(
    "--ray-address",
    metavar="ADDRESS",
    envvar="DARKFACTORY_RAY_ADDRESS",
    help="The Ray cluster to run trials on (default: $RAY_ADDRESS, or a new local cluster).",
)
@click.option(
    "--min-satisfaction",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Exit with status 1 when overall satisfaction is below this.",
)
@click.option(
    "--context-store",
    "context_store",
    type=click.Path(dir_okay=False),
    envvar="DARKFACTORY_CONTEXT_STORE",
    help="Record each trial as a context (steps, twin requests, verdicts) in this context "
    "store's SQLite file.",
)
def run_command(
    directory: str,
    sut: str | None,
    trials: int | None,
    parallel: int,
    report_dir: str | None,
    feedback: str,
    wait_port: bool,
    judge_model: str | None,
    judge_provider: str | None,
    llm_source: str,
    llm_scripts: tuple[str, ...],
    llm_concurrency: int,
    preload: tuple[str, ...],
    executor: str,
    ray_address: str | None,
    min_satisfaction: float,
    context_store: str | None,
) -> None:
    """Run the scenarios under DIRECTORY against the SUT and print satisfaction."""
    found = _load(directory)
    scripts = tuple(Path(p) for p in llm_scripts)
    llm = LLMSettings(llm_source, judge_model, judge_provider, scripts, llm_concurrency)
    total = sum(trials or s.trials for s in found)
    console = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    store = ContextStore(context_store) if context_store else None
    with Progress(*columns, console=console, transient=feedback == "redacted") as progress:
        task = progress.add_task("trials", total=total)
        try:
            result = run(
                found,
                sut,
                trials,
                parallel,
                wait_port,
                on_trial=lambda _: progress.advance(task),
                llm=llm,
                preload=list(preload),
                executor=executor,
                ray_address=ray_address,
                store=store,
            )
        except ExecutorUnavailable as error:
            raise click.ClickException(str(error)) from None
        finally:
            if store is not None:
                store.close()
    if report_dir:
        page = report.write(result, report_dir, title=f"Scenarios in {directory}")
        console.print(f"report: {page}")
    _print(result, feedback)
    if result.overall.satisfaction < min_satisfaction:
        sys.exit(1)


def _print(result: Run, feedback: str) -> None:
    if feedback == "redacted":
        for s in result.scores:
            click.echo(f"{s.scenario} {s.satisfaction:.3f}")
        click.echo(f"overall {result.overall.satisfaction:.3f}")
        return
    table = Table(title="Satisfaction", title_justify="left")
    for column in ("scenario", "trials", "satisfied", "satisfaction", "95% CI", "pass^k"):
        table.add_column(column)
    for s in [*result.scores, result.overall]:
        k = max(s.pass_k) if s.pass_k else 0
        table.add_row(
            s.scenario,
            str(s.trials),
            str(s.satisfied),
            f"{s.satisfaction:.0%}",
            f"{s.low:.2f}–{s.high:.2f}",
            f"k={k}: {s.pass_k.get(k, 0):.2f}",
        )
    Console().print(table)
    for t in result.trajectories:
        if not t.satisfied:
            reasons = t.error or "; ".join(
                f"{v.name}: {v.reason}" for v in t.verdicts if not v.passed
            )
            state = "errored" if t.errored else "unsatisfied"
            state = "infrastructure failure" if t.infrastructure else state
            click.echo(f"{state} {t.scenario}#{t.trial}: {reasons}")
