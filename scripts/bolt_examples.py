"""Run bolt-python's example apps, unchanged, against a universe's Slack twin, make a person do
what reaches each of their listeners, and print which listeners ran.

    python scripts/bolt_examples.py --examples /path/to/bolt-python/examples

Each example is loaded from its file as it is (its ``if __name__ == "__main__"`` block aside: the
script serves the app the way that block would, on a free loopback port or over Socket Mode). Its
tokens and signing secret come from the environment, as the example's comments ask; slack_sdk
takes no base URL from the environment, so while an example loads, a ``WebClient`` made without
one (bolt's own) gets ``$SLACK_API_URL``, set to the twin's. Listeners are bolt's: those of the
``App`` and of any ``Assistant`` it uses; a listener counts as triggered once its ack function
runs.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import logging
import os
import runpy
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

SETTLE_S = 1.0  # quiet time after the last delivery before listeners are counted
WAIT_S = 15.0


# -- loading an example unchanged --------------------------------------------------------------
@contextlib.contextmanager
def pointed_at(api_url: str) -> Iterator[None]:
    """``WebClient()`` without a ``base_url`` talks to ``api_url`` meanwhile."""
    from slack_sdk.web.base_client import BaseClient

    init = BaseClient.__init__
    names = [p for p in inspect.signature(init).parameters if p != "self"]
    defaults = list(init.__defaults__)
    where = len(defaults) - len(names) + names.index("base_url")
    saved = tuple(defaults)
    defaults[where] = api_url
    init.__defaults__ = tuple(defaults)
    try:
        yield
    finally:
        init.__defaults__ = saved


def load(path: Path, environment: dict[str, str]) -> Any:
    """The ``app`` an example file makes, loaded with ``environment`` and the twin's API URL."""
    os.environ.update(environment)
    with pointed_at(environment["SLACK_API_URL"]):
        namespace = runpy.run_path(str(path), run_name="bolt_example")
    logging.getLogger().setLevel(logging.WARNING)  # the examples ask for DEBUG logs
    return namespace["app"]


# -- listeners ---------------------------------------------------------------------------------
def listeners_of(app: Any) -> list[Any]:
    """bolt's listeners of ``app``: its own, then those of each ``Assistant`` it uses."""
    from slack_bolt import Assistant

    found = list(app._listeners)
    for middleware in app._middleware_list:
        if isinstance(middleware, Assistant):
            for kind in ("thread_started", "thread_context_changed", "user_message", "bot_message"):
                found += getattr(middleware, f"_{kind}_listeners") or []
    return found


def name_of(listener: Any) -> str:
    return getattr(listener.ack_function, "__name__", repr(listener.ack_function))


def instrument(app: Any) -> tuple[list[str], set[str]]:
    """Names of ``app``'s listeners, and the set each adds its name to when its ack runs."""
    ran: set[str] = set()
    names: list[str] = []
    uses: dict[str, int] = {}
    for listener in listeners_of(app):
        function = name_of(listener)
        uses[function] = uses.get(function, 0) + 1
        name = function if uses[function] == 1 else f"{function}#{uses[function]}"
        names.append(name)
        listener.run_ack_function = _counting(listener.run_ack_function, name, ran)
    return names, ran


def _counting(run: Callable, name: str, ran: set[str]) -> Callable:
    def counted(*, request, response):
        ran.add(name)
        return run(request=request, response=response)

    return counted


# -- the examples and what a person does to reach their listeners ------------------------------
@dataclass
class Example:
    """An example file, how Slack reaches it, the app definition it needs, and the person's
    actions that reach its listeners."""

    file: str
    socket: bool
    spec: dict[str, Any]
    drive: Callable[[Workspace], None]


