"""The JSON shapes of Jira resources (users, projects, statuses, issue types ...) on the wire.

A ``Shapes`` knows the site's base URL and the REST version asked for, so ``self`` links point
at the version the client called. The shapes of users, statuses, priorities, resolutions, issue
types and projects are worked out once per catalog stamp (see ``records``), and each caller gets
a copy of their top level to change as it likes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from darkfactory.twins.jira.fields.state import STATUS_CATEGORIES
from darkfactory.twins.jira.times import jira_time


@dataclass
class Shapes:
    state: Any
    base: str  # the site URL, ``http://host:port/jira``
    version: str = "3"

    @property
    def api(self) -> str:
        return f"{self.base}/rest/api/{self.version}"

    def avatars(self, kind: str, key: str) -> dict:
        url = f"{self.base}/secure/{kind}avatar?avatarId={key}"
        return {size: f"{url}&size={size}" for size in ("48x48", "24x24", "16x16", "32x32")}

    def kept(self, what: tuple, build: Callable[[], dict | None]) -> dict | None:
        """A copy of ``build()``, worked out once per catalog stamp, site URL and version."""
        shaped = self.state.memo(("shape", self.base, self.version, *what), build)
        return None if shaped is None else dict(shaped)

    def user(self, account_id: str | None, email: bool = True) -> dict | None:
        if not account_id:
            return None
        return self.kept(("user", account_id, email), lambda: self._user(account_id, email))

    def _user(self, account_id: str, email: bool) -> dict | None:
        user = self.state.known("user", account_id)
        if user is None:
            return None
        shaped = {
            "self": f"{self.api}/user?accountId={account_id}",
            "accountId": account_id,
            "accountType": user["accountType"],
            "avatarUrls": self.avatars("user", account_id[-6:]),
            "displayName": user["displayName"],
            "active": user["active"],
            "timeZone": user["timeZone"],
            "locale": user["locale"],
        }
        if email:
            shaped["emailAddress"] = user["emailAddress"]
        return shaped

    def group(self, group: dict) -> dict:
        return {
            "name": group["name"],
            "groupId": group["groupId"],
            "self": f"{self.api}/group?groupId={group['groupId']}",
        }

    def category(self, key: str) -> dict:
        cat = STATUS_CATEGORIES[key]
        return {"self": f"{self.api}/statuscategory/{cat['id']}", **cat}

    def status(self, status_id: str) -> dict:
        return self.kept(("status", status_id), lambda: self._status(status_id))

    def _status(self, status_id: str) -> dict:
        status = self.state.known("status", status_id) or self.state.status(status_id)
        return {
            "self": f"{self.api}/status/{status['id']}",
            "description": status["description"],
            "iconUrl": f"{self.base}/images/icons/statuses/generic.png",
            "name": status["name"],
            "id": status["id"],
            "statusCategory": self.category(status["category"]),
        }

    def named(self, kind: str, record_id: str | None) -> dict | None:
        """Resolution, priority or issue type: ``self``, ``id``, ``name`` and their extras."""
        if record_id is None:
            return None
        return self.kept(("named", kind, record_id), lambda: self._named(kind, record_id))

    def _named(self, kind: str, record_id: str) -> dict | None:
        record = self.state.known(kind, record_id)
        if record is None:
            return None
        path = {"issuetype": "issuetype", "priority": "priority", "resolution": "resolution"}[kind]
        shaped = {"self": f"{self.api}/{path}/{record['id']}", **record}
        if kind == "priority":
            shaped["iconUrl"] = f"{self.base}/images/icons/priorities/{record['name'].lower()}.svg"
        if kind == "issuetype":
            shaped.setdefault("subtask", False)
            shaped["iconUrl"] = f"{self.base}/images/icons/issuetypes/{record['name'].lower()}.svg"
            shaped["hierarchyLevel"] = -1 if shaped["subtask"] else 0
        return shaped

    def project(self, project: dict, full: bool = False) -> dict:
        shaped = {
            "self": f"{self.api}/project/{project['id']}",
            "id": project["id"],
            "key": project["key"],
            "name": project["name"],
            "avatarUrls": self.avatars("project", project["id"]),
            "projectTypeKey": project["projectTypeKey"],
            "simplified": False,
            "style": "classic",
            "isPrivate": False,
        }
        if full:
            shaped.update(
                description=project["description"],
                lead=self.user(project["lead"], email=False),
                components=[
                    self.part("component", c) for c in self.state.find("component", project["id"])
                ],
                issueTypes=[self.named("issuetype", t) for t in project["issueTypes"]],
                assigneeType=project["assigneeType"],
                versions=[
                    self.part("version", v) for v in self.state.find("version", project["id"])
                ],
                roles={
                    self.state.get("role", r)[
                        "name"
                    ]: f"{self.api}/project/{project['id']}/role/{r}"
                    for r in project["roles"]
                },
                properties={},
            )
        return shaped

    def part(self, kind: str, part: dict) -> dict:
        present = {k: v for k, v in part.items() if v is not None}  # Jira leaves unset out
        shaped = {"self": f"{self.api}/{kind}/{part['id']}", **present}
        if "projectId" in shaped:
            shaped["projectId"] = int(shaped["projectId"])
        if kind == "component":
            shaped["project"] = self.state.get("project", part["projectId"])["key"]
            shaped["lead"] = self.user(part.get("leadAccountId"), email=False)
            if shaped["lead"] is None:
                shaped.pop("lead")
            real, assignee, valid = self.state.component_assignee(part)
            shaped["assigneeType"] = part.get("assigneeType") or "PROJECT_DEFAULT"
            shaped["realAssigneeType"] = real
            shaped["isAssigneeTypeValid"] = valid
            if assignee:
                shaped["assignee"] = shaped["realAssignee"] = self.user(assignee, email=False)
        return shaped

    def role(self, project: dict | None, role: dict) -> dict:
        shaped = {
            "self": f"{self.api}/role/{role['id']}",
            "name": role["name"],
            "id": int(role["id"]),
            "description": role["description"],
        }
        if project is not None:
            shaped["self"] = f"{self.api}/project/{project['id']}/role/{role['id']}"
            actors = project["roles"].get(role["id"], {"users": [], "groups": []})
            shaped["actors"] = [self.user_actor(a) for a in actors["users"]] + [
                self.group_actor(g) for g in actors["groups"]
            ]
            shaped["scope"] = {"type": "PROJECT", "project": {"id": project["id"]}}
        return shaped

    def user_actor(self, account_id: str) -> dict:
        user = self.state.get("user", account_id) or {"displayName": account_id}
        return {
            "id": int(self.state.universe.ids.derive(f"jira.actor.{account_id}", 5, "123456789")),
            "displayName": user["displayName"],
            "type": "atlassian-user-role-actor",
            "actorUser": {"accountId": account_id},
        }

    def group_actor(self, group_id: str) -> dict:
        group = self.state.get("group", group_id) or {"name": group_id}
        return {
            "id": int(self.state.universe.ids.derive(f"jira.actor.{group_id}", 5, "123456789")),
            "displayName": group["name"],
            "type": "atlassian-group-role-actor",
            "name": group["name"],
            "actorGroup": {
                "name": group["name"],
                "displayName": group["name"],
                "groupId": group_id,
            },
        }

    def time(self, epoch: float | None) -> str | None:
        return jira_time(epoch)
