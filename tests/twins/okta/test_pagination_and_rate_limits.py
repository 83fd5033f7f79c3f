"""Link-header pagination consumed by the SDK, rate-limit headers, and a 429 the SDK retries."""

from __future__ import annotations

import time

from okta.pagination import PaginationHelper

from darkfactory.twins.kit.company import directory


async def test_sdk_walks_every_page_through_link_headers(okta_client, universe):
    seen, after = [], None
    while True:
        users, resp, err = await okta_client.list_users(limit=4, after=after)
        assert err is None and len(users) <= 4
        seen += [u.id for u in users]
        after = PaginationHelper.extract_next_cursor(resp.headers)
        if after is None:
            break
    everyone, _, _ = await okta_client.list_users()
    seeded = 2 + 10 + len(directory(universe.universe))  # admin, demo, people, the company
    assert seen == [u.id for u in everyone] and len(seen) == seeded


async def test_every_answer_carries_rate_limit_headers_and_date(okta_client):
    _, resp, _ = await okta_client.list_users(limit=1)
    _, _, err = await okta_client.get_user("00umissing")
    for headers in (resp.headers, err.headers):
        assert int(headers["X-Rate-Limit-Limit"]) > int(headers["X-Rate-Limit-Remaining"]) >= 0
        assert int(headers["X-Rate-Limit-Reset"]) >= int(time.time())
        assert headers["Date"].endswith("GMT")


async def test_sdk_retries_a_429_after_the_reset(okta_client, universe):
    universe.control(
        "POST",
        "/faults",
        json={
            "twin": "okta",
            "operation": "listUsers",
            "kind": "rate_limit",
            "limit": 0,
            "window_s": 1,
            "times": 1,
        },
    )
    started = time.monotonic()
    users, _, err = await okta_client.list_users(limit=2)
    assert err is None and len(users) == 2
    assert time.monotonic() - started >= 1
    assert universe.control("GET", "/faults") == {"faults": []} or not universe.control(
        "GET", "/faults"
    ).get("faults")


async def test_429_body_is_e0000047_when_retries_run_out(okta_client_for, universe):
    universe.control(
        "POST",
        "/faults",
        json={
            "twin": "okta",
            "operation": "getUser",
            "kind": "rate_limit",
            "limit": 0,
            "window_s": 1,
        },
    )
    client = okta_client_for(rateLimit={"maxRetries": 0})
    _, _, err = await client.get_user("admin@example.com")
    assert err.status == 429 and err.error_code == "E0000047"
    assert err.headers["X-Rate-Limit-Remaining"] == "0"
