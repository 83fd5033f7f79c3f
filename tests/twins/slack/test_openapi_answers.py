"""Each served method that Slack's published Web API document describes, called validly through
slack_sdk, answers what the document's 200 schema allows; and each error code a method's handler
can raise is among those the document or Slack's current reference lists for it.

The document describes 162 of the 314 methods the twin serves: 159 are called and their answers
checked (three can no longer succeed, ``NOT_CALLABLE``), and all 162 have their codes checked.
Where Slack's current reference corrects the document, ``ERRATA``, ``REFERENCE`` and ``UNLISTED``
say so, one reason each.
"""

from __future__ import annotations

import ast
import gzip
import inspect
import json
import sys
import textwrap
import time
from functools import cache, cached_property
from urllib.parse import parse_qs, urlsplit

import httpx
import jsonschema
import pytest
from slack_sdk import WebClient
from tests.fuzz.test_vendor_documents import DOCUMENTS, SOURCE

from darkfactory.twins.slack import event_context, interactivity
from darkfactory.twins.slack.api import METHODS, SlackCall
from darkfactory.twins.slack.state import SlackState

DOCUMENT = SOURCE / DOCUMENTS["slack"]
REDIRECT = "http://127.0.0.1:9/installed"

# Where Slack's current reference and the twin part from the document, one reason each.
NOT_CALLABLE = {
    "files.upload": "retired on 2025-11-12; answers method_deprecated as Slack now does",
    "rtm.connect": "closed to modern apps; answers not_allowed_token_type as Slack now does",
    "oauth.access": "classic apps' OAuth: a v2 code answers oauth_authorization_url_mismatch",
}


@cache
def document() -> dict:
    return json.loads(gzip.decompress(DOCUMENT.read_bytes()))


def documented() -> list[str]:
    if not DOCUMENT.exists():
        return []
    return sorted(p[1:] for p in document()["paths"] if p[1:] in METHODS)


def operation(method: str) -> dict:
    item = document()["paths"][f"/{method}"]
    return next(iter(item.values()))


# Answers where Slack's current reference corrects the document: where to look, what it is now.
ERRATA = {
    "admin.conversations.search": (
        ("required",),
        ["ok", "conversations"],
        "the reference answers the matches as `conversations`, not `channels`",
    ),
    "chat.update": (
        ("properties", "message", "properties", "blocks"),
        {"$ref": "#/definitions/blocks"},
        "a message's blocks are an array, as everywhere else in the document",
    ),
}


def success_schema(method: str) -> dict:
    schema = json.loads(json.dumps(operation(method)["responses"]["200"]["schema"]))
    if method in ERRATA:
        where, now, _reason = ERRATA[method]
        *path, last = where
        node = schema
        for key in path:
            node = node[key]
        node[last] = now
    return lenient({**schema, "definitions": document()["definitions"]})


def lenient(node):
    """The schema without ``additionalProperties: false``: the document predates members Slack
    sends today (``response_metadata`` on cursor-paged lists, ``is_locked`` on messages, ...), so
    what answers are held to is its required members, types, enums and patterns."""
    if isinstance(node, dict):
        return {k: lenient(v) for k, v in node.items() if (k, v) != ("additionalProperties", False)}
    if isinstance(node, list):
        return [lenient(v) for v in node]
    return node


