"""Identity providers through the okta SDK, and signing in through one: the Google twin's OIDC.

The sign-in is driven as a browser and a web app would drive it: authlib's OAuth 2.0 client
builds the authorize URL and redeems the code; httpx follows the redirects from Okta to the
Google twin's consent page and back through Okta's callback.
"""

from __future__ import annotations

import httpx
import pytest
from authlib.integrations.httpx_client import OAuth2Client
from okta.models import AddGroupRequest, IdentityProvider, UserIdentityProviderLinkRequest
from tests.twins.google.consenting import answer_consent

from darkfactory.twins.google.fixtures import PASSWORD
from darkfactory.twins.okta.testing import oidc_client, send

SCOPE = "openid email profile"


def oidc_idp(google: dict, name: str = "Workspace", **policy) -> IdentityProvider:
    """A generic OIDC IdP pointed at the universe's Google twin."""
    root = google["root_url"].rstrip("/")
    client = google["oauth_client"]
    return IdentityProvider.from_dict(
        {
            "type": "OIDC",
            "name": name,
            "protocol": {
                "type": "OIDC",
                "endpoints": {
                    "authorization": {"url": f"{root}/o/oauth2/auth", "binding": "HTTP-REDIRECT"},
                    "token": {"url": f"{root}/oauth2/token", "binding": "HTTP-POST"},
                    "userInfo": {"url": f"{root}/v1/userinfo", "binding": "HTTP-REDIRECT"},
                },
                "scopes": ["openid", "email", "profile"],
                "issuer": {"url": "https://accounts.google.com"},
                "credentials": {
                    "client": {
                        "client_id": client["client_id"],
                        "client_secret": client["client_secret"],
                    }
                },
            },
            "policy": {
                "provisioning": {"action": "AUTO", "groups": {"action": "NONE"}},
                "accountLink": {"action": "AUTO"},
                "subject": {
                    "userNameTemplate": {"template": "idpuser.email"},
                    "matchType": "USERNAME",
                },
                "maxClockSkew": 0,
                **policy,
            },
        }
    )


@pytest.fixture
def google(universe) -> dict:
    return universe.credentials["google"]


@pytest.fixture
def web_app(okta_credentials) -> OAuth2Client:
    """A web app of the org, signing its users in with authlib."""
    landing = f"{okta_credentials['org_url']}/landing"
    app = oidc_client(
        okta_credentials,
        "Portal",
        {"token_endpoint_auth_method": "client_secret_basic"},
        {"redirect_uris": [landing], "grant_types": ["authorization_code"]},
    )
    return OAuth2Client(app["client_id"], app["client_secret"], scope=SCOPE, redirect_uri=landing)


def sign_in_through(org_url: str, app: OAuth2Client, idp_id: str, account: str) -> httpx.URL:
    """Follow Okta's redirect to the IdP, sign in as ``account`` and allow on its consent page,
    follow the redirects back through Okta to the app: the URL the app lands on."""
    uri, _ = app.create_authorization_url(f"{org_url}/oauth2/v1/authorize", idp=idp_id)
    with httpx.Client(follow_redirects=True) as browser:
        consent = browser.get(uri)
        assert consent.status_code == 200 and "Sign in" in consent.text
        landed = answer_consent(browser, str(consent.url), account, PASSWORD, "allow")
    return landed.url


