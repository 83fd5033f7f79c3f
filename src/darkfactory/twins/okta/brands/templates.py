"""Email templates: ``/api/v1/brands/{brandId}/templates/email``, the emails Okta sends users.

Each template has Okta's default content, per-brand settings (who receives it) and per-language
customizations, exactly one of them the default. A customization's body must keep the variable
the email exists for (an activation email its ``${activationLink}``). A preview renders the
variables for the caller; a test email sends that rendering to the caller (``mailbox``).
"""

from __future__ import annotations

import json
import re

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import mailbox
from darkfactory.twins.okta.api import authorize, body, grant_of, timestamp
from darkfactory.twins.okta.brands import state
from darkfactory.twins.okta.errors import OktaError, not_found, validation
from darkfactory.twins.okta.state import state_of

HTML = "<!DOCTYPE html><html><body><p>{}</p></body></html>"
# name -> (default subject, default body, the variable a customization must keep)
TEMPLATES: dict[str, tuple[str, str, str | None]] = {
    "UserActivation": (
        "Welcome to ${org.name}!",
        'Hello, ${user.profile.firstName}. Click <a href="${activationLink}">here</a> to '
        "activate your account.",
        "${activationLink}",
    ),
    "ForgotPassword": (
        "Account password reset",
        'Hello, ${user.profile.firstName}. <a href="${resetPasswordLink}">Reset your password</a>.',
        "${resetPasswordLink}",
    ),
    "PasswordChanged": (
        "Your password was changed",
        "Hello, ${user.profile.firstName}. The password of ${user.profile.login} was changed.",
        None,
    ),
    "EmailChallenge": (
        "One-time verification code",
        "Your verification code is ${verificationToken}.",
        "${verificationToken}",
    ),
    "SelfServiceUnlock": (
        "Account unlock",
        'Hello, ${user.profile.firstName}. <a href="${unlockAccountLink}">Unlock your account</a>.',
        "${unlockAccountLink}",
    ),
    "AccountLockout": (
        "Your account is locked",
        "Hello, ${user.profile.firstName}. Your account was locked after failed sign-ins.",
        None,
    ),
    "ChangeEmailConfirmation": (
        "Confirm your email address change",
        'Hello, ${user.profile.firstName}. <a href="${verificationLink}">Confirm</a> your new '
        "address.",
        "${verificationLink}",
    ),
}
RECIPIENTS = ("ALL_USERS", "ADMINS_ONLY", "NO_USERS")
VARIABLE = re.compile(r"\$\{([A-Za-z][A-Za-z0-9_.]*)\}")
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def _template(call: Call) -> tuple[dict, str]:
    brand = state.brand(call)
    name = call.path_params["templateName"]
    if name not in TEMPLATES:
        raise not_found(name, "EmailTemplate")
    return brand, name


def _href(call: Call, brand_id: str, name: str, tail: str = "") -> str:
    return f"{call.twin.base_url}/api/v1/brands/{brand_id}/templates/email/{name}{tail}"


def _link(href: str, *allow: str) -> dict:
    return {"href": href, "hints": {"allow": list(allow)}}


def _customizations(call: Call, brand_id: str, name: str) -> list[dict]:
    rows = call.universe.store.all(
        "SELECT * FROM okta_resources WHERE kind = 'EmailCustomization' ORDER BY rowid"
    )
    found = [{**dict(r), "document": json.loads(r["document"])} for r in rows]
    return [
        c
        for c in found
        if (c["document"]["brandId"], c["document"]["template"])
        == (
            brand_id,
            name,
        )
    ]


def _customization(call: Call, wanted: str | None = None) -> tuple[dict, str, dict]:
    brand, name = _template(call)
    wanted = wanted or call.path_params["customizationId"]
    for found in _customizations(call, brand["id"], name):
        if found["id"] == wanted:
            return brand, name, found
    raise not_found(wanted, "EmailCustomization")


