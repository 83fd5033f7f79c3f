"""``directory.tokens.*`` and ``directory.verificationCodes.*``: the apps a user has let act for
them, and the user's backup verification codes.

A user's tokens are those the twin's OAuth server issued to them, one entry per OAuth client
with the scopes granted; deleting one revokes every token of that client for the user, so the
app can no longer act for them. Reading needs ``USERS_RETRIEVE``, changing ``USERS_UPDATE``,
over the user's unit.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.directory.users import subject
from darkfactory.twins.google.directory.wire import not_found, tagged
from darkfactory.twins.google.state import DIGITS
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

SCHEMA = """
CREATE TABLE IF NOT EXISTS google_directory_verification_codes (
    email TEXT NOT NULL COLLATE NOCASE, code TEXT NOT NULL, PRIMARY KEY (email, code)
);
"""
BACKUP_CODES = 10


def _clients(call: Call, account: dict) -> dict[str, set[str]]:
    """Each OAuth client holding live tokens of the user, with the scopes they carry."""
    clients: dict[str, set[str]] = {}
    for grant in call.universe.tokens.of("google", account["email"]):
        client = grant.meta.get("client_id")
        if client:
            clients.setdefault(client, set()).update(grant.scopes)
    return clients


def _token_json(call: Call, account: dict, client_id: str, scopes: set[str]) -> dict:
    row = call.universe.store.one(
        "SELECT name FROM google_oauth_clients WHERE client_id = ?", (client_id,)
    )
    return tagged(
        {
            "kind": "admin#directory#token",
            "clientId": client_id,
            "displayText": row["name"] if row else client_id,
            "anonymous": False,
            "nativeApp": False,
            "userKey": account["id"],
            "scopes": sorted(scopes),
        }
    )


@operation("directory.tokens.list")
def list_tokens(call: Call) -> dict:
    account = subject(call, "USERS_RETRIEVE")
    items = [
        _token_json(call, account, client, scopes)
        for client, scopes in _clients(call, account).items()
    ]
    return tagged({"kind": "admin#directory#tokenList", "items": items})


@operation("directory.tokens.get")
def get_token(call: Call) -> dict:
    account = subject(call, "USERS_RETRIEVE")
    client = call.path_params["clientId"]
    scopes = _clients(call, account).get(client)
    if scopes is None:
        raise not_found("clientId")
    return _token_json(call, account, client, scopes)


@operation("directory.tokens.delete")
def delete_token(call: Call) -> Response:
    account = subject(call, "USERS_UPDATE")
    client = call.path_params["clientId"]
    grants = [
        g
        for g in call.universe.tokens.of("google", account["email"])
        if g.meta.get("client_id") == client
    ]
    if not grants:
        raise not_found("clientId")
    for grant in grants:
        call.universe.tokens.revoke("google", grant.token)
    return Response(status_code=204)


def _codes(call: Call, account: dict) -> list[str]:
    rows = call.universe.store.all(
        "SELECT code FROM google_directory_verification_codes WHERE email = ? ORDER BY rowid",
        (account["email"],),
    )
    return [r["code"] for r in rows]


@operation("directory.verificationCodes.list")
def list_codes(call: Call) -> dict:
    account = subject(call, "USERS_RETRIEVE")
    items = [
        tagged(
            {
                "kind": "admin#directory#verificationCode",
                "userId": account["id"],
                "verificationCode": c,
            }
        )
        for c in _codes(call, account)
    ]
    return tagged({"kind": "admin#directory#verificationCodesList", "items": items})


def _invalidate(call: Call, account: dict) -> None:
    call.universe.store.execute(
        "DELETE FROM google_directory_verification_codes WHERE email = ?", (account["email"],)
    )


@operation("directory.verificationCodes.generate")
def generate(call: Call) -> Response:
    account = subject(call, "USERS_UPDATE")
    _invalidate(call, account)
    for _ in range(BACKUP_CODES):
        code = call.universe.ids.token("google.directory.backup-code", 8, DIGITS)
        call.universe.store.insert(
            "google_directory_verification_codes", {"email": account["email"], "code": code}
        )
    return Response(status_code=204)


@operation("directory.verificationCodes.invalidate")
def invalidate(call: Call) -> Response:
    _invalidate(call, subject(call, "USERS_UPDATE"))
    return Response(status_code=204)


def routes() -> list[Route]:
    user = "/admin/directory/v1/users/{userKey}"
    return [
        Route(user + "/tokens", list_tokens, methods=["GET"]),
        Route(user + "/tokens/{clientId}", get_token, methods=["GET"]),
        Route(user + "/tokens/{clientId}", delete_token, methods=["DELETE"]),
        Route(user + "/verificationCodes", list_codes, methods=["GET"]),
        Route(user + "/verificationCodes/generate", generate, methods=["POST"]),
        Route(user + "/verificationCodes/invalidate", invalidate, methods=["POST"]),
    ]
