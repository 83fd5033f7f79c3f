"""`darkfactory agent run PROMPT`: one coding agent session from the shell.

Tool calls are reported on stderr as they happen; the model's final answer goes to stdout. The
LLM client comes from the environment (``OPENAI_API_KEY``, ``ANTHROPIC_API_KEY``,
``GEMINI_API_KEY`` and their ``*_BASE_URL``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from darkfactory.agent.config import REASONING_EFFORTS, SessionConfig
from darkfactory.agent.environment import LocalExecutionEnvironment
from darkfactory.agent.events import EventKind, SessionEvent
from darkfactory.agent.profiles import PROFILE_FACTORIES, create_profile
from darkfactory.agent.session import Session
from darkfactory.llm.client import get_default_client
from darkfactory.llm.errors import SDKError


class Progress:
    """One stderr line per tool call and per warning or error."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def __call__(self, event: SessionEvent) -> None:
        data = event.data
        match event.kind:
            case EventKind.TOOL_CALL_START:
                self.console.print(f"[cyan]▶ {escape(data['tool_name'])}[/cyan]", highlight=False)
            case EventKind.TOOL_CALL_END if "error" in data:
                first = str(data["error"]).splitlines()[0] if data["error"] else ""
                self.console.print(f"[red]✘ {escape(first)}[/red]", highlight=False)
            case EventKind.WARNING | EventKind.ERROR | EventKind.LOOP_DETECTION:
                self.console.print(f"[yellow]! {escape(str(data.get('message')))}[/yellow]")


@click.group()
def agent() -> None:
    """The coding agent loop: provider-aligned tools and prompts over darkfactory.llm."""


@agent.command()
@click.argument("prompt")
@click.option("--provider", type=click.Choice(sorted(PROFILE_FACTORIES)),
              help="Default: the first provider whose API key is set.")  # fmt: skip
@click.option("--model", default=None, help="Default: the profile's default model.")
@click.option("--cwd", type=click.Path(file_okay=False, exists=True, path_type=Path),
              default=Path("."), show_default=True, help="The working directory.")  # fmt: skip
@click.option("--reasoning-effort", type=click.Choice(REASONING_EFFORTS))
def run(
    prompt: str, provider: str | None, model: str | None, cwd: Path, reasoning_effort: str | None
) -> None:
    """Run PROMPT to completion in --cwd and print the final answer."""
    client = get_default_client()
    provider = provider or client.default_provider
    if provider is None:
        raise click.UsageError("no provider: pass --provider and set its API key")
    profile = create_profile(provider, model)
    env = LocalExecutionEnvironment(cwd.resolve())
    config = SessionConfig(reasoning_effort=reasoning_effort)
    progress = Progress(Console(stderr=True))
    session = Session(profile, env, config, client, subscribers=[progress])
    try:
        answer = session.submit(prompt)
    except SDKError as error:
        raise click.ClickException(f"{type(error).__name__}: {error}") from None
    finally:
        session.abort()
    click.echo(answer)
    sys.stdout.flush()
