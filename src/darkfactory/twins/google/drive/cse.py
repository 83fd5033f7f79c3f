"""``files.generateCseToken``: the token a client-side-encryption client presents to the
domain's key service (KACLS) to wrap the key of a file it creates or updates.

The token is a JWT signed with the twin's Google signing key (published, as Google publishes
the Drive token issuer's, at ``/service_accounts/v1/jwk/<issuer>``) saying who may do what to
which file: ``role: writer`` for an existing file the caller edits, or for a new file (a fresh
id, optionally in a ``parent`` folder the caller may add to). ``fileId`` and ``parent`` exclude
each other. Drive v2 answers the same (``v2.files``).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from darkfactory.twins.google import idtokens
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import wire
from darkfactory.twins.google.drive.files import generated_ids
from darkfactory.twins.google.drive.items import visible
from darkfactory.twins.google.drive.state import FOLDER
from darkfactory.twins.google.errors import GoogleError, not_found
from darkfactory.twins.kit.operation import TWIN_KEY, Call, operation

ISSUER = "gsuitecse-tokenissuer-drive@system.gserviceaccount.com"
AUDIENCE = "cse-authorization"
LIFETIME = 3600
KACLS = {"id": "darkfactory-kacls", "name": "darkfactory key service"}
KACLS_URL = "https://kacls.example.com/api/v1"


def token_for(call: Call) -> dict:
    """The ``GenerateCseTokenResponse`` for the request's caller and file."""
    principal = require(call)
    file_id, parent = call.query.get("fileId"), call.query.get("parent")
    if file_id and parent:
        raise GoogleError(
            400, "invalid", "It is invalid to specify both fileId and parent.", location="parent"
        )
    if file_id:
        visible(call, principal, file_id, "writer")
    else:
        if parent:
            folder = visible(call, principal, parent, "writer")
            if folder["mime_type"] != FOLDER:
                raise not_found(f"File not found: {parent}.", location="parent")
        file_id = generated_ids(call, principal, 1)[1][0]
    now = int(call.universe.clock.now())
    claims = {
        "aud": AUDIENCE,
        "iss": ISSUER,
        "email": principal.email,
        "email_type": "google",
        "role": "writer",
        "resource_name": file_id,
        "kacls_url": KACLS_URL,
        "perimeter_id": "",
        "iat": now,
        "exp": now + LIFETIME,
    }
    return {
        "kind": "drive#generateCseTokenResponse",
        "fileId": file_id,
        "jwt": idtokens.sign(call.universe, claims),
        "currentKaclsId": KACLS["id"],
        "currentKaclsName": KACLS["name"],
    }


@operation("drive.files.generateCseToken")
def generate_cse_token(call: Call) -> dict:
    return wire.partial(call, token_for(call), "GenerateCseTokenResponse")


async def issuer_keys(request: Request) -> JSONResponse:
    """The keys that verify the Drive token issuer's tokens."""
    return JSONResponse(idtokens.jwks(request.scope[TWIN_KEY].universe.seed))


def routes() -> list[Route]:
    """Served before ``files``' routes, whose ``files/{fileId}`` would take the path."""
    return [
        Route("/drive/v3/files/generateCseToken", generate_cse_token, methods=["GET"]),
        Route(f"/service_accounts/v1/jwk/{ISSUER}", issuer_keys, methods=["GET"]),
    ]
