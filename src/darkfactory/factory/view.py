"""The live view of a run in a terminal: stage, iteration, satisfaction so far, tokens, dollars."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from darkfactory.factory.status import RunStatus

COLOURS = {"success": "green", "fail": "red", "running": "yellow", "budget_exhausted": "magenta"}


def render(status: RunStatus) -> Group:
    total = status.spend.get("total", {})
    colour = COLOURS.get(status.status, "white")
    head = Text.assemble(
        ("run ", "bold"),
        status.run_id,
        "  ",
        (status.status, f"bold {colour}"),
        f"  stage {status.stage or '-'} · iteration {status.iteration}",
        f"  ·  {total.get('tokens', 0):,} tokens  ·  ${total.get('usd', 0.0):.4f}",
    )
    scores = " ".join(f"{s['iteration']}:{s['value']:.2f}" for s in status.satisfaction)
    lines = [head, Text(f"satisfaction per iteration: {scores or '-'}")]
    if status.reason:
        lines.append(Text(status.reason, style=colour))
    table = Table(show_edge=False, pad_edge=False)
    for column in ("stage", "iteration", "status", "$", "commit"):
        table.add_column(column)
    for entry in status.timeline:
        table.add_row(
            entry["node"],
            str(entry["iteration"]),
            Text(entry["status"], style=COLOURS.get(entry["status"], "white")),
            f"{entry.get('usd', 0.0):.4f}",
            (entry.get("commit") or "")[:10],
        )
    return Group(*lines, table)
