"""What the Jira twin keeps between requests (the field catalog, who may browse which project)
follows every change at once: a member taken out of a group, a scheme's grant removed, a write
rolled back, a snapshot restored, a custom field made. Searches run on a worker thread, each in
a snapshot of its own, and see the same."""

from __future__ import annotations

import pytest
from jira import JIRAError
from tests.sql import full_scans, statements

from darkfactory.twins.jira.records import STAMP

JQL = "project = DEMO ORDER BY key ASC"
HIDDEN = ["Issue does not exist or you do not have permission to see it."]


def found(client) -> list[str]:
    answer = client.enhanced_search_issues(JQL, fields="summary", json_result=True)
    return [issue["key"] for issue in answer["issues"]]


def hidden(client, key: str) -> bool:
    with pytest.raises(JIRAError) as caught:
        client.issue(key)
    return caught.value.status_code == 404 and caught.value.response.json()["errorMessages"] == (
        HIDDEN
    )


def test_a_member_taken_out_of_the_group_loses_the_project_on_the_next_call(
    jira_client, jira_client_for
):
    grace = jira_client_for("grace@example.com")
    assert grace.issue("DEMO-1").key == "DEMO-1"
    assert "DEMO-1" in found(grace)
    account = jira_client.search_users(query="grace")[0].accountId
    jira_client.remove_user_from_group(account, "jira-software-users")
    assert hidden(grace, "DEMO-1")
    with pytest.raises(JIRAError) as caught:
        found(grace)
    assert caught.value.response.json()["errorMessages"] == [
        "Error in the JQL Query: The value 'DEMO' does not exist for the field 'project'."
    ]
    jira_client.add_user_to_group(account, "jira-software-users")
    assert grace.issue("DEMO-1").key == "DEMO-1"
    assert "DEMO-1" in found(grace)


def test_a_grant_removed_from_the_scheme_is_refused_at_once(universe, jira_client_for):
    grace = jira_client_for("grace@example.com")
    assert "DEMO-1" in found(grace)
    state = universe.universe.twins["jira"].state
    scheme_id = universe.call(lambda: state.project("DEMO")["permissionScheme"])

    def without_browse() -> None:
        with universe.universe.store.transaction():
            scheme = state.permission_scheme(scheme_id)
            for grant in list(scheme["permissions"]):
                if grant["permission"] == "BROWSE_PROJECTS":
                    state.remove_grant(scheme, grant["id"])
                    scheme = state.permission_scheme(scheme_id)

    universe.call(without_browse)
    assert hidden(grace, "DEMO-1")
    assert hidden(jira_client_for(), "DEMO-1")  # the administrator too needs the grant


def test_a_rolled_back_write_leaves_nothing_of_itself_kept(universe, jira_client_for):
    grace = jira_client_for("grace@example.com")
    state = universe.universe.twins["jira"].state
    store = universe.universe.store

    def taken_out_then_rolled_back() -> tuple[bool, bool, str, str]:
        account = state.find_user("grace@example.com")["accountId"]
        demo = state.project("DEMO")
        before = store.setting(STAMP)
        with pytest.raises(RuntimeError), store.transaction():
            state.remove_from_group(state.group_named("jira-software-users")["groupId"], account)
            inside = state.may(account, "BROWSE_PROJECTS", demo)
            raise RuntimeError("roll back")
        return inside, state.may(account, "BROWSE_PROJECTS", demo), before, store.setting(STAMP)

    inside, after, before, restored = universe.call(taken_out_then_rolled_back)
    assert (inside, after) == (False, True)
    assert restored == before
    assert grace.issue("DEMO-1").key == "DEMO-1"
    assert "DEMO-1" in found(grace)


def test_a_restored_snapshot_brings_back_its_catalog_and_permissions(
    universe, jira_client, jira_client_for, atlassian_jira
):
    grace = jira_client_for("grace@example.com")
    snapshot = universe.control("POST", "/snapshots")["id"]
    field = atlassian_jira.create_custom_field(
        "Team size", "com.atlassian.jira.plugin.system.customfieldtypes:float"
    )
    assert field["id"] in jira_client.issue("DEMO-1").raw["fields"]
    account = jira_client.search_users(query="grace")[0].accountId
    jira_client.remove_user_from_group(account, "jira-software-users")
    assert hidden(grace, "DEMO-1")
    universe.control("POST", f"/snapshots/{snapshot}/restore")
    assert field["id"] not in jira_client.issue("DEMO-1").raw["fields"]
    assert grace.issue("DEMO-1").key == "DEMO-1"
    assert "DEMO-1" in found(grace)


def test_a_deactivated_account_is_refused_on_its_next_call(universe, jira_client_for):
    grace = jira_client_for("grace@example.com", max_retries=0)
    assert grace.issue("DEMO-1").key == "DEMO-1"
    state = universe.universe.twins["jira"].state

    def deactivate() -> None:
        with universe.universe.store.transaction():
            state.set_active(state.find_user("grace@example.com")["accountId"], False)

    universe.call(deactivate)
    with pytest.raises(JIRAError) as caught:
        grace.issue("DEMO-1")
    assert caught.value.status_code == 401


CATALOG_READS = ("'user'", "'group'", "'project'", "'permscheme'", "'field'", "'status'")


def catalog_reads(ran: list[str]) -> list[str]:
    return [
        s for s in ran if "jira_records" in s and any(f"kind = {k}" in s for k in CATALOG_READS)
    ]


def test_repeated_calls_read_no_catalog_record_again(universe, jira_client):
    jira_client.issue("DEMO-1")
    found(jira_client)
    with statements(universe) as ran:
        assert jira_client.issue("DEMO-1").key == "DEMO-1"
        assert "DEMO-1" in found(jira_client)
    assert catalog_reads(ran) == []
    activity = [s for s in ran if "kind IN ('comment', 'worklog', 'attachment')" in s]
    assert len(activity) == 1  # comments, worklogs and attachments in one statement
    assert full_scans(universe, activity, {"jira_records"}) == {}
    jira_client.create_issue(project="DEMO", summary="Fresh", issuetype={"name": "Task"})
    with statements(universe) as ran:
        jira_client.issue("DEMO-1")
    assert catalog_reads(ran)  # creating an issue moved the project's counter: read again
