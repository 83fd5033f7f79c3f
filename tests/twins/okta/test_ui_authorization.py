"""The admin console shows authorization servers with their scopes, claims and access
policies, and the org's policies with their rules (headless Chromium)."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.browser


def test_console_shows_servers_and_policies(okta_credentials, universe, browser_page):
    api = httpx.Client(
        base_url=f"{okta_credentials['org_url']}/api/v1",
        headers={"Authorization": f"SSWS {okta_credentials['api_token']}"},
    )
    server = api.post(
        "/authorizationServers", json={"name": "Billing", "audiences": ["api://billing"]}
    ).json()["id"]
    api.post(f"/authorizationServers/{server}/scopes", json={"name": "invoices.read"})
    api.post(
        f"/authorizationServers/{server}/claims",
        json={
            "name": "plan",
            "claimType": "RESOURCE",
            "valueType": "EXPRESSION",
            "value": '"gold"',
        },
    )
    policy = api.post(
        f"/authorizationServers/{server}/policies",
        json={
            "name": "Billing clients",
            "type": "OAUTH_AUTHORIZATION_POLICY",
            "conditions": {"clients": {"include": ["ALL_CLIENTS"]}},
        },
    ).json()["id"]
    made = api.post(
        f"/authorizationServers/{server}/policies/{policy}/rules",
        json={
            "name": "Invoices for services",
            "type": "RESOURCE_ACCESS",
            "conditions": {
                "grantTypes": {"include": ["client_credentials"]},
                "scopes": {"include": ["invoices.read"]},
            },
        },
    )
    assert made.status_code == 201, made.text
    sign_on = api.post(
        "/policies", json={"type": "OKTA_SIGN_ON", "name": "Contractors", "conditions": {}}
    ).json()["id"]
    api.post(
        f"/policies/{sign_on}/rules",
        json={
            "type": "SIGN_ON",
            "name": "Contractors need MFA",
            "actions": {"signon": {"access": "ALLOW", "requireFactor": True}},
        },
    )

    browser_page.goto(f"{universe.url}/ui/okta/")
    browser_page.get_by_role("link", name="Authorization Servers").click()
    browser_page.wait_for_url("**/ui/okta/authorization-servers")
    billing = browser_page.locator(f".okta-auth-server[data-id='{server}']")
    assert "invoices.read" in billing.locator(".okta-scopes").inner_text()
    assert "openid" in billing.locator(".okta-scopes").inner_text()
    assert '"gold"' in billing.locator(".okta-claims").inner_text()
    rule = billing.locator(".okta-access-rule").inner_text()
    assert "Invoices for services" in rule and "client_credentials" in rule
    default = browser_page.locator(".okta-auth-server[data-id='default']")
    assert "Default Policy Rule" in default.inner_text()

    browser_page.get_by_role("link", name="Policies").click()
    browser_page.wait_for_url("**/ui/okta/policies")  # read the new page, not the one left
    sign_ons = browser_page.locator(".okta-policy-type[data-type='OKTA_SIGN_ON']")
    policies = sign_ons.locator(".okta-policy h3").all_inner_texts()
    assert policies[0].startswith("1. Contractors") and policies[1].startswith("2. Default")
    assert "Contractors need MFA" in sign_ons.inner_text()
    assert "requires MFA" in sign_ons.inner_text()