class World:
    """What valid calls need, made on first use through the SDK and the twin's setup routes."""

    def __init__(self, universe) -> None:
        self.universe = universe
        self.credentials = universe.credentials["slack"]
        self.api_url = self.credentials["api_url"]
        self.team = self.credentials["team_id"]
        self.me = self.credentials["admin_user_id"]

    def client(self, token: str | None = None) -> WebClient:
        return WebClient(token=token, base_url=self.api_url)

    @cached_property
    def bot(self) -> WebClient:
        return self.client(self.credentials["bot_token"])

    @cached_property
    def user(self) -> WebClient:
        return self.client(self.credentials["user_token"])

    @cached_property
    def admin(self) -> WebClient:
        return self.client(self.credentials["admin_token"])

    def setup(self, path: str, body: dict) -> dict:
        answer = httpx.post(
            f"{self.universe.url}/slack{path}", json=body, headers=self.universe.admin_headers
        )
        assert answer.status_code < 300, answer.text
        return answer.json()

    @cached_property
    def other(self) -> str:
        """A member of the workspace who is neither the owner nor a bot."""
        members = self.user.users_list()["members"]
        return next(
            m["id"]
            for m in members
            if not m["is_bot"] and m["id"] != self.me and not m["is_admin"] and not m["deleted"]
        )

    @cached_property
    def channel(self) -> str:
        made = self.user.conversations_create(name="answers")["channel"]["id"]
        self.user.conversations_invite(channel=made, users=self.credentials["bot_user_id"])
        return made

    @cached_property
    def message(self) -> str:
        return self.user.chat_postMessage(channel=self.channel, text="the root")["ts"]

    @cached_property
    def bot_message(self) -> str:
        return self.bot.chat_postMessage(channel=self.channel, text="https://example.com/a")["ts"]

    @cached_property
    def file(self) -> str:
        uploaded = self.user.files_upload_v2(
            channel=self.channel, content="hello", filename="hello.txt", title="Hello"
        )
        return uploaded["file"]["id"]

    @cached_property
    def remote_file(self) -> str:
        return self.bot.files_remote_add(
            external_id="doc-1", external_url="https://example.com/doc-1", title="Doc"
        )["file"]["id"]

    @cached_property
    def reminder(self) -> str:
        return self.user.reminders_add(text="stand up", time="in 5 minutes")["reminder"]["id"]

    @cached_property
    def usergroup(self) -> str:
        made = self.user.usergroups_create(name="Answerers", handle="answerers")["usergroup"]
        return made["id"]

    @cached_property
    def idp_group(self) -> str:
        made = self.user.usergroups_create(name="Idp", handle="idp")["usergroup"]["id"]
        self.user.usergroups_users_update(usergroup=made, users=[self.me])
        return made

    @cached_property
    def call(self) -> str:
        return self.user.calls_add(external_unique_id="call-1", join_url="https://example.com/c")[
            "call"
        ]["id"]

    @cached_property
    def scheduled(self) -> str:
        return self.user.chat_scheduleMessage(
            channel=self.channel, text="later", post_at=int(time.time()) + 3600
        )["scheduled_message_id"]

    @cached_property
    def app(self) -> dict:
        made = self.setup(
            "/_apps",
            {
                "name": "Answers",
                "redirect_urls": [REDIRECT],
                "interactivity_url": "http://127.0.0.1:9/actions",
                "scopes": ["chat:write"],
            },
        )
        return made["app"]

    @cached_property
    def app_bot(self) -> WebClient:
        """The bot of an app with an interactivity URL, as modals and dialogs need."""
        return self.client(self.app["bot_token"])

    def code(self, path: str = "/oauth/v2/authorize") -> str:
        params = {"client_id": self.app["client_id"], "scope": "chat:write"}
        back = httpx.post(
            f"{self.universe.url}/slack{path}",
            data={**params, "redirect_uri": REDIRECT, "user": self.me, "decision": "allow"},
        )
        assert back.status_code == 302, back.text
        return parse_qs(urlsplit(back.headers["location"]).query)["code"][0]

    @cached_property
    def installed(self) -> dict:
        return (
            self.client()
            .oauth_v2_access(
                client_id=self.app["client_id"],
                client_secret=self.app["client_secret"],
                code=self.code(),
                redirect_uri=REDIRECT,
            )
            .data
        )

    def trigger(self) -> str:
        twin = self.universe.universe.twins["slack"]
        app_id, channel = self.app["app_id"], self.channel
        return self.universe.call(
            lambda: interactivity.new_trigger(twin.state, app_id, self.me, channel)
        )

    def app_token(self, scopes: list[str]) -> str:
        made = self.setup(f"/_apps/{self.app['app_id']}/tokens", {"name": "a", "scopes": scopes})
        return made["token"]

    def token(self, user_id: str, scopes: list[str]) -> str:
        """A user token with just ``scopes``."""
        tokens = self.universe.universe.tokens

        def issue() -> str:
            with self.universe.universe.store.transaction():
                name = f"xoxp-answers-{user_id}-{'-'.join(scopes)}"
                return tokens.issue("slack", name, user_id, scopes, kind="user").token

        return self.universe.call(issue)

    @cached_property
    def second_team(self) -> str:
        return self.admin.admin_teams_create(team_domain="second", team_name="Second")["team"]

    @cached_property
    def invite_request(self) -> str:
        made = self.setup("/_invite_requests", {"requester": self.other, "email": "n@example.com"})
        return made["invite_request_id"]

    @cached_property
    def app_request(self) -> str:
        made = self.setup("/_app_requests", {"user": self.other, "app_id": self.app["app_id"]})
        return made["request_id"]

    @cached_property
    def session(self) -> str:
        sessions = self.admin.admin_users_session_list(user_id=self.me)["active_sessions"]
        return sessions[0]["session_id"]


def listing(*ready, **args) -> dict:
    """A listing call's ``args``, taken once what it lists (``ready``) has been made."""
    return args


def _shared(w: World) -> str:
    w.admin.admin_conversations_setTeams(
        channel_id=w.channel, target_team_ids=[w.team, w.second_team]
    )
    return w.channel


def _private(w: World) -> str:
    return w.user.conversations_create(name="inner", is_private=True)["channel"]["id"]


def _restricted(w: World) -> dict:
    args = {"channel_id": _private(w), "group_id": w.idp_group, "team_id": w.team}
    w.admin.admin_conversations_restrictAccess_addGroup(**args)
    return args


def _archived(w: World) -> str:
    w.user.conversations_archive(channel=w.channel)
    return w.channel


def _emoji(w: World) -> str:
    w.admin.admin_emoji_add(name="party", url="https://example.com/p.png")
    return "party"


def _grouped_channel(w: World) -> str:
    w.admin.admin_usergroups_addChannels(usergroup_id=w.usergroup, channel_ids=[w.channel])
    return w.channel


def _guest(w: World) -> str:
    w.admin.admin_users_invite(
        team_id=w.team, email="guest@example.com", channel_ids=[w.channel], is_restricted=True
    )
    return w.user.users_lookupByEmail(email="guest@example.com")["user"]["id"]


def _event_context(w: World) -> str:
    return event_context.encode("message", w.team, w.app["app_id"], w.channel)


def _dm(w: World) -> str:
    return w.user.conversations_open(users=w.other)["channel"]["id"]


def _with_history(w: World) -> str:
    _thread(w)
    w.user.reactions_add(channel=w.channel, timestamp=w.message, name="eyes")
    return w.channel


def _public_without_bot(w: World) -> str:
    return w.user.conversations_create(name="no-bot-yet")["channel"]["id"]


def _with_other(w: World) -> str:
    w.user.conversations_invite(channel=w.channel, users=w.other)
    return w.channel


def _thread(w: World) -> str:
    w.user.chat_postMessage(channel=w.channel, text="a reply", thread_ts=w.message)
    return w.message