@dataclass
class Universe:
    """The served universe as the script uses it."""

    url: str
    admin_headers: dict[str, str]

    def setup(self, path: str, body: dict | None = None, method: str = "POST", **query) -> dict:
        """A call to the control plane or a twin's setup route, which take the admin token."""
        answer = httpx.request(
            method,
            f"{self.url}{path}",
            json=body,
            params=query,
            headers=self.admin_headers,
            timeout=20,
        )
        answer.raise_for_status()
        return answer.json()


@dataclass
class Workspace:
    """The universe as one person of it acts: the owner, with a user token, in a channel the
    example's bot was invited to."""

    universe: Universe
    app: dict[str, Any]
    person: str
    channel: str
    client: Any  # a WebClient with the person's token

    def act(self, path: str, body: dict | None = None, method: str = "POST") -> dict:
        """Do what the person does in Slack's client at ``path``."""
        return self.universe.setup(f"/slack/_people/{self.person}{path}", body, method)

    def say(self, text: str, **extra: Any) -> str:
        return self.client.chat_postMessage(channel=self.channel, text=text, **extra)["ts"]

    def mention(self) -> str:
        return self.say(f"<@{self.app['bot_user_id']}> are you there?")

    def modal(self) -> dict:
        """The modal the app opened for the person."""
        return _eventually(lambda: self.act("/modal", method="GET")["view"])

    def ephemeral(self) -> list[dict]:
        """What the person alone sees in the channel."""
        where = {"channel": self.channel, "user": self.person}
        return self.universe.setup("/slack/_ephemeral", None, "GET", **where)["messages"]


def _eventually(probe: Callable[[], Any], timeout: float = WAIT_S) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.1)
    raise TimeoutError("nothing came")


def _input_ids(view: dict) -> list[tuple[str, str]]:
    """The (block_id, action_id) of each input of a modal, in order."""
    return [
        (b["block_id"], b["element"]["action_id"]) for b in view["blocks"] if b["type"] == "input"
    ]


def _has_action(message: dict, action_id: str) -> bool:
    """Whether a block of ``message`` holds an element with ``action_id``."""
    for block in message.get("blocks", []):
        elements = [block.get("accessory") or {}, *block.get("elements", [])]
        if any(e.get("action_id") == action_id for e in elements):
            return True
    return False


def drive_app(w: Workspace) -> None:
    w.act("/commands", {"channel": w.channel, "text": "/hello-bolt-python"})
    w.mention()


def drive_events_app(w: Workspace) -> None:
    w.client.reactions_add(channel=w.channel, timestamp=w.mention(), name="eyes")
    w.say("this is a test")
    w.say("I found a bug")
    w.say("good morning")


def drive_message_events(w: Workspace) -> None:
    w.say("this is a test")
    w.say("I found a bug")
    morning = w.say("good morning")
    typo = w.say("a typo")
    time.sleep(SETTLE_S)  # the example answers every new message in its thread first
    w.client.chat_delete(channel=w.channel, ts=typo)
    w.client.chat_meMessage(channel=w.channel, text="waves")
    w.client.chat_update(channel=w.channel, ts=morning, text="good morning, all")


def drive_modals_app(w: Workspace) -> None:
    w.act("/commands", {"channel": w.channel, "text": "/hello-bolt-python"})
    view = w.modal()
    (text, _), (single, es), (multi, mes) = _input_ids(view)
    w.act("/options", {"view_id": view["id"], "action_id": es, "value": ""})
    w.act("/options", {"view_id": view["id"], "action_id": mes, "value": ""})
    text_input = next(b for b in view["blocks"] if b["block_id"] == text)["element"]["action_id"]
    values = {text: {text_input: "hello"}, single: {es: "maru"}, multi: {mes: ["1-1"]}}
    w.act(f"/views/{view['id']}/submit", {"values": values})
    button = _eventually(lambda: [m for m in w.ephemeral() if _has_action(m, "a")])
    w.act("/actions", {"channel": w.channel, "ts": button[-1]["ts"], "action_id": "a"})


