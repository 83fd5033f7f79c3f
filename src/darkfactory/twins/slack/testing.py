"""pytest fixtures: ready ``slack_sdk`` clients for the test universe's Slack twin."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from slack_sdk import WebClient

from darkfactory.twins.kit.sdk import sdk

if TYPE_CHECKING:
    from slack_sdk.web.async_client import AsyncWebClient


@pytest.fixture
def slack_credentials(universe) -> dict:
    return universe.credentials["slack"]


@pytest.fixture
def slack_client(slack_credentials) -> WebClient:
    """A WebClient with the seeded app's bot token (xoxb-)."""
    return WebClient(token=slack_credentials["bot_token"], base_url=slack_credentials["api_url"])


@pytest.fixture
def slack_user_client(slack_credentials) -> WebClient:
    """A WebClient with the workspace owner's user token (xoxp-)."""
    return WebClient(token=slack_credentials["user_token"], base_url=slack_credentials["api_url"])


@pytest.fixture
def async_slack_client(slack_credentials) -> AsyncWebClient:
    return sdk("slack_sdk.web.async_client", "aiohttp").AsyncWebClient(
        token=slack_credentials["bot_token"], base_url=slack_credentials["api_url"]
    )


@pytest.fixture
def slack_token_for(universe):
    """Issue a Slack token for a user with chosen scopes: ``slack_token_for(user_id, scopes)``."""

    def issue(user_id: str, scopes: list[str], kind: str = "user") -> str:
        def grant() -> str:
            with universe.universe.store.transaction():
                token = f"xoxp-test-{universe.universe.ids.token('slack.test-token', 16)}"
                universe.universe.tokens.issue("slack", token, user_id, scopes, kind=kind)
                return token

        return universe.call(grant)

    return issue


@pytest.fixture
def general(slack_client) -> str:
    """The id of #general."""
    return next(c["id"] for c in slack_client.conversations_list()["channels"] if c["is_general"])


@pytest.fixture
def slack_admin_client(slack_credentials) -> WebClient:
    """A WebClient with the org admin's token (admin.* scopes)."""
    return WebClient(token=slack_credentials["admin_token"], base_url=slack_credentials["api_url"])
