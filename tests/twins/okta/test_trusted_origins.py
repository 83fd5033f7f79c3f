"""Trusted origins through the okta SDK: validation, uniqueness, lifecycle, the CORS they grant."""

from __future__ import annotations

import httpx
from okta.models import TrustedOrigin, TrustedOriginWrite
from okta.pagination import PaginationHelper

from darkfactory.twins.okta.testing import send


def origin(name: str, url: str, *scopes: str) -> TrustedOriginWrite:
    return TrustedOriginWrite.from_dict(
        {"name": name, "origin": url, "scopes": [{"type": s} for s in scopes or ("CORS",)]}
    )


def preflight(credentials: dict, from_origin: str) -> httpx.Response:
    return httpx.options(
        f"{credentials['org_url']}/api/v1/users",
        headers={"Origin": from_origin, "Access-Control-Request-Method": "GET"},
    )


async def test_trusted_origin_crud_validation_and_log(okta_client):
    created, _, err = await okta_client.create_trusted_origin(
        origin("Portal", "https://Portal.Example.com", "CORS", "REDIRECT")
    )
    assert err is None and created.id.startswith("tos") and created.status.value == "ACTIVE"
    assert created.origin == "https://portal.example.com"
    assert [s.type.value for s in created.scopes] == ["CORS", "REDIRECT"]

    _, _, err = await okta_client.create_trusted_origin(
        origin("Again", "https://portal.example.com")
    )
    assert err.status == 400 and "already exists" in err.error_causes[0]["errorSummary"]
    _, _, err = await okta_client.create_trusted_origin(origin("Path", "https://x.example/app"))
    assert err.status == 400 and err.error_code == "E0000001"
    _, err = await send(
        okta_client,
        "POST",
        "/api/v1/trustedOrigins",
        {"name": "Odd", "origin": "https://odd.example", "scopes": [{"type": "TELEPORT"}]},
    )
    assert err.status == 400 and err.error_code == "E0000001"

    replacement = TrustedOrigin.from_dict(
        origin("Portal v2", "https://portal.example.com", "REDIRECT").to_dict()
    )
    replaced, _, err = await okta_client.replace_trusted_origin(created.id, replacement)
    assert err is None and replaced.name == "Portal v2"
    listed, _, _ = await okta_client.list_trusted_origins()
    assert [o.id for o in listed] == [created.id]
    assert (await okta_client.delete_trusted_origin(created.id))[-1] is None
    _, _, err = await okta_client.get_trusted_origin(created.id)
    assert err.status == 404 and err.error_code == "E0000007"
    events, _, _ = await okta_client.list_log_events(
        filter='eventType sw "security.trusted_origin"'
    )
    assert [e.event_type.rsplit(".", 1)[1] for e in events] == ["create", "update", "delete"]


async def test_an_active_cors_origin_is_what_browsers_may_call_from(okta_client, okta_credentials):
    site = "https://app.example.com"
    assert "access-control-allow-origin" not in preflight(okta_credentials, site).headers
    created, _, _ = await okta_client.create_trusted_origin(origin("App", site))
    answer = preflight(okta_credentials, site)
    assert answer.status_code == 200 and answer.headers["access-control-allow-origin"] == site
    listed = httpx.get(
        f"{okta_credentials['org_url']}/api/v1/users",
        headers={"Origin": site, "Authorization": f"SSWS {okta_credentials['api_token']}"},
    )
    assert listed.status_code == 200 and listed.headers["access-control-allow-origin"] == site

    deactivated, _, err = await okta_client.deactivate_trusted_origin(created.id)
    assert err is None and deactivated.status.value == "INACTIVE"
    assert "access-control-allow-origin" not in preflight(okta_credentials, site).headers
    await okta_client.activate_trusted_origin(created.id)
    assert preflight(okta_credentials, site).headers["access-control-allow-origin"] == site


async def test_trusted_origins_page_with_link_headers(okta_client):
    for i in range(3):
        await okta_client.create_trusted_origin(origin(f"Site {i}", f"https://s{i}.example.com"))
    first, resp, err = await okta_client.list_trusted_origins(limit=2)
    assert err is None and [o.name for o in first] == ["Site 0", "Site 1"]
    after = PaginationHelper.extract_next_cursor(resp.headers)
    rest, resp, _ = await okta_client.list_trusted_origins(limit=2, after=after)
    assert [o.name for o in rest] == ["Site 2"]
    assert PaginationHelper.extract_next_cursor(resp.headers) is None
