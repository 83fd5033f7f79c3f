"""pytest fixtures: ready ``jira.JIRA`` (REST v3), ``atlassian.Jira`` (cloud) and
``atlassian.JiraCloud`` (REST v3) clients for the test universe's Jira twin, as its administrator
or as any seeded user."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from darkfactory.twins.kit.sdk import sdk

if TYPE_CHECKING:
    from atlassian import Jira, JiraCloud
    from jira import JIRA


@pytest.fixture
def jira_credentials(universe) -> dict:
    return universe.credentials["jira"]


@pytest.fixture
def jira_token_for(universe, jira_credentials):
    """``jira_token_for(email)``: the API token of the user with that email (seeded users have
    one in the credentials; anyone else gets a fresh one)."""

    def token(email: str) -> str:
        if email in jira_credentials["users"]:
            return jira_credentials["users"][email]
        return universe.call(universe.universe.twins["jira"].state.issue_api_token, email)

    return token


@pytest.fixture
def jira_client_for(jira_credentials, jira_token_for):
    """``jira_client_for(email=None, **options)``: a ``jira.JIRA`` speaking REST v3."""

    jira = sdk("jira", "jira")

    def build(email: str | None = None, max_retries: int = 3, **options) -> JIRA:
        token = jira_token_for(email) if email else jira_credentials["api_token"]
        return jira.JIRA(
            server=jira_credentials["url"],
            basic_auth=(email or jira_credentials["email"], token),
            options={"rest_api_version": "3", **options},
            max_retries=max_retries,
        )

    return build


@pytest.fixture
def jira_client(jira_client_for) -> JIRA:
    """A ``jira.JIRA`` client (REST v3) as the site administrator."""
    return jira_client_for()


@pytest.fixture
def atlassian_jira_for(jira_credentials, jira_token_for):
    """``atlassian_jira_for(email=None)``: an ``atlassian.Jira`` client with ``cloud=True``."""

    atlassian = sdk("atlassian", "atlassian-python-api")

    def build(email: str | None = None, **options) -> Jira:
        token = jira_token_for(email) if email else jira_credentials["api_token"]
        return atlassian.Jira(
            url=jira_credentials["url"],
            username=email or jira_credentials["email"],
            password=token,
            cloud=True,
            **options,
        )

    return build


@pytest.fixture
def atlassian_jira(atlassian_jira_for) -> Jira:
    """An ``atlassian.Jira`` client (cloud) as the site administrator."""
    return atlassian_jira_for()


@pytest.fixture
def atlassian_cloud_for(jira_credentials, jira_token_for):
    """``atlassian_cloud_for(email=None)``: an ``atlassian.JiraCloud`` client (REST v3)."""

    atlassian = sdk("atlassian", "atlassian-python-api")

    def build(email: str | None = None) -> JiraCloud:
        token = jira_token_for(email) if email else jira_credentials["api_token"]
        return atlassian.JiraCloud(
            url=jira_credentials["url"],
            username=email or jira_credentials["email"],
            password=token,
        )

    return build


@pytest.fixture
def atlassian_cloud(atlassian_cloud_for) -> JiraCloud:
    """An ``atlassian.JiraCloud`` client (REST v3) as the site administrator."""
    return atlassian_cloud_for()
