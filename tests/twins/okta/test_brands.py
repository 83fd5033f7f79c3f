"""Brands and themes through the okta SDK: the default brand, CRUD rules, theme images."""

from __future__ import annotations

import struct
import zlib

import httpx
from okta.models import BrandRequest, CreateBrandRequest, UpdateThemeRequest

from darkfactory.twins.okta.testing import send


def png(width: int, height: int) -> bytes:
    """A PNG's signature and header chunk: enough for a format and size check."""
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + header + crc


def theme_request(**changes) -> UpdateThemeRequest:
    return UpdateThemeRequest.from_dict(
        {
            "primaryColorHex": "#1662dd",
            "secondaryColorHex": "#ebebed",
            "signInPageTouchPointVariant": "OKTA_DEFAULT",
            "endUserDashboardTouchPointVariant": "OKTA_DEFAULT",
            "errorPageTouchPointVariant": "OKTA_DEFAULT",
            "emailTemplateTouchPointVariant": "OKTA_DEFAULT",
            **changes,
        }
    )


async def test_a_fresh_org_has_the_default_brand_and_theme(okta_client, okta_credentials):
    brands, _, err = await okta_client.list_brands()
    assert err is None and [(b.name, b.is_default) for b in brands] == [("Okta Default", True)]
    brand = brands[0]
    assert brand.id.startswith("bnd") and brand.locale == "en"
    raw, _ = await send(okta_client, "GET", f"/api/v1/brands/{brand.id}")
    assert raw["_links"]["themes"]["href"].endswith(f"/api/v1/brands/{brand.id}/themes")
    assert raw["_links"]["self"]["hints"]["allow"] == ["GET", "PUT", "DELETE"]
    themes, _, err = await okta_client.list_brand_themes(brand.id)
    assert err is None and len(themes) == 1 and themes[0].id.startswith("thd")
    assert themes[0].primary_color_hex == "#1662dd" and themes[0].background_image is None
    assert themes[0].logo.startswith(okta_credentials["org_url"])
    _, err = await okta_client.delete_brand(brand.id)
    assert err.status == 409 and err.error_code == "E0000200"


async def test_brand_crud_names_privacy_policy_and_its_own_theme(okta_client):
    created, resp, err = await okta_client.create_brand(CreateBrandRequest(name="Partners"))
    assert err is None and resp.status_code == 201 and created.is_default is False
    _, _, err = await okta_client.create_brand(CreateBrandRequest(name="partners"))
    assert err.status == 409 and err.error_code == "E0000202"
    _, _, err = await okta_client.create_brand(CreateBrandRequest(name="DRAPP_DOMAIN_BRAND"))
    assert err.status == 400 and err.error_code == "E0000001"

    policy = {"name": "Partners", "customPrivacyPolicyUrl": "https://partners.example/privacy"}
    _, _, err = await okta_client.replace_brand(created.id, BrandRequest.from_dict(policy))
    assert err.status == 400 and "agreeToCustomPrivacyPolicy" in err.error_causes[0]["errorSummary"]
    replaced, _, err = await okta_client.replace_brand(
        created.id,
        BrandRequest.from_dict({**policy, "agreeToCustomPrivacyPolicy": True, "locale": "fr"}),
    )
    assert err is None and replaced.custom_privacy_policy_url == policy["customPrivacyPolicyUrl"]
    assert (await okta_client.get_brand(created.id))[0].locale == "fr"
    _, _, err = await okta_client.replace_brand(
        created.id, BrandRequest.from_dict({"name": "Partners", "emailDomainId": "OeDnope"})
    )
    assert err.status == 400 and err.error_code == "E0000001"

    themes, _, _ = await okta_client.list_brand_themes(created.id)
    assert len(themes) == 1
    assert (await okta_client.delete_brand(created.id))[-1] is None
    _, _, err = await okta_client.get_brand(created.id)
    assert err.status == 404 and err.error_code == "E0000007"
    _, _, err = await okta_client.get_brand_theme(created.id, themes[0].id)
    assert err.status == 404


async def test_a_theme_takes_colours_and_variants_as_okta_checks_them(okta_client):
    brand = (await okta_client.list_brands())[0][0]
    theme = (await okta_client.list_brand_themes(brand.id))[0][0]
    replaced, _, err = await okta_client.replace_brand_theme(
        brand.id,
        theme.id,
        theme_request(
            primaryColorHex="#102030", errorPageTouchPointVariant="BACKGROUND_SECONDARY_COLOR"
        ),
    )
    assert err is None and replaced.primary_color_hex == "#102030"
    assert replaced.primary_color_contrast_hex == "#ffffff"  # white text on a dark button
    assert replaced.error_page_touch_point_variant.value == "BACKGROUND_SECONDARY_COLOR"
    got, _, _ = await okta_client.get_brand_theme(brand.id, theme.id)
    assert got.primary_color_hex == "#102030"
    _, _, err = await okta_client.replace_brand_theme(
        brand.id, theme.id, theme_request(primaryColorHex="blue")
    )
    assert err.status == 400 and err.error_code == "E0000001"
    _, _, err = await okta_client.replace_brand_theme(
        brand.id, theme.id, theme_request(signInPageTouchPointVariant="BACKGROUND_IMAGE")
    )
    assert err.status == 400  # no background image uploaded yet


