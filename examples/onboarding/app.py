"""Onboarding: a Slack app that follows Okta. The example system under test for scenarios.

When a person is activated in Okta it welcomes them in #general and invites them to the channels
mapped to their Okta groups; when their groups change it adjusts their channels; when they are
deactivated or suspended it removes them from those channels.

Okta news arrives through an event hook that the app registers for itself at start-up (and Okta
verifies); where the org has no event hooks it polls the System Log instead. The Slack side is a
``slack_bolt`` app, which also answers mentions with the channel map.

Configuration comes from the environment the scenario runner (or a deployment) provides:
``OKTA_ORG_URL``, ``OKTA_API_TOKEN``, ``SLACK_API_URL``, ``SLACK_BOT_TOKEN``, ``SUT_PORT`` and
optionally ``ONBOARDING_CHANNELS`` (``Group=channel,...``) and ``SLACK_SIGNING_SECRET``.
Run with ``--broken`` for a deliberately wrong variant (welcomes in the wrong place, ignores
groups), which scenarios should score lower.
"""

from __future__ import annotations

import os
import sys
import threading
import time

import httpx
import uvicorn
from slack_bolt import App
from slack_bolt.adapter.starlette import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

BROKEN = "--broken" in sys.argv
EPOCH = "2000-01-01T00:00:00.000Z"
DEFAULT_CHANNELS = "Engineering=engineering,Finance=org-finance,IT=it-support"
EVENTS = [
    "user.lifecycle.activate",
    "user.lifecycle.deactivate",
    "user.lifecycle.suspend",
    "group.user_membership.add",
    "group.user_membership.remove",
]


def channel_map() -> dict[str, str]:
    pairs = os.environ.get("ONBOARDING_CHANNELS", DEFAULT_CHANNELS).split(",")
    return dict(pair.split("=", 1) for pair in pairs if "=" in pair)


class Okta:
    """The few Okta Management API calls the app needs."""

    def __init__(self) -> None:
        self.http = httpx.Client(
            base_url=os.environ["OKTA_ORG_URL"].rstrip("/"),
            headers={
                "Authorization": f"SSWS {os.environ['OKTA_API_TOKEN']}",
                "Accept": "application/json",
            },
            timeout=10,
        )

    def user(self, user_id: str) -> dict:
        return self.http.get(f"/api/v1/users/{user_id}").raise_for_status().json()

    def groups_of(self, user_id: str) -> list[str]:
        groups = self.http.get(f"/api/v1/users/{user_id}/groups").raise_for_status().json()
        return [g["profile"]["name"] for g in groups]

    def register_hook(self, url: str) -> bool:
        """Register and verify an event hook for our events; False if the org has none."""
        created = self.http.post(
            "/api/v1/eventHooks",
            json={
                "name": "Slack onboarding",
                "events": {"type": "EVENT_TYPE", "items": EVENTS},
                "channel": {"type": "HTTP", "version": "1.0.0", "config": {"uri": url}},
            },
        )
        if created.status_code in (404, 405):
            return False
        hook = created.raise_for_status().json()
        self.http.post(f"/api/v1/eventHooks/{hook['id']}/lifecycle/verify").raise_for_status()
        return True

    def poll(self, handle, since: str, forever: bool = True) -> None:
        """Hand each System Log event since ``since`` to ``handle``; then keep following."""
        url, params = "/api/v1/logs", {"since": since, "sortOrder": "ASCENDING", "limit": 100}
        while True:
            response = self.http.get(url, params=params)
            if response.is_success:
                for event in response.json():
                    handle(event)
                following = response.links.get("next", {}).get("url")
                if following:
                    url, params = following, None
            if not forever:
                return
            time.sleep(0.2)


