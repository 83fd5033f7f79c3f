"""Org settings: ``/api/v1/org``, the org's own profile (company, address, support contacts),
its billing and technical contact users, and whether its users get Okta's emails."""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import authorize, body, timestamp
from darkfactory.twins.okta.errors import not_found, validation
from darkfactory.twins.okta.state import state_of

SCOPE = "okta.orgs"
PROFILE = "okta.setting.org"
FIELDS = (
    "companyName",
    "website",
    "phoneNumber",
    "address1",
    "address2",
    "city",
    "state",
    "country",
    "postalCode",
    "endUserSupportHelpURL",
    "supportPhoneNumber",
)
FRESH = {"companyName": "Example", "website": "https://example.com"}
CONTACT_TYPES = ("BILLING", "TECHNICAL")


def _stored(call: Call) -> dict:
    return call.universe.store.setting(PROFILE) or {**FRESH, "lastUpdated": None}


def _href(call: Call, path: str = "") -> str:
    return f"{call.twin.base_url}/api/v1/org{path}"


def org_json(call: Call, stored: dict) -> dict:
    created = call.universe.store.scalar("SELECT MIN(created) FROM okta_users")
    links = {
        name: {"href": _href(call, path)}
        for name, path in (
            ("contacts", "/contacts"),
            ("preferences", "/preferences"),
            ("oktaCommunication", "/privacy/oktaCommunication"),
            ("oktaSupport", "/privacy/oktaSupport"),
        )
    }
    return {
        "id": state_of(call).org_id(),
        "subdomain": "example",
        "status": "ACTIVE",
        **{field: stored.get(field) for field in FIELDS},
        "created": timestamp(created),
        "lastUpdated": timestamp(stored.get("lastUpdated") or created),
        "expiresAt": None,
        "_links": links,
    }


def _save(call: Call, fields: dict) -> dict:
    actor = authorize(call, f"{SCOPE}.manage")
    if not isinstance(fields.get("companyName"), str) or not fields["companyName"].strip():
        raise validation("companyName", "companyName: The field cannot be left blank")
    stored = {f: fields.get(f) for f in FIELDS} | {"lastUpdated": call.universe.clock.now()}
    call.universe.store.set_setting(PROFILE, stored)
    target = {
        "id": state_of(call).org_id(),
        "type": "Org",
        "alternateId": "org",
        "displayName": stored["companyName"],
    }
    state_of(call).log("system.org.settings.update", "Update org settings", actor, target)
    return org_json(call, stored)


@operation("getOrgSettings")
def get_org_settings(call: Call) -> dict:
    authorize(call, f"{SCOPE}.read")
    return org_json(call, _stored(call))


@operation("replaceOrgSettings")
def replace_org_settings(call: Call) -> dict:
    return _save(call, body(call))


@operation("updateOrgSettings")
def update_org_settings(call: Call) -> dict:
    given = {k: v for k, v in body(call).items() if k in FIELDS}
    return _save(call, {**_stored(call), **given})


# -- contacts -----------------------------------------------------------------------------------
def _contact_type(call: Call) -> str:
    contact_type = call.path_params["contactType"]
    if contact_type not in CONTACT_TYPES:
        raise not_found(contact_type, "OrgContactType")
    return contact_type


def _contact_json(call: Call, contact_type: str) -> dict:
    user_id = call.universe.store.setting(f"okta.setting.contact.{contact_type}")
    links = {"self": {"href": _href(call, f"/contacts/{contact_type}")}}
    if not user_id:
        return {"_links": links}
    links["user"] = {"href": f"{call.twin.base_url}/api/v1/users/{user_id}"}
    return {"userId": user_id, "_links": links}


@operation("listOrgContactTypes")
def list_org_contact_types(call: Call) -> JSONResponse:
    authorize(call, f"{SCOPE}.read")
    return JSONResponse(
        [
            {"contactType": t, "_links": {"user": {"href": _href(call, f"/contacts/{t}")}}}
            for t in CONTACT_TYPES
        ]
    )


@operation("getOrgContactUser")
def get_org_contact_user(call: Call) -> dict:
    authorize(call, f"{SCOPE}.read")
    return _contact_json(call, _contact_type(call))


@operation("replaceOrgContactUser")
def replace_org_contact_user(call: Call) -> dict:
    authorize(call, f"{SCOPE}.manage")
    contact_type = _contact_type(call)
    user_id = body(call).get("userId")
    user = state_of(call).find_user(str(user_id or ""))
    if user is None or user["status"] == "DEPROVISIONED":
        raise validation("userId", "userId: The contact must be an active user of the org")
    call.universe.store.set_setting(f"okta.setting.contact.{contact_type}", user["id"])
    return _contact_json(call, contact_type)


# -- Okta's emails to users ---------------------------------------------------------------------
def _communication_json(call: Call) -> dict:
    opted_out = bool(call.universe.store.setting("okta.setting.communication.opt_out"))
    flip = "optIn" if opted_out else "optOut"
    href = _href(call, f"/privacy/oktaCommunication/{flip}")
    return {
        "optOutEmailUsers": opted_out,
        "_links": {flip: {"href": href, "hints": {"allow": ["POST"]}}},
    }


@operation("getOktaCommunicationSettings")
def get_okta_communication_settings(call: Call) -> dict:
    authorize(call, f"{SCOPE}.read")
    return _communication_json(call)


def _opt(name: str, opted_out: bool):
    @operation(name)
    def handler(call: Call) -> dict:
        authorize(call, f"{SCOPE}.manage")
        call.universe.store.set_setting("okta.setting.communication.opt_out", opted_out)
        return _communication_json(call)

    return handler


def routes() -> list[Route]:
    contact = "/api/v1/org/contacts/{contactType}"
    communication = "/api/v1/org/privacy/oktaCommunication"
    return [
        Route("/api/v1/org", get_org_settings, methods=["GET"]),
        Route("/api/v1/org", replace_org_settings, methods=["PUT"]),
        Route("/api/v1/org", update_org_settings, methods=["POST"]),
        Route("/api/v1/org/contacts", list_org_contact_types, methods=["GET"]),
        Route(contact, get_org_contact_user, methods=["GET"]),
        Route(contact, replace_org_contact_user, methods=["PUT"]),
        Route(communication, get_okta_communication_settings, methods=["GET"]),
        Route(
            f"{communication}/optIn",
            _opt("optInUsersToOktaCommunicationEmails", False),
            methods=["POST"],
        ),
        Route(
            f"{communication}/optOut",
            _opt("optOutUsersFromOktaCommunicationEmails", True),
            methods=["POST"],
        ),
    ]
