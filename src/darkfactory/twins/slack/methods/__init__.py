"""Slack Web API methods, one module per method family; importing registers them all."""

from darkfactory.twins.slack.methods import (
    admin,
    api,
    auth,
    bookmarks,
    bots,
    chat,
    conversations,
    emoji,
    files,
    pins,
    reactions,
    search,
    team,
    usergroups,
    users,
    views,
)

__all__ = [
    "admin",
    "api",
    "auth",
    "bookmarks",
    "bots",
    "chat",
    "conversations",
    "emoji",
    "files",
    "pins",
    "reactions",
    "search",
    "team",
    "usergroups",
    "users",
    "views",
]
