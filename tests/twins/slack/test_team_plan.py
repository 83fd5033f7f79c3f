"""team.billing.info and team.preferences.list through slack_sdk, with their scopes."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError


def test_plan_and_preferences(slack_client, slack_user_client):
    assert slack_client.team_billing_info()["plan"] == "enterprise"
    prefs = slack_user_client.team_preferences_list()
    assert prefs["msg_edit_window_mins"] == -1
    assert prefs["who_can_post_general"] == "everyone"
    assert "allow_message_deletion" not in prefs.data


@pytest.mark.parametrize(
    ("method", "scope"),
    [
        ("team_billing_info", "team.billing:read"),
        ("team_preferences_list", "team.preferences:read"),
    ],
)
def test_plan_and_preferences_need_their_scopes(slack_credentials, slack_token_for, method, scope):
    token = slack_token_for(slack_credentials["admin_user_id"], ["team:read"])
    client = WebClient(token=token, base_url=slack_credentials["api_url"])
    with pytest.raises(SlackApiError) as refused:
        getattr(client, method)()
    assert refused.value.response["error"] == "missing_scope"
    assert refused.value.response["needed"] == scope