def _snoozing(w: World) -> dict:
    w.user.dnd_setSnooze(num_minutes=30)
    return {}


def _public_file(w: World) -> str:
    w.user.files_sharedPublicURL(file=w.file)
    return w.file


def _pinned(w: World) -> str:
    w.user.pins_add(channel=w.channel, timestamp=w.message)
    return w.channel


def _reacted(w: World) -> str:
    w.user.reactions_add(channel=w.channel, timestamp=w.message, name="eyes")
    return w.channel


def _searchable(w: World) -> str:
    w.user.chat_postMessage(channel=w.channel, text="kumquat season")
    return "kumquat"


def _starred(w: World) -> str:
    w.user.stars_add(channel=w.channel, timestamp=w.message)
    return w.channel


def _disabled_group(w: World) -> str:
    w.user.usergroups_disable(usergroup=w.usergroup)
    return w.usergroup


def _filled_group(w: World) -> str:
    w.user.usergroups_users_update(usergroup=w.usergroup, users=[w.me, w.other])
    return w.usergroup


def _email(w: World) -> str:
    return w.user.users_info(user=w.me)["user"]["profile"]["email"]


def _identity(w: World) -> WebClient:
    return w.client(w.token(w.me, ["identity.basic", "identity.email", "identity.team"]))


def _pushable(w: World) -> dict:
    w.app_bot.views_open(trigger_id=w.trigger(), view=VIEW)
    return {"trigger_id": w.trigger(), "view": VIEW}


VIEW = {"type": "modal", "title": {"type": "plain_text", "text": "Hi"}, "blocks": []}
HOME = {"type": "home", "blocks": []}
DIALOG = {
    "title": "Ride",
    "callback_id": "ride",
    "elements": [{"type": "text", "label": "From", "name": "from"}],
}


def _views_update(w: World) -> dict:
    opened = w.app_bot.views_open(trigger_id=w.trigger(), view=VIEW)["view"]
    return {"view_id": opened["id"], "view": VIEW}