class Onboarding:
    """What the app does with each Okta event."""

    def __init__(self, slack: WebClient, okta: Okta) -> None:
        self.slack = slack
        self.okta = okta
        self.channels = channel_map()
        self.seen: set[str] = set()
        self.lock = threading.Lock()
        names = {c["name"]: c["id"] for c in slack.conversations_list(limit=1000)["channels"]}
        self.general = names["general"] if not BROKEN else names.get("random", names["general"])
        self.channel_ids = {
            group: names[name] for group, name in self.channels.items() if name in names
        }
        for channel_id in self.channel_ids.values():
            slack.conversations_join(channel=channel_id)

    def handle(self, event: dict) -> None:
        with self.lock:
            if event.get("uuid") in self.seen:
                return
            self.seen.add(event.get("uuid"))
        targets = event.get("target") or []
        user = next((t for t in targets if t.get("type") == "User"), None)
        group = next((t for t in targets if t.get("type") == "UserGroup"), None)
        if user is None:
            return
        kind = event.get("eventType")
        try:
            if kind == "user.lifecycle.activate":
                self.welcome(user["id"])
            elif kind == "group.user_membership.add" and group and not BROKEN:
                self.invite(user["id"], [group["displayName"]])
            elif kind == "group.user_membership.remove" and group and not BROKEN:
                self.remove(user["id"], [group["displayName"]])
            elif kind in ("user.lifecycle.deactivate", "user.lifecycle.suspend"):
                self.remove(user["id"], list(self.channel_ids))
        except (SlackApiError, httpx.HTTPError) as exc:
            print(f"could not handle {kind} for {user['id']}: {exc}", flush=True)

    def slack_user(self, okta_user_id: str) -> str | None:
        email = self.okta.user(okta_user_id)["profile"]["email"]
        try:
            return self.slack.users_lookupByEmail(email=email)["user"]["id"]
        except SlackApiError:
            print(f"no Slack account for {email}", flush=True)
            return None

    def welcome(self, okta_user_id: str) -> None:
        slack_id = self.slack_user(okta_user_id)
        if slack_id is None:
            return
        groups = self.okta.groups_of(okta_user_id)
        channels = [self.channels[g] for g in groups if g in self.channel_ids]
        where = ", ".join(f"#{c}" for c in channels) or "the channels you need"
        self.slack.chat_postMessage(
            channel=self.general, text=f"Welcome <@{slack_id}>! You have been added to {where}."
        )
        if not BROKEN:
            self.invite(okta_user_id, groups, slack_id)
        print(f"welcomed {slack_id}", flush=True)

    def invite(self, okta_user_id: str, groups: list[str], slack_id: str | None = None) -> None:
        self._each_channel(
            okta_user_id,
            groups,
            slack_id,
            "already_in_channel",
            lambda channel, user: self.slack.conversations_invite(channel=channel, users=user),
        )

    def remove(self, okta_user_id: str, groups: list[str]) -> None:
        self._each_channel(
            okta_user_id,
            groups,
            None,
            "not_in_channel",
            lambda channel, user: self.slack.conversations_kick(channel=channel, user=user),
        )

    def _each_channel(
        self, okta_user_id: str, groups: list[str], slack_id: str | None, harmless: str, act
    ) -> None:
        """Apply ``act`` to the person in each mapped channel; ``harmless`` errors are fine."""
        slack_id = slack_id or self.slack_user(okta_user_id)
        for group in groups:
            channel = self.channel_ids.get(group)
            if channel and slack_id:
                try:
                    act(channel, slack_id)
                except SlackApiError as exc:
                    if exc.response["error"] != harmless:
                        raise


def build(onboarding: Onboarding, bolt: App) -> Starlette:
    slack_handler = SlackRequestHandler(bolt)

    async def slack_events(request: Request) -> Response:
        return await slack_handler.handle(request)

    async def okta_hook(request: Request) -> Response:
        if request.method == "GET":  # Okta's one-time verification
            return JSONResponse(
                {"verification": request.headers.get("x-okta-verification-challenge", "")}
            )
        payload = await request.json()
        for event in payload.get("data", {}).get("events", []):
            onboarding.handle(event)
        return Response(status_code=200)

    return Starlette(
        routes=[
            Route("/slack/events", slack_events, methods=["POST"]),
            Route("/okta/hooks", okta_hook, methods=["GET", "POST"]),
            Route("/health", lambda request: JSONResponse({"ok": True})),
        ]
    )


def main() -> None:
    slack = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    okta = Okta()
    onboarding = Onboarding(slack, okta)
    bolt = App(
        client=slack,
        signing_secret=os.environ.get("SLACK_SIGNING_SECRET", "unset"),
        token_verification_enabled=False,
    )

    @bolt.event("app_mention")
    def explain(event, say) -> None:
        lines = [f"• {group} → #{channel}" for group, channel in onboarding.channels.items()]
        say(
            text="I add people to channels by their Okta groups:\n" + "\n".join(lines),
            thread_ts=event["ts"],
        )

    # History from before the app started is not ours to act on: remember it as seen.
    okta.poll(lambda event: onboarding.seen.add(event.get("uuid")), EPOCH, forever=False)
    port = int(os.environ["SUT_PORT"])
    server = uvicorn.Server(
        uvicorn.Config(build(onboarding, bolt), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.01)
    hooked = okta.register_hook(f"http://127.0.0.1:{port}/okta/hooks")
    print(f"onboarding ready ({'event hook' if hooked else 'polling the System Log'})", flush=True)
    # Whatever happened before the hook was live is caught up from the System Log.
    okta.poll(onboarding.handle, EPOCH, forever=not hooked)
    threading.Event().wait()


if __name__ == "__main__":
    main()
