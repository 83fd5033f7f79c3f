"""A Web API answer carries, before its length and type, the scopes of the caller's token and
those its method accepts, written as Starlette writes headers it is given; without a token it
carries neither."""

from __future__ import annotations

import pytest
from starlette.responses import JSONResponse

from darkfactory.twins.kit.tokens import Grant
from darkfactory.twins.slack.api import METHODS, answer

RESULT = {"channel": "C1", "message": {"text": "héllo", "ts": "1.000001", "n": [1, 2.5, None]}}


@pytest.mark.parametrize(
    "scopes",
    [("chat:write", "channels:history"), (), ("admin.users:read", "chat:write.customize")],
)
@pytest.mark.parametrize("method", ["chat.postMessage", "conversations.history", "api.test"])
def test_an_answer_is_what_starlette_writes_with_the_scope_headers(scopes, method):
    grant = Grant("xoxb-1", "slack", "U1", "bot", scopes)
    web_method = METHODS[method]
    expected = JSONResponse(
        {"ok": True, **RESULT},
        headers={
            "x-oauth-scopes": ",".join(scopes),
            "x-accepted-oauth-scopes": ",".join(web_method.scopes),
        },
    )
    for _ in range(2):  # the second from the headers already written
        answered = answer(dict(RESULT), grant, web_method)
        assert answered.raw_headers == expected.raw_headers
        assert answered.body == expected.body
        assert answered.status_code == 200


def test_an_answer_without_a_token_has_no_scope_headers():
    answered = answer(dict(RESULT), None, METHODS["api.test"])
    assert answered.raw_headers == JSONResponse({"ok": True, **RESULT}).raw_headers
    assert [name for name, _ in answered.raw_headers] == [b"content-length", b"content-type"]


def test_answers_share_no_header_list():
    grant = Grant("xoxb-1", "slack", "U1", "bot", ("chat:write",))
    first = answer({}, grant, METHODS["chat.postMessage"])
    first.raw_headers.append((b"x-extra", b"1"))
    second = answer({}, grant, METHODS["chat.postMessage"])
    assert (b"x-extra", b"1") not in second.raw_headers