# A valid call of each documented method: (which client, the arguments).
CALLS = {
    "admin.apps.approve": lambda w: (w.admin, {"request_id": w.app_request}),
    "admin.apps.approved.list": lambda w: (w.admin, {}),
    "admin.apps.requests.list": lambda w: (w.admin, {}),
    "admin.apps.restrict": lambda w: (w.admin, {"app_id": w.app["app_id"], "team_id": w.team}),
    "admin.apps.restricted.list": lambda w: (w.admin, {}),
    "admin.conversations.archive": lambda w: (w.admin, {"channel_id": w.channel}),
    "admin.conversations.convertToPrivate": lambda w: (w.admin, {"channel_id": w.channel}),
    "admin.conversations.create": lambda w: (
        w.admin,
        {"name": "made-by-admin", "is_private": False, "team_id": w.team},
    ),
    "admin.conversations.delete": lambda w: (w.admin, {"channel_id": w.channel}),
    "admin.conversations.disconnectShared": lambda w: (
        w.admin,
        {"channel_id": _shared(w), "leaving_team_ids": [w.second_team]},
    ),
    "admin.conversations.ekm.listOriginalConnectedChannelInfo": lambda w: (w.admin, {}),
    "admin.conversations.getConversationPrefs": lambda w: (w.admin, {"channel_id": w.channel}),
    "admin.conversations.getTeams": lambda w: (w.admin, {"channel_id": w.channel}),
    "admin.conversations.invite": lambda w: (
        w.admin,
        {"channel_id": w.channel, "user_ids": [w.other]},
    ),
    "admin.conversations.rename": lambda w: (w.admin, {"channel_id": w.channel, "name": "again"}),
    "admin.conversations.restrictAccess.addGroup": lambda w: (
        w.admin,
        {"channel_id": _private(w), "group_id": w.idp_group, "team_id": w.team},
    ),
    "admin.conversations.restrictAccess.listGroups": lambda w: (
        w.admin,
        {"channel_id": _restricted(w)["channel_id"], "team_id": w.team},
    ),
    "admin.conversations.restrictAccess.removeGroup": lambda w: (
        w.admin,
        _restricted(w),
    ),
    "admin.conversations.search": lambda w: (w.admin, {}),
    "admin.conversations.setConversationPrefs": lambda w: (
        w.admin,
        {"channel_id": w.channel, "prefs": {"who_can_post": "type:admin"}},
    ),
    "admin.conversations.setTeams": lambda w: (
        w.admin,
        {"channel_id": w.channel, "target_team_ids": [w.team, w.second_team]},
    ),
    "admin.conversations.unarchive": lambda w: (w.admin, {"channel_id": _archived(w)}),
    "admin.emoji.add": lambda w: (w.admin, {"name": "party", "url": "https://example.com/p.png"}),
    "admin.emoji.addAlias": lambda w: (w.admin, {"name": "fiesta", "alias_for": _emoji(w)}),
    "admin.emoji.list": lambda w: (w.admin, {}),
    "admin.emoji.remove": lambda w: (w.admin, {"name": _emoji(w)}),
    "admin.emoji.rename": lambda w: (w.admin, {"name": _emoji(w), "new_name": "fiesta"}),
    "admin.inviteRequests.approve": lambda w: (w.admin, {"invite_request_id": w.invite_request}),
    "admin.inviteRequests.approved.list": lambda w: (w.admin, {}),
    "admin.inviteRequests.denied.list": lambda w: (w.admin, {}),
    "admin.inviteRequests.deny": lambda w: (w.admin, {"invite_request_id": w.invite_request}),
    "admin.inviteRequests.list": lambda w: (w.admin, {}),
    "admin.teams.admins.list": lambda w: (w.admin, {"team_id": w.team}),
    "admin.teams.create": lambda w: (w.admin, {"team_domain": "third", "team_name": "Third"}),
    "admin.teams.list": lambda w: (w.admin, {}),
    "admin.teams.owners.list": lambda w: (w.admin, {"team_id": w.team}),
    "admin.teams.settings.info": lambda w: (w.admin, {"team_id": w.team}),
    "admin.teams.settings.setDefaultChannels": lambda w: (
        w.admin,
        {"team_id": w.team, "channel_ids": [w.channel]},
    ),
    "admin.teams.settings.setDescription": lambda w: (
        w.admin,
        {"team_id": w.team, "description": "Where answers live"},
    ),
    "admin.teams.settings.setDiscoverability": lambda w: (
        w.admin,
        {"team_id": w.team, "discoverability": "invite_only"},
    ),
    "admin.teams.settings.setIcon": lambda w: (
        w.admin,
        {"team_id": w.team, "image_url": "https://example.com/icon.png"},
    ),
    "admin.teams.settings.setName": lambda w: (w.admin, {"team_id": w.team, "name": "Renamed"}),
    "admin.usergroups.addChannels": lambda w: (
        w.admin,
        {"usergroup_id": w.usergroup, "channel_ids": [w.channel]},
    ),
    "admin.usergroups.addTeams": lambda w: (
        w.admin,
        {"usergroup_id": w.usergroup, "team_ids": [w.second_team]},
    ),
    "admin.usergroups.listChannels": lambda w: (w.admin, {"usergroup_id": w.usergroup}),
    "admin.usergroups.removeChannels": lambda w: (
        w.admin,
        {"usergroup_id": w.usergroup, "channel_ids": [_grouped_channel(w)]},
    ),
    "admin.users.assign": lambda w: (w.admin, {"team_id": w.team, "user_id": w.other}),
    "admin.users.invite": lambda w: (
        w.admin,
        {"team_id": w.team, "email": "new@example.com", "channel_ids": [w.channel]},
    ),
    "admin.users.list": lambda w: (w.admin, {"team_id": w.team}),
    "admin.users.remove": lambda w: (w.admin, {"team_id": w.team, "user_id": w.other}),
    "admin.users.session.invalidate": lambda w: (
        w.admin,
        {"team_id": w.team, "session_id": w.session},
    ),
    "admin.users.session.reset": lambda w: (w.admin, {"user_id": w.other}),
    "admin.users.setAdmin": lambda w: (w.admin, {"team_id": w.team, "user_id": w.other}),
    "admin.users.setExpiration": lambda w: (
        w.admin,
        {"team_id": w.team, "user_id": _guest(w), "expiration_ts": int(time.time()) + 3600},
    ),
    "admin.users.setOwner": lambda w: (w.admin, {"team_id": w.team, "user_id": w.other}),
    "admin.users.setRegular": lambda w: (w.admin, {"team_id": w.team, "user_id": w.other}),
    "api.test": lambda w: (w.client(), {}),
    "apps.event.authorizations.list": lambda w: (
        w.client(w.app_token(["authorizations:read"])),
        {"event_context": _event_context(w)},
    ),
    "apps.uninstall": lambda w: (
        w.client(w.installed["access_token"]),
        {"client_id": w.app["client_id"], "client_secret": w.app["client_secret"]},
    ),
    "auth.revoke": lambda w: (w.user, {}),
    "auth.test": lambda w: (w.bot, {}),
    "bots.info": lambda w: (w.bot, {"bot": w.bot.auth_test()["bot_id"]}),
    "calls.add": lambda w: (w.user, {"external_unique_id": "c", "join_url": "https://e.com/c"}),
    "calls.end": lambda w: (w.user, {"id": w.call}),
    "calls.info": lambda w: (w.user, {"id": w.call}),
    "calls.participants.add": lambda w: (w.user, {"id": w.call, "users": [{"slack_id": w.other}]}),
    "calls.participants.remove": lambda w: (
        w.user,
        {"id": w.call, "users": [{"slack_id": w.me}]},
    ),
    "calls.update": lambda w: (w.user, {"id": w.call, "title": "Standup"}),
    "chat.delete": lambda w: (w.user, {"channel": w.channel, "ts": w.message}),
    "chat.deleteScheduledMessage": lambda w: (
        w.user,
        {"channel": w.channel, "scheduled_message_id": w.scheduled},
    ),
    "chat.getPermalink": lambda w: (w.user, {"channel": w.channel, "message_ts": w.message}),
    "chat.meMessage": lambda w: (w.user, {"channel": w.channel, "text": "waves"}),
    "chat.postEphemeral": lambda w: (w.user, {"channel": w.channel, "user": w.me, "text": "psst"}),
    "chat.postMessage": lambda w: (w.user, {"channel": w.channel, "text": "hello"}),
    "chat.scheduleMessage": lambda w: (
        w.bot,
        {"channel": w.channel, "text": "later", "post_at": int(time.time()) + 600},
    ),
    "chat.scheduledMessages.list": lambda w: (w.user, {}),
    "chat.unfurl": lambda w: (
        w.bot,
        {
            "channel": w.channel,
            "ts": w.bot_message,
            "unfurls": {"https://example.com/a": {"text": "A page"}},
        },
    ),
    "chat.update": lambda w: (w.user, {"channel": w.channel, "ts": w.message, "text": "edited"}),
    "conversations.archive": lambda w: (w.user, {"channel": w.channel}),
    "conversations.close": lambda w: (w.user, {"channel": _dm(w)}),
    "conversations.create": lambda w: (w.user, {"name": "fresh"}),
    "conversations.history": lambda w: (w.user, {"channel": _with_history(w)}),
    "conversations.info": lambda w: (w.user, {"channel": w.channel}),
    "conversations.invite": lambda w: (w.user, {"channel": w.channel, "users": w.other}),
    "conversations.join": lambda w: (w.bot, {"channel": _public_without_bot(w)}),
    "conversations.kick": lambda w: (w.user, {"channel": _with_other(w), "user": w.other}),
    "conversations.leave": lambda w: (w.bot, {"channel": w.channel}),
    "conversations.list": lambda w: (w.user, {}),
    "conversations.mark": lambda w: (w.user, {"channel": w.channel, "ts": w.message}),
    "conversations.members": lambda w: (w.user, {"channel": w.channel}),
    "conversations.open": lambda w: (w.user, {"users": w.other}),
    "conversations.rename": lambda w: (w.user, {"channel": w.channel, "name": "renamed"}),
    "conversations.replies": lambda w: (w.user, {"channel": w.channel, "ts": _thread(w)}),
    "conversations.setPurpose": lambda w: (w.user, {"channel": w.channel, "purpose": "Answers"}),
    "conversations.setTopic": lambda w: (w.user, {"channel": w.channel, "topic": "Shapes"}),
    "conversations.unarchive": lambda w: (w.user, {"channel": _archived(w)}),
    "dialog.open": lambda w: (w.app_bot, {"trigger_id": w.trigger(), "dialog": DIALOG}),
    "dnd.endDnd": lambda w: (w.user, _snoozing(w)),
    "dnd.endSnooze": lambda w: (w.user, _snoozing(w)),
    "dnd.info": lambda w: (w.user, {}),
    "dnd.setSnooze": lambda w: (w.user, {"num_minutes": 30}),
    "dnd.teamInfo": lambda w: (w.user, {"users": [w.me, w.other]}),
    "emoji.list": lambda w: (w.user, {}),
    "files.delete": lambda w: (w.user, {"file": w.file}),
    "files.info": lambda w: (w.user, {"file": w.file}),
    "files.list": lambda w: (w.user, {}),
    "files.remote.add": lambda w: (
        w.bot,
        {"external_id": "x", "external_url": "https://example.com/x", "title": "X"},
    ),
    "files.remote.info": lambda w: (w.bot, {"file": w.remote_file}),
    "files.remote.list": lambda w: (w.bot, {}),
    "files.remote.remove": lambda w: (w.bot, {"file": w.remote_file}),
    "files.remote.share": lambda w: (w.bot, {"file": w.remote_file, "channels": w.channel}),
    "files.remote.update": lambda w: (w.bot, {"file": w.remote_file, "title": "Doc 2"}),
    "files.revokePublicURL": lambda w: (w.user, {"file": _public_file(w)}),
    "files.sharedPublicURL": lambda w: (w.user, {"file": w.file}),
    "migration.exchange": lambda w: (w.bot, {"users": [w.me]}),
    "oauth.access": lambda w: (
        w.client(),
        {
            "client_id": w.app["client_id"],
            "client_secret": w.app["client_secret"],
            "code": w.code("/oauth/authorize"),
            "redirect_uri": REDIRECT,
        },
    ),
    "oauth.v2.access": lambda w: (
        w.client(),
        {
            "client_id": w.app["client_id"],
            "client_secret": w.app["client_secret"],
            "code": w.code(),
            "redirect_uri": REDIRECT,
        },
    ),
    "pins.add": lambda w: (w.user, {"channel": w.channel, "timestamp": w.message}),
    "pins.list": lambda w: (w.user, {"channel": _pinned(w)}),
    "pins.remove": lambda w: (w.user, {"channel": _pinned(w), "timestamp": w.message}),
    "reactions.add": lambda w: (
        w.user,
        {"channel": w.channel, "timestamp": w.message, "name": "eyes"},
    ),
    "reactions.get": lambda w: (w.user, {"channel": _reacted(w), "timestamp": w.message}),
    "reactions.list": lambda w: (w.user, listing(_reacted(w), user=w.me, full=True)),
    "reactions.remove": lambda w: (
        w.user,
        {"channel": _reacted(w), "timestamp": w.message, "name": "eyes"},
    ),
    "reminders.add": lambda w: (w.user, {"text": "drink water", "time": "in 10 minutes"}),
    "reminders.complete": lambda w: (w.user, {"reminder": w.reminder}),
    "reminders.delete": lambda w: (w.user, {"reminder": w.reminder}),
    "reminders.info": lambda w: (w.user, {"reminder": w.reminder}),
    "reminders.list": lambda w: (w.user, listing(w.reminder)),
    "search.messages": lambda w: (w.user, {"query": _searchable(w)}),
    "stars.add": lambda w: (w.user, {"channel": w.channel, "timestamp": w.message}),
    "stars.list": lambda w: (w.user, listing(_starred(w))),
    "stars.remove": lambda w: (w.user, {"channel": _starred(w), "timestamp": w.message}),
    "team.accessLogs": lambda w: (w.user, {}),
    "team.billableInfo": lambda w: (w.user, {}),
    "team.info": lambda w: (w.user, {}),
    "team.integrationLogs": lambda w: (w.user, {}),
    "team.profile.get": lambda w: (w.user, {}),
    "usergroups.create": lambda w: (w.user, {"name": "Reviewers", "handle": "reviewers"}),
    "usergroups.disable": lambda w: (w.user, {"usergroup": w.usergroup}),
    "usergroups.enable": lambda w: (w.user, {"usergroup": _disabled_group(w)}),
    "usergroups.list": lambda w: (w.user, listing(w.usergroup, include_users=True)),
    "usergroups.update": lambda w: (w.user, {"usergroup": w.usergroup, "name": "Answerers 2"}),
    "usergroups.users.list": lambda w: (w.user, {"usergroup": _filled_group(w)}),
    "usergroups.users.update": lambda w: (
        w.user,
        {"usergroup": w.usergroup, "users": [w.me, w.other]},
    ),
    "users.conversations": lambda w: (w.user, {}),
    "users.deletePhoto": lambda w: (w.user, {}),
    "users.getPresence": lambda w: (w.user, {"user": w.me}),
    "users.identity": lambda w: (_identity(w), {}),
    "users.info": lambda w: (w.user, {"user": w.other}),
    "users.list": lambda w: (w.user, {}),
    "users.lookupByEmail": lambda w: (w.user, {"email": _email(w)}),
    "users.profile.get": lambda w: (w.user, {}),
    "users.profile.set": lambda w: (w.user, {"profile": {"title": "Checker"}}),
    "users.setPhoto": lambda w: (w.user, {"image": b"\x89PNG\r\n\x1a\n" + b"0" * 64}),
    "users.setPresence": lambda w: (w.user, {"presence": "away"}),
    "views.open": lambda w: (w.app_bot, {"trigger_id": w.trigger(), "view": VIEW}),
    "views.publish": lambda w: (w.bot, {"user_id": w.me, "view": HOME}),
    "views.push": lambda w: (w.app_bot, _pushable(w)),
    "views.update": lambda w: (w.app_bot, _views_update(w)),
}


