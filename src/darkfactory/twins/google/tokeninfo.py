"""What a token is: ``tokeninfo`` for access tokens in Google's two shapes, and for ID tokens.

``GET/POST /oauth2/v3/tokeninfo`` answers the OpenID-style claims (``azp``, ``aud``, ``sub``,
``exp`` and ``expires_in`` as strings, ``email_verified: "true"``); ``/oauth2/v2/tokeninfo``
(the oauth2 v2 discovery method) and the older ``/oauth2/v1/tokeninfo`` answer ``issued_to``,
``audience``, ``user_id``, ``expires_in`` as a number and ``verified_email``. A token unknown,
revoked, expired or not an access token is 400 ``invalid_token`` "Invalid Value" in either.
``?id_token=`` answers a live ID token's claims and header fields, every value a string.
"""

from __future__ import annotations

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.google import idtokens
from darkfactory.twins.kit.operation import Call, operation


def _grant(call: Call):
    """The live access grant the request names; None for anything else."""
    value = call.query.get("access_token") or (call.form or {}).get("access_token", "")
    grant = call.universe.tokens.lookup("google", str(value)) if value else None
    if grant is None or grant.kind != "access":
        return None
    return grant if grant.meta["expires"] > call.universe.clock.now() else None


def _id_token(call: Call) -> Response:
    found = idtokens.verified(call.universe, call.query.get("id_token", ""))
    if found is None:
        return JSONResponse({"error": "invalid_token", "error_description": "Invalid Value"}, 400)
    header, claims = found
    strings = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in claims.items()}
    return JSONResponse(strings | {"alg": header["alg"], "kid": header["kid"], "typ": "JWT"})


def _answer(call: Call, shape) -> Response:
    if "id_token" in call.query:
        return _id_token(call)
    grant = _grant(call)
    if grant is None:
        return JSONResponse({"error": "invalid_token", "error_description": "Invalid Value"}, 400)
    account = call.twin.state.account(grant.principal)
    user_id = account["id"] if account else ""
    remaining = int(grant.meta["expires"] - call.universe.clock.now())
    return JSONResponse(shape(grant, user_id, remaining))


def _openid(grant, user_id: str, remaining: int) -> dict:
    answer = {"azp": grant.meta["client_id"], "aud": grant.meta["client_id"]}
    if user_id:
        answer["sub"] = user_id
    return answer | {
        "scope": " ".join(grant.scopes),
        "exp": str(int(grant.meta["expires"])),
        "expires_in": str(remaining),
        "email": grant.principal,
        "email_verified": "true",
    }


def _classic(grant, user_id: str, remaining: int) -> dict:
    answer = {"issued_to": grant.meta["client_id"], "audience": grant.meta["client_id"]}
    if user_id:
        answer["user_id"] = user_id
    return answer | {
        "scope": " ".join(grant.scopes),
        "expires_in": remaining,
        "email": grant.principal,
        "verified_email": True,
    }


@operation("oauth2.tokeninfo")
def tokeninfo(call: Call) -> Response:
    return _answer(call, _classic)


@operation("oauth2.openid.tokeninfo")
def tokeninfo_openid(call: Call) -> Response:
    return _answer(call, _openid)


def routes() -> list[Route]:
    return [
        Route("/oauth2/v3/tokeninfo", tokeninfo_openid, methods=["GET", "POST"]),
        Route("/oauth2/v2/tokeninfo", tokeninfo, methods=["GET", "POST"]),
        Route("/oauth2/v1/tokeninfo", tokeninfo, methods=["GET", "POST"]),
    ]
