"""Users and groups of the site: Atlassian accounts, API tokens, group membership."""

from __future__ import annotations

from darkfactory.twins.jira.errors import bad_request, not_found
from darkfactory.twins.jira.records import Records
from darkfactory.twins.kit.ids import HEX, LOWER_ALNUM

ADMIN_GROUP = "site-admins"
USERS_GROUP = "jira-software-users"


class Directory(Records):
    # -- users ----------------------------------------------------------------------------------
    def create_user(self, email: str, display_name: str, groups: tuple[str, ...] = ()) -> dict:
        if not email or "@" not in email:
            raise bad_request(errors={"emailAddress": "Email address is invalid."})
        if self.find_by("user", "emailAddress", email):
            raise bad_request(errors={"email": "Email address is already in use."})
        account_id = "712020:" + self.universe.ids.token("jira.account", 24, HEX)
        user = {
            "accountId": account_id,
            "emailAddress": email,
            "displayName": display_name,
            "active": True,
            "timeZone": "Etc/UTC",
            "locale": "en_US",
            "accountType": "atlassian",
        }
        self.put("user", account_id, user)
        for name in groups:
            self.add_to_group(self.group_named(name)["groupId"], account_id)
        return user

    def user(self, account_id: str | None) -> dict:
        found = self.get("user", account_id) if account_id else None
        if found is None:
            raise not_found(
                f"Specified user does not exist or you do not have access: {account_id}"
            )
        return found

    def find_user(self, key: str) -> dict | None:
        """A user by accountId or email address."""
        return self.get("user", key) or self.find_by("user", "emailAddress", key)

    def users(self) -> list[dict]:
        return self.find("user")

    def set_active(self, account_id: str, active: bool) -> None:
        user = self.user(account_id)
        self.put("user", account_id, {**user, "active": active})

    def issue_api_token(self, email: str) -> str:
        """An API token for the user with ``email`` (what id.atlassian.com would hand out)."""
        user = self.find_user(email)
        if user is None:
            raise not_found(f"no user {email}")
        token = "ATATT3x" + self.universe.ids.token("jira.api-token", 40, LOWER_ALNUM)
        self.universe.tokens.issue("jira", token, user["accountId"], kind="api_token")
        return token

    # -- groups ---------------------------------------------------------------------------------
    def create_group(self, name: str) -> dict:
        if not name:
            raise bad_request("You must specify a group name.")
        if self.find_by("group", "name", name):
            raise bad_request("A group with this name already exists.")
        group_id = self.universe.ids.derive(f"jira.group.{name}", 32, HEX)
        group_id = "-".join(
            (group_id[:8], group_id[8:12], group_id[12:16], group_id[16:20], group_id[20:])
        )
        group = {"name": name, "groupId": group_id, "members": []}
        return self.put("group", group_id, group)

    def group_named(self, name: str) -> dict:
        found = self.find_by("group", "name", name)
        if found is None:
            raise not_found(f"Specified group does not exist: {name}")
        return found

    def group(self, name: str | None = None, group_id: str | None = None) -> dict:
        if group_id:
            found = self.get("group", group_id)
            if found is None:
                raise not_found(f"Specified group does not exist: {group_id}")
            return found
        if not name:
            raise bad_request("You must specify a group name or group id.")
        return self.group_named(name)

    def groups(self) -> list[dict]:
        return self.find("group")

    def groups_of(self, account_id: str) -> list[dict]:
        return [g for g in self.groups() if account_id in g["members"]]

    def add_to_group(self, group_id: str, account_id: str) -> dict:
        group = self.group(group_id=group_id)
        self.user(account_id)
        if account_id in group["members"]:
            raise bad_request(f"Cannot add user. User is already a member of '{group['name']}'.")
        group["members"].append(account_id)
        return self.put("group", group_id, group)

    def remove_from_group(self, group_id: str, account_id: str) -> None:
        group = self.group(group_id=group_id)
        if account_id in group["members"]:
            group["members"].remove(account_id)
            self.put("group", group_id, group)

    def delete_group(self, group_id: str) -> None:
        self.group(group_id=group_id)
        self.delete("group", group_id)

    def in_group(self, account_id: str, name: str) -> bool:
        group = self.memo(("group named", name), lambda: self.find_by("group", "name", name))
        return group is not None and account_id in group["members"]

    def is_admin(self, account_id: str) -> bool:
        return self.in_group(account_id, ADMIN_GROUP)