def sdk_method(client: WebClient, method: str):
    """The WebClient's method for a Web API method: ``admin.users.list`` → ``admin_users_list``."""
    return getattr(client, method.replace(".", "_"))


def test_the_document_is_here():
    if not DOCUMENT.exists():
        pytest.skip(f"Slack's document is not at {DOCUMENT}")
    assert len(documented()) > 150
    assert set(NOT_CALLABLE) <= set(documented())
    assert set(CALLS) | set(NOT_CALLABLE) == set(documented())


@pytest.mark.parametrize("method", [m for m in documented() if m not in NOT_CALLABLE])
def test_a_valid_call_answers_the_documents_schema(universe, method):
    client, args = CALLS[method](World(universe))
    answer = sdk_method(client, method)(**args).data
    errors = sorted(
        jsonschema.Draft4Validator(success_schema(method)).iter_errors(answer),
        key=lambda e: list(e.absolute_path),
    )
    assert not errors, "\n".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in errors[:10]
    )


# Codes Slack's current reference lists for every method (its common errors), and two it answers
# on any method: ``invalid_arguments`` for a call its schema refuses, ``invalid_cursor`` for a
# cursor no listing gave.
COMMON = {
    "access_denied",
    "accesslimited",
    "account_inactive",
    "deprecated_endpoint",
    "ekm_access_denied",
    "enterprise_is_restricted",
    "fatal_error",
    "invalid_arg_name",
    "invalid_arguments",
    "invalid_array_arg",
    "invalid_charset",
    "invalid_cursor",
    "invalid_form_data",
    "invalid_post_type",
    "is_bot",
    "method_deprecated",
    "missing_post_type",
    "missing_scope",
    "no_permission",
    "not_allowed_token_type",
    "not_authed",
    "org_login_required",
    "ratelimited",
    "request_timeout",
    "service_unavailable",
    "team_added_to_org",
    "token_expired",
    "token_revoked",
    "two_factor_setup_required",
    "unknown_method",
}

