"""Brand state shared by the brand family's modules: finding a brand, its theme's life."""

from __future__ import annotations

import json

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.errors import not_found

OKTA_LOGO = "/assets/img/logos/okta-logo.47066819ac7db5c13f4c431b2687cef6.png"
OKTA_FAVICON = "/favicon.ico"
DEFAULT_THEME = {
    "backgroundImage": None,
    "primaryColorHex": "#1662dd",
    "primaryColorContrastHex": "#ffffff",
    "secondaryColorHex": "#ebebed",
    "secondaryColorContrastHex": "#000000",
    "signInPageTouchPointVariant": "OKTA_DEFAULT",
    "endUserDashboardTouchPointVariant": "OKTA_DEFAULT",
    "errorPageTouchPointVariant": "OKTA_DEFAULT",
    "emailTemplateTouchPointVariant": "OKTA_DEFAULT",
    "loadingPageTouchPointVariant": "OKTA_DEFAULT",
}


def brand(call: Call, brand_id: str | None = None) -> dict:
    """The brand ``brand_id`` (default: the path's ``brandId``) as stored; E0000007 if none."""
    brand_id = brand_id or call.path_params["brandId"]
    row = call.universe.store.one(
        "SELECT id, document FROM okta_resources WHERE kind = 'Brand' AND id = ?", (brand_id,)
    )
    if row is None:
        raise not_found(brand_id, "Brand")
    return {"id": row["id"], **json.loads(row["document"])}


def create_theme(state, brand_id: str) -> str:
    """A new brand's theme: Okta's logo, favicon and colours."""
    theme_id = state.new_id("thd")
    now = state.now()
    document = {"brandId": brand_id, "logo": None, "favicon": None, **DEFAULT_THEME}
    state.db.execute(
        "INSERT INTO okta_resources(kind, id, status, document, created, last_updated)"
        " VALUES ('Theme', ?, 'ACTIVE', ?, ?, ?)",
        (theme_id, json.dumps(document), now, now),
    )
    return theme_id


def remove_dependents(call: Call, brand_id: str) -> None:
    """Forget what belongs to a deleted brand: its themes and their images, its customizations."""
    store = call.universe.store
    for row in store.all("SELECT kind, id, document FROM okta_resources"):
        if json.loads(row["document"]).get("brandId") == brand_id:
            store.execute(
                "DELETE FROM okta_resources WHERE kind = ? AND id = ?", (row["kind"], row["id"])
            )


def themes_of(call: Call, brand_id: str) -> list[dict]:
    """A brand's themes (one, in Okta today)."""
    rows = call.universe.store.all(
        "SELECT id, document FROM okta_resources WHERE kind = 'Theme' ORDER BY rowid"
    )
    found = [{"id": r["id"], **json.loads(r["document"])} for r in rows]
    return [t for t in found if t["brandId"] == brand_id]


def domains_of(call: Call, brand_id: str) -> list[dict]:
    """The custom domains that serve a brand."""
    rows = call.universe.store.all(
        "SELECT id, document FROM okta_resources WHERE kind = 'CustomDomain' ORDER BY rowid"
    )
    chosen = [(r["id"], json.loads(r["document"])) for r in rows]
    return [{"id": i, **d} for i, d in chosen if d.get("brandId") == brand_id]
