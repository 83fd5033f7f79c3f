"""The authorization server a nested resource's path names (``authServerId``)."""

from __future__ import annotations

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.errors import not_found

KIND = "AuthorizationServer"


def server_id(call: Call) -> str:
    """The id of the server in the path; E0000007 when there is none."""
    wanted = call.path_params["authServerId"]
    found = call.universe.store.scalar(
        "SELECT id FROM okta_resources WHERE kind = ? AND id = ?", (KIND, wanted)
    )
    if found is None:
        raise not_found(wanted, KIND)
    return found
