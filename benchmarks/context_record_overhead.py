"""What recording an agent session in the context store adds to the session's time.

The same session (a scripted model of the Anthropic twin reads a file with a tool, then answers:
two LLM calls, one tool call) runs with and without a recorder subscribed, one of each per round
in alternating order, so that whatever slows the twin as its records grow, and whatever load
comes and goes on the machine, weighs on both alike. The recorder writes to a context store file
(WAL) as ``factory run`` does: a user input, two priced LLM call turns, a tool call and its
output per session. The line to watch is the time added: the median over the rounds of the
recorded session's time over the plain one's (the factory's bar is 5%). On a shared machine that
wanders by a few percent from run to run, so the last line also gives the time spent inside the
recorder itself, per session and as a share of a recorded session's median time.

    cd benchmarks && PYTHONPATH=../src:. python context_record_overhead.py [ROUNDS]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from agent_overhead import script
from throughput import WARM_UP

from darkfactory.agent import LocalExecutionEnvironment, Session, create_profile
from darkfactory.context import ContextStore
from darkfactory.factory.record import RunRecord
from darkfactory.llm import AnthropicAdapter, Client
from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe
from darkfactory.twins.llm.testing import register_script

SESSIONS = int(sys.argv[1]) if len(sys.argv) > 1 else 100


def main() -> None:
    rounds = 2 * (SESSIONS + WARM_UP) + 1
    with UniverseServer(Universe(seed=1)) as twin, tempfile.TemporaryDirectory() as work:
        creds = twin.universe.credentials()["anthropic"]
        register_script(
            twin.url,
            script("coder", rounds),
            providers=("anthropic",),
            token=twin.universe.admin_token,
        )
        Path(work, "notes.txt").write_text("hi\n" * 50)
        client = Client({"anthropic": AnthropicAdapter(creds["api_key"], f"{twin.url}/anthropic")})
        profile = create_profile("anthropic", "coder")
        env = LocalExecutionEnvironment(work)
        store = ContextStore(Path(work) / "contexts.sqlite")
        record = RunRecord.start(store, "bench", "bench", "read the notes")
        record.stage_started("implement")

        def plain() -> None:
            Session(profile, env, llm_client=client).submit("What do the notes say?")

        inside = [0.0]  # seconds spent in the recorder itself

        def timed(recorder):
            def deliver(event) -> None:
                started = time.perf_counter()
                recorder(event)
                inside[0] += time.perf_counter() - started

            return deliver

        def recorded() -> None:
            started = time.perf_counter()
            recorder = record.session("implement", "claude-sonnet-4-5")
            inside[0] += time.perf_counter() - started
            Session(profile, env, llm_client=client, subscribers=[timed(recorder)]).submit(
                "What do the notes say?"
            )

        times: dict = {plain: [], recorded: []}
        for index in range(WARM_UP + SESSIONS):
            for fn in (plain, recorded) if index % 2 else (recorded, plain):
                started = time.perf_counter()
                fn()
                if index >= WARM_UP:
                    times[fn].append(time.perf_counter() - started)
            if index == WARM_UP - 1:
                inside[0] = 0.0
        without, with_store = median(times[plain]), median(times[recorded])
        added = median(r / p for p, r in zip(times[plain], times[recorded], strict=True)) - 1
        turns = len(record.session_turns(int(record.sessions()[-1]["context_id"])))
        print(f"{SESSIONS} rounds, one session each way per round in alternating order;")
        print(f"{turns} turns recorded per session; medians over the rounds")
        print(f"{'':<26}{'ms/session':>12}")
        print(f"{'without the store':<26}{without * 1000:>12.2f}")
        print(f"{'recorded in the store':<26}{with_store * 1000:>12.2f}")
        print(f"{'time added (per round)':<26}{added * 100:>11.1f}%")
        per_session = inside[0] / SESSIONS
        share = per_session / with_store * 100
        print(f"{'in the recorder':<26}{per_session * 1000:>9.2f} ms{share:>8.1f}%")
        store.close()


if __name__ == "__main__":
    main()
