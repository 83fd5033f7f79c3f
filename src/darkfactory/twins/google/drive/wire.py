"""Drive's JSON shapes: users, files, permissions, drives, revisions, as Drive v3 answers them."""

from __future__ import annotations

from darkfactory.twins.google import fields
from darkfactory.twins.kit.operation import Call


def partial(call: Call, value: dict, schema: str) -> dict:
    """``value`` cut to the request's ``fields`` (checked against Drive v3's ``schema``)."""
    return fields.partial(value, call.query.get("fields"), "drive", "v3", schema)


def user_json(call: Call, email: str, me: str | None = None) -> dict:
    account = call.twin.state.account(email) or {"name": email, "id": "", "email": email}
    return {
        "kind": "drive#user",
        "displayName": account["name"],
        "photoLink": f"{call.twin.client_url}drive/photos/{account['id']}",
        "me": email.lower() == (me or "").lower(),
        "permissionId": account["id"],
        "emailAddress": account["email"],
    }
