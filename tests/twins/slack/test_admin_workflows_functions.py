"""admin.functions.* and admin.workflows.* over the functions and workflows apps declare in
their manifests, through slack_sdk."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from tests.twins.slack.refusals import error_of

MANIFEST = {
    "display_information": {"name": "Time Off"},
    "functions": {
        "approve_request": {
            "title": "Approve a request",
            "description": "Asks a manager",
            "input_parameters": {
                "properties": {"employee": {"type": "slack#/types/user_id", "title": "Employee"}},
                "required": ["employee"],
            },
            "output_parameters": {"properties": {"approved": {"type": "boolean"}}},
        }
    },
    "workflows": {
        "request_time_off": {
            "title": "Request time off",
            "description": "Ask for a day away",
            "steps": [{"function_id": "#/functions/approve_request", "inputs": {}}],
        },
        "report_sick": {"title": "Report sick", "description": "Stay home"},
    },
}


@pytest.fixture
def app_id(slack_credentials) -> str:
    config = WebClient(
        token=slack_credentials["config_token"], base_url=slack_credentials["api_url"]
    )
    return config.apps_manifest_create(manifest=MANIFEST)["app_id"]


def test_functions_and_who_may_use_them(app_id, slack_admin_client, slack_client):
    admin = slack_admin_client
    listed = admin.admin_functions_list(app_ids=[app_id])["functions"]
    assert [f["callback_id"] for f in listed] == ["approve_request"]
    function = listed[0]
    assert function["id"].startswith("Fn") and function["title"] == "Approve a request"
    assert function["input_parameters"][0]["name"] == "employee"
    assert function["input_parameters"][0]["is_required"] is True
    assert admin.admin_functions_list(app_ids=["A0OTHER"])["functions"] == []

    looked = admin.admin_functions_permissions_lookup(function_ids=[function["id"]])
    assert looked["permissions"][function["id"]]["distribution_type"] == "app_collaborators"
    person = next(m["id"] for m in slack_client.users_list()["members"] if not m["is_bot"])
    admin.admin_functions_permissions_set(
        function_id=function["id"], visibility="named_entities", user_ids=[person]
    )
    looked = admin.admin_functions_permissions_lookup(function_ids=[function["id"]])
    assert looked["permissions"][function["id"]] == {
        "distribution_type": "named_entities",
        "users": [{"user_id": person}],
    }
    assert (
        error_of(admin.admin_functions_permissions_set, function_id=function["id"], visibility="x")
        == "invalid_visibility"
    )
    assert (
        error_of(admin.admin_functions_permissions_lookup, function_ids=["Fn0NOPE"])
        == "function_not_found"
    )


def test_workflows_collaborators_and_unpublishing(
    app_id, slack_admin_client, slack_client, slack_credentials
):
    admin = slack_admin_client
    found = admin.admin_workflows_search(app_id=app_id)
    assert found["total_found"] == 2
    flows = {w["callback_id"]: w for w in found["workflows"]}
    time_off = flows["request_time_off"]
    assert time_off["is_published"] is True
    assert time_off["collaborators"] == [slack_credentials["admin_user_id"]]
    assert time_off["steps"][0]["function_id"] == "#/functions/approve_request"
    sick = admin.admin_workflows_search(query="sick")["workflows"]
    assert [w["id"] for w in sick] == [flows["report_sick"]["id"]]

    person = next(
        m["id"]
        for m in slack_client.users_list()["members"]
        if not m["is_bot"] and not m["is_admin"]
    )
    admin.admin_workflows_collaborators_add(
        workflow_ids=[time_off["id"]], collaborator_ids=[person]
    )
    mine = admin.admin_workflows_search(collaborator_ids=[person])["workflows"]
    assert [w["id"] for w in mine] == [time_off["id"]]
    looked = admin.admin_workflows_permissions_lookup(workflow_ids=[time_off["id"]])
    assert looked["permissions"][time_off["id"]]["complete"] is True
    admin.admin_workflows_collaborators_remove(
        workflow_ids=[time_off["id"]], collaborator_ids=[person]
    )
    assert admin.admin_workflows_search(collaborator_ids=[person])["workflows"] == []

    admin.admin_workflows_unpublish(workflow_ids=[flows["report_sick"]["id"]])
    published = admin.admin_workflows_search(app_id=app_id)["workflows"]
    assert [w["callback_id"] for w in published] == ["request_time_off"]
    unpublished = admin.admin_workflows_search(app_id=app_id, publish_status="unpublished")
    assert [w["callback_id"] for w in unpublished["workflows"]] == ["report_sick"]
    assert error_of(admin.admin_workflows_unpublish, workflow_ids=["Wf0NOPE"]) == (
        "invalid_workflow_ids"
    )


def test_workflow_admin_needs_scopes_and_an_admin(slack_client, slack_credentials, slack_token_for):
    user = WebClient(token=slack_credentials["user_token"], base_url=slack_credentials["api_url"])
    assert error_of(user.admin_workflows_search) == "missing_scope"
    person = next(
        m for m in slack_client.users_list()["members"] if not m["is_bot"] and not m["is_admin"]
    )
    token = slack_token_for(person["id"], ["admin.workflows:read"])
    client = WebClient(token=token, base_url=slack_credentials["api_url"])
    assert error_of(client.admin_functions_list, app_ids=["A1"]) == "not_an_admin"