# Codes the twin raises that Slack's current reference (docs.slack.dev) lists for the method and
# the document does not: the document predates them.
REFERENCE = {
    "admin.apps.approve": {"invalid_app_id", "invalid_request_id", "team_not_found"},
    "admin.apps.approved.list": {"team_not_found"},
    "admin.apps.requests.list": {"team_not_found"},
    "admin.apps.restrict": {"invalid_app_id", "invalid_request_id", "team_not_found"},
    "admin.apps.restricted.list": {"team_not_found"},
    "admin.conversations.rename": {"invalid_name_maxlength"},
    "admin.conversations.restrictAccess.addGroup": {
        "channel_is_not_private",
        "channel_not_found",
        "group_already_linked_to_channel",
        "group_must_not_be_empty",
        "group_not_found",
        "team_not_found",
    },
    "admin.conversations.restrictAccess.listGroups": {"channel_not_found", "team_not_found"},
    "admin.conversations.restrictAccess.removeGroup": {
        "channel_not_found",
        "group_not_found",
        "team_not_found",
    },
    "admin.conversations.setTeams": {"channel_not_found", "channel_type_not_supported"},
    "admin.emoji.add": {
        "error_bad_name_i18n",
        "error_bad_upload",
        "error_missing_name",
        "error_name_taken",
        "no_image_uploaded",
    },
    "admin.emoji.addAlias": {
        "error_bad_name_i18n",
        "error_invalid_alias",
        "error_missing_name",
        "error_name_taken",
    },
    "admin.emoji.remove": {"emoji_not_found"},
    "admin.emoji.rename": {
        "error_bad_name_i18n",
        "error_invalid_emoji_to_rename",
        "error_missing_name",
        "error_name_taken",
    },
    "admin.inviteRequests.approve": {
        "already_processed",
        "failed_to_send_invite",
        "invalid_request",
        "team_not_found",
    },
    "admin.inviteRequests.approved.list": {"team_not_found"},
    "admin.inviteRequests.denied.list": {"team_not_found"},
    "admin.inviteRequests.deny": {"already_processed", "invalid_request", "team_not_found"},
    "admin.inviteRequests.list": {"team_not_found"},
    "admin.teams.admins.list": {"team_not_found"},
    "admin.teams.create": {"bad_url", "discoverability_setting_invalid", "domain_taken"},
    "admin.teams.owners.list": {"team_not_found"},
    "admin.teams.settings.info": {"team_not_found"},
    "admin.teams.settings.setDefaultChannels": {"restricted_action", "team_not_found"},
    "admin.teams.settings.setDescription": {"team_not_found"},
    "admin.teams.settings.setDiscoverability": {
        "discoverability_setting_invalid",
        "team_not_found",
    },
    "admin.teams.settings.setIcon": {"invalid_url", "team_not_found"},
    "admin.teams.settings.setName": {"team_not_found"},
    "admin.usergroups.addChannels": {"channel_not_found", "usergroup_not_found"},
    "admin.usergroups.addTeams": {"invalid_team_ids", "usergroup_not_found"},
    "admin.usergroups.listChannels": {"usergroup_not_found"},
    "admin.usergroups.removeChannels": {"channel_not_found", "usergroup_not_found"},
    "admin.users.assign": {"team_not_found", "user_not_found"},
    "admin.users.invite": {"already_in_team", "invalid_email", "team_not_found"},
    "admin.users.list": {"team_not_found"},
    "admin.users.remove": {"cannot_modify_primary_owner", "team_not_found", "user_not_found"},
    "admin.users.session.invalidate": {"session_not_found"},
    "admin.users.session.reset": {"cannot_reset_primary_owner", "user_not_found"},
    "admin.users.setAdmin": {"cannot_modify_primary_owner", "team_not_found", "user_not_found"},
    "admin.users.setExpiration": {
        "failed_to_validate_expiration",
        "user_is_not_a_guest",
        "user_not_found",
    },
    "admin.users.setOwner": {"team_not_found", "user_not_found"},
    "admin.users.setRegular": {"cannot_modify_primary_owner", "team_not_found", "user_not_found"},
    "apps.event.authorizations.list": {"auth_mismatch", "invalid_event_context"},
    "calls.end": {"inactive_call", "invalid_call_id"},
    "calls.participants.add": {"bad_users", "inactive_call", "invalid_call_id"},
    "calls.participants.remove": {"bad_users", "inactive_call", "invalid_call_id"},
    "calls.update": {"invalid_call_id"},
    "chat.postEphemeral": {"invalid_attachments", "invalid_blocks", "not_in_channel"},
    "chat.postMessage": {"invalid_blocks", "restricted_action"},
    "chat.scheduleMessage": {"invalid_blocks"},
    "chat.unfurl": {"cannot_find_channel", "cannot_find_message", "missing_channel", "missing_ts"},
    "chat.update": {"invalid_attachments", "invalid_blocks"},
    "conversations.archive": {"not_in_channel"},
    "conversations.history": {"not_in_channel"},
    "conversations.list": {"invalid_types"},
    "conversations.rename": {"is_archived"},
    "conversations.replies": {"invalid_ts_latest", "invalid_ts_oldest"},
    "files.remote.info": {"file_not_found"},
    "files.remote.remove": {"file_not_found"},
    "files.remote.share": {"channel_not_found", "file_not_found", "invalid_args", "not_in_channel"},
    "files.remote.update": {"file_not_found"},
    "oauth.access": {
        "bad_client_secret",
        "invalid_client_id",
        "invalid_code",
        "oauth_authorization_url_mismatch",
    },
    "oauth.v2.access": {
        "bad_client_secret",
        "bad_redirect_uri",
        "invalid_client_id",
        "invalid_code",
        "invalid_grant_type",
        "invalid_refresh_token",
    },
    "pins.add": {"not_in_channel", "too_many_pins"},
    "pins.remove": {"channel_not_found", "no_pin"},
    "reactions.add": {"channel_not_found", "is_archived"},
    "reactions.get": {"channel_not_found"},
    "reactions.remove": {"channel_not_found"},
    "reminders.add": {"missing_argument"},
    "search.messages": {"no_query"},
    "team.info": {"team_not_found"},
    "usergroups.create": {"invalid_channel_provided", "missing_subteam_name"},
    "usergroups.users.list": {"no_such_subteam"},
    "usergroups.users.update": {"invalid_users", "no_users_provided"},
    "views.open": {"invalid_trigger_id"},
    "views.publish": {"hash_conflict"},
    "views.push": {"invalid_trigger_id", "not_found"},
    "views.update": {"hash_conflict", "not_found"},
}