async def test_idp_crud_validation_and_lifecycle(okta_client, google):
    created, _, err = await okta_client.create_identity_provider(oidc_idp(google))
    assert err is None and created.id.startswith("0oa") and created.status.value == "ACTIVE"
    assert created.policy.provisioning.action.value == "AUTO"
    assert created.links.authorize.href.startswith(
        created.links.client_redirect_uri.href.removesuffix("/callback") + f"?idp={created.id}"
    )
    _, _, err = await okta_client.create_identity_provider(oidc_idp(google))
    assert err.status == 400 and "already exists" in err.error_causes[0]["errorSummary"]
    bad = oidc_idp(google, "No openid").to_dict()
    bad["protocol"]["scopes"] = ["email"]
    _, _, err = await okta_client.create_identity_provider(IdentityProvider.from_dict(bad))
    assert err.status == 400 and err.error_code == "E0000001"
    bad = oidc_idp(google, "Bad policy").to_dict()
    bad["policy"]["provisioning"]["action"] = "SOMETIMES"  # which the SDK's model would refuse
    _, err = await send(okta_client, "POST", "/api/v1/idps", bad)
    assert err.status == 400 and err.error_code == "E0000001"

    google_idp = IdentityProvider.from_dict(
        {
            "type": "GOOGLE",
            "name": "Google",
            "protocol": {
                "type": "OAUTH2",
                "scopes": ["openid", "email", "profile"],
                "credentials": {"client": {"client_id": "id", "client_secret": "secret"}},
            },
        }
    )
    made, _, err = await okta_client.create_identity_provider(google_idp)
    assert err is None and made.protocol.actual_instance.endpoints.token.url.startswith(
        google["root_url"].rstrip("/")
    )
    listed, _, _ = await okta_client.list_identity_providers(type="GOOGLE")
    assert [i.id for i in listed] == [made.id]

    deactivated, _, err = await okta_client.deactivate_identity_provider(created.id)
    assert err is None and deactivated.status.value == "INACTIVE"
    renamed = oidc_idp(google, "Workspace SSO")
    replaced, _, err = await okta_client.replace_identity_provider(created.id, renamed)
    assert err is None and replaced.name == "Workspace SSO"
    assert (await okta_client.delete_identity_provider(created.id))[-1] is None
    _, _, err = await okta_client.get_identity_provider(created.id)
    assert err.status == 404 and err.error_code == "E0000007"


async def test_signing_in_through_google_provisions_a_user_just_in_time(
    okta_client, okta_credentials, google, web_app
):
    group, _, _ = await okta_client.add_group(
        AddGroupRequest.from_dict({"profile": {"name": "Google people"}})
    )
    idp, _, _ = await okta_client.create_identity_provider(
        oidc_idp(
            google,
            provisioning={
                "action": "AUTO",
                "groups": {"action": "ASSIGN", "assignments": [group.id]},
            },
        )
    )
    org = okta_credentials["org_url"]
    landed = sign_in_through(org, web_app, idp.id, "alice@example.com")
    assert "code=" in landed.query.decode(), landed
    token = web_app.fetch_token(f"{org}/oauth2/v1/token", authorization_response=str(landed))
    claims = web_app.get(f"{org}/oauth2/v1/userinfo").json()
    assert claims["email"] == "alice@example.com" and "id_token" in token

    alice, _, err = await okta_client.get_user("alice@example.com")
    assert err is None and alice.id == claims["sub"] and alice.status.value == "ACTIVE"
    assert (alice.profile.first_name, alice.profile.last_name) == ("Alice", "Lovelace")
    members, _, _ = await okta_client.list_group_users(group.id)
    assert [m.id for m in members] == [alice.id]
    # The SDK's model wants each profile value to be an object, which Okta's IdP profiles
    # (flat claims) are not: read the links as Okta answers them.
    linked, err = await send(okta_client, "GET", f"/api/v1/idps/{idp.id}/users")
    assert err is None and [u["id"] for u in linked] == [alice.id]
    assert linked[0]["profile"]["email"] == "alice@example.com"
    assert linked[0]["_links"]["user"]["href"].endswith(f"/api/v1/users/{alice.id}")
    tokens, _, err = await okta_client.list_social_auth_tokens(idp.id, alice.id)
    assert err is None and tokens[0].token.startswith("ya29.")
    idps, _, _ = await okta_client.list_user_identity_providers(alice.id)
    assert [i.id for i in idps] == [idp.id]

    again = sign_in_through(org, web_app, idp.id, "alice@example.com")
    assert "code=" in again.query.decode()
    users, _, _ = await okta_client.list_users(search='profile.email eq "alice@example.com"')
    assert len(users) == 1  # the second sign-in follows the link


