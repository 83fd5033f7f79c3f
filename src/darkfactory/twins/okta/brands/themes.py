"""Themes: ``/api/v1/brands/{brandId}/themes``, a brand's colours, page variants and images.

A brand has exactly one theme. Its logo, favicon and background image are uploaded as multipart
files, checked for format and size as Okta checks them, and served back from the URL the upload
answers (``/bc/image/fileStoreRecord?id=...``); deleting one restores Okta's default.
"""

from __future__ import annotations

import base64
import json
import re
import struct
from dataclasses import dataclass

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import authorize, body
from darkfactory.twins.okta.brands import state
from darkfactory.twins.okta.errors import not_found, validation
from darkfactory.twins.okta.state import state_of

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
VARIANTS = {
    "signInPageTouchPointVariant": (
        "BACKGROUND_IMAGE",
        "BACKGROUND_SECONDARY_COLOR",
        "OKTA_DEFAULT",
    ),
    "endUserDashboardTouchPointVariant": (
        "FULL_THEME",
        "LOGO_ON_FULL_WHITE_BACKGROUND",
        "OKTA_DEFAULT",
        "WHITE_LOGO_BACKGROUND",
    ),
    "errorPageTouchPointVariant": (
        "BACKGROUND_IMAGE",
        "BACKGROUND_SECONDARY_COLOR",
        "OKTA_DEFAULT",
    ),
    "emailTemplateTouchPointVariant": ("FULL_THEME", "OKTA_DEFAULT"),
    "loadingPageTouchPointVariant": ("NONE", "OKTA_DEFAULT"),
}
REQUIRED_VARIANTS = tuple(v for v in VARIANTS if v != "loadingPageTouchPointVariant")
SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
    b"\x00\x00\x01\x00": "image/x-icon",
}


@dataclass(frozen=True)
class Image:
    """What one of a theme's image slots accepts, and the status its upload answers."""

    field: str
    formats: tuple[str, ...]
    max_bytes: int
    status: int


LOGO = Image("logo", ("image/png", "image/jpeg", "image/gif"), 100 * 1024, 200)
FAVICON = Image("favicon", ("image/png", "image/x-icon"), 100 * 1024, 201)
BACKGROUND = Image("backgroundImage", ("image/png", "image/jpeg", "image/gif"), 2 * 1024**2, 201)


def theme(call: Call) -> dict:
    """The path's theme, which must be the path's brand's."""
    brand = state.brand(call)
    theme_id = call.path_params["themeId"]
    row = call.universe.store.one(
        "SELECT id, document FROM okta_resources WHERE kind = 'Theme' AND id = ?", (theme_id,)
    )
    document = json.loads(row["document"]) if row else {}
    if document.get("brandId") != brand["id"]:
        raise not_found(theme_id, "Theme")
    return {"id": row["id"], **document}


def _save(call: Call, found: dict) -> None:
    document = {k: v for k, v in found.items() if k != "id"}
    call.universe.store.execute(
        "UPDATE okta_resources SET document = ?, last_updated = ? WHERE kind = 'Theme' AND id = ?",
        (json.dumps(document), call.universe.clock.now(), found["id"]),
    )


def theme_json(call: Call, found: dict) -> dict:
    base = call.twin.base_url
    href = f"{base}/api/v1/brands/{found['brandId']}/themes/{found['id']}"
    shown = {k: v for k, v in found.items() if k != "brandId"}
    return {
        **shown,
        "logo": found["logo"] or f"{base}{state.OKTA_LOGO}",
        "favicon": found["favicon"] or f"{base}{state.OKTA_FAVICON}",
        "_links": {"self": {"href": href, "hints": {"allow": ["GET", "PUT"]}}},
    }


@operation("listBrandThemes")
def list_themes(call: Call) -> list:
    authorize(call, "okta.brands.read")
    return [theme_json(call, t) for t in state.themes_of(call, state.brand(call)["id"])]


@operation("getBrandTheme")
def get_theme(call: Call) -> dict:
    authorize(call, "okta.brands.read")
    return theme_json(call, theme(call))