# Codes neither lists that the twin answers, each with why.
NAME_RULES = "conversations.create's name rules, whose reference lists these codes"
ARCHIVED = "a write to an archived conversation, as chat.postMessage's reference lists it"
SUBTEAM = "an unknown usergroup id, as usergroups.users.list's reference lists it"
THREAD = "a reply to a thread that is not there, as conversations.replies' reference lists it"
UNLISTED = {
    "admin.conversations.convertToPrivate": {
        "invalid_name_maxlength": NAME_RULES,
        "invalid_name_required": NAME_RULES,
        "invalid_name_specials": NAME_RULES,
    },
    "admin.conversations.create": {
        "invalid_name_maxlength": NAME_RULES,
        "invalid_name_required": NAME_RULES,
        "invalid_name_specials": NAME_RULES,
    },
    "admin.conversations.rename": {
        "invalid_name_required": NAME_RULES,
        "invalid_name_specials": NAME_RULES,
    },
    "admin.conversations.ekm.listOriginalConnectedChannelInfo": {
        "team_not_found": "a team_ids filter naming no team of the org",
    },
    "admin.conversations.setTeams": {"team_not_found": "a target team the org does not have"},
    "admin.teams.list": {"team_not_found": "the org's team lookup shared by admin.teams.*"},
    "admin.users.session.invalidate": {"team_not_found": "a team_id that is not the workspace's"},
    "admin.conversations.invite": {
        "is_archived": ARCHIVED,
        "user_is_deactivated": "a deactivated person, as admin.users.setExpiration's lists it",
    },
    "admin.users.assign": {"user_is_deactivated": "as admin.users.setExpiration's lists it"},
    "admin.users.setOwner": {"user_is_deactivated": "as admin.users.setExpiration's lists it"},
    "admin.users.invite": {"channel_not_found": "a channel_ids entry naming no conversation"},
    "calls.add": {"bad_users": "the participants rule of calls.participants.add, which lists it"},
    "calls.info": {"invalid_call_id": "an unknown call, as calls.update's reference lists it"},
    "chat.postEphemeral": {
        "thread_not_found": THREAD,
        "user_not_found": "a user argument naming nobody",
    },
    "chat.postMessage": {
        "thread_not_found": THREAD,
        "invalid_attachments": "attachments that are not an array, as chat.update lists it",
    },
    "chat.scheduleMessage": {
        "thread_not_found": THREAD,
        "invalid_attachments": "attachments that are not an array, as chat.update lists it",
    },
    "chat.update": {"is_archived": ARCHIVED},
    "conversations.kick": {"is_archived": ARCHIVED},
    "pins.add": {"is_archived": ARCHIVED},
    "conversations.open": {"cannot_dm_user": "an information barrier between the people"},
    "conversations.replies": {
        "not_in_channel": "a bot reading a conversation it is not in, as history's lists it"
    },
    "files.remote.add": {"file_already_exists": "an external_id the app already registered"},
    "files.revokePublicURL": {"not_allowed": "a file someone else shared publicly"},
    "reminders.complete": {"already_complete": "a reminder completed before"},
    "team.profile.get": {"invalid_visibility": "a visibility other than all, visible, hidden"},
    "usergroups.disable": {"no_such_subteam": SUBTEAM},
    "usergroups.enable": {"no_such_subteam": SUBTEAM},
    "usergroups.update": {
        "no_such_subteam": SUBTEAM,
        "invalid_channel_provided": "a channel that is not there, as usergroups.create lists it",
    },
    "usergroups.users.update": {"no_such_subteam": SUBTEAM},
    "users.profile.set": {"cannot_update_email": "a member changing their own email address"},
    "views.publish": {"user_not_found": "a user_id naming nobody"},
}


