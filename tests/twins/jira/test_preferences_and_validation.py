"""The caller's preferences and locale, kept per user; and project key and name validation with
the usable key or name Jira derives."""

from __future__ import annotations

import pytest
import requests


def test_preferences_are_each_users_own(atlassian_jira, atlassian_jira_for):
    prefs = "rest/api/3/mypreferences"
    atlassian_jira.put(prefs, params={"key": "view.mode"}, data="compact")
    assert atlassian_jira.get(prefs, params={"key": "view.mode"}) == "compact"
    grace = atlassian_jira_for("grace@example.com")
    with pytest.raises(requests.HTTPError) as unset:
        grace.get(prefs, params={"key": "view.mode"})
    assert unset.value.response.status_code == 404
    atlassian_jira.delete(prefs, params={"key": "view.mode"})
    with pytest.raises(requests.HTTPError) as removed:
        atlassian_jira.get(prefs, params={"key": "view.mode"})
    assert removed.value.response.status_code == 404
    with pytest.raises(requests.HTTPError) as keyless:
        atlassian_jira.get(prefs)
    assert keyless.value.response.status_code == 400

    assert atlassian_jira.get(f"{prefs}/locale") == {"locale": "en_US"}
    atlassian_jira.put(f"{prefs}/locale", data={"locale": "de_DE"})
    assert atlassian_jira.get(f"{prefs}/locale") == {"locale": "de_DE"}
    assert atlassian_jira.get(prefs, params={"key": "jira.user.locale"}) == "de_DE"
    assert grace.get(f"{prefs}/locale") == {"locale": "en_US"}


def test_project_keys_and_names_are_validated(atlassian_jira):
    validate = "rest/api/3/projectvalidate"
    assert atlassian_jira.get(f"{validate}/key", params={"key": "NEWKEY"})["errors"] == {}
    taken = atlassian_jira.get(f"{validate}/key", params={"key": "DEMO"})
    assert taken["errors"] == {"projectKey": "Project 'DEMO' uses this project key."}
    malformed = atlassian_jira.get(f"{validate}/key", params={"key": "1abc"})
    assert "projectKey" in malformed["errors"]
    assert atlassian_jira.get(f"{validate}/validProjectKey", params={"key": "NEWKEY"}) == "NEWKEY"
    assert atlassian_jira.get(f"{validate}/validProjectKey", params={"key": "demo"}) == "DEMO1"
    name = atlassian_jira.get("rest/api/3/project/DEMO")["name"]
    assert atlassian_jira.get(f"{validate}/validProjectName", params={"name": "Fresh"}) == "Fresh"
    assert atlassian_jira.get(f"{validate}/validProjectName", params={"name": name}) == f"{name} 1"
    with pytest.raises(requests.HTTPError) as nameless:
        atlassian_jira.get(f"{validate}/validProjectName")
    assert nameless.value.response.status_code == 404
