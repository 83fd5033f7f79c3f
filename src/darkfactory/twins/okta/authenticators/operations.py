"""Authenticator API: ``/api/v1/authenticators``, the org's authenticators and their methods.

An authenticator, and each of its methods, is ACTIVE or INACTIVE; a factor can be enrolled only
while both its authenticator and its method are active (``state.enrollable``). The password
authenticator cannot be turned off.
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.api import authorize, body, flag
from darkfactory.twins.okta.authenticators import state
from darkfactory.twins.okta.authenticators.catalog import ADDABLE, REQUIRED
from darkfactory.twins.okta.errors import not_found, validation

SCOPE = "okta.authenticators"


def _clean(call: Call, payload: dict, own_id: str | None) -> dict:
    """A new authenticator's document, or a replaced one's: only its name and settings change."""
    name = payload.get("name")
    if own_id is not None:
        current = resources.document(call, KIND, own_id)["document"]
        if payload.get("key", current["key"]) != current["key"]:
            raise validation("key", "key: The authenticator key cannot be changed")
        return {**current, "name": name or current["name"], "settings": _settings(payload)}
    key = payload.get("key")
    if key not in ADDABLE:
        raise validation("key", f"key: must be one of {', '.join(ADDABLE)}")
    if state.by_key(call.universe.store, key):
        raise validation("key", "key: An authenticator with this key already exists")
    if not name:
        raise validation("name", "name: The field cannot be left blank")
    kind, methods = ADDABLE[key]
    stored = state.document(key, kind, name, _settings(payload), methods)
    return {**stored, "provider": payload.get("provider") or {}}


def _settings(payload: dict) -> dict:
    settings = payload.get("settings") or {}
    if not isinstance(settings, dict):
        raise validation("settings", "settings: must be an object")
    return settings


def _links(call: Call, resource: dict, href: str) -> dict:
    return {"methods": {"href": f"{href}/methods", "hints": {"allow": ["GET"]}}}


KIND = resources.Kind(
    name=state.NAME,
    path="/api/v1/authenticators",
    id_param="authenticatorId",
    prefix="aut",
    scope=SCOPE,
    event="security.authenticator",
    clean=_clean,
    hidden=("methods",),
    paged=False,
    links=_links,
)


@operation("createAuthenticator")
def create_authenticator(call: Call) -> dict:
    actor = authorize(call, f"{SCOPE}.manage")
    stored = _clean(call, body(call), None)
    status = "ACTIVE" if flag(call, "activate", True) else "INACTIVE"
    resource = resources.add(call, KIND, stored, actor, status)
    return resources.resource_json(call, KIND, resource)


@operation("deactivateAuthenticator")
def deactivate_authenticator(call: Call) -> dict:
    actor = authorize(call, f"{SCOPE}.manage")
    resource = resources.document(call, KIND)
    if resource["document"]["key"] in REQUIRED:
        raise validation("key", "key: This authenticator is required and cannot be deactivated")
    resource = resources.set_status(call, KIND, resource, "INACTIVE", "deactivate", actor)
    return resources.resource_json(call, KIND, resource)


def seed(okta) -> None:
    """Give a fresh org its authenticators."""
    state.seed(okta, KIND)


# -- methods ------------------------------------------------------------------------------------
def _method(call: Call, resource: dict) -> dict:
    wanted = call.path_params["methodType"]
    for method in resource["document"]["methods"]:
        if method["type"] == wanted:
            return method
    raise not_found(wanted, "AuthenticatorMethod")


def method_json(call: Call, resource: dict, method: dict) -> dict:
    href = f"{call.twin.base_url}{KIND.path}/{resource['id']}/methods/{method['type']}"
    flip = "deactivate" if method["status"] == "ACTIVE" else "activate"
    shown = {"type": method["type"], "status": method["status"]}
    if method.get("settings") is not None:
        shown["settings"] = method["settings"]
    return {
        **shown,
        "_links": {
            "self": {"href": href, "hints": {"allow": ["GET", "PUT"]}},
            flip: {"href": f"{href}/lifecycle/{flip}", "hints": {"allow": ["POST"]}},
            "authenticator": {"href": f"{call.twin.base_url}{KIND.path}/{resource['id']}"},
        },
    }


def _change_method(call: Call, change) -> dict:
    """Apply ``change(method)`` to one method of an authenticator and store it."""
    actor = authorize(call, f"{SCOPE}.manage")
    resource = resources.document(call, KIND)
    method = _method(call, resource)
    change(method)
    stored = resource["document"]
    resources.store(call, KIND, resource, stored, actor)
    return method_json(call, resources.document(call, KIND, resource["id"]), method)


@operation("listAuthenticatorMethods")
def list_authenticator_methods(call: Call) -> JSONResponse:
    authorize(call, f"{SCOPE}.read")
    resource = resources.document(call, KIND)
    return JSONResponse([method_json(call, resource, m) for m in resource["document"]["methods"]])


@operation("getAuthenticatorMethod")
def get_authenticator_method(call: Call) -> dict:
    authorize(call, f"{SCOPE}.read")
    resource = resources.document(call, KIND)
    return method_json(call, resource, _method(call, resource))


@operation("replaceAuthenticatorMethod")
def replace_authenticator_method(call: Call) -> dict:
    payload = body(call)
    if payload.get("type", call.path_params["methodType"]) != call.path_params["methodType"]:
        raise validation("type", "type: The method type cannot be changed")
    return _change_method(call, lambda m: m.update(settings=_settings(payload)))


def _method_status(name: str, status: str):
    @operation(name)
    def handler(call: Call) -> dict:
        return _change_method(call, lambda m: m.update(status=status))

    return handler


def routes() -> list[Route]:
    one = f"{KIND.path}/{{authenticatorId}}"
    method = f"{one}/methods/{{methodType}}"
    return [
        Route(KIND.path, create_authenticator, methods=["POST"]),
        Route(f"{one}/lifecycle/deactivate", deactivate_authenticator, methods=["POST"]),
        *resources.routes(
            KIND,
            {
                "list": "listAuthenticators",
                "get": "getAuthenticator",
                "replace": "replaceAuthenticator",
                "activate": "activateAuthenticator",
            },
        ),
        Route(f"{one}/methods", list_authenticator_methods, methods=["GET"]),
        Route(method, get_authenticator_method, methods=["GET"]),
        Route(method, replace_authenticator_method, methods=["PUT"]),
        Route(
            f"{method}/lifecycle/activate",
            _method_status("activateAuthenticatorMethod", "ACTIVE"),
            methods=["POST"],
        ),
        Route(
            f"{method}/lifecycle/deactivate",
            _method_status("deactivateAuthenticatorMethod", "INACTIVE"),
            methods=["POST"],
        ),
    ]