def documented_errors(method: str) -> set[str]:
    default = operation(method)["responses"].get("default", {}).get("schema", {})
    return set(default.get("properties", {}).get("error", {}).get("enum", []))


def raised_codes(function, seen: set | None = None) -> set[str]:
    """Every code ``function`` can answer with, read from its source: ``SlackError("code")``,
    literal codes handed to a parameter named for an error (``call.require(x, "code")``), and
    those of the twin's functions and ``SlackCall``/``SlackState`` methods it calls."""
    seen = set() if seen is None else seen
    if function in seen or not getattr(function, "__module__", "").startswith("darkfactory"):
        return set()
    seen.add(function)
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError):
        return set()
    module = sys.modules[function.__module__]
    codes: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name) and node.func.id == "SlackError":
            codes |= {a.value for a in node.args[:1] if isinstance(a, ast.Constant)}
            continue
        callee = _callee(node.func, module)
        if callee is None:
            continue
        codes |= raised_codes(callee, seen) | _codes_handed(node, callee)
    return codes


def _callee(func: ast.expr, module):
    if isinstance(func, ast.Name):
        found = getattr(module, func.id, None)
    elif isinstance(func, ast.Attribute):
        owner = getattr(module, func.value.id, None) if isinstance(func.value, ast.Name) else None
        if inspect.ismodule(owner):
            found = getattr(owner, func.attr, None)
        else:
            found = getattr(SlackCall, func.attr, None) or getattr(SlackState, func.attr, None)
            found = found.fget if isinstance(found, property) else found
    else:
        return None
    return found if inspect.isfunction(found) else None


def _codes_handed(node: ast.Call, callee) -> set[str]:
    """Literal strings passed to the callee's parameters named for an error code."""
    names = [p for p in inspect.signature(callee).parameters if p != "self"]
    handed = [(names[i] if i < len(names) else "", a) for i, a in enumerate(node.args)]
    handed += [(k.arg or "", k.value) for k in node.keywords]
    return {
        value.value
        for name, value in handed
        if ("error" in name or name == "missing")
        and isinstance(value, ast.Constant)
        and isinstance(value.value, str)
    }


@pytest.mark.parametrize("method", documented())
def test_every_error_code_a_method_answers_is_listed_by_slack(method):
    raised = raised_codes(METHODS[method].handler)
    listed = documented_errors(method) | COMMON | REFERENCE.get(method, set())
    assert raised - listed == set(UNLISTED.get(method, {}))


def test_the_reading_of_codes_finds_what_a_handler_hands_on():
    """The source reading follows helpers: ``chat.unfurl`` answers ``cannot_find_message`` only
    through a helper it calls, and ``missing_ts`` only as an argument to ``call.require``."""
    assert {"cannot_find_message", "missing_ts"} <= raised_codes(METHODS["chat.unfurl"].handler)