def _contrast(colour: str) -> str:
    """The text colour Okta picks for a background: black on light, white on dark."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "#ffffff"


def _colours(payload: dict) -> dict:
    colours = {}
    for name in ("primaryColorHex", "secondaryColorHex"):
        value = payload.get(name)
        if not isinstance(value, str) or not HEX.match(value):
            raise validation(name, f"{name}: Invalid hex code, expected #RRGGBB")
        contrast = name.replace("ColorHex", "ColorContrastHex")
        given = payload.get(contrast)
        if given is not None and (not isinstance(given, str) or not HEX.match(given)):
            raise validation(contrast, f"{contrast}: Invalid hex code, expected #RRGGBB")
        colours |= {name: value, contrast: given or _contrast(value)}
    return colours


@operation("replaceBrandTheme")
def replace_theme(call: Call) -> dict:
    authorize(call, "okta.brands.manage")
    found = theme(call)
    payload = body(call)
    variants = {}
    for name, allowed in VARIANTS.items():
        value = payload.get(name, None if name in REQUIRED_VARIANTS else "OKTA_DEFAULT")
        if value not in allowed:
            raise validation(name, f"{name}: must be one of {', '.join(allowed)}")
        variants[name] = value
    if (
        variants["signInPageTouchPointVariant"] == "BACKGROUND_IMAGE"
        and not found["backgroundImage"]
    ):
        raise validation(
            "signInPageTouchPointVariant",
            "signInPageTouchPointVariant: BACKGROUND_IMAGE needs the theme's background image",
        )
    found |= _colours(payload) | variants
    _save(call, found)
    return theme_json(call, found)


def _png_size(data: bytes) -> tuple[int, int] | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    return None


def _read_image(call: Call, slot: Image) -> tuple[str, bytes]:
    upload = call.form.get("file") if call.form is not None else None
    if upload is None or isinstance(upload, str):
        raise validation("file", "file: The file is required")
    data = upload.file.read()
    kind = next((t for sig, t in SIGNATURES.items() if data.startswith(sig)), None)
    if kind not in slot.formats:
        names = ", ".join(
            f.rsplit("/", 1)[1].upper().replace("X-ICON", "ICO") for f in slot.formats
        )
        raise validation("file", f"file: The {slot.field} must be in {names} format")
    if len(data) > slot.max_bytes:
        raise validation("file", f"file: The {slot.field} must be under {slot.max_bytes} bytes")
    size = _png_size(data)
    if slot is FAVICON and size and (size[0] != size[1] or size[0] > 512):
        raise validation("file", "file: The favicon must be square, at most 512 x 512")
    return kind, data


def _upload(slot: Image):
    def handler(call: Call) -> Response:
        authorize(call, "okta.brands.manage")
        found = theme(call)
        kind, data = _read_image(call, slot)
        okta = state_of(call)
        image_id = okta.new_id("fs0")
        now = okta.now()
        document = {"brandId": found["brandId"], "contentType": kind}
        document["data"] = base64.b64encode(data).decode()
        okta.db.execute(
            "INSERT INTO okta_resources(kind, id, status, document, created, last_updated)"
            " VALUES ('ThemeImage', ?, 'ACTIVE', ?, ?, ?)",
            (image_id, json.dumps(document), now, now),
        )
        _forget_image(call, found[slot.field])
        found[slot.field] = f"{call.twin.base_url}/bc/image/fileStoreRecord?id={image_id}"
        _save(call, found)
        return JSONResponse({"url": found[slot.field]}, slot.status)

    return handler


def _forget_image(call: Call, url: str | None) -> None:
    if url and "fileStoreRecord?id=" in url:
        call.universe.store.execute(
            "DELETE FROM okta_resources WHERE kind = 'ThemeImage' AND id = ?",
            (url.rsplit("=", 1)[1],),
        )


def _delete(slot: Image):
    def handler(call: Call) -> Response:
        authorize(call, "okta.brands.manage")
        found = theme(call)
        _forget_image(call, found[slot.field])
        found[slot.field] = None
        _save(call, found)
        return Response(status_code=204)

    return handler


@operation("getThemeImage")
def image(call: Call) -> Response:
    """An uploaded image, public as Okta's are."""
    row = call.universe.store.one(
        "SELECT document FROM okta_resources WHERE kind = 'ThemeImage' AND id = ?",
        (call.query.get("id", ""),),
    )
    if row is None:
        raise not_found(call.query.get("id", ""), "Image")
    document = json.loads(row["document"])
    return Response(base64.b64decode(document["data"]), media_type=document["contentType"])


def routes() -> list[Route]:
    one = "/api/v1/brands/{brandId}/themes/{themeId}"
    found = [
        Route("/api/v1/brands/{brandId}/themes", list_themes, methods=["GET"]),
        Route(one, get_theme, methods=["GET"]),
        Route(one, replace_theme, methods=["PUT"]),
        Route("/bc/image/fileStoreRecord", image, methods=["GET"]),
    ]
    for slot, path, name in (
        (LOGO, "logo", "BrandThemeLogo"),
        (FAVICON, "favicon", "BrandThemeFavicon"),
        (BACKGROUND, "background-image", "BrandThemeBackgroundImage"),
    ):
        found += [
            Route(f"{one}/{path}", operation(f"upload{name}")(_upload(slot)), methods=["POST"]),
            Route(f"{one}/{path}", operation(f"delete{name}")(_delete(slot)), methods=["DELETE"]),
        ]
    return found