async def test_theme_images_upload_serve_and_reset(okta_client, okta_credentials):
    brand = (await okta_client.list_brands())[0][0]
    theme = (await okta_client.list_brand_themes(brand.id))[0][0]
    logo = png(300, 50)
    uploaded, _, err = await okta_client.upload_brand_theme_logo(brand.id, theme.id, logo)
    assert err is None and "/bc/image/fileStoreRecord?id=" in uploaded.url
    served = httpx.get(uploaded.url)
    assert served.status_code == 200 and served.content == logo
    assert served.headers["content-type"] == "image/png"
    assert (await okta_client.get_brand_theme(brand.id, theme.id))[0].logo == uploaded.url

    _, _, err = await okta_client.upload_brand_theme_logo(brand.id, theme.id, b"not an image")
    assert err.status == 400 and err.error_code == "E0000001"
    _, _, err = await okta_client.upload_brand_theme_logo(
        brand.id, theme.id, png(9, 9) + bytes(200_000)
    )
    assert err.status == 400  # a logo is under 100kB
    _, _, err = await okta_client.upload_brand_theme_favicon(brand.id, theme.id, png(64, 32))
    assert err.status == 400  # a favicon is square
    favicon, _, err = await okta_client.upload_brand_theme_favicon(brand.id, theme.id, png(64, 64))
    assert err is None and favicon.url != uploaded.url
    background, _, err = await okta_client.upload_brand_theme_background_image(
        brand.id, theme.id, png(1600, 900)
    )
    assert err is None and httpx.get(background.url).status_code == 200
    _, _, err = await okta_client.replace_brand_theme(
        brand.id, theme.id, theme_request(signInPageTouchPointVariant="BACKGROUND_IMAGE")
    )
    assert err is None

    assert (await okta_client.delete_brand_theme_logo(brand.id, theme.id))[-1] is None
    assert httpx.get(uploaded.url).status_code == 404
    reset, _, _ = await okta_client.get_brand_theme(brand.id, theme.id)
    assert reset.logo.startswith(okta_credentials["org_url"] + "/assets/img/logos/")
    await okta_client.delete_brand_theme_background_image(brand.id, theme.id)
    assert (await okta_client.get_brand_theme(brand.id, theme.id))[0].background_image is None


async def test_brands_and_themes_refuse_read_only_admins_and_tokens_without_the_scope(
    okta_client, okta_client_as
):
    brand = (await okta_client.list_brands())[0][0]
    theme = (await okta_client.list_brand_themes(brand.id))[0][0]
    read_only = okta_client_as(role="READ_ONLY_ADMIN")
    assert (await read_only.get_brand(brand.id))[-1] is None
    _, _, err = await read_only.create_brand(CreateBrandRequest(name="Nope"))
    assert err.status == 403 and err.error_code == "E0000006"
    _, _, err = await read_only.upload_brand_theme_logo(brand.id, theme.id, png(300, 50))
    assert err.status == 403 and err.error_code == "E0000006"
    _, _, err = await read_only.replace_brand_theme(brand.id, theme.id, theme_request())
    assert err.status == 403

    users_only = okta_client_as(scopes=["okta.users.manage"])
    _, _, err = await users_only.list_brands()
    assert err.status == 403 and err.error_code == "E0000006"
    reader = okta_client_as(scopes=["okta.brands.read"])
    assert (await reader.list_brand_themes(brand.id))[-1] is None
    _, _, err = await reader.replace_brand(brand.id, BrandRequest(name="Renamed"))
    assert err.status == 403


async def test_brands_embed_their_themes_and_domains_on_request_and_search_by_name(okta_client):
    await okta_client.create_brand(CreateBrandRequest(name="Partners"))
    found, _, err = await okta_client.list_brands(q="part", expand=["themes", "domains"])
    assert err is None and [b.name for b in found] == ["Partners"]
    raw, _ = await send(okta_client, "GET", "/api/v1/brands?q=part&expand=themes,domains")
    embedded = raw[0]["_embedded"]
    assert embedded["themes"][0]["id"].startswith("thd") and embedded["domains"] == []
    plain, _ = await send(okta_client, "GET", "/api/v1/brands?q=okta")
    assert [b["name"] for b in plain] == ["Okta Default"] and "_embedded" not in plain[0]