def drive_socket_mode(w: Workspace) -> None:
    w.act("/commands", {"channel": w.channel, "text": "/hello-socket-mode"})
    w.mention()
    w.act("/shortcuts", {"callback_id": "socket-mode"})
    view = w.modal()
    w.act("/options", {"view_id": view["id"], "action_id": "favorite-animal", "value": "cat"})
    values = {"q1": {"feedback": "lovely"}, "q2": {"favorite-animal": "cat"}}
    w.act(f"/views/{view['id']}/submit", {"values": values})


def drive_assistant(w: Workspace) -> None:
    opening = {"app_id": w.app["app_id"], "user": w.person}
    thread = w.universe.setup("/slack/_assistant/threads", opening)
    in_thread = {"channel": thread["channel_id"], "thread_ts": thread["thread_ts"]}
    w.client.chat_postMessage(text="where is the help page?", **in_thread)
    w.client.chat_postMessage(text="what does SLACK stand for?", **in_thread)
    w.say("an ordinary message")
    w.mention()


def drive_shortcuts(w: Workspace) -> None:
    w.mention()
    w.act("/shortcuts", {"callback_id": "callback-id-here"})
    view = w.modal()
    w.act(f"/views/{view['id']}/submit", {"values": {"b": {"a": "Your input"}}})


ASSISTANT_EVENTS = [
    "assistant_thread_started",
    "assistant_thread_context_changed",
    "message.im",
    "message.channels",
    "app_mention",
]
EXAMPLES = [
    Example(
        "app.py",
        False,
        {"events": ["app_mention"], "commands": [{"command": "/hello-bolt-python"}]},
        drive_app,
    ),
    Example(
        "events_app.py",
        False,
        {"events": ["app_mention", "reaction_added", "message.channels"]},
        drive_events_app,
    ),
    Example("message_events.py", False, {"events": ["message.channels"]}, drive_message_events),
    Example(
        "modals_app.py",
        False,
        {"commands": [{"command": "/hello-bolt-python"}]},
        drive_modals_app,
    ),
    Example(
        "socket_mode.py",
        True,
        {
            "events": ["app_mention"],
            "commands": [{"command": "/hello-socket-mode"}],
            "shortcuts": [{"name": "Socket", "type": "global", "callback_id": "socket-mode"}],
        },
        drive_socket_mode,
    ),
    Example("assistants/app.py", True, {"events": ASSISTANT_EVENTS}, drive_assistant),
    Example(
        "readme_app.py",
        False,
        {
            "events": ["app_mention"],
            "shortcuts": [{"name": "Open", "type": "global", "callback_id": "callback-id-here"}],
        },
        drive_shortcuts,
    ),
]


# -- running them ------------------------------------------------------------------------------
@dataclass
class Result:
    example: str
    listeners: list[str]
    ran: set[str]
    error: str = ""

    @property
    def missed(self) -> list[str]:
        return [n for n in self.listeners if n not in self.ran]


def table(results: list[Result]) -> str:
    """A Markdown table: example, listeners triggered of all, and those never reached; then
    the sums."""
    lines = ["| example | listeners triggered | not triggered |", "|---|---|---|"]
    for r in results:
        missed = ", ".join(f"`{n}`" for n in r.missed) + (f" ({r.error})" if r.error else "")
        triggered = len(set(r.listeners) & r.ran)
        lines.append(f"| `{r.example}` | {triggered} / {len(r.listeners)} | {missed or '-'} |")
    reached = sum(len(set(r.listeners) & r.ran) for r in results)
    lines.append(f"| all | {reached} / {sum(len(r.listeners) for r in results)} | |")
    return "\n".join(lines)


def register(universe: Universe, name: str, example: Example, url: str | None) -> dict:
    """The example's app, as the twin's setup route makes it; ``url`` receives its requests."""
    spec = {"name": name, "socket_mode": example.socket, **example.spec}
    if url:
        spec["commands"] = [{**c, "url": url} for c in spec.get("commands", [])]
        spec["interactivity_url"] = url
    return universe.setup("/slack/_apps", spec)["app"]


