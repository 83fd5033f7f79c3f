"""Dashboards and gadgets through both SDKs: a dashboard is its owner's, seen by those it is
shared with and changed by its editors; gadgets sit in free cells and carry item properties."""

from __future__ import annotations

import pytest
import requests
from jira import JIRAError

FILTER_RESULTS = "com.atlassian.jira.gadgets:filter-results-gadget"


def status_of(attempt) -> int:
    with pytest.raises((JIRAError, requests.HTTPError)) as caught:
        attempt()
    return caught.value.response.status_code


def test_a_dashboard_with_gadgets_and_item_properties(jira_client, atlassian_jira):
    board = jira_client.create_dashboard("Team", description="Our work")
    assert (board.name, board.isFavourite) == ("Team", True)
    available = [g.moduleKey for g in jira_client.all_dashboard_gadgets()]
    assert FILTER_RESULTS in available
    api = f"rest/api/3/dashboard/{board.id}/gadget"
    first = atlassian_jira.post(api, data={"moduleKey": FILTER_RESULTS, "color": "red"})
    second = jira_client.add_gadget_to_dashboard(
        board.id, uri="https://gadgets.example.com/x.xml", title="External"
    )
    assert (first["title"], first["position"]) == ("Filter Results", {"row": 0, "column": 0})
    assert (second.position.row, second.position.column) == (1, 0)
    jira_client.set_dashboard_item_property(board.id, first["id"], "config", {"filterId": "1"})
    fetched = jira_client.dashboard(board.id)
    assert [g.id for g in fetched.gadgets] == [first["id"], second.id]
    assert fetched.gadgets[0].item_properties[0].value.filterId == "1"

    atlassian_jira.put(f"{api}/{second.id}", data={"position": {"row": 0, "column": 1}})
    gadgets = {g["id"]: g["position"] for g in atlassian_jira.get(api)["gadgets"]}
    assert gadgets[int(second.id)] == {"row": 0, "column": 1}
    taken = {"position": {"row": 0, "column": 0}}
    assert status_of(lambda: atlassian_jira.put(f"{api}/{second.id}", data=taken)) == 400
    for bad in (
        {"color": "blue"},
        {"moduleKey": FILTER_RESULTS, "uri": "https://x"},
        {"moduleKey": "no.such:gadget"},
        {"moduleKey": FILTER_RESULTS, "color": "mauve"},
    ):
        assert status_of(lambda bad=bad: atlassian_jira.post(api, data=bad)) == 400
    atlassian_jira.delete(f"{api}/{second.id}")
    assert [g["id"] for g in atlassian_jira.get(api)["gadgets"]] == [first["id"]]

    copy = jira_client.copy_dashboard(board.id, name="Team copy")
    assert len(jira_client.dashboard_gadgets(copy.id)) == 1
    assert [d.name for d in jira_client.dashboards(filter="my")] == ["Team", "Team copy"]
    found = atlassian_jira.get("rest/api/3/dashboard/search", params={"dashboardName": "copy"})
    assert [d["name"] for d in found["values"]] == ["Team copy"]
    atlassian_jira.delete(f"rest/api/3/dashboard/{copy.id}")
    assert status_of(lambda: jira_client.dashboard(copy.id)) == 404


def test_sharing_and_editing_a_dashboard(
    jira_client, jira_client_for, atlassian_jira, atlassian_jira_for
):
    grace = atlassian_jira_for("grace@example.com")
    grace_id = grace.get("rest/api/3/myself")["accountId"]
    private = jira_client.create_dashboard("Private")
    assert status_of(lambda: grace.get(f"rest/api/3/dashboard/{private.id}")) == 404
    shared = jira_client.create_dashboard(
        "Shared", share_permissions=[{"type": "group", "group": {"name": "jira-software-users"}}]
    )
    seen = grace.get(f"rest/api/3/dashboard/{shared.id}")
    assert seen["sharePermissions"][0]["group"]["name"] == "jira-software-users"
    gadgets = f"rest/api/3/dashboard/{shared.id}/gadget"
    attempt = lambda: grace.post(gadgets, data={"moduleKey": FILTER_RESULTS})  # noqa: E731
    assert status_of(attempt) == 403
    rename = lambda: grace.put(f"rest/api/3/dashboard/{shared.id}", data={"name": "Mine"})  # noqa: E731
    assert status_of(rename) == 403
    atlassian_jira.put(
        f"rest/api/3/dashboard/{shared.id}",
        data={
            "name": "Shared",
            "sharePermissions": [{"type": "loggedin"}],
            "editPermissions": [{"type": "user", "user": {"accountId": grace_id}}],
        },
    )
    added = grace.post(gadgets, data={"moduleKey": FILTER_RESULTS})
    assert added["title"] == "Filter Results"
    assert status_of(lambda: grace.delete(f"rest/api/3/dashboard/{shared.id}")) == 403
    guest = jira_client_for("guest@example.com")
    assert [d.name for d in guest.dashboards()] == []
    assert [d.name for d in jira_client_for("grace@example.com").dashboards()] == ["Shared"]
    assert status_of(lambda: atlassian_jira.post("rest/api/3/dashboard", data={"name": " "})) == 400
