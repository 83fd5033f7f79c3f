"""A URL-encoded body reads, through the Slack twin, as the kit reads it, and a body that breaks
Starlette's limits is refused."""

from __future__ import annotations

import httpx
import pytest

from darkfactory.twins.kit import form_body


def kits(body: bytes) -> dict[str, str]:
    return dict(form_body.parse(body).items())


def post(universe, method: str, body: bytes, token: str) -> dict:
    return httpx.post(
        f"{universe.url}/slack/api/{method}",
        content=body,
        headers={
            "content-type": "application/x-www-form-urlencoded",
            "authorization": f"Bearer {token}",
        },
    ).json()


@pytest.mark.parametrize("fields", [1000, 1001])
def test_a_long_body_is_refused_past_the_limit_of_fields(universe, slack_credentials, fields):
    body = b"&".join([b"channel=C1"] + [b"x=1"] * (fields - 1))
    answer = post(universe, "api.test", body, slack_credentials["bot_token"])
    assert answer["ok"] is (fields <= 1000), answer
    if fields > 1000:
        assert answer["error"] == "invalid_form_data"


@pytest.mark.parametrize(
    "body",
    [
        b"channel=%s&text=caf%C3%A9+au+lait&token=ignored",
        b"channel=%s&&text=two%20words&text=kept",
        b"text=first&channel=%s&text=second",
    ],
)
def test_a_posted_text_reads_as_sent(universe, slack_credentials, general, body):
    answer = post(
        universe,
        "chat.postMessage",
        body.replace(b"%s", general.encode(), 1),
        slack_credentials["bot_token"],
    )
    assert answer["ok"], answer
    assert answer["message"]["text"] == kits(body)["text"]
