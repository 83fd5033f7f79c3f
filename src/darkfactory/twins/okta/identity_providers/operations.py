"""Identity providers: ``/api/v1/idps``, the IdPs (OIDC, Google, SAML ...) users sign in through.

An IdP's ``policy`` decides what a sign-in through it does (``signin``): how the IdP's user is
matched to an Okta user (``subject``), whether a match is linked (``accountLink``) and whether an
unknown user is created just in time (``provisioning``), into which groups. A ``GOOGLE`` IdP
talks to the universe's Google twin.
"""

from __future__ import annotations

import re

from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.errors import validation

# IdP type -> the protocols it speaks.
PROTOCOLS = {
    "OIDC": ("OIDC",),
    "GOOGLE": ("OIDC", "OAUTH2"),
    "MICROSOFT": ("OIDC",),
    "APPLE": ("OIDC",),
    "FACEBOOK": ("OAUTH2",),
    "LINKEDIN": ("OAUTH2",),
    "SAML2": ("SAML2",),
    "X509": ("MTLS",),
}
SIGN_IN_TYPES = ("OIDC", "GOOGLE")  # the types the twin signs users in through
PROVISIONING = ("AUTO", "DISABLED", "CALLOUT")
GROUP_ACTIONS = ("NONE", "APPEND", "ASSIGN", "SYNC")
ACCOUNT_LINK = ("AUTO", "DISABLED")
MATCH_TYPES = ("USERNAME", "EMAIL", "USERNAME_OR_EMAIL", "CUSTOM_ATTRIBUTE")
TEMPLATE = re.compile(r"^idpuser\.[A-Za-z_][A-Za-z0-9_]*$")
GOOGLE_SCOPES = ("openid", "email", "profile")


def google_endpoints(call: Call) -> dict:
    """Google's OAuth endpoints, as the universe's Google twin serves them."""
    google = f"{call.universe.url}/google"
    return {
        "authorization": {"url": f"{google}/o/oauth2/auth", "binding": "HTTP-REDIRECT"},
        "token": {"url": f"{google}/oauth2/token", "binding": "HTTP-POST"},
        "userInfo": {"url": f"{google}/v1/userinfo", "binding": "HTTP-REDIRECT"},
    }


def _choice(holder: dict, field: str, allowed: tuple[str, ...], default: str, path: str) -> str:
    value = (holder or {}).get(field) or default
    if value not in allowed:
        raise validation(path, f"{path}: must be one of {', '.join(allowed)}")
    return value


def _url(endpoints: dict, name: str) -> dict:
    endpoint = endpoints.get(name) or {}
    url = str(endpoint.get("url") or "")
    if not url.startswith(("https://", "http://")):
        raise validation(
            f"protocol.endpoints.{name}", f"protocol.endpoints.{name}.url: must be a URL"
        )
    return {"url": url, "binding": endpoint.get("binding") or "HTTP-REDIRECT"}


def _protocol(call: Call, idp_type: str, protocol: dict) -> dict:
    if not isinstance(protocol, dict) or protocol.get("type") not in PROTOCOLS[idp_type]:
        allowed = ", ".join(PROTOCOLS[idp_type])
        raise validation("protocol", f"protocol.type: an {idp_type} IdP speaks {allowed}")
    if idp_type not in SIGN_IN_TYPES:
        return protocol
    client = ((protocol.get("credentials") or {}).get("client")) or {}
    if not client.get("client_id"):
        raise validation("protocol", "protocol.credentials.client.client_id: may not be blank")
    scopes = protocol.get("scopes") or []
    if not isinstance(scopes, list) or not scopes or not all(isinstance(s, str) for s in scopes):
        raise validation("protocol", "protocol.scopes: may not be empty")
    shown = {"type": protocol["type"], "scopes": scopes, "credentials": {"client": client}}
    if idp_type == "GOOGLE":
        if not set(scopes) <= set(GOOGLE_SCOPES):
            raise validation("protocol", "protocol.scopes: Google takes openid, email, profile")
        return shown | {"type": "OIDC", "endpoints": google_endpoints(call)}
    if "openid" not in scopes:
        raise validation("protocol", "protocol.scopes: an OIDC IdP needs the openid scope")
    endpoints = protocol.get("endpoints") or {}
    chosen = {name: _url(endpoints, name) for name in ("authorization", "token")}
    chosen |= {name: _url(endpoints, name) for name in ("userInfo", "jwks") if endpoints.get(name)}
    issuer = (protocol.get("issuer") or {}).get("url")  # the okta SDK's model cannot send it
    return shown | {"endpoints": chosen} | ({"issuer": {"url": issuer}} if issuer else {})


