"""An authorization server's scopes: ``AuthorizationServerScopesApi`` (the OIDC system scopes
every server starts with, and the custom scopes an admin adds)."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import children, children_store
from darkfactory.twins.okta.authorization_servers.owner import server_id
from darkfactory.twins.okta.errors import validation

# The system scopes Okta creates with every custom authorization server.
SYSTEM = {
    "openid": "Signals that a request is an OpenID request.",
    "profile": "Allows access to the end user's default profile claims.",
    "email": "Allows access to the end user's email and email_verified claims.",
    "address": "Allows access to the end user's address claim.",
    "phone": "Allows access to the end user's phone_number and phone_number_verified claims.",
    "offline_access": "Allows access to a refresh token.",
    "device_sso": "Allows a device secret to be returned for native SSO.",
}
CONSENTS = ("IMPLICIT", "REQUIRED", "FLEXIBLE")
PUBLISH = ("ALL_CLIENTS", "NO_CLIENTS")


def _choice(payload: dict, field: str, choices: tuple[str, ...], default: str) -> str:
    value = payload.get(field, default)
    if value not in choices:
        raise validation(field, f"{field}: '{value}' is not one of {', '.join(choices)}")
    return value


def _clean(call: Call, payload: dict, current: dict | None) -> dict:
    name = payload.get("name")
    if not isinstance(name, str) or not name.strip():
        raise validation("name", "name: The field cannot be left blank")
    if " " in name or name.startswith("okta."):
        raise validation("name", f"name: '{name}' is not a valid scope name")
    system = bool(current and current["document"].get("system"))
    if system and name != current["document"]["name"]:
        raise validation("name", "name: A system scope cannot be renamed")
    server = server_id(call)
    for other in children_store.rows(call.universe.store, KIND.name, server):
        if other["document"]["name"] == name and (current is None or other["id"] != current["id"]):
            raise validation(
                "name", "name: An object with this field already exists in the current server"
            )
    description = payload.get("description")
    return {
        "name": name,
        "displayName": payload.get("displayName") or name,
        "description": description if isinstance(description, str) else "",
        "system": system,
        "default": bool(payload.get("default", False)),
        "optional": bool(payload.get("optional", False)),
        "consent": _choice(payload, "consent", CONSENTS, "IMPLICIT"),
        "metadataPublish": _choice(payload, "metadataPublish", PUBLISH, "NO_CLIENTS"),
    }


def _listed(call: Call, document: dict) -> bool:
    """``q`` matches the start of a name; ``public`` keeps only published scopes."""
    query = call.query.get("q")
    public = call.query.get("public")
    if query and not document["name"].startswith(query):
        return False
    return public is None or (document["metadataPublish"] == "ALL_CLIENTS") == (public == "true")


KIND = children.Child(
    name="OAuth2Scope",
    path="/api/v1/authorizationServers/{authServerId}/scopes",
    id_param="scopeId",
    prefix="scp",
    scope="okta.authorizationServers",
    events={verb: f"oauth2.scope.{verb}d" for verb in ("create", "update", "delete")},
    parent=server_id,
    clean=_clean,
    listed=_listed,
)


def seed(state, server: str) -> None:
    for name, description in SYSTEM.items():
        document = {
            "name": name,
            "displayName": name,
            "description": description,
            "system": True,
            "default": False,
            "optional": False,
            "consent": "IMPLICIT",
            "metadataPublish": "ALL_CLIENTS",
        }
        children_store.insert(state, KIND.name, server, document, KIND.prefix)


def names(db, server: str) -> set[str]:
    """The scopes a server knows."""
    return {row["document"]["name"] for row in children_store.rows(db, KIND.name, server)}


def published(db, server: str) -> list[str]:
    """The scopes a server's discovery document lists: those published to all clients."""
    found = children_store.rows(db, KIND.name, server)
    return [
        r["document"]["name"] for r in found if r["document"]["metadataPublish"] == "ALL_CLIENTS"
    ]


def routes() -> list[Route]:
    return children.routes(
        KIND,
        {
            "create": "createOAuth2Scope",
            "list": "listOAuth2Scopes",
            "get": "getOAuth2Scope",
            "replace": "replaceOAuth2Scope",
            "delete": "deleteOAuth2Scope",
        },
    )
