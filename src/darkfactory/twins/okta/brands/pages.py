"""Custom pages: ``/api/v1/brands/{brandId}/pages``, a brand's hosted sign-in, error and
sign-out pages.

The sign-in and error pages each have Okta's default, a ``customized`` page (live) and a
``preview`` (unpublished changes); a preview falls back to the customized page, and that to the
default, when there is none. The sign-out page is Okta's or an externally hosted URL.
"""

from __future__ import annotations

import json
import re

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import authorize, body
from darkfactory.twins.okta.brands import state
from darkfactory.twins.okta.errors import not_found, validation

WIDGET_VERSIONS = ["5.16", "6.9", "7.0", "7.8", "7.12", "7.16", "7.20", "7.24"]
DEFAULT_WIDGET = "7.24"
VERSION = re.compile(r"^\d+\.\d+$")
PAGES = {
    "sign-in": (
        "<!DOCTYPE html><html><head>{{{SignInWidgetResources}}}</head><body>"
        '<div id="okta-login-container"></div>{{{OktaUtil}}}<script>'
        "var config = OktaUtil.getSignInWidgetConfig();"
        "var oktaSignIn = new OktaSignIn(config);"
        "oktaSignIn.renderEl({el: '#okta-login-container'}, OktaUtil.completeLogin);"
        "</script></body></html>"
    ),
    "error": (
        "<!DOCTYPE html><html><head>{{{ErrorPageResources}}}</head><body>"
        '<div class="error-content"><h1>{{errorSummary}}</h1><p>{{errorDescription}}</p>'
        '<a href="{{back}}">Go back</a></div></body></html>'
    ),
}
SLOTS = ("customized", "preview")
CSP_MODES = ("enforced", "report_only")
SIGN_OUT_TYPES = ("OKTA_DEFAULT", "EXTERNALLY_HOSTED")


def _stored(call: Call, brand_id: str, page: str, slot: str) -> dict | None:
    row = call.universe.store.one(
        "SELECT document FROM okta_resources WHERE kind = 'CustomPage' AND id = ?",
        (f"{brand_id}:{page}:{slot}",),
    )
    return json.loads(row["document"]) if row else None


def _put(call: Call, brand_id: str, page: str, slot: str, page_json: dict) -> None:
    now = call.universe.clock.now()
    call.universe.store.execute(
        "INSERT OR REPLACE INTO okta_resources(kind, id, status, document, created, last_updated)"
        " VALUES ('CustomPage', ?, 'ACTIVE', ?, ?, ?)",
        (f"{brand_id}:{page}:{slot}", json.dumps({"brandId": brand_id, **page_json}), now, now),
    )


def _default(page: str) -> dict:
    shown = {"pageContent": PAGES[page]}
    if page == "sign-in":
        shown |= {"widgetVersion": DEFAULT_WIDGET, "widgetCustomizations": {}}
    return shown


def _effective(call: Call, brand_id: str, page: str, slot: str) -> dict | None:
    """A slot's page; a preview without changes shows the customized page, else the default."""
    found = _stored(call, brand_id, page, slot)
    found = {k: v for k, v in found.items() if k != "brandId"} if found else None
    if found is None and slot == "preview":
        return _effective(call, brand_id, page, "customized") or _default(page)
    return found


def _clean(page: str, payload: dict) -> dict:
    content = payload.get("pageContent")
    if not isinstance(content, str) or not content.strip():
        raise validation("pageContent", "pageContent: may not be blank")
    page_json: dict = {"pageContent": content}
    csp = payload.get("contentSecurityPolicySetting")
    if csp is not None:
        if not isinstance(csp, dict) or csp.get("mode") not in CSP_MODES:
            raise validation(
                "contentSecurityPolicySetting",
                f"contentSecurityPolicySetting.mode: must be one of {', '.join(CSP_MODES)}",
            )
        page_json["contentSecurityPolicySetting"] = csp
    if page == "sign-in":
        version = payload.get("widgetVersion") or DEFAULT_WIDGET
        if not isinstance(version, str) or not VERSION.match(version):
            raise validation("widgetVersion", "widgetVersion: must be a major.minor version")
        if version not in WIDGET_VERSIONS:
            raise validation("widgetVersion", f"widgetVersion: {version} is not available")
        customizations = payload.get("widgetCustomizations") or {}
        if not isinstance(customizations, dict):
            raise validation("widgetCustomizations", "widgetCustomizations: must be an object")
        page_json |= {"widgetVersion": version, "widgetCustomizations": customizations}
    return page_json


