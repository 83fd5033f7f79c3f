"""What the coding agent loop costs on top of its LLM calls, against those same calls made bare.

A session on a scripted model of the Anthropic twin reads a file with a tool and then answers:
two LLM round trips, one tool execution, the events, history, prompt layers and truncation in
between. The baseline replays the two requests that session sent (recorded by a middleware)
straight through ``Client.complete``, against the same twin, in the same run, the two taking
turns a block at a time. The ratio is sessions per second over baseline request pairs per
second, the median of it over the pairs of neighbouring blocks: 1.0 would mean the loop costs
nothing.

    PYTHONPATH=src python benchmarks/agent_overhead.py [SESSIONS]
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from throughput import WARM_UP, rates

from darkfactory.agent import LocalExecutionEnvironment, Session, create_profile
from darkfactory.llm import AnthropicAdapter, Client, Request
from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe
from darkfactory.twins.llm.testing import register_script

SESSIONS = int(sys.argv[1]) if len(sys.argv) > 1 else 100
READ = {"name": "read_file", "arguments": {"file_path": "notes.txt"}}


def script(model: str, rounds: int) -> dict:
    """``rounds`` repetitions of: read notes.txt, then answer."""
    turns = []
    for _ in range(rounds):
        turns.append({"when": {"has_tool_results": False}, "reply": {"tool_calls": [READ]}})
        turns.append({"when": {"has_tool_results": True}, "reply": {"text": "The notes say hi."}})
    return {"model": model, "turns": turns}


def main() -> None:
    rounds = SESSIONS + WARM_UP + 1
    with UniverseServer(Universe(seed=1)) as twin, tempfile.TemporaryDirectory() as work:
        creds = twin.universe.credentials()["anthropic"]
        for model in ("agent", "bare"):
            register_script(
                twin.url,
                script(model, rounds),
                providers=("anthropic",),
                token=twin.universe.admin_token,
            )
        Path(work, "notes.txt").write_text("hi\n" * 50)
        sent: list[Request] = []

        def record(request: Request, call_next):
            sent.append(request)
            return call_next(request)

        adapter = AnthropicAdapter(creds["api_key"], f"{twin.url}/anthropic")
        client = Client({"anthropic": adapter}, middleware=[record])
        profile = create_profile("anthropic", "agent")
        env = LocalExecutionEnvironment(work)

        def session() -> None:
            Session(profile, env, llm_client=client).submit("What do the notes say?")

        session()
        first, second = (replace(r, model="bare") for r in sent[-2:])
        bare_client = Client({"anthropic": adapter})

        def bare() -> None:
            bare_client.complete(first)
            bare_client.complete(second)

        measured, baseline, ratio = rates(session, bare, SESSIONS)
        print(f"{SESSIONS} sessions (2 LLM calls and 1 tool call each)")
        print(f"{'':<28}{'per second':>12}")
        print(f"{'agent session':<28}{measured:>12.1f}")
        print(f"{'the same 2 requests, bare':<28}{baseline:>12.1f}")
        print(f"{'ratio (median of the blocks)':<28}{ratio:>12.2f}")


if __name__ == "__main__":
    main()
