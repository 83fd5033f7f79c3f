"""`darkfactory universe up`, and `reset|snapshot|restore|status` against a running universe."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner
from slack_sdk import WebClient

from darkfactory.cli import main
from darkfactory.twins.kit.server import free_port
from darkfactory.twins.kit.store import LOCK, SIDE_FILES


def run(*args: str, token: str | None = None) -> str:
    env = {"DARKFACTORY_ADMIN_TOKEN": token} if token else {}
    result = CliRunner(env=env).invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_snapshot_restore_reset_status(universe):
    creds = universe.credentials["slack"]
    client = WebClient(token=creds["bot_token"], base_url=creds["api_url"])
    token = universe.universe.admin_token
    snap = run("universe", "snapshot", "--url", universe.url, "--token", token).strip()
    client.conversations_create(name="cli-made")
    assert "restored" in run("universe", "restore", snap, "--url", universe.url, token=token)
    assert "cli-made" not in [c["name"] for c in client.conversations_list()["channels"]]
    client.conversations_create(name="cli-made-again")
    run("universe", "reset", "--url", universe.url, token=token)
    assert "cli-made-again" not in [c["name"] for c in client.conversations_list()["channels"]]
    status = json.loads(run("universe", "status", "--url", universe.url, token=token))
    assert "slack" in status["twins"]


def test_commands_without_the_admin_token_are_refused(universe):
    before = universe.control("GET", "/snapshots")["snapshots"]
    result = CliRunner().invoke(main, ["universe", "reset", "--url", universe.url])
    assert result.exit_code == 1
    assert "the admin token is required" in result.output
    wrong = CliRunner().invoke(
        main, ["universe", "snapshot", "--url", universe.url, "--token", "x"]
    )
    assert wrong.exit_code == 1
    assert "the admin token is wrong" in wrong.output
    assert universe.control("GET", "/snapshots")["snapshots"] == before


def test_unreachable_universe_is_a_clear_error():
    result = CliRunner().invoke(main, ["universe", "reset", "--url", "http://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "no universe at http://127.0.0.1:9" in result.output


def test_restore_of_unknown_snapshot_reports_it(universe):
    args = ["universe", "restore", "ghost", "--url", universe.url]
    result = CliRunner(env={"DARKFACTORY_ADMIN_TOKEN": universe.universe.admin_token}).invoke(
        main, args
    )
    assert result.exit_code == 1
    assert "no snapshot 'ghost'" in result.output


def test_up_rejects_data_with_memory(tmp_path):
    result = CliRunner().invoke(main, ["universe", "up", "--data", str(tmp_path), "--memory"])
    assert result.exit_code == 2
    assert "exclude each other" in result.output


def test_fixture_sizes_and_their_errors():
    from darkfactory.twins.cli import _fixtures
    from darkfactory.twins.kit.company import directory
    from darkfactory.twins.kit.universe import Universe

    assert _fixtures(("slack.users=3", "slack.channels=2")) == {
        "slack": {"users": 3, "channels": 2}
    }
    small = Universe(fixtures=_fixtures(("slack.users=3", "slack.channels=2")))
    company = len(directory(small))
    people = small.store.scalar("SELECT COUNT(*) FROM slack_users WHERE is_bot = 0")
    assert people == 3 + 1 + 1 + company  # the users asked for, the owner, Slackbot
    assert small.store.scalar("SELECT COUNT(*) FROM slack_channels") == 2
    bad = CliRunner().invoke(main, ["universe", "up", "--fixture", "slack.users"])
    assert bad.exit_code == 2 and "is not TWIN.KEY=VALUE" in bad.output
    unknown = CliRunner().invoke(main, ["universe", "up", "--fixture", "slack.cats=3"])
    assert unknown.exit_code == 2 and "unknown Slack fixture options ['cats']" in unknown.output
    limited = Universe(fixtures=_fixtures(("slack.rate_limits=tiers",)))
    assert limited.store.setting("slack.rate_limits") == "tiers"
    fast = CliRunner().invoke(main, ["universe", "up", "--fixture", "slack.rate_limits=fast"])
    assert fast.exit_code == 2 and "unknown Slack rate_limits 'fast'" in fast.output


def open_files(pid: int) -> set[str]:
    """The paths of the files process ``pid`` has open (those it closes meanwhile left out)."""
    paths = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(FileNotFoundError):
            paths.add(os.readlink(fd))
    return paths


def test_up_stopped_by_sigterm_closes_its_universe_and_removes_its_files():
    port = free_port()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "darkfactory", "universe", "up", "--memory", "--open"),
            *("--port", str(port), "--twin", "slack"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.post(f"http://127.0.0.1:{port}/slack/api/api.test").json()["ok"]:
                    break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        held = open_files(process.pid)
        files = {name.removesuffix(LOCK) for name in held if name.endswith(f".db{LOCK}")}
        assert len(files) == 1, held  # its in-memory universe's database, locked while it runs
        (database,) = files
        assert Path(database).exists()
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 128 + signal.SIGTERM, process.stderr.read().decode()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert [side for side in SIDE_FILES if Path(database + side).exists()] == []
