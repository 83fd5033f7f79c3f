"""URL-encoded bodies read in one step give what Starlette's streaming parser gives."""

from __future__ import annotations

import asyncio
import random

import pytest
from starlette.formparsers import MultiPartException
from starlette.requests import Request

from darkfactory.twins.kit import form_body

PIECES = [b"a", b"b", b"=", b"&", b"+", b"%", b"2", b"0", b"C", b"%C3%A9", b"\xc3\xa9", b"\xff"]
PIECES += [b";", b" ", b"%zz", b"%E2%82", b"&&", b"=="]


def starlette_form(body: bytes) -> list[tuple[str, str]]:
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/",
        "query_string": b"",
        "headers": [(b"content-type", b"application/x-www-form-urlencoded")],
    }

    async def receive() -> dict:
        return {"type": "http.request", "body": body, "more_body": False}

    async def read() -> list[tuple[str, str]]:
        return list((await Request(scope, receive).form()).multi_items())

    return asyncio.run(read())


def test_random_bodies_read_as_starlette_reads_them():
    rng = random.Random(23)
    only_split = 0  # bodies with nothing to undo, whose fields are only split
    for _ in range(3000):
        body = b"".join(rng.choice(PIECES) for _ in range(rng.randint(0, 14)))
        assert list(form_body.parse(body).multi_items()) == starlette_form(body), body
        only_split += b"%" not in body and b"+" not in body
    assert 300 < only_split < 2700


@pytest.mark.parametrize(
    "body",
    [b"x=1&" * 1001, b"big=" + b"x" * (1024 * 1024 + 1)],
    ids=["too many fields", "too big a field"],
)
def test_bodies_past_starlettes_limits_are_refused_with_its_message(body):
    with pytest.raises(MultiPartException) as theirs:
        starlette_form(body)
    with pytest.raises(ValueError) as ours:
        form_body.parse(body)
    assert str(ours.value) == theirs.value.message


def test_bodies_at_the_limits_are_read():
    body = b"x=1&" * 999 + b"y=" + b"x" * (1024 * 1024 - 1)
    fields = form_body.parse(body)
    assert len(fields.getlist("x")) == 999 and len(fields["y"]) == 1024 * 1024 - 1
    assert list(fields.multi_items()) == starlette_form(body)