def _policy(call: Call, policy: dict) -> dict:
    policy = policy if isinstance(policy, dict) else {}
    provisioning = policy.get("provisioning") or {}
    groups = provisioning.get("groups") or {}
    group_action = _choice(groups, "action", GROUP_ACTIONS, "NONE", "policy.provisioning.groups")
    chosen_groups: dict = {"action": group_action}
    if group_action in ("ASSIGN", "APPEND", "SYNC"):
        assignments = groups.get("assignments") or []
        state = call.twin.state
        for group_id in assignments:
            if state.db.one("SELECT 1 FROM okta_groups WHERE id = ?", (group_id,)) is None:
                raise validation(
                    "policy", f"policy.provisioning.groups.assignments: no group {group_id}"
                )
        chosen_groups["assignments"] = list(assignments)
    subject = policy.get("subject") or {}
    template = ((subject.get("userNameTemplate") or {}).get("template")) or "idpuser.email"
    if not TEMPLATE.match(template):
        raise validation(
            "policy", "policy.subject.userNameTemplate.template: must be idpuser.<attribute>"
        )
    conditions = provisioning.get("conditions") or {}
    return {
        "provisioning": {
            "action": _choice(provisioning, "action", PROVISIONING, "AUTO", "policy.provisioning"),
            "profileMaster": bool(provisioning.get("profileMaster")),
            "groups": chosen_groups,
            "conditions": {
                "deprovisioned": conditions.get("deprovisioned") or {"action": "NONE"},
                "suspended": conditions.get("suspended") or {"action": "NONE"},
            },
        },
        "accountLink": {
            "filter": (policy.get("accountLink") or {}).get("filter"),
            "action": _choice(
                policy.get("accountLink"), "action", ACCOUNT_LINK, "AUTO", "policy.accountLink"
            ),
        },
        "subject": {
            "userNameTemplate": {"template": template},
            "filter": subject.get("filter"),
            "matchType": _choice(subject, "matchType", MATCH_TYPES, "USERNAME", "policy.subject"),
            "matchAttribute": subject.get("matchAttribute"),
        },
        "mapAMRClaims": bool(policy.get("mapAMRClaims")),
        "trustClaims": bool(policy.get("trustClaims")),
        "maxClockSkew": int(policy.get("maxClockSkew") or 0),
    }


def _clean(call: Call, payload: dict, own_id: str | None) -> dict:
    name, idp_type = payload.get("name"), payload.get("type")
    if not isinstance(name, str) or not name.strip() or len(name) > 100:
        raise validation("name", "name: The field must have 1 to 100 characters")
    if idp_type not in PROTOCOLS:
        raise validation("type", f"type: must be one of {', '.join(PROTOCOLS)}")
    if own_id and resources.document(call, KIND, own_id)["document"]["type"] != idp_type:
        raise validation("type", "type: An IdP's type cannot be changed")
    resources.unique(call, KIND, "name", name, own_id)
    return {
        "type": idp_type,
        "name": name,
        "issuerMode": _choice(
            payload, "issuerMode", ("ORG_URL", "CUSTOM_URL", "DYNAMIC"), "DYNAMIC", "issuerMode"
        ),
        "protocol": _protocol(call, idp_type, payload.get("protocol")),
        "policy": _policy(call, payload.get("policy")),
        "properties": payload.get("properties"),
    }


def _links(call: Call, idp: dict, href: str) -> dict:
    base = call.twin.base_url
    if idp["document"]["type"] not in SIGN_IN_TYPES:
        return {"users": {"href": f"{base}{KIND.path}/{idp['id']}/users"}}
    template = (
        f"{base}/oauth2/v1/authorize?idp={idp['id']}&client_id={{clientId}}"
        "&response_type={responseType}&response_mode={responseMode}&scope={scopes}"
        "&redirect_uri={redirectUri}&state={state}&nonce={nonce}"
    )
    return {
        "authorize": {"href": template, "templated": True, "hints": {"allow": ["GET"]}},
        "clientRedirectUri": {
            "href": f"{base}/oauth2/v1/authorize/callback",
            "hints": {"allow": ["POST"]},
        },
        "users": {"href": f"{base}{KIND.path}/{idp['id']}/users"},
    }


def _before_delete(call: Call, idp: dict) -> None:
    call.universe.store.execute("DELETE FROM okta_idp_links WHERE idp_id = ?", (idp["id"],))


KIND = resources.Kind(
    name="IdentityProvider",
    path="/api/v1/idps",
    id_param="idpId",
    prefix="0oa",
    scope="okta.idps",
    event="system.idp.lifecycle",
    clean=_clean,
    links=_links,
    before_delete=_before_delete,
    listed=lambda call, idp: (
        (not call.query.get("type") or idp["type"] == call.query["type"])
        and (not call.query.get("q") or idp["name"].lower().startswith(call.query["q"].lower()))
    ),
)


def routes() -> list[Route]:
    return resources.routes(
        KIND,
        {
            "create": "createIdentityProvider",
            "list": "listIdentityProviders",
            "get": "getIdentityProvider",
            "replace": "replaceIdentityProvider",
            "delete": "deleteIdentityProvider",
            "activate": "activateIdentityProvider",
            "deactivate": "deactivateIdentityProvider",
        },
    )
