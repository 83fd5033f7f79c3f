"""Notification schemes through both SDKs: the default scheme every project starts with, schemes
made, renamed and deleted by the site administrator with recipients added to and removed from
their events, a project moved to another scheme, and who may see a scheme."""

from __future__ import annotations

import pytest
import requests
from jira import JIRAError

NOT_ADMIN = "You are not authorized to perform this action. Administrator privileges are required."


def refused(attempt) -> tuple[int, dict]:
    with pytest.raises((JIRAError, requests.HTTPError)) as caught:
        attempt()
    return caught.value.response.status_code, caught.value.response.json()


def recipients(scheme: dict, event_id: int) -> list[tuple]:
    (entry,) = [e for e in scheme["notificationSchemeEvents"] if e["event"]["id"] == event_id]
    return [(n["notificationType"], n.get("parameter")) for n in entry["notifications"]]


def test_every_project_starts_with_the_default_scheme(atlassian_cloud):
    scheme = atlassian_cloud.get_notification_scheme_for_project("DEMO")
    assert (
        scheme["name"] == "Default Notification Scheme" and "notificationSchemeEvents" not in scheme
    )
    expanded = atlassian_cloud.get_notification_scheme(scheme["id"], expand="all")
    assert expanded["notificationSchemeEvents"][0]["event"] == {
        "id": 1,
        "name": "Issue created",
        "description": "Event published when an issue is created",
    }
    assert recipients(expanded, 1) == [
        ("CurrentAssignee", None),
        ("Reporter", None),
        ("AllWatchers", None),
    ]
    assert int(atlassian_cloud.get_project("DEMO")["id"]) in expanded["projects"]


def test_a_scheme_with_its_recipients_made_and_assigned(atlassian_cloud, jira_client):
    grace = jira_client.search_users(query="grace")[0].accountId
    made = atlassian_cloud.create_notification_scheme(
        data={
            "name": "Quiet",
            "description": "Only what matters",
            "notificationSchemeEvents": [
                {
                    "event": {"id": "1"},
                    "notifications": [
                        {"notificationType": "Group", "parameter": "developers"},
                        {"notificationType": "User", "parameter": grace},
                    ],
                },
                {"event": {"id": "6"}, "notifications": [{"notificationType": "Reporter"}]},
            ],
        }
    )
    sid = made["id"]
    atlassian_cloud.add_notifications(
        sid,
        data={
            "notificationSchemeEvents": [
                {
                    "event": {"id": "1"},
                    "notifications": [
                        {"notificationType": "EmailAddress", "parameter": "ops@example.com"}
                    ],
                }
            ]
        },
    )
    scheme = atlassian_cloud.get_notification_scheme(sid, expand="notificationSchemeEvents,user")
    assert scheme["name"] == "Quiet" and scheme["projects"] == []
    assert recipients(scheme, 1) == [
        ("Group", "developers"),
        ("User", grace),
        ("EmailAddress", "ops@example.com"),
    ]
    user_entry = scheme["notificationSchemeEvents"][0]["notifications"][1]
    assert (
        user_entry["user"]["accountId"] == grace
        and "group" not in scheme["notificationSchemeEvents"][0]["notifications"][0]
    )
    group_id = scheme["notificationSchemeEvents"][0]["notifications"][0]["id"]
    atlassian_cloud.remove_notification_from_notification_scheme(sid, group_id)
    status, body = refused(
        lambda: atlassian_cloud.remove_notification_from_notification_scheme(sid, group_id)
    )
    assert status == 404
    status, body = refused(
        lambda: atlassian_cloud.add_notifications(
            sid,
            data={
                "notificationSchemeEvents": [
                    {"event": {"id": "6"}, "notifications": [{"notificationType": "Reporter"}]}
                ]
            },
        )
    )
    assert (status, body["errorMessages"]) == (
        400,
        ["The notification 'Reporter' is already set for event '6'."],
    )
    status, body = refused(
        lambda: atlassian_cloud.add_notifications(
            sid,
            data={
                "notificationSchemeEvents": [
                    {"event": {"id": "1"}, "notifications": [{"notificationType": "Anyone"}]}
                ]
            },
        )
    )
    assert (status, body["errorMessages"]) == (
        400,
        ["The notification type 'Anyone' is not valid."],
    )
    atlassian_cloud.update_notification_scheme(sid, data={"name": "Hushed"})

    atlassian_cloud.update_project("OPS", data={"notificationScheme": sid})
    assert atlassian_cloud.get_notification_scheme_for_project("OPS")["name"] == "Hushed"
    ops = atlassian_cloud.get_project("OPS")["id"]
    mappings = atlassian_cloud.get_notification_scheme_to_project_mappings(
        notification_scheme_id=sid
    )
    assert mappings["values"] == [{"notificationSchemeId": sid, "projectId": ops}]
    listed = atlassian_cloud.get_notification_schemes(project_id=ops)
    assert [s["name"] for s in listed["values"]] == ["Hushed"]

    atlassian_cloud.delete_notification_scheme(sid)
    assert atlassian_cloud.get_notification_scheme_for_project("OPS")["name"] == (
        "Default Notification Scheme"
    )
    assert refused(lambda: atlassian_cloud.delete_notification_scheme("10000")) == (
        400,
        {"errorMessages": ["The default notification scheme cannot be deleted."], "errors": {}},
    )


def test_only_the_site_administrator_changes_schemes(atlassian_cloud, atlassian_cloud_for):
    grace = atlassian_cloud_for("grace@example.com")
    attempts = [
        lambda: grace.create_notification_scheme(data={"name": "Mine"}),
        lambda: grace.update_notification_scheme("10000", data={"name": "Mine"}),
        lambda: grace.delete_notification_scheme("10000"),
        lambda: grace.get_notification_scheme_to_project_mappings(),
        lambda: grace.add_notifications(
            "10000",
            data={
                "notificationSchemeEvents": [
                    {"event": {"id": "2"}, "notifications": [{"notificationType": "ProjectLead"}]}
                ]
            },
        ),
    ]
    for attempt in attempts:
        assert refused(attempt) == (403, {"errorMessages": [NOT_ADMIN], "errors": {}})
    assert atlassian_cloud.get_notification_scheme("10000")["name"] == "Default Notification Scheme"
    assert grace.get_notification_schemes()["values"] == [], "grace administers no project"
    assert refused(lambda: grace.get_notification_scheme("10000"))[0] == 404
    assert refused(lambda: grace.get_notification_scheme_for_project("DEMO"))[0] == 403


def test_a_project_administrator_sees_the_scheme_of_the_project(
    atlassian_cloud, atlassian_cloud_for
):
    ops = atlassian_cloud.get_project("OPS")
    lead = next(
        u
        for u in atlassian_cloud.get("rest/api/3/user/search", params={"query": "@example.com"})
        if u["accountId"] == ops["lead"]["accountId"]
    )
    lead_client = atlassian_cloud_for(lead["emailAddress"])
    assert lead_client.get_notification_scheme_for_project("OPS")["id"] == 10000
    assert [s["id"] for s in lead_client.get_notification_schemes()["values"]] == [10000]
    assert refused(lambda: lead_client.create_notification_scheme(data={"name": "x"}))[0] == 403
    quiet = atlassian_cloud.create_notification_scheme(data={"name": "Quiet"})["id"]
    status, body = refused(
        lambda: lead_client.update_project("OPS", data={"notificationScheme": quiet})
    )
    assert (status, body["errorMessages"]) == (403, [NOT_ADMIN])
    assert atlassian_cloud.get_notification_scheme_for_project("OPS")["id"] == 10000
