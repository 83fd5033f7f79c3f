"""Methods Slack has retired answer through slack_sdk as Slack answers them now."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError

from darkfactory.twins.slack.methods.retired import RETIRED

# slack_sdk warns before calling a retired method; the answer is what these tests read.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def refusal(call) -> dict:
    with pytest.raises(SlackApiError) as caught:
        call()
    assert caught.value.response.status_code == 200
    return caught.value.response.data


@pytest.mark.parametrize(
    ("family", "name"), [(f, n) for f, names in RETIRED.items() for n in names.split()]
)
def test_conversations_antecedents_are_retired(slack_client, family, name):
    body = refusal(lambda: slack_client.api_call(f"{family}.{name}", params={"channel": "C1"}))
    assert body["error"] == "method_deprecated"
    successor = "conversations.create" if name == "createChild" else f"conversations.{name}"
    assert f"Please use {successor} instead" in body["response_metadata"]["messages"][0]


def test_the_sdk_wrappers_of_retired_methods_see_the_same(slack_client, slack_user_client):
    assert refusal(slack_client.channels_list)["error"] == "method_deprecated"
    assert refusal(lambda: slack_user_client.im_open(user="U1"))["error"] == "method_deprecated"


def test_retired_methods_still_want_a_valid_token(slack_credentials):
    from slack_sdk import WebClient

    stranger = WebClient(token="xoxb-not-a-token", base_url=slack_credentials["api_url"])
    assert refusal(stranger.channels_list)["error"] == "invalid_auth"


def test_files_upload_v1_is_retired_and_stores_nothing(slack_client, general):
    body = refusal(
        lambda: slack_client.files_upload(content="hello", filename="a.txt", channels=general)
    )
    assert body == {"ok": False, "error": "method_deprecated"}
    assert all(f["name"] != "a.txt" for f in slack_client.files_list()["files"])


def test_rtm_refuses_current_apps_tokens(slack_client, slack_user_client):
    for connect in (slack_client.rtm_connect, slack_client.rtm_start):
        assert refusal(connect)["error"] == "not_allowed_token_type"
    body = refusal(slack_user_client.rtm_connect)
    assert body["error"] == "missing_scope" and body["needed"] == "rtm:stream"
    assert refusal(slack_user_client.rtm_start)["needed"] == "rtm:stream"
