"""Trusted origins: ``/api/v1/trustedOrigins``, the sites allowed CORS and redirects.

An ACTIVE origin with the ``CORS`` scope is what browsers may call the API from: a request whose
``Origin`` matches one gets ``Access-Control-Allow-Origin`` (``api.cors_origins``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.errors import validation

SCOPES = ("CORS", "REDIRECT", "IFRAME_EMBED")


def _clean(call: Call, payload: dict, own_id: str | None) -> dict:
    name, origin = payload.get("name"), str(payload.get("origin") or "")
    if not name:
        raise validation("name", "name: The field cannot be left blank")
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise validation("origin", "origin: The origin must be a scheme, host and optional port")
    scopes = payload.get("scopes") or []
    if not scopes or any((s or {}).get("type") not in SCOPES for s in scopes):
        raise validation("scopes", f"scopes: Each scope type must be one of {', '.join(SCOPES)}")
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    resources.unique(call, KIND, "name", name, own_id)
    resources.unique(call, KIND, "origin", origin, own_id)
    return {"name": name, "origin": origin, "scopes": scopes}


KIND = resources.Kind(
    name="TrustedOrigin",
    path="/api/v1/trustedOrigins",
    id_param="trustedOriginId",
    prefix="tos",
    scope="okta.trustedOrigins",
    event="security.trusted_origin",
    clean=_clean,
)


def routes() -> list[Route]:
    return resources.routes(
        KIND,
        {
            "create": "createTrustedOrigin",
            "list": "listTrustedOrigins",
            "get": "getTrustedOrigin",
            "replace": "replaceTrustedOrigin",
            "delete": "deleteTrustedOrigin",
            "activate": "activateTrustedOrigin",
            "deactivate": "deactivateTrustedOrigin",
        },
    )
