"""Bad input gets Slack's error answers: never a 500, never a traceback, never changed state."""

from __future__ import annotations

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from darkfactory.twins.slack.api import METHODS

NAMES = sorted(METHODS)
ARGUMENTS = [
    "channel",
    "channel_id",
    "ts",
    "thread_ts",
    "text",
    "blocks",
    "attachments",
    "users",
    "user",
    "name",
    "limit",
    "cursor",
    "oldest",
    "latest",
    "inclusive",
    "timestamp",
    "post_at",
    "presence",
    "profile",
    "types",
    "email",
    "bookmark_id",
    "title",
    "type",
    "link",
    "scheduled_message_id",
    "message_ts",
    "is_private",
    "topic",
    "purpose",
    "value",
    "full",
    "error",
    "team",
    "bot",
    "canvas_id",
    "changes",
    "criteria",
    "document_content",
    "unfurls",
    "id",
    "external_id",
    "code",
    "client_id",
    "client_secret",
    "grant_type",
    "refresh_token",
    "usergroup_id",
    "channel_ids",
    "user_ids",
    "entity_ids",
    "role_id",
    "team_id",
    "session_id",
    "expiration_ts",
    "primary_usergroup_id",
    "barriered_from_usergroup_ids",
    "restricted_subjects",
    "file",
    "query",
    "count",
    "page",
]
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=5,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    method=st.sampled_from(NAMES),
    body=st.dictionaries(st.sampled_from(ARGUMENTS), VALUES, max_size=5),
)
def test_arbitrary_json_arguments_never_break_the_twin(slack_credentials, method, body):
    response = httpx.post(
        f"{slack_credentials['api_url']}{method}",
        json=body,
        headers={"Authorization": f"Bearer {slack_credentials['user_token']}"},
        timeout=10,
    )
    assert response.status_code < 500, (method, body, response.text)
    answer = response.json()
    assert isinstance(answer["ok"], bool)
    if not answer["ok"]:
        assert isinstance(answer["error"], str) and answer["error"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    method=st.sampled_from(NAMES),
    raw=st.binary(max_size=200),
    ctype=st.sampled_from(
        [
            "application/json",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "text/plain",
        ]
    ),
)
def test_malformed_bodies_are_answered(slack_credentials, method, raw, ctype):
    response = httpx.post(
        f"{slack_credentials['api_url']}{method}",
        content=raw,
        headers={
            "Authorization": f"Bearer {slack_credentials['user_token']}",
            "Content-Type": ctype,
        },
        timeout=10,
    )
    assert response.status_code < 500, (method, raw, response.text)
    assert "ok" in response.json()
