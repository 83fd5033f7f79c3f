"""System Log through the okta SDK: lifecycle events, filters, ordering and polling."""

from __future__ import annotations

from okta.models import CreateUserRequest
from okta.pagination import PaginationHelper


async def create(client, login: str):
    user, _, err = await client.create_user(
        CreateUserRequest.from_dict(
            {
                "profile": {"login": login, "email": login, "firstName": "Log", "lastName": "Ged"},
                "credentials": {"password": {"value": "Sup3r-Secret!"}},
            }
        )
    )
    assert err is None
    return user


async def test_lifecycle_changes_are_logged_with_okta_event_types(okta_client):
    user = await create(okta_client, "logged@example.com")
    assert (await okta_client.suspend_user(user.id))[-1] is None
    events, _, err = await okta_client.list_log_events(
        filter=f'target.id eq "{user.id}"', since="2000-01-01T00:00:00.000Z"
    )
    assert err is None
    assert [e.event_type for e in events] == [
        "user.lifecycle.create",
        "group.user_membership.add",
        "user.lifecycle.activate",
        "user.lifecycle.suspend",
    ]
    assert events[-1].actor.alternate_id == "admin@example.com"
    assert events[-1].outcome.result == "SUCCESS"
    newest_first, _, _ = await okta_client.list_log_events(
        filter=f'target.id eq "{user.id}"', sort_order="DESCENDING"
    )
    assert newest_first[0].event_type == "user.lifecycle.suspend"
    by_q, _, _ = await okta_client.list_log_events(q="suspend logged@example.com")
    assert [e.uuid for e in by_q] == [events[-1].uuid]


async def test_since_until_window(okta_client, universe):
    universe.call(universe.universe.clock.advance, 7200)
    user = await create(okta_client, "window@example.com")
    events, _, _ = await okta_client.list_log_events(filter='eventType eq "user.lifecycle.create"')
    stamp = events[-1].published
    since = stamp.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    windowed, _, _ = await okta_client.list_log_events(since=since)
    assert windowed and all(user.id in {t.id for t in e.target} for e in windowed)
    empty, _, _ = await okta_client.list_log_events(
        until="2000-01-01T00:00:00.000Z", since="1999-01-01T00:00:00.000Z"
    )
    assert empty == []


async def test_polling_with_after_returns_only_new_events(okta_client):
    _, resp, _ = await okta_client.list_log_events(limit=1000)
    cursor = PaginationHelper.extract_next_cursor(resp.headers)
    assert cursor
    nothing, resp, _ = await okta_client.list_log_events(after=cursor)
    assert nothing == [] and PaginationHelper.extract_next_cursor(resp.headers) == cursor
    await create(okta_client, "poll@example.com")
    fresh, _, _ = await okta_client.list_log_events(after=cursor)
    assert fresh[0].event_type == "user.lifecycle.create"
    assert fresh[0].target[0].alternate_id == "poll@example.com"
