"""`darkfactory universe ...`: start a universe, and drive a running one's control plane."""

from __future__ import annotations

import json
import signal
import sys
import threading

import click
import httpx
from rich.console import Console
from rich.table import Table

from darkfactory.twins.kit.access import admin_headers
from darkfactory.twins.kit.server import serve
from darkfactory.twins.kit.universe import ADMIN_TOKEN_FILE, Universe
from darkfactory.twins.life import NewHires
from darkfactory.twins.registry import OPENAPI, TWINS

DEFAULT_URL = "http://127.0.0.1:8000"
# The demo data a served universe starts with unless its options say otherwise.
DEMO_FIXTURES = {"google": {"demo": 1}, "jira": {"demo": 1}}


@click.group()
def universe() -> None:
    """The Digital Twin Universe."""


@universe.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--data", type=click.Path(file_okay=False), help="Directory for durable state.")
@click.option(
    "--memory", is_flag=True, help="Keep state in memory only (the default without --data)."
)
@click.option("--seed", default=0, show_default=True, type=int, help="Seed for ids and fixtures.")
@click.option("--twin", "twins", multiple=True, help="Serve only these twins (repeatable).")
@click.option(
    "--frozen",
    is_flag=True,
    help="Freeze the clock at a seed-derived instant, so timestamps are deterministic too.",
)
@click.option(
    "--open",
    "open_access",
    is_flag=True,
    help="No admin token: anyone who reaches the port may use the control plane and the UI.",
)
@click.option(
    "--life",
    "life_every",
    type=float,
    default=None,
    metavar="SECONDS",
    help="Hire someone every SECONDS: Okta provisions them into Slack, where they say hello.",
)
@click.option(
    "--openapi",
    "documents",
    multiple=True,
    metavar="NAME=FILE",
    help="Also serve an OpenAPI 3 document as a generic stateful twin at /NAME (repeatable).",
)
@click.option(
    "--fixture",
    "fixture_options",
    multiple=True,
    metavar="TWIN.KEY=VALUE",
    help="Size or set up a twin's seeded data, e.g. slack.users=200, slack.rate_limits=tiers, "
    "google.demo=0 or jira.demo=0 for no demo data (repeatable).",
)
def up(
    host: str,
    port: int,
    data: str | None,
    memory: bool,
    seed: int,
    twins: tuple[str, ...],
    documents: tuple[str, ...],
    fixture_options: tuple[str, ...],
    frozen: bool,
    open_access: bool,
    life_every: float | None,
) -> None:
    """Start a universe with seeded demo data and serve it until interrupted."""
    chosen = list(twins) or (list(TWINS) if documents else None)
    if documents:
        chosen = [*chosen, *(f"{OPENAPI}{spec}" for spec in documents)]
    if data and memory:
        raise click.UsageError("--data and --memory exclude each other")
    try:
        world = Universe(
            data=data,
            seed=seed,
            twins=chosen,
            fixtures=served_fixtures(fixture_options),
            frozen=frozen,
            open_access=open_access,
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    world.url = f"http://{host}:{port}"
    _print_welcome(world)
    life = _life(world, life_every)
    _exit_on_sigterm()
    try:
        serve(world, host, port)
    finally:
        if life is not None:
            life.stop()
        world.close()


def _exit_on_sigterm() -> None:
    """End on SIGTERM (a service manager's stop) as on Ctrl-C, closing the universe: uvicorn
    shuts down on either, then passes the signal on to the handler it found, which is this one
    (the default handler would end the process there and then, leaving an in-memory universe's
    files behind until another universe starts and sweeps them)."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def _life(world: Universe, every: float | None) -> NewHires | None:
    """New hires in the background, if asked for and both Okta and Slack are served."""
    if every is None or not {"okta", "slack"} <= set(world.twins):
        return None
    hiring = NewHires(world.url, world.admin_token, world.seed, interval=every)
    threading.Thread(target=hiring.run, name="life", daemon=True).start()
    return hiring


def _fixtures(options: tuple[str, ...]) -> dict[str, dict[str, int | str]]:
    sizes: dict[str, dict[str, int | str]] = {}
    for option in options:
        key, _, value = option.partition("=")
        twin, _, field = key.partition(".")
        if not (twin and field and value):
            raise click.BadParameter(f"{option!r} is not TWIN.KEY=VALUE", param_hint="--fixture")
        sizes.setdefault(twin, {})[field] = int(value) if value.isdigit() else value
    return sizes


def served_fixtures(options: tuple[str, ...]) -> dict[str, dict[str, int | str]]:
    """The fixtures ``up`` seeds with: the ``--fixture`` options over the demo data's."""
    given = _fixtures(options)
    return {
        twin: {**DEMO_FIXTURES.get(twin, {}), **given.get(twin, {})}
        for twin in {*DEMO_FIXTURES, *given}
    }


def _print_welcome(world: Universe) -> None:
    console = Console()
    table = Table(title=f"darkfactory universe · seed {world.seed}", title_justify="left")
    table.add_column("twin")
    table.add_column("API", no_wrap=True)
    table.add_column("UI", no_wrap=True)
    for name, twin in world.twins.items():
        table.add_row(twin.title, twin.client_url, f"/ui/{name}/")
    console.print(table)
    console.print(f"Control plane {world.url}/_universe/")
    console.print(f"Credentials   {world.url}/_universe/credentials")
    console.print(f"State         {world.data or 'in memory'}")
    if world.open_access:
        console.print(f"Dashboard     {world.url}/ui/")
        console.print("[bold yellow]Open access[/]: no admin token is asked for (--open).")
        return
    console.print(f"Dashboard     {world.url}/ui/?token={world.admin_token}")
    console.print(f"Admin token   {world.admin_token}")
    if world.data is not None:
        console.print(f"              (kept in {world.data / ADMIN_TOKEN_FILE})")
    console.print(
        "The control plane, the UI and the twins' setup routes take it as "
        "'Authorization: Bearer <token>'."
    )


def _control(url: str, token: str | None, method: str, path: str) -> dict:
    try:
        response = httpx.request(
            method, f"{url.rstrip('/')}/_universe{path}", headers=admin_headers(token), timeout=30
        )
    except httpx.HTTPError as exc:
        raise click.ClickException(f"no universe at {url}: {exc}") from exc
    data = response.json()
    if response.is_error:
        raise click.ClickException(data.get("message") or data.get("error", response.text))
    return data


def url_option(command):
    """``--url`` and ``--token``: which running universe, and its admin token."""
    command = click.option(
        "--token",
        envvar="DARKFACTORY_ADMIN_TOKEN",
        help="The universe's admin token (printed at start-up; DIR/admin-token when durable).",
    )(command)
    return click.option(
        "--url",
        default=DEFAULT_URL,
        show_default=True,
        envvar="DARKFACTORY_UNIVERSE_URL",
        help="A running universe.",
    )(command)


@universe.command()
@url_option
def reset(url: str, token: str | None) -> None:
    """Reset a running universe to its freshly seeded state."""
    _control(url, token, "POST", "/reset")
    click.echo("reset")


@universe.command()
@url_option
def snapshot(url: str, token: str | None) -> None:
    """Snapshot a running universe; prints the snapshot id."""
    click.echo(_control(url, token, "POST", "/snapshots")["id"])


@universe.command()
@url_option
@click.argument("snapshot_id")
def restore(url: str, token: str | None, snapshot_id: str) -> None:
    """Restore a running universe to a snapshot."""
    _control(url, token, "POST", f"/snapshots/{snapshot_id}/restore")
    click.echo(f"restored {snapshot_id}")


@universe.command()
@url_option
def status(url: str, token: str | None) -> None:
    """Print a running universe's health document."""
    json.dump(_control(url, token, "GET", "/"), sys.stdout, indent=2)
    click.echo()