@contextlib.contextmanager
def reached(universe: Universe, example: Example, name: str, load_app: Callable[[dict], Any]):
    """The example's app registered and served as its main block would serve it: over Socket
    Mode, or on a free loopback port its request URL points at. Yields the app's record and
    the bolt app ``load_app(record)`` made."""
    if example.socket:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        record = register(universe, name, example, None)
        app = load_app(record)
        handler = SocketModeHandler(app, os.environ["SLACK_APP_TOKEN"])
        handler.connect()
        _eventually(handler.client.is_connected)
        try:
            yield record, app
        finally:
            handler.close()
        return
    from slack_bolt.adapter.starlette import SlackRequestHandler
    from starlette.applications import Starlette
    from starlette.routing import Route

    from darkfactory.twins.kit.server import serve_app

    box: dict[str, Any] = {}

    async def endpoint(request):
        return await box["handler"].handle(request)

    base, server = serve_app(Starlette(routes=[Route("/slack/events", endpoint, methods=["POST"])]))
    url = f"{base}/slack/events"
    try:
        record = register(universe, name, example, url)
        app = load_app(record)
        box["handler"] = SlackRequestHandler(app)
        if example.spec.get("events"):
            universe.setup(f"/slack/_apps/{record['app_id']}", {"request_url": url}, "PATCH")
        yield record, app
    finally:
        server.should_exit = True


def run_one(universe: Universe, directory: Path, example: Example, number: int) -> Result:
    """Load, serve and drive one example; which of its listeners ran."""
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    from darkfactory.twins.slack import events

    credentials = universe.setup("/_universe/credentials", method="GET")["slack"]

    def load_app(record: dict) -> Any:
        environment = {
            "SLACK_API_URL": credentials["api_url"],
            "SLACK_BOT_TOKEN": record["bot_token"],
            "SLACK_SIGNING_SECRET": record["signing_secret"],
            "SLACK_APP_TOKEN": record.get("app_token") or "",
        }
        return load(directory / example.file, environment)

    with reached(universe, example, f"Example {number}", load_app) as (record, app):
        listeners, ran = instrument(app)
        client = WebClient(token=credentials["user_token"], base_url=credentials["api_url"])
        channel = client.conversations_create(name=f"example-{number}")["channel"]["id"]
        client.conversations_invite(channel=channel, users=record["bot_user_id"])
        person = Workspace(universe, record, credentials["admin_user_id"], channel, client)
        error = ""
        try:
            example.drive(person)
            _eventually(lambda: set(listeners) <= ran)
        except (SlackApiError, httpx.HTTPError, TimeoutError, LookupError, ValueError) as failure:
            error = f"{type(failure).__name__}: {failure}"[:160]
        settle = time.monotonic() + SETTLE_S
        while time.monotonic() < settle or not events.idle():
            time.sleep(0.05)
    return Result(example.file, listeners, set(ran), error)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=Path, required=True, help="bolt-python's examples/")
    args = parser.parse_args(argv)
    missing = [e.file for e in EXAMPLES if not (args.examples / e.file).is_file()]
    if missing:
        parser.error(f"not in {args.examples}: {', '.join(missing)}")

    from darkfactory.twins.kit import universe as universes
    from darkfactory.twins.kit.access import admin_headers
    from darkfactory.twins.kit.server import UniverseServer

    server = UniverseServer(universes.Universe(seed=0)).start()
    try:
        universe = Universe(server.url, admin_headers(server.universe.admin_token))
        results = [
            run_one(universe, args.examples, example, number)
            for number, example in enumerate(EXAMPLES, 1)
        ]
    finally:
        server.stop()
    print(table(results))
    return 0 if all(not r.missed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