def _customization_json(call: Call, brand_id: str, name: str, found: dict) -> dict:
    document = found["document"]
    href = _href(call, brand_id, name, f"/customizations/{found['id']}")
    return {
        "language": document["language"],
        "isDefault": document["isDefault"],
        "subject": document["subject"],
        "body": document["body"],
        "id": found["id"],
        "created": timestamp(found["created"]),
        "lastUpdated": timestamp(found["last_updated"]),
        "_links": {
            "self": _link(href, "GET", "PUT", "DELETE"),
            "template": _link(_href(call, brand_id, name), "GET"),
            "preview": _link(f"{href}/preview", "GET"),
            "test": _link(_href(call, brand_id, name, "/test"), "POST"),
        },
    }


def _recipients(call: Call, brand_id: str, name: str) -> str:
    row = call.universe.store.one(
        "SELECT document FROM okta_resources WHERE kind = 'EmailSettings' AND id = ?",
        (f"{brand_id}:{name}",),
    )
    return json.loads(row["document"])["recipients"] if row else "ALL_USERS"


def _settings_json(call: Call, brand_id: str, name: str) -> dict:
    return {
        "recipients": _recipients(call, brand_id, name),
        "_links": {
            "self": _link(_href(call, brand_id, name, "/settings"), "GET", "PUT"),
            "template": _link(_href(call, brand_id, name), "GET"),
        },
    }


def _template_json(call: Call, brand_id: str, name: str) -> dict:
    answer = {
        "name": name,
        "_links": {
            "self": _link(_href(call, brand_id, name), "GET"),
            "settings": _link(_href(call, brand_id, name, "/settings"), "GET", "PUT"),
            "defaultContent": _link(_href(call, brand_id, name, "/default-content"), "GET"),
            "customizations": _link(
                _href(call, brand_id, name, "/customizations"), "GET", "POST", "DELETE"
            ),
            "test": _link(_href(call, brand_id, name, "/test"), "POST"),
        },
    }
    expand = set(",".join(call.query.getlist("expand")).split(","))
    embedded = {}
    if "settings" in expand:
        embedded["settings"] = _settings_json(call, brand_id, name)
    if "customizationCount" in expand:
        embedded["customizationCount"] = len(_customizations(call, brand_id, name))
    return answer | ({"_embedded": embedded} if embedded else {})


@operation("listEmailTemplates")
def list_templates(call: Call) -> list:
    authorize(call, "okta.templates.read")
    brand = state.brand(call)
    return [_template_json(call, brand["id"], name) for name in TEMPLATES]


@operation("getEmailTemplate")
def get_template(call: Call) -> dict:
    authorize(call, "okta.templates.read")
    brand, name = _template(call)
    return _template_json(call, brand["id"], name)


@operation("getEmailSettings")
def get_settings(call: Call) -> dict:
    authorize(call, "okta.templates.read")
    brand, name = _template(call)
    return _settings_json(call, brand["id"], name)


@operation("replaceEmailSettings")
def replace_settings(call: Call) -> dict:
    authorize(call, "okta.templates.manage")
    brand, name = _template(call)
    recipients = body(call).get("recipients")
    if recipients not in RECIPIENTS:
        raise validation("recipients", f"recipients: must be one of {', '.join(RECIPIENTS)}")
    now = call.universe.clock.now()
    call.universe.store.execute(
        "INSERT OR REPLACE INTO okta_resources(kind, id, status, document, created, last_updated)"
        " VALUES ('EmailSettings', ?, 'ACTIVE', ?, ?, ?)",
        (f"{brand['id']}:{name}", json.dumps({"recipients": recipients}), now, now),
    )
    return _settings_json(call, brand["id"], name)


def _default_content(call: Call, brand_id: str, name: str, language: str | None) -> dict:
    """What the template sends in ``language``: its customization, else the default one,
    else Okta's content."""
    chosen = _customizations(call, brand_id, name)
    for wanted in (lambda c: c["language"] == language, lambda c: c["isDefault"]):
        found = next((c["document"] for c in chosen if wanted(c["document"])), None)
        if found:
            return {"subject": found["subject"], "body": found["body"]}
    subject, text, _ = TEMPLATES[name]
    return {"subject": subject, "body": HTML.format(text)}


