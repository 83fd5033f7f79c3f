"""An authorization server's custom claims: ``AuthorizationServerClaimsApi``.

A claim is put in access tokens (``RESOURCE``) or ID tokens (``IDENTITY``); its value is an
Okta expression (``EXPRESSION``) or the user's groups whose names match a filter (``GROUPS``),
and ``conditions.scopes`` limits it to tokens granted one of those scopes.
"""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import children, children_store
from darkfactory.twins.okta.authorization_servers.owner import server_id
from darkfactory.twins.okta.errors import validation
from darkfactory.twins.okta.groups.rule_expressions import compile_value

CLAIM_TYPES = ("RESOURCE", "IDENTITY")
VALUE_TYPES = ("EXPRESSION", "GROUPS")
GROUP_FILTERS = ("STARTS_WITH", "EQUALS", "CONTAINS", "REGEX")
# Claims Okta sets itself; a custom claim cannot take their names.
RESERVED = frozenset(
    [
        "iss",
        "sub",
        "aud",
        "exp",
        "iat",
        "nbf",
        "jti",
        "cid",
        "uid",
        "scp",
        "auth_time",
        "amr",
        "idp",
        "nonce",
        "at_hash",
        "c_hash",
        "ver",
    ]
)


def _clean(call: Call, payload: dict, current: dict | None) -> dict:
    name, value = payload.get("name"), payload.get("value")
    if not isinstance(name, str) or not name:
        raise validation("name", "name: The field cannot be left blank")
    if name in RESERVED:
        raise validation("name", f"name: '{name}' is a reserved claim name")
    claim_type = payload.get("claimType")
    if claim_type not in CLAIM_TYPES:
        raise validation("claimType", f"claimType: must be one of {', '.join(CLAIM_TYPES)}")
    value_type = payload.get("valueType", "EXPRESSION")
    if value_type not in VALUE_TYPES:
        raise validation("valueType", f"valueType: must be one of {', '.join(VALUE_TYPES)}")
    if not isinstance(value, str) or not value:
        raise validation("value", "value: The field cannot be left blank")
    document: dict = {
        "name": name,
        "status": payload.get("status") if payload.get("status") == "INACTIVE" else "ACTIVE",
        "claimType": claim_type,
        "valueType": value_type,
        "value": value,
        "alwaysIncludeInToken": claim_type == "RESOURCE"
        or payload.get("alwaysIncludeInToken", True) is not False,
        "conditions": {"scopes": _scopes(payload)},
        "system": False,
    }
    if value_type == "EXPRESSION":
        try:
            compile_value(value)
        except ValueError as error:
            raise validation("value", f"value: {error}") from error
    else:
        group_filter = payload.get("group_filter_type")
        if group_filter not in GROUP_FILTERS:
            raise validation(
                "group_filter_type",
                f"group_filter_type: must be one of {', '.join(GROUP_FILTERS)}",
            )
        document["group_filter_type"] = group_filter
    return document


def _scopes(payload: dict) -> list[str]:
    scopes = (payload.get("conditions") or {}).get("scopes") or []
    if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
        raise validation("conditions", "conditions.scopes: must be a list of scope names")
    return scopes


KIND = children.Child(
    name="OAuth2Claim",
    path="/api/v1/authorizationServers/{authServerId}/claims",
    id_param="claimId",
    prefix="ocl",
    scope="okta.authorizationServers",
    events={verb: f"oauth2.claim.{verb}d" for verb in ("create", "update", "delete")},
    parent=server_id,
    clean=_clean,
)


def active(db, server: str, claim_type: str) -> list[dict]:
    """The server's ACTIVE claims of ``claim_type``."""
    return [
        row["document"]
        for row in children_store.rows(db, KIND.name, server)
        if row["document"]["status"] == "ACTIVE" and row["document"]["claimType"] == claim_type
    ]


def routes() -> list[Route]:
    return children.routes(
        KIND,
        {
            "create": "createOAuth2Claim",
            "list": "listOAuth2Claims",
            "get": "getOAuth2Claim",
            "replace": "replaceOAuth2Claim",
            "delete": "deleteOAuth2Claim",
        },
    )
