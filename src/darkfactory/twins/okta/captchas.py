"""CAPTCHA: ``/api/v1/captchas``, the hCaptcha or reCAPTCHA instances the org can show, and
``/api/v1/org/captcha``, which instance guards which pages. An instance in use by the org's
settings cannot be deleted; its secret key is write-only."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.api import authorize, body
from darkfactory.twins.okta.errors import not_found, validation
from darkfactory.twins.okta.state import state_of

TYPES = ("HCAPTCHA", "RECAPTCHA_V2")
PAGES = ("SIGN_IN", "SIGN_UP", "SSPR")
SETTINGS = "okta.setting.captcha"
FIELDS = ("name", "type", "siteKey", "secretKey")


def _clean(call: Call, payload: dict, own_id: str | None) -> dict:
    if own_id is not None:  # a replaced instance keeps its secret unless given a new one
        payload = {
            "secretKey": resources.document(call, KIND, own_id)["document"]["secretKey"],
            **{k: v for k, v in payload.items() if v is not None},
        }
    for field in FIELDS:
        if not isinstance(payload.get(field), str) or not payload[field]:
            raise validation(field, f"{field}: The field cannot be left blank")
    if payload["type"] not in TYPES:
        raise validation("type", f"type: must be one of {', '.join(TYPES)}")
    resources.unique(call, KIND, "name", payload["name"], own_id)
    return {field: payload[field] for field in FIELDS}


def _settings(call: Call) -> dict:
    return call.universe.store.setting(SETTINGS) or {"captchaId": None, "enabledPages": []}


def _in_use(call: Call, resource: dict) -> None:
    if _settings(call)["captchaId"] == resource["id"]:
        raise validation("captchaId", "The CAPTCHA instance is in use by the org's settings")


KIND = resources.Kind(
    name="CAPTCHAInstance",
    path="/api/v1/captchas",
    id_param="captchaId",
    prefix="cap",
    scope="okta.captchas",
    event="security.captcha",
    clean=_clean,
    hidden=("secretKey",),
    paged=False,
    lifecycle=False,
    stamps=lambda resource: {},
    created_status=201,
    before_delete=_in_use,
)


def settings_json(call: Call, settings: dict) -> dict:
    href = f"{call.twin.base_url}/api/v1/org/captcha"
    return {
        **settings,
        "_links": {"self": {"href": href, "hints": {"allow": ["GET", "PUT", "DELETE"]}}},
    }


@operation("getOrgCaptchaSettings")
def get_org_captcha_settings(call: Call) -> dict:
    authorize(call, "okta.captchas.read")
    return settings_json(call, _settings(call))


@operation("replacesOrgCaptchaSettings")
def replace_org_captcha_settings(call: Call) -> dict:
    authorize(call, "okta.captchas.manage")
    payload = body(call)
    captcha_id, pages = payload.get("captchaId"), payload.get("enabledPages") or []
    if captcha_id is not None and not any(
        d["id"] == captcha_id for d in resources.documents(call, KIND)
    ):
        raise not_found(str(captcha_id), KIND.name)
    if not isinstance(pages, list) or any(p not in PAGES for p in pages):
        raise validation("enabledPages", f"enabledPages: each must be one of {', '.join(PAGES)}")
    if pages and captcha_id is None:
        raise validation("captchaId", "captchaId: Pages need a CAPTCHA instance")
    settings = {"captchaId": captcha_id, "enabledPages": pages}
    call.universe.store.set_setting(SETTINGS, settings)
    return settings_json(call, settings)


@operation("deleteOrgCaptchaSettings")
def delete_org_captcha_settings(call: Call) -> Response:
    actor = authorize(call, "okta.captchas.manage")
    call.universe.store.set_setting(SETTINGS, None)
    target = {
        "id": "captcha",
        "type": "OrgSetting",
        "alternateId": "captcha",
        "displayName": "CAPTCHA",
    }
    state_of(call).log("security.captcha.settings.delete", "Delete CAPTCHA settings", actor, target)
    return Response(status_code=204)


def routes() -> list[Route]:
    org = "/api/v1/org/captcha"
    return [
        *resources.routes(
            KIND,
            {
                "create": "createCaptchaInstance",
                "list": "listCaptchaInstances",
                "get": "getCaptchaInstance",
                "replace": "replaceCaptchaInstance",
                "update": "updateCaptchaInstance",
                "delete": "deleteCaptchaInstance",
            },
        ),
        Route(org, get_org_captcha_settings, methods=["GET"]),
        Route(org, replace_org_captcha_settings, methods=["PUT"]),
        Route(org, delete_org_captcha_settings, methods=["DELETE"]),
    ]
