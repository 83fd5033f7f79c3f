"""The Google twin's directory: user and service accounts, groups and the domain they live in.

A principal is known by its email. Users and service accounts can sign in and own files, unless
suspended; groups only receive permissions (membership is expanded when a role is checked).
"""

from __future__ import annotations

from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.state import TwinState

DIGITS = "0123456789"


class GoogleState(TwinState):
    """Accounts and groups; every API area reaches them through ``twin.state``."""

    def account(self, email: str) -> dict | None:
        row = self.db.one("SELECT * FROM google_accounts WHERE email = ?", (email,))
        return dict(row) if row else None

    def active(self, email: str) -> dict | None:
        """The account ``email`` if it may sign in and use its tokens (not suspended)."""
        account = self.account(email)
        return account if account is not None and not account.get("suspended") else None

    def accounts(self, kind: str | None = None) -> list[dict]:
        sql, params = "SELECT * FROM google_accounts", ()
        if kind is not None:
            sql, params = sql + " WHERE kind = ?", (kind,)
        return [dict(r) for r in self.db.all(sql + " ORDER BY rowid", params)]

    def create_account(
        self, email: str, name: str, kind: str = "user", admin: bool = False
    ) -> dict:
        account = {
            "email": email,
            "id": self.universe.ids.token("google.account", 21, DIGITS, prefix="0"),
            "kind": kind,
            "name": name,
            "domain": email.rsplit("@", 1)[-1],
            "admin": int(admin),
            "created": self.now(),
        }
        self.db.insert("google_accounts", account)
        return account

    def group(self, email: str) -> dict | None:
        row = self.db.one("SELECT * FROM google_groups WHERE email = ?", (email,))
        return dict(row) if row else None

    def create_group(self, email: str, name: str, members: list[str]) -> dict:
        group = {
            "email": email,
            "id": self.universe.ids.token("google.group", 21, DIGITS, prefix="0"),
            "name": name,
        }
        self.db.insert("google_groups", group)
        for member in members:
            self.db.insert("google_group_members", {"group_email": email, "member": member})
        return group

    def groups_of(self, email: str) -> list[str]:
        """The groups ``email`` belongs to, directly or through nested groups."""
        found: list[str] = []
        frontier = [email]
        while frontier:
            rows = self.db.all(
                f"SELECT group_email FROM google_group_members WHERE member IN "
                f"({','.join('?' * len(frontier))})",
                frontier,
            )
            frontier = [r["group_email"] for r in rows if r["group_email"] not in found]
            found += frontier
        return found

    def principal(self, email: str, scopes: tuple[str, ...] = ()) -> Principal:
        """The principal of the account ``email`` (as the UI or a hook acts for it); KeyError
        for an account that does not exist or is suspended."""
        account = self.active(email)
        if account is None:
            raise KeyError(email)
        return Principal(
            email=account["email"],
            id=account["id"],
            kind=account["kind"],
            name=account["name"],
            domain=account["domain"],
            scopes=scopes,
        )

    def members_of(self, group_email: str) -> list[str]:
        """The accounts in a group, through nested groups."""
        found: list[str] = []
        frontier = [group_email]
        while frontier:
            rows = self.db.all(
                "SELECT member FROM google_group_members WHERE group_email IN "
                f"({','.join('?' * len(frontier))})",
                frontier,
            )
            frontier = []
            for row in rows:
                if self.group(row["member"]) is not None:
                    frontier.append(row["member"])
                elif row["member"] not in found:
                    found.append(row["member"])
        return found
