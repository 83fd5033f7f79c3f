"""`darkfactory context ...`: serve a context store over HTTP, or print a context's history."""

from __future__ import annotations

import json

import click
import uvicorn

from darkfactory.context.api import build_app
from darkfactory.context.store import ContextNotFound, ContextStore

db_option = click.option(
    "--db",
    default="contexts.sqlite",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The store's SQLite file.",
)


@click.group()
def context() -> None:
    """The context store: an immutable, branchable DAG of turns."""


@context.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=9010, show_default=True, type=int)
def serve(db: str, host: str, port: int) -> None:
    """Serve the store's HTTP API (/v1/contexts ...)."""
    click.echo(f"context store {db} at http://{host}:{port}/v1/contexts")
    uvicorn.run(build_app(ContextStore(db)), host=host, port=port, log_level="warning")


@context.command()
@db_option
@click.argument("context_id", type=int)
@click.option("--limit", default=64, show_default=True, type=int)
def log(db: str, context_id: int, limit: int) -> None:
    """Print a context's turns, oldest first, as JSON lines."""
    store = ContextStore(db)
    try:
        for turn in store.turns(context_id, limit):
            click.echo(json.dumps(turn.as_dict()))
    except ContextNotFound:
        raise click.ClickException(f"no context {context_id} in {db}") from None
