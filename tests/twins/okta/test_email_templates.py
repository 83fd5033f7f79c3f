"""Email templates through the okta SDK: default content, customizations and their rules,
settings, previews rendered for the caller, and test emails in the twin's sent mail."""

from __future__ import annotations

import httpx
from okta.models import EmailCustomization, EmailSettings

ACTIVATION = '<p>Hi ${user.profile.firstName}, <a href="${activationLink}">activate</a></p>'


def customization(language: str, body: str = ACTIVATION, **more) -> EmailCustomization:
    return EmailCustomization.from_dict(
        {"language": language, "subject": "Welcome to ${org.name}", "body": body, **more}
    )


async def brand_id(client) -> str:
    return (await client.list_brands())[0][0].id


async def test_templates_list_with_default_content_and_settings(okta_client):
    brand = await brand_id(okta_client)
    templates, _, err = await okta_client.list_email_templates(brand)
    assert err is None and "UserActivation" in [t.name for t in templates]
    template, _, err = await okta_client.get_email_template(
        brand, "UserActivation", expand=["settings", "customizationCount"]
    )
    assert err is None and template.embedded.customization_count == 0
    content, _, _ = await okta_client.get_email_default_content(brand, "UserActivation")
    assert "${activationLink}" in content.body
    preview, _, _ = await okta_client.get_email_default_preview(brand, "UserActivation")
    assert "Hello, Ada." in preview.body and "${" not in preview.body
    _, _, err = await okta_client.get_email_template(brand, "NoSuchEmail")
    assert err.status == 404 and err.error_code == "E0000007"

    settings, _, err = await okta_client.replace_email_settings(
        brand, "UserActivation", EmailSettings(recipients="ADMINS_ONLY")
    )
    assert err is None and settings.recipients == "ADMINS_ONLY"
    assert (await okta_client.get_email_settings(brand, "UserActivation"))[0].recipients == (
        "ADMINS_ONLY"
    )


async def test_customizations_keep_one_default_per_template(okta_client):
    brand = await brand_id(okta_client)
    english, resp, err = await okta_client.create_email_customization(
        brand, "UserActivation", customization("en")
    )
    assert err is None and resp.status_code == 201 and english.is_default is True
    french, _, _ = await okta_client.create_email_customization(
        brand, "UserActivation", customization("fr")
    )
    assert french.is_default is False
    _, _, err = await okta_client.create_email_customization(
        brand, "UserActivation", customization("fr")
    )
    assert err.status == 409 and err.error_code == "E0000183"
    _, _, err = await okta_client.create_email_customization(
        brand, "UserActivation", customization("de", isDefault=True)
    )
    assert err.status == 409 and err.error_code == "E0000182"
    _, _, err = await okta_client.create_email_customization(
        brand, "UserActivation", customization("es", body="<p>no link</p>")
    )
    assert err.status == 400 and "${activationLink}" in err.error_causes[0]["errorSummary"]
    _, _, err = await okta_client.replace_email_customization(
        brand, "UserActivation", english.id, customization("en", isDefault=False)
    )
    assert err.status == 409 and err.error_code == "E0000185"
    _, err = await okta_client.delete_email_customization(brand, "UserActivation", english.id)
    assert err.status == 409 and err.error_code == "E0000184"

    replaced, _, err = await okta_client.replace_email_customization(
        brand, "UserActivation", french.id, customization("fr", body=ACTIVATION + "<p>Merci</p>")
    )
    assert err is None and replaced.body.endswith("<p>Merci</p>")
    preview, _, _ = await okta_client.get_customization_preview(brand, "UserActivation", french.id)
    assert preview.subject == "Welcome to darkfactory" and "Hi Ada" in preview.body
    listed, _, _ = await okta_client.list_email_customizations(brand, "UserActivation")
    assert [c.language for c in listed] == ["en", "fr"]
    assert (await okta_client.delete_all_customizations(brand, "UserActivation"))[-1] is None
    assert (await okta_client.list_email_customizations(brand, "UserActivation"))[0] == []


async def test_a_test_email_reaches_the_caller_in_their_language(
    okta_client, okta_credentials, universe
):
    brand = await brand_id(okta_client)
    await okta_client.create_email_customization(brand, "UserActivation", customization("en"))
    await okta_client.create_email_customization(
        brand, "UserActivation", customization("fr", body="Bonjour " + ACTIVATION)
    )
    assert (await okta_client.send_test_email(brand, "UserActivation", language="fr"))[-1] is None
    sent = httpx.get(
        f"{universe.url}/okta/_emails",
        params={"to": "admin@example.com"},
        headers=universe.admin_headers,
    ).json()
    assert len(sent) == 1 and sent[0]["body"].startswith("Bonjour <p>Hi Ada")
    assert okta_credentials["org_url"] in sent[0]["body"]


async def test_templates_refuse_read_only_admins_and_tokens_without_the_scope(
    okta_client, okta_client_as
):
    brand = await brand_id(okta_client)
    read_only = okta_client_as(role="READ_ONLY_ADMIN")
    assert (await read_only.list_email_templates(brand))[-1] is None
    _, _, err = await read_only.create_email_customization(
        brand, "UserActivation", customization("en")
    )
    assert err.status == 403 and err.error_code == "E0000006"
    _, _, err = await read_only.replace_email_settings(
        brand, "UserActivation", EmailSettings(recipients="NO_USERS")
    )
    assert err.status == 403
    brands_only = okta_client_as(scopes=["okta.brands.manage"])
    _, _, err = await brands_only.list_email_templates(brand)
    assert err.status == 403 and err.error_code == "E0000006"
