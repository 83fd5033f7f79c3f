"""A principal: the user or service account a request acts for (delegation: its ``sub``).

``client_id`` is the OAuth client whose token the request carries; ``app_only`` is set when the
only scope that let the call in is ``drive.file``: such a caller sees only the files its client
created (see ``drive.state.Access``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Principal:
    email: str
    id: str
    kind: str  # "user" | "serviceAccount"
    name: str
    domain: str
    scopes: tuple[str, ...] = ()
    client_id: str = ""
    app_only: bool = False
