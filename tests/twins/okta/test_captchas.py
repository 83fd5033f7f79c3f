"""CAPTCHA through the okta SDK: instances with write-only secrets, and the org's settings that
put one on its pages."""

from __future__ import annotations

import pytest
from okta.models import CAPTCHAInstance, OrgCAPTCHASettings

from darkfactory.twins.okta.testing import send


def hcaptcha(name: str = "Sign-in guard") -> CAPTCHAInstance:
    return CAPTCHAInstance.from_dict(
        {"name": name, "type": "HCAPTCHA", "siteKey": "site-123", "secretKey": "secret-456"}
    )


async def test_an_instance_guards_pages_and_cannot_go_while_in_use(okta_client):
    captcha, resp, err = await okta_client.create_captcha_instance(hcaptcha())
    assert err is None and resp.status_code == 201 and captcha.id.startswith("cap")
    raw, _ = await send(okta_client, "GET", f"/api/v1/captchas/{captcha.id}")
    assert "secretKey" not in raw and raw["siteKey"] == "site-123"
    _, _, err = await okta_client.create_captcha_instance(hcaptcha())
    assert err.status == 400 and "already exists" in err.error_causes[0]["errorSummary"]
    renamed, err = await send(
        okta_client, "POST", f"/api/v1/captchas/{captcha.id}", {"name": "Renamed"}
    )
    assert err is None and renamed["name"] == "Renamed" and renamed["type"] == "HCAPTCHA"

    settings, _, err = await okta_client.replaces_org_captcha_settings(
        OrgCAPTCHASettings(captcha_id=captcha.id, enabled_pages=["SIGN_IN", "SSPR"])
    )
    assert err is None and settings.captcha_id == captcha.id
    _, err = await okta_client.delete_captcha_instance(captcha.id)
    assert err.status == 400 and err.error_code == "E0000001"
    _, _, err = await okta_client.replaces_org_captcha_settings(
        OrgCAPTCHASettings(captcha_id="capnothere", enabled_pages=["SIGN_IN"])
    )
    assert err.status == 404 and err.error_code == "E0000007"
    assert (await okta_client.delete_org_captcha_settings())[-1] is None
    cleared, _, _ = await okta_client.get_org_captcha_settings()
    assert cleared.captcha_id is None and cleared.enabled_pages == []
    assert (await okta_client.delete_captcha_instance(captcha.id))[-1] is None


@pytest.mark.parametrize(
    "who", [{"role": "READ_ONLY_ADMIN"}, {"role": None}, {"scopes": ["okta.captchas.read"]}]
)
async def test_only_admins_with_the_scope_add_captchas(who, okta_client_as):
    _, _, err = await okta_client_as(**who).create_captcha_instance(hcaptcha("Denied"))
    assert err.status == 403 and err.error_code == "E0000006"
