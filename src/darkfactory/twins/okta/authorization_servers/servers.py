"""Custom authorization servers: ``/api/v1/authorizationServers`` CRUD and lifecycle.

The org has the ``default`` server from the start; every ACTIVE server answers the OAuth 2.0 /
OIDC endpoints under ``/oauth2/{id}`` (``operations``), signing with the org's keys.
"""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import children_store, resources
from darkfactory.twins.okta.authorization_servers import policies, scopes
from darkfactory.twins.okta.errors import validation
from darkfactory.twins.okta.state import state_of

DEFAULT = {
    "name": "default",
    "description": "Default Authorization Server",
    "audiences": ["api://default"],
}


def _clean(call: Call, payload: dict, own_id: str | None) -> dict:
    name, audiences = payload.get("name"), payload.get("audiences")
    if not isinstance(name, str) or not name:
        raise validation("name", "name: The field cannot be left blank")
    if (
        not isinstance(audiences, list)
        or not audiences
        or not all(isinstance(a, str) and a for a in audiences)
    ):
        raise validation("audiences", "audiences: The field cannot be left blank")
    description = payload.get("description")
    resources.unique(call, KIND, "name", name, own_id)
    return {
        "name": name,
        "description": description if isinstance(description, str) else "",
        "audiences": audiences,
    }


def _shown(call: Call, resource: dict) -> dict:
    """What Okta derives for a server: its issuer URL and signing-key settings."""
    return {
        "issuer": f"{call.twin.base_url}/oauth2/{resource['id']}",
        "issuerMode": "ORG_URL",
        "credentials": {"signing": {"rotationMode": "AUTO", "use": "sig"}},
    }


def _furnish(state, server_id: str) -> None:
    """What Okta gives every new server: its system scopes."""
    scopes.seed(state, server_id)


def _removed(state, server_id: str) -> None:
    children_store.delete_tree(state.db, server_id)


KIND = resources.Kind(
    name="AuthorizationServer",
    path="/api/v1/authorizationServers",
    id_param="authServerId",
    prefix="aus",
    scope="okta.authorizationServers",
    event="oauth2.as",
    clean=_clean,
    delete_needs_inactive=True,
    past_tense=True,
    shown=_shown,
    created_status=201,
    lifecycle_answers_empty=True,
    created=lambda call, server: _furnish(state_of(call), server["id"]),
    removed=_removed,
)


def seed(state) -> None:
    """The org's ``default`` server, with its default access policy."""
    resources.insert(state, KIND, "default", DEFAULT)
    _furnish(state, "default")
    policies.seed(state, "default")


def routes() -> list[Route]:
    return resources.routes(
        KIND,
        {
            "create": "createAuthorizationServer",
            "list": "listAuthorizationServers",
            "get": "getAuthorizationServer",
            "replace": "replaceAuthorizationServer",
            "delete": "deleteAuthorizationServer",
            "activate": "activateAuthorizationServer",
            "deactivate": "deactivateAuthorizationServer",
        },
    )
