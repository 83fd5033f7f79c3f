"""The running context a trial's steps, checks and actors share: its universe, time and results."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

import httpx

from darkfactory.scenarios.llm import LLMSettings
from darkfactory.twins.kit.access import admin_headers

if TYPE_CHECKING:
    from darkfactory.sandbox import Sandbox
    from darkfactory.scenarios.model import Scenario
    from darkfactory.scenarios.sut import SystemUnderTest
    from darkfactory.twins.kit.server import UniverseServer
    from darkfactory.twins.kit.universe import Universe

QUIET_SECONDS = 0.5


class StepError(Exception):
    """A step that could not be carried out (bad step, or the twin refused it)."""


class Trial:
    """One trial's universe server, sandbox, saved step results and deadline."""

    def __init__(
        self,
        scenario: Scenario,
        number: int,
        server: UniverseServer,
        sandbox: Sandbox,
        llm: LLMSettings | None = None,
    ) -> None:
        self.scenario = scenario
        self.number = number
        self.server = server
        self.sandbox = sandbox
        self.llm = llm or LLMSettings()
        self.url = server.url
        self.credentials = server.call(server.universe.credentials)
        self.saved: dict[str, Any] = {}
        self.deadline = time.monotonic() + scenario.timeout
        self.journal_start = server.call(last_journal_id, server.universe)
        self.sut: SystemUnderTest | None = None
        self._done: dict[str, threading.Event] = {}
        self._done_lock = threading.Lock()

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    @property
    def admin_headers(self) -> dict[str, str]:
        """What the control plane and the twins' setup routes take: the universe's admin token."""
        return admin_headers(self.server.universe.admin_token)

    def control(self, method: str, path: str, body: Any = None) -> Any:
        """Call the control plane (``/_universe{path}``) or a twin's setup route as the admin."""
        response = httpx.request(
            method, f"{self.url}{path}", json=body, headers=self.admin_headers, timeout=10
        )
        answer = response.json() if response.content else {}
        if response.is_error:
            error = answer.get("error") if isinstance(answer, dict) else answer
            raise StepError(f"{path} answered {response.status_code}: {error}")
        return answer

    def slack_token(self, who: str) -> str:
        """The token to act as ``who``: ``bot``, ``admin``, or a user's email."""
        creds = self.credentials["slack"]
        if who == "bot":
            return creds["bot_token"]
        if who == "admin":
            return creds["user_token"]
        twin = self.server.universe.twins["slack"]

        def token() -> str:
            row = twin.state.db.one(
                "SELECT id FROM slack_users WHERE lower(email) = lower(?)", (who,)
            )
            if row is None:
                raise StepError(f"no Slack user with email {who!r}")
            with twin.state.db.transaction():
                return twin.user_token(row["id"])

        return self.server.call(token)

    def sut_output(self) -> str:
        return self.sut.output() if self.sut else ""

    def _event(self, name: str) -> threading.Event:
        with self._done_lock:
            return self._done.setdefault(name, threading.Event())

    def mark_done(self, name: str) -> None:
        """Record that the step called ``name`` (``actor/step``) has finished."""
        self._event(name).set()

    def wait_done(self, name: str) -> bool:
        """Wait until the step called ``name`` has finished, within the trial's time."""
        return self._event(name).wait(self.remaining())

    def wait_quiet(self) -> None:
        """Wait until twin state has not changed for a moment (or the trial's time is up).

        Reads do not count, so a SUT that polls an API does not keep the trial busy."""
        universe = self.server.universe
        last, quiet_since = None, time.monotonic()
        while self.remaining() > 0:
            current = self.server.call(universe.state_version)
            if current != last:
                last, quiet_since = current, time.monotonic()
            elif time.monotonic() - quiet_since >= QUIET_SECONDS:
                return
            time.sleep(0.05)


def last_journal_id(universe: Universe) -> int:
    return int(universe.store.scalar("SELECT COALESCE(MAX(id), 0) FROM kit_journal"))
