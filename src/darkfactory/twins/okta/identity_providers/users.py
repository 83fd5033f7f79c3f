"""IdP users: ``/api/v1/idps/{idpId}/users``, the links between Okta users and an IdP's users.

A link ties an Okta user to the IdP's subject (``externalId``); a sign-in through the IdP makes
or follows one (``signin``) and keeps the IdP's tokens, listed as the user's social auth tokens.
"""

from __future__ import annotations

import json

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.api import authorize, body, timestamp
from darkfactory.twins.okta.errors import not_found, validation
from darkfactory.twins.okta.identity_providers.operations import KIND
from darkfactory.twins.okta.state import state_of


def link(state, idp_id: str, user_id: str, external_id: str, profile: dict, tokens=()) -> None:
    """Link (or relink) ``user_id`` to the IdP's user ``external_id``, keeping its profile."""
    now = state.now()
    state.db.execute(
        "INSERT INTO okta_idp_links(idp_id, user_id, external_id, profile, tokens, created,"
        " last_updated) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(idp_id, user_id) DO UPDATE SET"
        " external_id = excluded.external_id, profile = excluded.profile,"
        " tokens = excluded.tokens, last_updated = excluded.last_updated",
        (idp_id, user_id, external_id, json.dumps(profile), json.dumps(list(tokens)), now, now),
    )


def linked_user(state, idp_id: str, external_id: str) -> str | None:
    """The Okta user linked to the IdP's user ``external_id``, if any."""
    return state.db.scalar(
        "SELECT user_id FROM okta_idp_links WHERE idp_id = ? AND external_id = ?",
        (idp_id, external_id),
    )


def _link_of(call: Call) -> dict:
    idp = resources.document(call, KIND)
    user = state_of(call).user(call.path_params["userId"])
    row = call.universe.store.one(
        "SELECT * FROM okta_idp_links WHERE idp_id = ? AND user_id = ?", (idp["id"], user["id"])
    )
    if row is None:
        raise not_found(user["id"], "IdentityProviderApplicationUser")
    return dict(row)


def _link_json(call: Call, row: dict) -> dict:
    base = call.twin.base_url
    idp = f"{base}{KIND.path}/{row['idp_id']}"
    return {
        "id": row["user_id"],
        "externalId": row["external_id"],
        "created": timestamp(row["created"]),
        "lastUpdated": timestamp(row["last_updated"]),
        "profile": json.loads(row["profile"]),
        "_links": {
            "self": {
                "href": f"{idp}/users/{row['user_id']}",
                "hints": {"allow": ["GET", "DELETE"]},
            },
            "idp": {"href": idp},
            "user": {"href": f"{base}/api/v1/users/{row['user_id']}"},
        },
    }


@operation("listIdentityProviderApplicationUsers")
def list_users(call: Call) -> list:
    authorize(call, "okta.idps.read")
    idp = resources.document(call, KIND)
    rows = call.universe.store.all(
        "SELECT * FROM okta_idp_links WHERE idp_id = ? ORDER BY rowid", (idp["id"],)
    )
    return [_link_json(call, dict(r)) for r in rows]


@operation("getIdentityProviderApplicationUser")
def get_user(call: Call) -> dict:
    authorize(call, "okta.idps.read")
    return _link_json(call, _link_of(call))


@operation("linkUserToIdentityProvider")
def link_user(call: Call) -> dict:
    actor = authorize(call, "okta.users.manage")
    idp = resources.document(call, KIND)
    state = state_of(call)
    user = state.user(call.path_params["userId"])
    external_id = body(call).get("externalId")
    if not isinstance(external_id, str) or not external_id:
        raise validation("externalId", "externalId: may not be blank")
    other = linked_user(state, idp["id"], external_id)
    if other and other != user["id"]:
        raise validation("externalId", "externalId: already linked to another user")
    link(state, idp["id"], user["id"], external_id, {})
    state.log(
        "user.identity_provider.link",
        "Link user to identity provider",
        actor,
        state.user_target(user["id"]),
    )
    return _link_json(call, _link_of(call))


@operation("unlinkUserFromIdentityProvider")
def unlink_user(call: Call) -> Response:
    actor = authorize(call, "okta.idps.manage")
    row = _link_of(call)
    call.universe.store.execute(
        "DELETE FROM okta_idp_links WHERE idp_id = ? AND user_id = ?",
        (row["idp_id"], row["user_id"]),
    )
    state = state_of(call)
    state.log(
        "user.identity_provider.unlink",
        "Unlink user from identity provider",
        actor,
        state.user_target(row["user_id"]),
    )
    return Response(status_code=204)


@operation("listSocialAuthTokens")
def list_tokens(call: Call) -> list:
    authorize(call, "okta.idps.read")
    return json.loads(_link_of(call)["tokens"])


@operation("listUserIdentityProviders")
def list_user_idps(call: Call) -> list:
    authorize(call, "okta.users.read")
    user = state_of(call).user(call.path_params["id"])
    rows = call.universe.store.all(
        "SELECT idp_id FROM okta_idp_links WHERE user_id = ? ORDER BY rowid", (user["id"],)
    )
    found = [resources.document(call, KIND, r["idp_id"]) for r in rows]
    return [resources.resource_json(call, KIND, idp) for idp in found]


def routes() -> list[Route]:
    one = "/api/v1/idps/{idpId}/users/{userId}"
    return [
        Route("/api/v1/idps/{idpId}/users", list_users, methods=["GET"]),
        Route(one, get_user, methods=["GET"]),
        Route(one, link_user, methods=["POST"]),
        Route(one, unlink_user, methods=["DELETE"]),
        Route(f"{one}/credentials/tokens", list_tokens, methods=["GET"]),
        Route("/api/v1/users/{id}/idps", list_user_idps, methods=["GET"]),
    ]
