"""`darkfactory context ...`: serve a context store over HTTP, print a context's history, or
write pyramid summaries of a codebase or of the store's contexts."""

from __future__ import annotations

import json
from pathlib import Path

import click
import uvicorn

from darkfactory.context.api import build_app
from darkfactory.context.pyramid import store_pyramid
from darkfactory.context.store import ContextNotFound, ContextStore
from darkfactory.context.summarize_contexts import summarize_contexts
from darkfactory.context.summarize_tree import summarize_tree

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


@context.command()
@db_option
@click.option(
    "--tree",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Summarise this directory instead of contexts.",
)
@click.argument("context_ids", nargs=-1, type=int)
def summarize(db: str, tree: Path | None, context_ids: tuple[int, ...]) -> None:
    """Write pyramid summaries (a line, a paragraph, a page per entry) as a new context: of the
    directory --tree, or of CONTEXT_IDS (default: every context of the store)."""
    if tree is not None and context_ids:
        raise click.UsageError("summarise either a --tree or contexts, not both")
    store = ContextStore(db)
    try:
        if tree is not None:
            source, summaries = str(tree.resolve()), summarize_tree(tree)
        else:
            source = f"contexts of {db}"
            summaries = summarize_contexts(store, list(context_ids) or None)
        pyramid = store_pyramid(store, source, summaries)
    except ContextNotFound as error:
        raise click.ClickException(f"no context {error} in {db}") from None
    finally:
        store.close()
    click.echo(f"pyramid context {pyramid}: {len(summaries)} summaries of {source}")
