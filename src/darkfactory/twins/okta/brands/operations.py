"""Brands: ``/api/v1/brands``, the look an org shows on a domain; a fresh org has Okta's default.

Each brand has one theme (``themes``), made with it and gone with it. The default brand cannot be
deleted, nor can a brand a custom domain serves.
"""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.brands import pages, state, templates, themes
from darkfactory.twins.okta.domains import email
from darkfactory.twins.okta.domains.custom import answer as custom_domain
from darkfactory.twins.okta.errors import OktaError, validation
from darkfactory.twins.okta.state import state_of

DEFAULT_NAME = "Okta Default"
RESERVED = "DRAPP_DOMAIN_BRAND"
DEFAULT_APP = {"appInstanceId": None, "appLinkName": None, "classicApplicationUri": None}


def _fresh(name: str, is_default: bool) -> dict:
    """A new brand: Okta's defaults under ``name``."""
    return {
        "name": name,
        "isDefault": is_default,
        "agreeToCustomPrivacyPolicy": False,
        "removePoweredByOkta": False,
        "customPrivacyPolicyUrl": None,
        "locale": "en",
        "defaultApp": dict(DEFAULT_APP),
    }


def _default_app(call: Call, asked) -> dict:
    if asked is None:
        return dict(DEFAULT_APP)
    if not isinstance(asked, dict):
        raise validation("defaultApp", "defaultApp: must be an object")
    app_id = asked.get("appInstanceId")
    if (
        app_id
        and call.universe.store.one("SELECT 1 FROM okta_apps WHERE id = ?", (app_id,)) is None
    ):
        raise validation("defaultApp", f"defaultApp.appInstanceId: App {app_id} not found")
    return {**DEFAULT_APP, **{k: asked.get(k) for k in DEFAULT_APP if k in asked}}


def _clean(call: Call, payload: dict, own_id: str | None) -> dict:
    name = payload.get("name")
    if not isinstance(name, str) or not name.strip():
        raise validation("name", "name: The field cannot be left blank")
    if name == RESERVED:
        raise validation("name", f"name: {RESERVED} is a reserved brand name")
    for other in resources.documents(call, KIND):
        if other["id"] != own_id and other["document"]["name"].lower() == name.lower():
            raise OktaError("E0000202", 409, "Brand name already exists.")
    current = resources.document(call, KIND, own_id)["document"] if own_id else {}
    if own_id is None:  # createBrand takes a name only
        return _fresh(name, is_default=False)
    url = payload.get("customPrivacyPolicyUrl")
    agreed = bool(payload.get("agreeToCustomPrivacyPolicy"))
    if url and not agreed:
        raise validation(
            "agreeToCustomPrivacyPolicy",
            "agreeToCustomPrivacyPolicy: Consent is required to set a custom privacy policy URL",
        )
    if url and not str(url).startswith(("https://", "http://")):
        raise validation("customPrivacyPolicyUrl", "customPrivacyPolicyUrl: must be a URL")
    email_domain = payload.get("emailDomainId")
    if email_domain and not _exists(call, "EmailDomain", email_domain):
        raise validation("emailDomainId", f"emailDomainId: Email domain {email_domain} not found")
    return {
        "name": name,
        "isDefault": current.get("isDefault", False),
        "agreeToCustomPrivacyPolicy": agreed,
        "removePoweredByOkta": bool(payload.get("removePoweredByOkta")),
        "customPrivacyPolicyUrl": url or None,
        "locale": payload.get("locale") or "en",
        "defaultApp": _default_app(call, payload.get("defaultApp")),
        **({"emailDomainId": email_domain} if email_domain else {}),
    }


def _exists(call: Call, kind: str, resource_id: str) -> bool:
    return (
        call.universe.store.one(
            "SELECT 1 FROM okta_resources WHERE kind = ? AND id = ?", (kind, resource_id)
        )
        is not None
    )


def _before_delete(call: Call, brand: dict) -> None:
    if brand["document"]["isDefault"]:
        raise OktaError("E0000200", 409, "A default brand cannot be deleted")
    if state.domains_of(call, brand["id"]):
        raise OktaError("E0000201", 409, "A brand associated with a domain cannot be deleted")
    state.remove_dependents(call, brand["id"])


def _links(call: Call, brand: dict, href: str) -> dict:
    links = {"themes": {"href": f"{href}/themes", "hints": {"allow": ["GET"]}}}
    email_domain = brand["document"].get("emailDomainId")
    if email_domain:
        links["emailDomain"] = {
            "href": f"{call.twin.base_url}/api/v1/email-domains/{email_domain}",
            "hints": {"allow": ["GET", "PUT"]},
        }
    return links


def _embedded(call: Call, brand: dict) -> dict:
    """What ``expand`` asks to embed: the brand's themes, domains, email domain."""
    expand = set(",".join(call.query.getlist("expand")).split(","))
    embedded: dict = {}
    if "themes" in expand:
        embedded["themes"] = [
            themes.theme_json(call, t) for t in state.themes_of(call, brand["id"])
        ]
    if "domains" in expand:
        embedded["domains"] = [custom_domain(call, d) for d in state.domains_of(call, brand["id"])]
    email_domain = brand["document"].get("emailDomainId")
    if "emailDomain" in expand and email_domain:
        found = resources.document(call, email.KIND, email_domain)
        embedded["emailDomain"] = resources.resource_json(call, email.KIND, found)
    return {"_embedded": embedded} if embedded else {}


KIND = resources.Kind(
    name="Brand",
    path="/api/v1/brands",
    id_param="brandId",
    prefix="bnd",
    scope="okta.brands",
    event="brand",
    clean=_clean,
    created_status=201,
    lifecycle=False,
    stamps=resources.unstamped,
    links=_links,
    before_delete=_before_delete,
    created=lambda call, brand: state.create_theme(state_of(call), brand["id"]),
    shown=_embedded,
    listed=lambda call, brand: brand["name"].lower().startswith(call.query.get("q", "").lower()),
)


def seed(okta_state) -> None:
    """Okta's default brand and its theme, as a fresh org has them."""
    brand_id = okta_state.new_id("bnd")
    resources.insert(okta_state, KIND, brand_id, _fresh(DEFAULT_NAME, is_default=True))
    state.create_theme(okta_state, brand_id)


def routes() -> list[Route]:
    return [
        *resources.routes(
            KIND,
            {
                "create": "createBrand",
                "list": "listBrands",
                "get": "getBrand",
                "replace": "replaceBrand",
                "delete": "deleteBrand",
            },
        ),
        *themes.routes(),
        *templates.routes(),
        *pages.routes(),
    ]