def _page_url(call: Call, brand_id: str, page: str, slot: str) -> str:
    return f"{call.twin.base_url}/api/v1/brands/{brand_id}/pages/{page}/{slot}"


def _root(page: str):
    def handler(call: Call) -> dict:
        authorize(call, "okta.brands.read")
        brand_id = state.brand(call)["id"]
        href = f"{call.twin.base_url}/api/v1/brands/{brand_id}/pages/{page}"
        expand = set(",".join(call.query.getlist("expand")).split(","))
        embedded = {}
        for slot in ("default", *SLOTS):
            if slot in expand:
                found = (
                    _default(page) if slot == "default" else _effective(call, brand_id, page, slot)
                )
                if found is not None:
                    embedded[slot] = found
            if f"{slot}Url" in expand:
                embedded[f"{slot}Url"] = _page_url(call, brand_id, page, slot)
        links = {"self": {"href": href}}
        links |= {slot: {"href": f"{href}/{slot}"} for slot in ("default", *SLOTS)}
        return {"_embedded": embedded, "_links": links}

    return handler


def _get(page: str, slot: str):
    def handler(call: Call) -> dict:
        authorize(call, "okta.brands.read")
        brand_id = state.brand(call)["id"]
        found = _default(page) if slot == "default" else _effective(call, brand_id, page, slot)
        if found is None:
            raise not_found(f"{page}/{slot}", "CustomPage")
        return found

    return handler


def _replace(page: str, slot: str):
    def handler(call: Call) -> dict:
        authorize(call, "okta.brands.manage")
        brand_id = state.brand(call)["id"]
        page_json = _clean(page, body(call))
        _put(call, brand_id, page, slot, page_json)
        return page_json

    return handler


def _delete(page: str, slot: str):
    def handler(call: Call) -> Response:
        authorize(call, "okta.brands.manage")
        brand_id = state.brand(call)["id"]
        call.universe.store.execute(
            "DELETE FROM okta_resources WHERE kind = 'CustomPage' AND id = ?",
            (f"{brand_id}:{page}:{slot}",),
        )
        return Response(status_code=204)

    return handler


@operation("listAllSignInWidgetVersions")
def widget_versions(call: Call) -> list:
    authorize(call, "okta.brands.read")
    state.brand(call)
    return WIDGET_VERSIONS


@operation("getSignOutPageSettings")
def get_sign_out(call: Call) -> dict:
    authorize(call, "okta.brands.read")
    brand_id = state.brand(call)["id"]
    return _effective(call, brand_id, "sign-out", "customized") or {"type": "OKTA_DEFAULT"}


@operation("replaceSignOutPageSettings")
def replace_sign_out(call: Call) -> dict:
    authorize(call, "okta.brands.manage")
    brand_id = state.brand(call)["id"]
    payload = body(call)
    page_type, url = payload.get("type"), payload.get("url")
    if page_type not in SIGN_OUT_TYPES:
        raise validation("type", f"type: must be one of {', '.join(SIGN_OUT_TYPES)}")
    if page_type == "EXTERNALLY_HOSTED" and not str(url or "").startswith(("https://", "http://")):
        raise validation("url", "url: An externally hosted sign-out page needs its URL")
    settings = {"type": page_type, **({"url": url} if page_type == "EXTERNALLY_HOSTED" else {})}
    _put(call, brand_id, "sign-out", "customized", settings)
    return settings


def routes() -> list[Route]:
    base = "/api/v1/brands/{brandId}/pages"
    found = [
        Route(f"{base}/sign-in/widget-versions", widget_versions, methods=["GET"]),
        Route(f"{base}/sign-out/customized", get_sign_out, methods=["GET"]),
        Route(f"{base}/sign-out/customized", replace_sign_out, methods=["PUT"]),
    ]
    for page, name in (("sign-in", "SignInPage"), ("error", "ErrorPage")):
        found += [
            Route(f"{base}/{page}", operation(f"get{name}")(_root(page)), methods=["GET"]),
            Route(
                f"{base}/{page}/default",
                operation(f"getDefault{name}")(_get(page, "default")),
                methods=["GET"],
            ),
        ]
        for slot in SLOTS:
            title = slot.capitalize()
            path = f"{base}/{page}/{slot}"
            found += [
                Route(path, operation(f"get{title}{name}")(_get(page, slot)), methods=["GET"]),
                Route(
                    path, operation(f"replace{title}{name}")(_replace(page, slot)), methods=["PUT"]
                ),
                Route(
                    path, operation(f"delete{title}{name}")(_delete(page, slot)), methods=["DELETE"]
                ),
            ]
    return found
