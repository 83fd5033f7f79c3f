"""Custom pages through the okta SDK: default, customized and preview sign-in and error pages,
widget versions and the sign-out page."""

from __future__ import annotations

from okta.models import ErrorPage, HostedPage, SignInPage

from darkfactory.twins.okta.testing import send

PAGE = "<html><head>{{{SignInWidgetResources}}}</head><body>Acme sign-in</body></html>"


async def brand_id(client) -> str:
    return (await client.list_brands())[0][0].id


async def test_a_sign_in_page_is_default_until_customized_and_previews_fall_back(okta_client):
    brand = await brand_id(okta_client)
    default, _, err = await okta_client.get_default_sign_in_page(brand)
    assert err is None and "SignInWidgetResources" in default.page_content
    _, _, err = await okta_client.get_customized_sign_in_page(brand)
    assert err.status == 404 and err.error_code == "E0000007"
    preview, _, _ = await okta_client.get_preview_sign_in_page(brand)
    assert preview.page_content == default.page_content

    versions, _, _ = await okta_client.list_all_sign_in_widget_versions(brand)
    page = SignInPage.from_dict(
        {"pageContent": PAGE, "widgetVersion": versions[-1], "widgetCustomizations": {}}
    )
    live, _, err = await okta_client.replace_customized_sign_in_page(brand, page)
    assert err is None and live.page_content == PAGE
    assert (await okta_client.get_preview_sign_in_page(brand))[0].page_content == PAGE
    draft = SignInPage.from_dict({"pageContent": PAGE.replace("Acme", "Draft")})
    await okta_client.replace_preview_sign_in_page(brand, draft)
    assert "Draft" in (await okta_client.get_preview_sign_in_page(brand))[0].page_content
    assert "Acme" in (await okta_client.get_customized_sign_in_page(brand))[0].page_content

    root, err = await send(
        okta_client, "GET", f"/api/v1/brands/{brand}/pages/sign-in?expand=customized,previewUrl"
    )
    assert err is None and root["_embedded"]["customized"]["pageContent"] == PAGE
    assert root["_embedded"]["previewUrl"].endswith("/pages/sign-in/preview")
    assert (await okta_client.get_sign_in_page(brand))[-1] is None

    _, err = await send(
        okta_client,
        "PUT",
        f"/api/v1/brands/{brand}/pages/sign-in/customized",
        {"pageContent": PAGE, "widgetVersion": "1.0"},
    )
    assert err.status == 400 and err.error_code == "E0000001"
    _, err = await send(
        okta_client, "PUT", f"/api/v1/brands/{brand}/pages/sign-in/customized", {"pageContent": ""}
    )
    assert err.status == 400
    assert (await okta_client.delete_preview_sign_in_page(brand))[-1] is None
    assert (await okta_client.delete_customized_sign_in_page(brand))[-1] is None
    _, _, err = await okta_client.get_customized_sign_in_page(brand)
    assert err.status == 404


async def test_error_and_sign_out_pages(okta_client):
    brand = await brand_id(okta_client)
    assert "errorSummary" in (await okta_client.get_default_error_page(brand))[0].page_content
    page = ErrorPage.from_dict(
        {
            "pageContent": "<html>Oops</html>",
            "contentSecurityPolicySetting": {"mode": "report_only", "srcList": []},
        }
    )
    saved, _, err = await okta_client.replace_customized_error_page(brand, page)
    assert err is None and saved.content_security_policy_setting.mode == "report_only"
    assert (await okta_client.get_customized_error_page(brand))[
        0
    ].page_content == "<html>Oops</html>"
    await okta_client.replace_preview_error_page(
        brand, ErrorPage(page_content="<html>Draft</html>")
    )
    assert (await okta_client.get_preview_error_page(brand))[0].page_content == "<html>Draft</html>"
    assert (await okta_client.delete_preview_error_page(brand))[-1] is None
    assert (await okta_client.get_preview_error_page(brand))[0].page_content == "<html>Oops</html>"
    assert (await okta_client.delete_customized_error_page(brand))[-1] is None
    assert (await okta_client.get_error_page(brand))[-1] is None

    assert (await okta_client.get_sign_out_page_settings(brand))[0].type.value == "OKTA_DEFAULT"
    hosted = HostedPage.from_dict({"type": "EXTERNALLY_HOSTED", "url": "https://acme.test/bye"})
    saved, _, err = await okta_client.replace_sign_out_page_settings(brand, hosted)
    assert err is None and saved.url == "https://acme.test/bye"
    assert (await okta_client.get_sign_out_page_settings(brand))[0].url == "https://acme.test/bye"
    _, _, err = await okta_client.replace_sign_out_page_settings(
        brand, HostedPage.from_dict({"type": "EXTERNALLY_HOSTED"})
    )
    assert err.status == 400 and err.error_code == "E0000001"


async def test_pages_refuse_read_only_admins_and_tokens_without_the_scope(
    okta_client, okta_client_as
):
    brand = await brand_id(okta_client)
    read_only = okta_client_as(role="READ_ONLY_ADMIN")
    assert (await read_only.get_default_sign_in_page(brand))[-1] is None
    _, _, err = await read_only.replace_customized_sign_in_page(
        brand, SignInPage.from_dict({"pageContent": PAGE})
    )
    assert err.status == 403 and err.error_code == "E0000006"
    _, err = await read_only.delete_customized_error_page(brand)
    assert err.status == 403
    templates_only = okta_client_as(scopes=["okta.templates.manage"])
    _, _, err = await templates_only.get_sign_out_page_settings(brand)
    assert err.status == 403 and err.error_code == "E0000006"
