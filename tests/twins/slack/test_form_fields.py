"""A short URL-encoded body is read by the Slack twin itself into the fields the kit's reading
gives, and a body long enough to break Starlette's limits is still read, and refused, by the
kit."""

from __future__ import annotations

import random

import httpx
import pytest

from darkfactory.twins.kit import form_body
from darkfactory.twins.slack.api import SHORT_FORM, form_fields

PIECES = [b"a", b"b", b"=", b"&", b"+", b"%", b"2", b"0", b"C", b"%C3%A9", b"\xc3\xa9", b"\xff"]
PIECES += [b";", b" ", b"%zz", b"%E2%82", b"&&", b"==", b"a=1", b"a=2", b"token=xoxb-1"]


def kits(body: bytes) -> dict[str, str]:
    return dict(form_body.parse(body).items())


def test_random_bodies_read_as_the_kit_reads_them():
    rng = random.Random(7)
    for _ in range(5000):
        body = b"".join(rng.choice(PIECES) for _ in range(rng.randint(0, 14)))
        ours = form_fields(body)
        assert ours == kits(body), body
        assert list(ours) == list(kits(body)), body  # the same order, the last value kept


def test_a_body_just_short_of_the_limit_cannot_break_it():
    # the most fields that are not empty a body shorter than SHORT_FORM can hold
    body = b"&".join([b"x"] * (SHORT_FORM // 2))
    assert len(body) < SHORT_FORM and len([c for c in body.split(b"&") if c]) == 1000
    assert form_fields(body) == kits(body) == {"x": ""}


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