@operation("getEmailDefaultContent")
def get_default_content(call: Call) -> dict:
    authorize(call, "okta.templates.read")
    brand, name = _template(call)
    subject, text, _ = TEMPLATES[name]
    href = _href(call, brand["id"], name, "/default-content")
    return {
        "subject": subject,
        "body": HTML.format(text),
        "_links": {
            "self": _link(href, "GET"),
            "template": _link(_href(call, brand["id"], name), "GET"),
            "preview": _link(f"{href}/preview", "GET"),
        },
    }


def _render(call: Call, text: str) -> str:
    """Fill Okta's variables for the caller, as a preview or a test email shows them."""
    user = state_of(call).find_user(grant_of(call).principal)
    profile = user["profile"] if user else {}
    base = call.twin.base_url
    values = {
        "org.name": "darkfactory",
        "org.subDomain": "darkfactory",
        "baseURL": base,
        "activationLink": f"{base}/welcome/preview-token",
        "resetPasswordLink": f"{base}/signin/reset-password/preview-token",
        "unlockAccountLink": f"{base}/signin/unlock/preview-token",
        "verificationLink": f"{base}/verify/preview-token",
        "verificationToken": "123456",
        **{f"user.profile.{k}": str(v) for k, v in profile.items()},
    }
    return VARIABLE.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def _preview(call: Call, brand_id: str, name: str, content: dict, href: str) -> dict:
    return {
        "subject": _render(call, content["subject"]),
        "body": _render(call, content["body"]),
        "_links": {
            "self": _link(href, "GET"),
            "template": _link(_href(call, brand_id, name), "GET"),
            "test": _link(_href(call, brand_id, name, "/test"), "POST"),
        },
    }


@operation("getEmailDefaultPreview")
def get_default_preview(call: Call) -> dict:
    authorize(call, "okta.templates.read")
    brand, name = _template(call)
    subject, text, _ = TEMPLATES[name]
    content = {"subject": subject, "body": HTML.format(text)}
    href = _href(call, brand["id"], name, "/default-content/preview")
    return _preview(call, brand["id"], name, content, href)


@operation("getCustomizationPreview")
def get_customization_preview(call: Call) -> dict:
    authorize(call, "okta.templates.read")
    brand, name, found = _customization(call)
    href = _href(call, brand["id"], name, f"/customizations/{found['id']}/preview")
    return _preview(call, brand["id"], name, found["document"], href)


@operation("sendTestEmail")
def send_test_email(call: Call) -> Response:
    authorize(call, "okta.templates.read")
    brand, name = _template(call)
    user = state_of(call).find_user(grant_of(call).principal)
    if user is None:
        raise validation("user", "A test email goes to the calling user, and there is none.")
    content = _default_content(call, brand["id"], name, call.query.get("language"))
    mailbox.send(
        state_of(call),
        "noreply@okta.com",
        user["profile"]["email"],
        _render(call, content["subject"]),
        _render(call, content["body"]),
        "okta",
    )
    return Response(status_code=204)


def _clean(call: Call, name: str, payload: dict, others: list[dict], current: dict | None):
    language = payload.get("language")
    if not isinstance(language, str) or not LANGUAGE.match(language):
        raise validation("language", "language: must be a BCP 47 language tag")
    for field in ("subject", "body"):
        if not isinstance(payload.get(field), str) or not payload[field].strip():
            raise validation(field, f"{field}: may not be blank")
    needed = TEMPLATES[name][2]
    if needed and needed not in payload["body"]:
        raise validation("body", f"body: The template must contain {needed}")
    if any(o["document"]["language"] == language for o in others):
        raise OktaError(
            "E0000183", 409, "An email template customization for that language already exists."
        )
    has_default = any(o["document"]["isDefault"] for o in others)
    is_default = payload.get("isDefault")
    if current and current["isDefault"] and is_default is False:
        raise OktaError(
            "E0000185",
            409,
            "The isDefault parameter of the default email template customization can't be set"
            " to false.",
        )
    if is_default and has_default:
        raise OktaError("E0000182", 409, "A default email template customization already exists.")
    is_default = bool(is_default) or not has_default
    return {
        "language": language,
        "isDefault": is_default,
        "subject": payload["subject"],
        "body": payload["body"],
    }


