"""Drive roles and one caller's access: who holds which role on which item, for one request.

Roles rank reader < commenter < writer < fileOrganizer < organizer < owner. A role on an item is
the best of the grants on the item itself and the roles inherited from every folder above it and
its shared drive (an inherited owner counts as writer).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from darkfactory.twins.google.principal import Principal

if TYPE_CHECKING:
    from darkfactory.twins.google.drive.state import DriveState

ROLES = ("reader", "commenter", "writer", "fileOrganizer", "organizer", "owner")
RANK = {role: rank for rank, role in enumerate(ROLES, start=1)}


def at_least(role: str | None, needed: str) -> bool:
    return role is not None and RANK[role] >= RANK[needed]


def may_start_approval(role: str | None, owner: str | None, principal: Principal) -> bool:
    """``canStartApproval``: an editor of a file owned within their own domain (or in a shared
    drive, which has no owner)."""
    domain = (owner or principal.email).rpartition("@")[2]
    return at_least(role, "writer") and domain.lower() == principal.domain.lower()


def best(*roles: str | None) -> str | None:
    present = [r for r in roles if r]
    return max(present, key=RANK.__getitem__) if present else None


class Access:
    """One principal's roles over the store, memoised for the length of one request.

    An ``app_only`` principal (``drive.file``) reaches only the files its OAuth client created,
    and its My Drive root to put them in; app data (``appDataFolder``) is reached only by the
    client that made it, with the ``drive.appdata`` scope. What a search may find is SQL's
    (``DriveState.findable``), under the same rules.
    """

    def __init__(self, drive: DriveState, principal: Principal) -> None:
        self.drive = drive
        self.principal = principal
        groups = drive.universe.twins["google"].state.groups_of(principal.email)
        self.emails = [principal.email, *groups]
        self._grants: dict[str, str | None] = {}
        self._roles: dict[str, str | None] = {}
        self._app_files = drive.app_files(principal) if principal.app_only else None
        self._hidden: set[str] | None = None
        self._permissions: dict[str, list[dict]] = {}
        self._parents: dict[str, list[str]] = {}

    def parents(self, item_id: str) -> list[str]:
        """``DriveState.parents``, memoised for this request."""
        if item_id not in self._parents:
            self._parents[item_id] = self.drive.parents(item_id)
        return self._parents[item_id]

    def load_parents(self, item_ids: list[str]) -> None:
        """Read the parents of many items at once (for a page of a listing)."""
        self._parents |= self.drive.parents_of([i for i in item_ids if i not in self._parents])

    def permissions(self, item_id: str) -> list[dict]:
        """``DriveState.permissions_of``, memoised for this request."""
        if item_id not in self._permissions:
            self._permissions[item_id] = self.drive.permissions_of(item_id, self.parents)
        return self._permissions[item_id]

    def role(self, item_id: str) -> str | None:
        """The principal's role on a file, folder or shared drive (None: no access)."""
        return self._only_app(item_id, self._resolve(item_id))

    def _direct(self, item_id: str) -> str | None:
        """The best role granted on the item itself."""
        if item_id not in self._grants:
            self._grants[item_id] = self.drive.direct_role(self.principal, self.emails, item_id)
        return self._grants[item_id]

    def _only_app(self, item_id: str, role: str | None) -> str | None:
        if role is None:
            return None
        if self._hidden is None:
            self._hidden = self.drive.hidden_app_data(self.principal)
        if item_id in self._hidden:
            return None
        if self._app_files is None or item_id in self._app_files:
            return role
        return role if item_id == self.drive.root_of(self.principal.email) else None

    def _resolve(self, item_id: str) -> str | None:
        memo = self._roles
        if item_id not in memo:
            memo[item_id] = None  # a cycle in parents grants nothing
            inherited = [self._resolve(p) for p in self.parents(item_id)]
            capped = ["writer" if r == "owner" else r for r in inherited]
            memo[item_id] = best(self._direct(item_id), *capped)
        return memo[item_id]