async def test_an_existing_user_is_linked_and_policy_can_refuse(
    okta_client, okta_credentials, google, web_app
):
    org = okta_credentials["org_url"]
    idp, _, _ = await okta_client.create_identity_provider(oidc_idp(google))
    admin, _, _ = await okta_client.get_user("admin@example.com")
    landed = sign_in_through(org, web_app, idp.id, "admin@example.com")
    web_app.fetch_token(f"{org}/oauth2/v1/token", authorization_response=str(landed))
    assert web_app.get(f"{org}/oauth2/v1/userinfo").json()["sub"] == admin.id
    link, err = await send(okta_client, "GET", f"/api/v1/idps/{idp.id}/users/{admin.id}")
    assert err is None and link["externalId"] and link["profile"]["email"] == "admin@example.com"
    assert (await okta_client.unlink_user_from_identity_provider(idp.id, admin.id))[-1] is None
    _, _, err = await okta_client.get_identity_provider_application_user(idp.id, admin.id)
    assert err.status == 404

    strict, _, _ = await okta_client.create_identity_provider(
        oidc_idp(
            google,
            "Strict",
            provisioning={"action": "DISABLED"},
            accountLink={"action": "DISABLED"},
        )
    )
    refused = sign_in_through(org, web_app, strict.id, "carol@example.com")
    assert "error=access_denied" in refused.query.decode()
    assert (await okta_client.get_user("carol@example.com"))[-1].status == 404
    refused = sign_in_through(org, web_app, strict.id, "admin@example.com")
    assert "error=access_denied" in refused.query.decode()

    linked, _, err = await okta_client.link_user_to_identity_provider(
        strict.id, admin.id, UserIdentityProviderLinkRequest(external_id="google-sub-1")
    )
    assert err is None and linked.external_id == "google-sub-1"


async def test_idps_refuse_read_only_admins_and_tokens_without_the_scope(
    okta_client, okta_client_as, google
):
    idp, _, _ = await okta_client.create_identity_provider(oidc_idp(google))
    admin, _, _ = await okta_client.get_user("admin@example.com")
    read_only = okta_client_as(role="READ_ONLY_ADMIN")
    assert (await read_only.get_identity_provider(idp.id))[-1] is None
    _, _, err = await read_only.create_identity_provider(oidc_idp(google, "Other"))
    assert err.status == 403 and err.error_code == "E0000006"
    _, _, err = await read_only.deactivate_identity_provider(idp.id)
    assert err.status == 403
    _, _, err = await read_only.link_user_to_identity_provider(
        idp.id, admin.id, UserIdentityProviderLinkRequest(external_id="x")
    )
    assert err.status == 403 and err.error_code == "E0000006"

    users_only = okta_client_as(scopes=["okta.users.manage"])
    _, _, err = await users_only.list_identity_providers()
    assert err.status == 403 and err.error_code == "E0000006"
    reader = okta_client_as(scopes=["okta.idps.read"])
    assert (await reader.list_identity_provider_application_users(idp.id))[-1] is None
    _, err = await reader.delete_identity_provider(idp.id)
    assert err.status == 403


async def test_a_google_idp_signs_users_in_through_the_universes_google(
    okta_client, okta_credentials, google, web_app
):
    client = google["oauth_client"]
    idp, _, err = await okta_client.create_identity_provider(
        IdentityProvider.from_dict(
            {
                "type": "GOOGLE",
                "name": "Google",
                "protocol": {
                    "type": "OAUTH2",
                    "scopes": ["openid", "email", "profile"],
                    "credentials": {
                        "client": {
                            "client_id": client["client_id"],
                            "client_secret": client["client_secret"],
                        }
                    },
                },
            }
        )
    )
    assert err is None
    org = okta_credentials["org_url"]
    landed = sign_in_through(org, web_app, idp.id, "bob@example.com")
    web_app.fetch_token(f"{org}/oauth2/v1/token", authorization_response=str(landed))
    assert web_app.get(f"{org}/oauth2/v1/userinfo").json()["email"] == "bob@example.com"

    await okta_client.deactivate_identity_provider(idp.id)
    uri, _ = web_app.create_authorization_url(f"{org}/oauth2/v1/authorize", idp=idp.id)
    refused = httpx.get(uri)
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_request"


async def test_a_sign_in_left_waiting_at_the_idp_expires(
    okta_client, okta_credentials, google, web_app, universe
):
    idp, _, _ = await okta_client.create_identity_provider(oidc_idp(google))
    org = okta_credentials["org_url"]
    uri, _ = web_app.create_authorization_url(f"{org}/oauth2/v1/authorize", idp=idp.id)
    with httpx.Client(follow_redirects=True) as browser:
        consent = browser.get(uri)
        universe.call(universe.universe.clock.advance, 601)
        late = answer_consent(browser, str(consent.url), "alice@example.com", PASSWORD, "allow")
    assert late.status_code == 400 and late.json()["error"] == "invalid_request"
    assert (await okta_client.get_user("alice@example.com"))[-1].status == 404
