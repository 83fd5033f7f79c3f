"""Email servers: ``/api/v1/email-servers``, the org's own SMTP servers Okta may send through.

The SDK's basic SMTP servers: alias, host, port, username and a password never shown again. At
most one server is enabled; enabling one disables the rest. ``test`` sends a test email through
the server, which lands in the twin's sent mail (``mailbox``).
"""

from __future__ import annotations

import re

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import mailbox, resources
from darkfactory.twins.okta.api import authorize, body
from darkfactory.twins.okta.errors import validation
from darkfactory.twins.okta.state import state_of

ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
FIELDS = ("alias", "host", "port", "username", "password", "enabled")


def _clean(call: Call, payload: dict, own_id: str | None) -> dict:
    current = resources.document(call, KIND, own_id)["document"] if own_id else {}
    server = {**current, **{k: payload[k] for k in FIELDS if payload.get(k) is not None}}
    for field in ("alias", "host", "username", "password"):
        if not isinstance(server.get(field), str) or not server[field].strip():
            raise validation(field, f"{field}: may not be blank")
    port = server.get("port")
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
        raise validation("port", "port: must be a port number")
    resources.unique(call, KIND, "alias", server["alias"], own_id)
    return {**server, "enabled": bool(server.get("enabled")), "authType": "BASIC_SMTP_AUTH"}


def _server_json(call: Call, server: dict) -> dict:
    shown = {k: v for k, v in server["document"].items() if k != "password"}
    return {"id": server["id"], **shown}


def _only_enabled(call: Call, server_id: str) -> None:
    """Enabling a server routes all mail through it: the others are disabled."""
    for other in resources.documents(call, KIND):
        if other["id"] != server_id and other["document"]["enabled"]:
            call.universe.store.execute(
                "UPDATE okta_resources SET document = json_set(document, '$.enabled',"
                " json('false')) WHERE kind = ? AND id = ?",
                (KIND.name, other["id"]),
            )


KIND = resources.Kind(
    name="EmailServer",
    path="/api/v1/email-servers",
    id_param="emailServerId",
    prefix="ces",
    scope="okta.emailServers",
    event="system.email.smtp",
    clean=_clean,
    lifecycle=False,
    stamps=resources.unstamped,
    created_status=201,
    hidden=("password",),
)


def _settle(call: Call, server: dict) -> dict:
    if server["document"]["enabled"]:
        _only_enabled(call, server["id"])
    return _server_json(call, server)


@operation("createEmailServer")
def create(call: Call) -> JSONResponse:
    created = resources.create(call, KIND)
    return JSONResponse(_settle(call, resources.document(call, KIND, created["id"])), 201)


@operation("listEmailServers")
def list_servers(call: Call) -> dict:
    authorize(call, "okta.emailServers.read")
    return {"email-servers": [_server_json(call, s) for s in resources.documents(call, KIND)]}


@operation("getEmailServer")
def get(call: Call) -> dict:
    authorize(call, "okta.emailServers.read")
    return _server_json(call, resources.document(call, KIND))


@operation("updateEmailServer")
def update(call: Call) -> dict:
    actor = authorize(call, "okta.emailServers.manage")
    server = resources.document(call, KIND)
    resources.store(call, KIND, server, _clean(call, body(call), server["id"]), actor)
    return _settle(call, resources.document(call, KIND, server["id"]))


@operation("testEmailServer")
def test(call: Call) -> Response:
    authorize(call, "okta.emailServers.manage")
    server = resources.document(call, KIND)
    addresses = body(call)
    for field in ("fromAddress", "toAddress"):
        if not ADDRESS.match(str(addresses.get(field) or "")):
            raise validation(field, f"{field}: must be an email address")
    mailbox.send(
        state_of(call),
        addresses["fromAddress"],
        addresses["toAddress"],
        "Okta SMTP server test",
        f"This is a test email sent through {server['document']['alias']}.",
        server["id"],
    )
    return Response(status_code=204)


def routes() -> list[Route]:
    one = f"{KIND.path}/{{emailServerId}}"
    return [
        Route(KIND.path, create, methods=["POST"]),
        Route(KIND.path, list_servers, methods=["GET"]),
        Route(one, get, methods=["GET"]),
        Route(one, update, methods=["PATCH"]),
        *resources.routes(KIND, {"delete": "deleteEmailServer"}),
        Route(f"{one}/test", test, methods=["POST"]),
        *mailbox.routes(),
    ]
