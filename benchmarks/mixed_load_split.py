"""What serving Jira apart would give Slack: the mixed load of ``mixed_load.py``, with Jira's
clients sent either to the one server, as the universe is served today, or to a second server
process over the same universe file, at the same priority or at ``nice 10``.

An experiment, not a way to serve a universe (the second process also writes its own journal
entries into the shared file): it bounds what moving Jira's work out of the serving process
(reader processes, say) could give, with and without a lower priority for it. Runs take turns,
twice each.

    PYTHONPATH=src python benchmarks/mixed_load_split.py [SECONDS]
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from mixed_load import load, load_average, server_cpu, summary

from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe

TWINS = ["slack", "jira"]
SECOND_SERVER = f"""
import sys
from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe
with UniverseServer(Universe(data=sys.argv[1], seed=1, twins={TWINS!r})) as server:
    print(server.url, flush=True)
    sys.stdin.read()
"""
MODES = {"one process": None, "second process, nice 0": 0, "second process, nice 10": 10}


@contextmanager
def jira_served(creds: dict, data: str, niceness: int | None) -> Iterator[dict]:
    """``creds``, with Jira's URL that of a second server over ``data`` when ``niceness`` is
    given, for as long as the block runs."""
    if niceness is None:
        yield creds
        return
    command = ["nice", "-n", str(niceness), sys.executable, "-c", SECOND_SERVER, data]
    second = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        url = second.stdout.readline().strip()
        jira = {**creds["jira"], "url": creds["jira"]["url"].replace(creds["universe"], url)}
        yield {**creds, "jira": jira}
    finally:
        second.stdin.close()
        second.wait(10)


def main() -> None:
    data = tempfile.mkdtemp(prefix="mixed-load-split-")
    try:
        with UniverseServer(Universe(data=data, seed=1, twins=TWINS)) as server:
            creds = {**server.universe.credentials(), "universe": server.url}
            print(f"load average {load_average()}")
            print(f"{'run':<26}{'twin':<7}{'calls':>8}{'p50 ms':>10}{'p99 ms':>10}")
            for _ in range(2):
                for mode, niceness in MODES.items():
                    with jira_served(creds, data, niceness) as mine:
                        answers, cpu = server_cpu(functools.partial(load, mine, ("slack", "jira")))
                    for twin in ("slack", "jira"):
                        print(f"{mode:<26}{twin:<7}{summary(answers[twin][0])}")
                    print(f"{'':<33}first server's CPU s: {cpu}; load average {load_average()}")
    finally:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
