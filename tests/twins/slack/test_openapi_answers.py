"""Each served method that Slack's published Web API document describes, called validly through
slack_sdk, answers what the document's 200 schema allows; and each error code a method's handler
can raise is among those the document or Slack's current reference lists for it.
"""

from __future__ import annotations

import gzip
import json
import time
from functools import cache, cached_property
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import jsonschema
import pytest
from slack_sdk import WebClient

from darkfactory.twins.slack import event_context, interactivity
from darkfactory.twins.slack.api import METHODS

DOCUMENT = (
    Path(__file__).resolve().parents[3].parent / "shared" / "vendor-openapi"
) / "slack_web_openapi_v2.json.gz"
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
                return tokens.issue(
                    "slack", f"xoxp-answers-{len(scopes)}", user_id, scopes, kind="user"
                ).token

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


def listing(*ready) -> dict:
    """No arguments: a listing's call, once what it lists has been made."""
    return {}


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
    "reactions.list": lambda w: (w.user, {"user": w.me, "full": _reacted(w) is not None}),
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
    "usergroups.list": lambda w: (w.user, {"include_users": listing(w.usergroup) == {}}),
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
