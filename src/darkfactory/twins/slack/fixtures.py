"""The seeded Slack workspace: a team, its admin, an installed bot, people, the company's people
(with their manager in the Manager profile field), channels and history."""

from __future__ import annotations

import random
from typing import Any

from darkfactory.twins.kit import company
from darkfactory.twins.kit.ids import LOWER_ALNUM, MIXED_ALNUM
from darkfactory.twins.kit.names import FIRST, LAST
from darkfactory.twins.slack.apps import create_app
from darkfactory.twins.slack.methods.team import MANAGER_FIELD
from darkfactory.twins.slack.methods.tooling import issue_config_token
from darkfactory.twins.slack.rate_limits import configure as configure_rate_limits
from darkfactory.twins.slack.state import ADMIN_SCOPES, SLACKBOT, USER_SCOPES, SlackState

CHANNELS = ["general", "random", "it-support", "engineering", "org-finance", "announcements"]
CHATTER = [
    "Morning all!",
    "Has anyone seen the deploy notes?",
    "Standup in 5 minutes",
    "Shipping the fix now",
    "Can someone review my change?",
    "Lunch?",
    "The dashboard looks green again",
    "Welcome aboard!",
    "Thanks, that worked",
    "Moving this to a thread",
]

DEFAULTS = {"users": 12, "channels": 6, "messages": 40, "rate_limits": "off"}


def seed(state: SlackState, options: dict[str, Any]) -> None:
    unknown = sorted(set(options) - set(DEFAULTS))
    if unknown:
        raise ValueError(f"unknown Slack fixture options {unknown}; known: {sorted(DEFAULTS)}")
    sizes = {**DEFAULTS, **options}
    universe = state.universe
    configure_rate_limits(universe.store, str(sizes.pop("rate_limits")))
    rng = random.Random(universe.seed)
    team_id = state.new_id("T")
    state.db.execute(
        "INSERT INTO slack_teams(id, name, domain, email_domain, created) VALUES (?, ?, ?, ?, ?)",
        (team_id, "Darkfactory", "darkfactory", "example.com", state.now()),
    )
    admin = state.create_user(
        "admin",
        "Ada Admin",
        "admin@example.com",
        is_admin=1,
        is_owner=1,
        is_primary_owner=1,
        title="Workspace Owner",
    )
    bot_user = create_app(state, "Factory Bot")["bot_user_id"]
    number = universe.ids.derive("slack.team-number", 12, "0123456789")
    universe.tokens.issue(
        "slack",
        f"xoxp-{number}-{universe.ids.derive('slack.user', 24, MIXED_ALNUM)}",
        admin,
        (*USER_SCOPES, "admin"),
        kind="user",
    )
    universe.tokens.issue(
        "slack",
        f"xoxp-{number}-{universe.ids.derive('slack.org-admin', 24, MIXED_ALNUM)}",
        admin,
        ADMIN_SCOPES,
        kind="org_admin",
    )
    issue_config_token(state, admin)

    taken = {person.handle for person in company.directory(universe)}
    people = [admin]
    for i in range(sizes["users"]):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        handle = f"{first}.{last}".lower() + (f"{i}" if i >= len(FIRST) else "")
        handle = (
            handle
            if handle not in taken
            and not state.db.one("SELECT 1 FROM slack_users WHERE name = ?", (handle,))
            else f"{handle}{universe.ids.derive(f'slack.handle.{i}', 3, LOWER_ALNUM)}"
        )
        people.append(state.create_user(handle, f"{first} {last}", f"{handle}@example.com"))

    names = CHANNELS[: sizes["channels"]] + [
        f"channel-{n:04d}" for n in range(len(CHANNELS), sizes["channels"])
    ]
    channels = []
    for index, name in enumerate(names):
        channel_id = state.create_channel(name, "public", admin, is_general=int(index == 0))
        channels.append(channel_id)
        members = people if index == 0 else rng.sample(people, k=max(2, len(people) // 2))
        for user_id in {admin, *members}:
            state.add_member(channel_id, user_id)
    if channels:
        state.add_member(channels[0], bot_user)
        for _ in range(sizes["messages"]):
            channel_id = rng.choice(channels)
            author = rng.choice(state.members(channel_id))
            state.post(channel_id, author, rng.choice(CHATTER))
    for user_id in _company(state):  # the company's people are all in #general
        if channels:
            state.add_member(channels[0], user_id)
    _channels(state, admin)
    _slackbot(state)


def _slackbot(state: SlackState) -> None:
    """Slackbot, in every workspace: a person to Slack's clients (``is_bot`` false), always
    active, with no email, whom no one signs in as."""
    state.create_user(
        "slackbot",
        "Slackbot",
        None,
        id=SLACKBOT,
        color="757575",
        display_name="Slackbot",
        profile={"first_name": "slackbot", "always_active": True, "fields": None},
    )


def _company(state: SlackState) -> list[str]:
    """Accounts for the company's people (the workspace's own people keep clear of their
    handles); the manager is in each profile's Manager field. Returns their user ids."""
    ids: dict[str, str] = {}
    for person in company.directory(state.universe):
        manager = {"value": ids[person.manager], "alt": ""} if person.manager else None
        ids[person.email] = state.create_user(
            person.handle,
            person.name,
            person.email,
            title=person.title,
            profile={"fields": {MANAGER_FIELD: manager} if manager else {}},
        )
    return list(ids.values())


def _channels(state: SlackState, admin: str) -> None:
    """The company's declared public channels, with their members."""
    for channel in company.collections(state.universe)["channels"]:
        channel_id = state.create_channel(channel["name"], "public", admin)
        for email in {company.ADMIN, *channel.get("members", [])}:
            user = state.db.one("SELECT id FROM slack_users WHERE email = ?", (email,))
            state.add_member(channel_id, user["id"])
