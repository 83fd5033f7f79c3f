"""Application properties through both SDKs: Jira administrators read and change the site's
settings; nobody else may."""

from __future__ import annotations

import pytest
import requests
from jira import JIRAError


def test_administrators_read_and_change_application_properties(jira_client, atlassian_jira):
    everything = jira_client.application_properties()
    assert {"jira.title", "jira.clone.prefix"} <= {p["key"] for p in everything}
    prefix = jira_client.application_properties(key="jira.clone.prefix")
    assert (prefix["value"], prefix["defaultValue"]) == ("CLONE -", "CLONE -")
    assert jira_client.set_application_property("jira.clone.prefix", "COPY -").status_code == 200
    assert jira_client.application_properties(key="jira.clone.prefix")["value"] == "COPY -"
    options = atlassian_jira.get(
        "rest/api/3/application-properties", params={"keyFilter": r"jira\.option\..*"}
    )
    assert sorted(p["key"] for p in options) == ["jira.option.voting", "jira.option.watching"]
    advanced = atlassian_jira.get("rest/api/3/application-properties/advanced-settings")
    assert "jira.option.voting" not in {p["key"] for p in advanced}
    order = next(p for p in advanced if p["key"] == "jira.issue.actions.order")
    assert order["allowedValues"] == ["asc", "desc"]
    with pytest.raises(requests.HTTPError) as bad:
        atlassian_jira.put(
            "rest/api/3/application-properties/jira.issue.actions.order",
            data={"id": "jira.issue.actions.order", "value": "sideways"},
        )
    assert bad.value.response.status_code == 400
    with pytest.raises(JIRAError) as unknown:
        jira_client.application_properties(key="jira.no.such.thing")
    assert unknown.value.status_code == 404


def test_only_administrators_see_or_change_settings(jira_client_for, jira_client):
    grace = jira_client_for("grace@example.com")
    for attempt in (
        lambda: grace.application_properties(),
        lambda: grace.application_properties(key="jira.title"),
        lambda: grace.set_application_property("jira.title", "Mine"),
    ):
        with pytest.raises(JIRAError) as refused:
            attempt()
        assert refused.value.status_code == 403
    assert jira_client.application_properties(key="jira.title")["value"] == "Jira"
