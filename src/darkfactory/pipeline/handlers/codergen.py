"""The codergen handler (§4.5): render the prompt, call the backend (or simulate), log both."""

from __future__ import annotations

from pathlib import Path

from darkfactory.pipeline.backends import CodergenBackend
from darkfactory.pipeline.context import Context
from darkfactory.pipeline.fidelity import DEFAULT_MODE, preamble
from darkfactory.pipeline.graph import Graph, Node
from darkfactory.pipeline.outcome import Outcome, fail
from darkfactory.pipeline.rundir import RunDir

HISTORY_KEY = "internal.stage_history"


def expand_variables(text: str, graph: Graph, context: Context) -> str:
    """`$goal` is the only built-in variable: plain replacement, not a template engine."""
    goal = graph.goal or context.get_string("graph.goal")
    return text.replace("$goal", goal)


def render_prompt(node: Node, graph: Graph, context: Context) -> str:
    """The node's prompt (or label), `$goal` expanded, after the fidelity carryover preamble."""
    prompt = expand_variables(node.prompt or node.label, graph, context)
    mode = context.get_string("internal.fidelity") or DEFAULT_MODE
    history = [tuple(item) for item in context.get(HISTORY_KEY) or []]
    carry = preamble(mode, context, history)  # type: ignore[arg-type]
    return f"{carry}\n\n{prompt}" if carry else prompt


class CodergenHandler:
    def __init__(self, backend: CodergenBackend | None = None):
        self.backend = backend

    def execute(self, node: Node, context: Context, graph: Graph, logs_root: Path) -> Outcome:
        run_dir = RunDir(logs_root)
        prompt = render_prompt(node, graph, context)
        run_dir.write_stage_file(node.id, "prompt.md", prompt)
        if self.backend is None:
            response = f"[Simulated] Response for stage: {node.id}"
        else:
            try:
                result = self.backend.run(node, prompt, context)
            except Exception as error:
                return fail(f"{type(error).__name__}: {error}")
            if isinstance(result, Outcome):
                run_dir.write_status(node.id, result)
                return result
            response = str(result)
        run_dir.write_stage_file(node.id, "response.md", response)
        outcome = Outcome(
            notes=f"Stage completed: {node.id}",
            context_updates={"last_stage": node.id, "last_response": response[:200]},
        )
        run_dir.write_status(node.id, outcome)
        return outcome
