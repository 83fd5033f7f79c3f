"""App grants through the okta SDK: Okta API scopes consented to for a service app."""

from __future__ import annotations

from okta.models import OAuth2ScopeConsentGrant

from darkfactory.twins.okta.fixtures import ADMIN_PASSWORD
from darkfactory.twins.okta.testing import REDIRECT, oidc_client, send, sign_in


def service_app(credentials: dict) -> str:
    return oidc_client(
        credentials,
        "Sync job",
        {"token_endpoint_auth_method": "client_secret_basic"},
        {"redirect_uris": [REDIRECT], "grant_types": ["authorization_code"]},
    )["client_id"]


def consent(org_url: str, scope: str) -> OAuth2ScopeConsentGrant:
    return OAuth2ScopeConsentGrant.from_dict({"issuer": org_url, "scopeId": scope})


async def test_scopes_are_granted_once_listed_and_revoked(okta_client, okta_credentials):
    org, app_id = okta_credentials["org_url"], service_app(okta_credentials)
    grant, resp, err = await okta_client.grant_consent_to_scope(
        app_id, consent(org, "okta.users.read")
    )
    assert err is None and resp.status_code == 201 and grant.id.startswith("oag")
    assert grant.client_id == app_id and grant.source.value == "ADMIN"
    assert grant.created_by.id == okta_credentials["admin_user_id"]
    _, _, err = await okta_client.grant_consent_to_scope(app_id, consent(org, "okta.users.read"))
    assert err.status == 400 and err.error_code == "E0000001"
    _, _, err = await okta_client.grant_consent_to_scope(app_id, consent(org, "profile"))
    assert err.status == 400
    _, _, err = await okta_client.grant_consent_to_scope(
        app_id, consent("https://elsewhere.example", "okta.groups.read")
    )
    assert err.status == 400

    await okta_client.grant_consent_to_scope(app_id, consent(org, "okta.groups.manage"))
    listed, _, _ = await okta_client.list_scope_consent_grants(app_id)
    assert [g.scope_id for g in listed] == ["okta.users.read", "okta.groups.manage"]
    raw, _ = await send(okta_client, "GET", f"/api/v1/apps/{app_id}/grants/{grant.id}?expand=scope")
    assert raw["_embedded"]["scope"]["id"] == "okta.users.read"
    assert (await okta_client.revoke_scope_consent_grant(app_id, grant.id))[-1] is None
    _, _, err = await okta_client.get_scope_consent_grant(app_id, grant.id)
    assert err.status == 404 and err.error_code == "E0000007"
    events, _, _ = await okta_client.list_log_events(filter='eventType sw "app.oauth2.as.consent"')
    assert [e.event_type for e in events][-1] == "app.oauth2.as.consent.revoke"


async def test_app_grants_refuse_read_only_admins_and_unscoped_tokens(
    okta_client, okta_credentials, okta_client_as
):
    org, app_id = okta_credentials["org_url"], service_app(okta_credentials)
    read_only = okta_client_as(role="READ_ONLY_ADMIN")
    assert (await read_only.list_scope_consent_grants(app_id))[-1] is None
    _, _, err = await read_only.grant_consent_to_scope(app_id, consent(org, "okta.users.read"))
    assert err.status == 403 and err.error_code == "E0000006"
    apps_only = okta_client_as(scopes=["okta.apps.manage"])
    _, _, err = await apps_only.grant_consent_to_scope(app_id, consent(org, "okta.users.read"))
    assert err.status == 403 and err.error_code == "E0000006"


def test_a_user_token_carries_only_the_okta_scopes_granted_to_its_app(okta_credentials):
    """The super admin may do anything, yet a token issued to an app is bounded by the app's
    grants: without one the Okta API scope is left out; with one it is there."""
    scope = "openid okta.users.read"
    login, password = "admin@example.com", ADMIN_PASSWORD
    ungranted = sign_in(okta_credentials, login, password, scope, granted=False)
    assert ungranted["scope"].split() == ["openid"]
    granted = sign_in(okta_credentials, login, password, scope)
    assert sorted(granted["scope"].split()) == ["okta.users.read", "openid"]
