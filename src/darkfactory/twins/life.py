"""New hires: life in a served universe, as people join the company through Okta and introduce
themselves in Slack.

Every few seconds the administrator hires someone in Okta (an activated user with a title and a
department) and assigns them to the org's Slack app, which provisions their Slack account over
SCIM. The new person then says hello in the general channel, and the administrator waves and
welcomes them in the thread, with a welcome drafted by one of the LLM twins in turn (OpenAI,
Anthropic, Gemini; each one's built-in model repeats the draft it is asked to polish). Every step
is a call to the twins' public APIs (the Slack person acts with the token the web client would
give them), so the journal, the Okta System Log, the Slack client, the LLM twins' transcripts and
any app listening see a company that is alive. ``universe up --life`` starts it.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass

import httpx

from darkfactory.twins.kit.access import admin_headers
from darkfactory.twins.kit.company import DEPARTMENTS, DOMAIN
from darkfactory.twins.kit.names import FIRST, LAST

GREETINGS = (
    "Hi everyone! I'm {first}, I just joined {department} as {title}. Happy to be here :wave:",
    "Hello all, {first} here, new in {department} ({title}). Looking forward to meeting you!",
    "Hey team! {first} {last}, {title} in {department}, starting today. Say hi any time.",
)
WELCOME = "Welcome aboard, {first}! :tada:"
DRAFTER = "You polish welcome messages for new colleagues: one line, warm, no more."
# The LLM twins that draft the welcomes, in turn.
WRITERS = ("openai", "anthropic", "gemini")


@dataclass(frozen=True)
class Hire:
    first: str
    last: str
    department: str
    title: str

    @property
    def email(self) -> str:
        return f"{self.first}.{self.last}@{DOMAIN}".lower()


def hires(seed: int):
    """The people the company hires, in order; the same for the same seed."""
    rng = random.Random(f"life:{seed}")
    while True:
        department, title = rng.choice(list(DEPARTMENTS.items()))
        yield Hire(rng.choice(FIRST), rng.choice(LAST), department, title)


class NewHires:
    """Hires ``count`` people in the universe served at ``url``: one per LLM twin at once, then
    one every ``interval`` seconds; ``stop()`` ends it between steps."""

    def __init__(
        self, url: str, admin_token: str, seed: int, interval: float = 20.0, count: int = 12
    ) -> None:
        self.url, self.seed, self.interval, self.count = url, seed, interval, count
        self.http = httpx.Client(base_url=url, timeout=30)
        self.admin = admin_headers(admin_token)
        self._stop = threading.Event()
        self.hired: list[str] = []  # emails, in the order people said hello

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        """Wait for the universe to answer, then hire until done or stopped."""
        with self.http:
            given = self._credentials()
            if given is None:
                return
            with self._okta(given["okta"]) as okta:
                self._hire_all(okta, given)

    def _credentials(self) -> dict | None:
        """The universe's credentials once it answers (None if stopped first)."""
        while not self._stop.wait(0.1):
            try:
                credentials = self.http.get("/_universe/credentials", headers=self.admin)
            except httpx.TransportError:
                continue
            credentials.raise_for_status()
            return credentials.json()
        return None

    def _hire_all(self, okta: httpx.Client, given: dict) -> None:
        slack = given["slack"]
        writers = [(name, given[name]) for name in WRITERS if name in given]
        app_id = self._slack_app(okta)
        general = self._general(slack)
        people = hires(self.seed)
        while len(self.hired) < self.count and not self._stop.is_set():
            # the first hires, one per LLM twin, arrive at once, so every page has life at once
            if len(self.hired) >= max(len(writers), 1) and self._stop.wait(self.interval):
                break
            hire = next(people)
            user_id = self._hire(okta, hire)
            if user_id is None:  # the name is taken: hire someone else
                continue
            okta.post(f"/api/v1/apps/{app_id}/users", json={"id": user_id, "scope": "USER"})
            writer = writers[len(self.hired) % len(writers)] if writers else None
            self._introduce(slack, general, hire, writer)
            self.hired.append(hire.email)

    # -- Okta --------------------------------------------------------------------------------
    def _okta(self, credentials: dict) -> httpx.Client:
        return httpx.Client(
            base_url=credentials["org_url"].rstrip("/"),
            headers={"Authorization": f"SSWS {credentials['api_token']}"},
            timeout=30,
            event_hooks={"response": [_raise_on_server_error]},
        )

    def _slack_app(self, okta: httpx.Client) -> str:
        """The org's Slack app, added (with provisioning) if the org has none."""
        for app in okta.get("/api/v1/apps", params={"limit": 200}).json():
            if app["name"] == "slack" and app["status"] == "ACTIVE":
                return app["id"]
        made = okta.post(
            "/api/v1/apps",
            json={
                "name": "slack",
                "label": "Slack",
                "signOnMode": "BOOKMARK",
                "settings": {"app": {"url": "https://darkfactory.slack.com"}},
            },
        )
        made.raise_for_status()
        return made.json()["id"]

    def _hire(self, okta: httpx.Client, hire: Hire) -> str | None:
        profile = {
            "firstName": hire.first,
            "lastName": hire.last,
            "email": hire.email,
            "login": hire.email,
            "title": hire.title,
            "department": hire.department,
        }
        made = okta.post("/api/v1/users", params={"activate": "true"}, json={"profile": profile})
        if made.status_code == 400:  # Okta's E0000001: the login already exists
            return None
        made.raise_for_status()
        return made.json()["id"]

    # -- Slack -------------------------------------------------------------------------------
    def _slack(self, slack: dict, method: str, token: str, **arguments) -> dict:
        answer = self.http.post(
            f"{slack['api_url'].rstrip('/')}/{method}",
            headers={"Authorization": f"Bearer {token}"},
            json=arguments,
        ).json()
        if not answer["ok"]:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer

    def _general(self, slack: dict) -> str:
        listed = self._slack(slack, "conversations.list", slack["user_token"], limit=1000)
        return next(c["id"] for c in listed["channels"] if c["is_general"])

    def _introduce(
        self, slack: dict, general: str, hire: Hire, writer: tuple[str, dict] | None
    ) -> None:
        admin = slack["user_token"]
        user = self._slack(slack, "users.lookupByEmail", admin, email=hire.email)["user"]
        token = self.http.post(f"/slack/_people/{user['id']}/token", headers=self.admin).json()[
            "token"
        ]
        self._slack(slack, "conversations.join", token, channel=general)
        greeting = random.Random(hire.email).choice(GREETINGS)
        said = self._slack(
            slack,
            "chat.postMessage",
            token,
            channel=general,
            text=greeting.format(**vars(hire)),
        )
        self._slack(
            slack, "reactions.add", admin, channel=general, name="wave", timestamp=said["ts"]
        )
        self._slack(
            slack,
            "chat.postMessage",
            admin,
            channel=general,
            thread_ts=said["ts"],
            text=self._draft(writer, WELCOME.format(first=hire.first)),
        )

    # -- the LLM twins -----------------------------------------------------------------------
    def _draft(self, writer: tuple[str, dict] | None, draft: str) -> str:
        """The welcome as the writer's model words it (``draft`` without a writer)."""
        if writer is None:
            return draft
        name, credentials = writer
        base, key = credentials["base_url"].rstrip("/"), credentials["api_key"]
        if name == "openai":
            answer = self.http.post(
                f"{base}/chat/completions",
                headers={"Authorization": f"Bearer {key}"},
                json={
                    "model": "gpt-4.1",
                    "messages": [
                        {"role": "system", "content": DRAFTER},
                        {"role": "user", "content": draft},
                    ],
                },
            )
            return answer.json()["choices"][0]["message"]["content"]
        if name == "anthropic":
            answer = self.http.post(
                f"{base}/v1/messages",
                headers={"x-api-key": key, "anthropic-version": "2023-06-01"},
                json={
                    "model": "claude-haiku-4-5",
                    "max_tokens": 200,
                    "system": DRAFTER,
                    "messages": [{"role": "user", "content": draft}],
                },
            )
            return answer.json()["content"][0]["text"]
        answer = self.http.post(
            f"{base}/v1beta/models/gemini-2.5-flash:generateContent",
            headers={"x-goog-api-key": key},
            json={
                "systemInstruction": {"parts": [{"text": DRAFTER}]},
                "contents": [{"role": "user", "parts": [{"text": draft}]}],
            },
        )
        return answer.json()["candidates"][0]["content"]["parts"][0]["text"]


def _raise_on_server_error(response: httpx.Response) -> None:
    if response.status_code >= 500:
        response.read()
        response.raise_for_status()