@operation("listEmailCustomizations")
def list_customizations(call: Call) -> list:
    authorize(call, "okta.templates.read")
    brand, name = _template(call)
    chosen = _customizations(call, brand["id"], name)
    return [_customization_json(call, brand["id"], name, c) for c in chosen]


@operation("createEmailCustomization")
def create_customization(call: Call) -> JSONResponse:
    authorize(call, "okta.templates.manage")
    brand, name = _template(call)
    others = _customizations(call, brand["id"], name)
    document = {"brandId": brand["id"], "template": name}
    document |= _clean(call, name, body(call), others, None)
    okta = state_of(call)
    customization_id = okta.new_id("oel")
    now = okta.now()
    okta.db.execute(
        "INSERT INTO okta_resources(kind, id, status, document, created, last_updated)"
        " VALUES ('EmailCustomization', ?, 'ACTIVE', ?, ?, ?)",
        (customization_id, json.dumps(document), now, now),
    )
    _, _, found = _customization(call, customization_id)
    return JSONResponse(_customization_json(call, brand["id"], name, found), 201)


@operation("getEmailCustomization")
def get_customization(call: Call) -> dict:
    authorize(call, "okta.templates.read")
    brand, name, found = _customization(call)
    return _customization_json(call, brand["id"], name, found)


@operation("replaceEmailCustomization")
def replace_customization(call: Call) -> dict:
    authorize(call, "okta.templates.manage")
    brand, name, found = _customization(call)
    others = [c for c in _customizations(call, brand["id"], name) if c["id"] != found["id"]]
    document = found["document"] | _clean(call, name, body(call), others, found["document"])
    call.universe.store.execute(
        "UPDATE okta_resources SET document = ?, last_updated = ?"
        " WHERE kind = 'EmailCustomization' AND id = ?",
        (json.dumps(document), call.universe.clock.now(), found["id"]),
    )
    _, _, found = _customization(call)
    return _customization_json(call, brand["id"], name, found)


def _delete(call: Call, customization_ids: list[str]) -> None:
    for customization_id in customization_ids:
        call.universe.store.execute(
            "DELETE FROM okta_resources WHERE kind = 'EmailCustomization' AND id = ?",
            (customization_id,),
        )


@operation("deleteEmailCustomization")
def delete_customization(call: Call) -> Response:
    authorize(call, "okta.templates.manage")
    brand, name, found = _customization(call)
    if found["document"]["isDefault"] and len(_customizations(call, brand["id"], name)) > 1:
        raise OktaError("E0000184", 409, "A default email template customization can't be deleted.")
    _delete(call, [found["id"]])
    return Response(status_code=204)


@operation("deleteAllCustomizations")
def delete_all_customizations(call: Call) -> Response:
    authorize(call, "okta.templates.manage")
    brand, name = _template(call)
    _delete(call, [c["id"] for c in _customizations(call, brand["id"], name)])
    return Response(status_code=204)


def routes() -> list[Route]:
    base = "/api/v1/brands/{brandId}/templates/email"
    one = f"{base}/{{templateName}}"
    custom = f"{one}/customizations"
    return [
        Route(base, list_templates, methods=["GET"]),
        Route(one, get_template, methods=["GET"]),
        Route(f"{one}/settings", get_settings, methods=["GET"]),
        Route(f"{one}/settings", replace_settings, methods=["PUT"]),
        Route(f"{one}/default-content", get_default_content, methods=["GET"]),
        Route(f"{one}/default-content/preview", get_default_preview, methods=["GET"]),
        Route(f"{one}/test", send_test_email, methods=["POST"]),
        Route(custom, list_customizations, methods=["GET"]),
        Route(custom, create_customization, methods=["POST"]),
        Route(custom, delete_all_customizations, methods=["DELETE"]),
        Route(f"{custom}/{{customizationId}}", get_customization, methods=["GET"]),
        Route(f"{custom}/{{customizationId}}", replace_customization, methods=["PUT"]),
        Route(f"{custom}/{{customizationId}}", delete_customization, methods=["DELETE"]),
        Route(f"{custom}/{{customizationId}}/preview", get_customization_preview, methods=["GET"]),
    ]
