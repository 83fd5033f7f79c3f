"""A principal: the user or service account a request acts for (delegation: its ``sub``)."""

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

    @property
    def is_service_account(self) -> bool:
        return self.kind == "serviceAccount"
