"""A user's two-step verification and the application-specific passwords it allows
(``directory.asps.*``, ``directory.twoStepVerification.turnOff``).

The seeded administrator has two-step verification on and one application-specific password.
Turning two-step verification off (``USERS_UPDATE``) revokes the user's application-specific
passwords with it, as they exist only beside it; one not enrolled cannot have it turned off.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.directory import people
from darkfactory.twins.google.directory.users import subject
from darkfactory.twins.google.directory.wire import invalid, not_found, tagged
from darkfactory.twins.google.fixtures import ADMIN
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

SCHEMA = """
CREATE TABLE IF NOT EXISTS google_directory_asps (
    code_id INTEGER NOT NULL, email TEXT NOT NULL COLLATE NOCASE, name TEXT NOT NULL,
    created REAL NOT NULL, last_used REAL, PRIMARY KEY (email, code_id)
);
"""


def seed(universe) -> None:
    """Two-step verification for the administrator, with a mail client's password."""
    people.save(universe, people.record(universe, ADMIN) | {"enrolled_2sv": 1})
    now = universe.clock.now()
    universe.store.insert(
        "google_directory_asps",
        {"code_id": 1, "email": ADMIN, "name": "Thunderbird", "created": now, "last_used": now},
    )


def _millis(epoch: float | None) -> str:
    return str(int((epoch or 0) * 1000))


def _asp_json(account: dict, row: dict) -> dict:
    return tagged(
        {
            "kind": "admin#directory#asp",
            "codeId": row["code_id"],
            "name": row["name"],
            "creationTime": _millis(row["created"]),
            "lastTimeUsed": _millis(row["last_used"]),
            "userKey": account["id"],
        }
    )


def _asps(call: Call, account: dict, code_id: str | None = None) -> list[dict]:
    rows = call.universe.store.all(
        "SELECT * FROM google_directory_asps WHERE email = ? AND (? IS NULL OR code_id = ?) "
        "ORDER BY code_id",
        (account["email"], code_id, code_id),
    )
    return [dict(r) for r in rows]


@operation("directory.asps.list")
def list_asps(call: Call) -> dict:
    account = subject(call, "USERS_RETRIEVE")
    items = [_asp_json(account, row) for row in _asps(call, account)]
    return tagged({"kind": "admin#directory#asps", "items": items})


def _asp(call: Call, account: dict) -> dict:
    code = call.path_params["codeId"]
    found = _asps(call, account, code) if code.isdigit() else []
    if not found:
        raise not_found("codeId")
    return found[0]


@operation("directory.asps.get")
def get_asp(call: Call) -> dict:
    account = subject(call, "USERS_RETRIEVE")
    return _asp_json(account, _asp(call, account))


@operation("directory.asps.delete")
def delete_asp(call: Call) -> Response:
    account = subject(call, "USERS_UPDATE")
    row = _asp(call, account)
    call.universe.store.execute(
        "DELETE FROM google_directory_asps WHERE email = ? AND code_id = ?",
        (account["email"], row["code_id"]),
    )
    return Response(status_code=204)


@operation("directory.twoStepVerification.turnOff")
def turn_off(call: Call) -> Response:
    account = subject(call, "USERS_UPDATE")
    rec = people.record(call.universe, account["email"])
    if not rec["enrolled_2sv"]:
        raise invalid("2-Step Verification is not enabled for the user")
    people.save(call.universe, rec | {"enrolled_2sv": 0})
    call.universe.store.execute(
        "DELETE FROM google_directory_asps WHERE email = ?", (account["email"],)
    )
    return Response(status_code=204)


def routes() -> list[Route]:
    user = "/admin/directory/v1/users/{userKey}"
    return [
        Route(user + "/asps", list_asps, methods=["GET"]),
        Route(user + "/asps/{codeId}", get_asp, methods=["GET"]),
        Route(user + "/asps/{codeId}", delete_asp, methods=["DELETE"]),
        Route(user + "/twoStepVerification/turnOff", turn_off, methods=["POST"]),
    ]
