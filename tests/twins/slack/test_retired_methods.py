"""Methods Slack has retired answer through slack_sdk as Slack answers them now."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError

from darkfactory.twins.slack import methods  # noqa: F401  (registers the retired families)
from darkfactory.twins.slack.retirement import RETIRED

# Every method of channels.*, groups.*, im.* and mpim.*, by name.
RETIRED_METHODS = [
    "channels.archive",
    "channels.create",
    "channels.history",
    "channels.info",
    "channels.invite",
    "channels.join",
    "channels.kick",
    "channels.leave",
    "channels.list",
    "channels.mark",
    "channels.rename",
    "channels.replies",
    "channels.setPurpose",
    "channels.setTopic",
    "channels.unarchive",
    "groups.archive",
    "groups.create",
    "groups.createChild",
    "groups.history",
    "groups.info",
    "groups.invite",
    "groups.kick",
    "groups.leave",
    "groups.list",
    "groups.mark",
    "groups.open",
    "groups.rename",
    "groups.replies",
    "groups.setPurpose",
    "groups.setTopic",
    "groups.unarchive",
    "im.close",
    "im.history",
    "im.list",
    "im.mark",
    "im.open",
    "im.replies",
    "mpim.close",
    "mpim.history",
    "mpim.list",
    "mpim.mark",
    "mpim.open",
    "mpim.replies",
]

# slack_sdk warns before calling a retired method; the answer is what these tests read.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def refusal(call) -> dict:
    with pytest.raises(SlackApiError) as caught:
        call()
    assert caught.value.response.status_code == 200
    return caught.value.response.data


def test_the_list_names_every_retired_family_method():
    assert [f"{f}.{n}" for f, names in RETIRED.items() for n in names.split()] == RETIRED_METHODS


@pytest.mark.parametrize("method", RETIRED_METHODS)
def test_conversations_antecedents_are_retired(slack_client, method):
    name = method.split(".")[1]
    body = refusal(lambda: slack_client.api_call(method, params={"channel": "C1"}))
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
    assert refusal(lambda: slack_client.rtm_connect())["error"] == "not_allowed_token_type"
    assert refusal(lambda: slack_client.rtm_start())["error"] == "not_allowed_token_type"
    body = refusal(slack_user_client.rtm_connect)
    assert body["error"] == "missing_scope" and body["needed"] == "rtm:stream"
    assert refusal(slack_user_client.rtm_start)["needed"] == "rtm:stream"
