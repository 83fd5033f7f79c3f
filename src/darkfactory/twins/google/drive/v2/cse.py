"""Drive v2 ``files.generateCseToken``: v3's client-side-encryption token (``drive.cse``)."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.google.drive import cse
from darkfactory.twins.google.drive.v2 import wire
from darkfactory.twins.kit.operation import Call, operation


@operation("drive.v2.files.generateCseToken")
def generate_cse_token(call: Call) -> dict:
    return wire.partial(call, cse.token_for(call), "GenerateCseTokenResponse")


def routes() -> list[Route]:
    """Served before ``files``' routes, whose ``files/{fileId}`` would take the path."""
    return [Route("/drive/v2/files/generateCseToken", generate_cse_token, methods=["GET"])]
