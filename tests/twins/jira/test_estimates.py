"""Time tracking through the ``jira`` SDK: estimates set on an issue's ``timetracking`` field,
and logging, changing and deleting work moving the remaining estimate as ``adjustEstimate``
says (``auto``, ``new``, ``manual``, ``leave``), each change in the changelog."""

from __future__ import annotations

import pytest
from jira import JIRAError


def tracking(jira_client, key: str) -> dict:
    return jira_client.issue(key, fields="timetracking").raw["fields"]["timetracking"]


def test_logging_work_adjusts_the_remaining_estimate(jira_client):
    issue = jira_client.issue("DEMO-1")
    issue.update(fields={"timetracking": {"originalEstimate": "1d"}})
    assert tracking(jira_client, "DEMO-1") == {
        "originalEstimate": "1d",
        "originalEstimateSeconds": 28800,
        "remainingEstimate": "1d",
        "remainingEstimateSeconds": 28800,
    }
    first = jira_client.add_worklog("DEMO-1", timeSpent="2h")  # auto by default
    assert tracking(jira_client, "DEMO-1")["remainingEstimate"] == "6h"
    jira_client.add_worklog("DEMO-1", timeSpent="1h", adjustEstimate="new", newEstimate="3h")
    assert tracking(jira_client, "DEMO-1")["remainingEstimate"] == "3h"
    jira_client.add_worklog("DEMO-1", timeSpent="4h", adjustEstimate="manual", reduceBy="30m")
    assert tracking(jira_client, "DEMO-1")["remainingEstimate"] == "2h 30m"
    jira_client.add_worklog("DEMO-1", timeSpent="1h", adjustEstimate="leave")
    jira_client.add_worklog("DEMO-1", timeSpent="1d", adjustEstimate="auto")
    after = tracking(jira_client, "DEMO-1")
    assert after["remainingEstimate"] == "0m" and after["remainingEstimateSeconds"] == 0
    assert after["originalEstimate"] == "1d" and after["timeSpent"] == "2d"

    first.update(timeSpent="3h")  # auto: one hour more is one hour less left, and none is left
    first.delete()  # auto: the three hours come back
    assert tracking(jira_client, "DEMO-1")["remainingEstimate"] == "3h"
    estimates = [
        (i.field, i.fromString, i.toString)
        for h in jira_client.issue("DEMO-1", expand="changelog").changelog.histories
        for i in h.items
        if i.field == "timeestimate"
    ]
    assert estimates[:3] == [
        ("timeestimate", None, "28800"),
        ("timeestimate", "28800", "21600"),
        ("timeestimate", "21600", "10800"),
    ]
    assert estimates[-1] == ("timeestimate", "0", "10800")


def test_a_remaining_estimate_given_alone_keeps_the_original(jira_client):
    issue = jira_client.create_issue(
        project="DEMO",
        summary="Estimated",
        issuetype={"name": "Task"},
        timetracking={"originalEstimate": "2d", "remainingEstimate": "1d"},
    )
    issue.update(fields={"timetracking": {"remainingEstimate": "4h"}})
    assert tracking(jira_client, issue.key) == {
        "originalEstimate": "2d",
        "originalEstimateSeconds": 57600,
        "remainingEstimate": "4h",
        "remainingEstimateSeconds": 14400,
    }
    jira_client.add_worklog(issue.key, timeSpent="1h")
    assert tracking(jira_client, issue.key)["remainingEstimate"] == "3h"
    issue.update(update={"timetracking": [{"edit": {"originalEstimate": "3d"}}]})
    after = tracking(jira_client, issue.key)
    assert (after["originalEstimate"], after["remainingEstimate"]) == ("3d", "3h")


def test_work_without_an_estimate_leaves_none(jira_client):
    jira_client.add_worklog("DEMO-2", timeSpent="1h", adjustEstimate="manual", reduceBy="1h")
    assert tracking(jira_client, "DEMO-2") == {"timeSpent": "1h", "timeSpentSeconds": 3600}


@pytest.mark.parametrize(
    ("options", "errors"),
    [
        ({"adjustEstimate": "new"}, {"newEstimate": "You must supply a valid newEstimate."}),
        ({"adjustEstimate": "manual"}, {"reduceBy": "You must supply a valid reduceBy."}),
        (
            {"adjustEstimate": "manual", "reduceBy": "a bit"},
            {"reduceBy": "Invalid time duration entered."},
        ),
    ],
)
def test_an_adjustment_without_its_amount_is_refused(jira_client, options, errors):
    jira_client.issue("DEMO-3").update(fields={"timetracking": {"originalEstimate": "1h"}})
    with pytest.raises(JIRAError) as caught:
        jira_client.add_worklog("DEMO-3", timeSpent="1h", **options)
    assert caught.value.status_code == 400 and caught.value.response.json()["errors"] == errors
    assert jira_client.worklogs("DEMO-3") == [], "nothing is logged"
    assert tracking(jira_client, "DEMO-3")["remainingEstimate"] == "1h"


def test_an_unknown_adjustment_and_a_bad_estimate_are_refused(jira_client, jira_client_for):
    with pytest.raises(JIRAError) as caught:
        jira_client.add_worklog("DEMO-3", timeSpent="1h", adjustEstimate="sometimes")
    assert caught.value.status_code == 400
    with pytest.raises(JIRAError) as caught:
        jira_client.issue("DEMO-3").update(fields={"timetracking": {"originalEstimate": "soon"}})
    assert caught.value.response.json()["errors"] == {
        "timetracking": "Invalid time duration entered."
    }
    with pytest.raises(JIRAError) as caught:
        jira_client_for("guest@example.com").add_worklog(
            "DEMO-3", timeSpent="1h", adjustEstimate="new", newEstimate="1h"
        )
    assert caught.value.status_code == 404


def test_who_may_not_log_work_moves_no_estimate(jira_client, jira_client_for):
    jira_client.issue("DEMO-3").update(fields={"timetracking": {"originalEstimate": "2h"}})
    viewer = jira_client.project_roles("DEMO")["Viewer"]["id"]
    barbara = jira_client.search_users(query="barbara")[0].accountId
    jira_client.project_role("DEMO", viewer).add_user(users=barbara)
    jira_client.remove_user_from_group(barbara, "jira-software-users")
    with pytest.raises(JIRAError) as caught:
        jira_client_for("barbara@example.com").add_worklog(
            "DEMO-3", timeSpent="1h", adjustEstimate="new", newEstimate="0m"
        )
    assert caught.value.status_code == 403
    assert tracking(jira_client, "DEMO-3")["remainingEstimate"] == "2h"
