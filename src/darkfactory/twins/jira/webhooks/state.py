"""Webhooks: who listens for which issue events, and the deliveries waiting to be sent.

Two kinds, as on Jira Cloud: admin webhooks (``/rest/webhooks/1.0/webhook``: a name, a URL,
events and an optional JQL filter) and dynamic webhooks an app registers for itself
(``/rest/api/3/webhook``: a JQL filter is required, they expire after 30 days). Issue changes
call ``announce`` inside their transaction: each matching webhook gets a delivery row, so a
change that is rolled back sends nothing and one that commits is sent once (``delivery.py``).
"""

from __future__ import annotations

from typing import Any

from darkfactory.twins.jira.errors import JiraError
from darkfactory.twins.jira.issues.wire import IssueWriter
from darkfactory.twins.jira.records import Records
from darkfactory.twins.jira.search.jql.evaluate import Query
from darkfactory.twins.jira.shapes import Shapes
from darkfactory.twins.jira.webhooks.delivery import schedule

EVENTS = (
    "jira:issue_created",
    "jira:issue_updated",
    "jira:issue_deleted",
    "comment_created",
    "comment_updated",
    "comment_deleted",
)
DYNAMIC_LIFETIME_S = 30 * 24 * 3600


class Webhooks(Records):
    def create_webhook(self, owner: str, spec: dict, dynamic: bool) -> dict:
        webhook_id = self.next_id("webhook", first=1 if not dynamic else 1000)
        hook = {
            "id": int(webhook_id),
            "owner": owner,
            "dynamic": dynamic,
            "enabled": True,
            "lastUpdated": self.now(),
            "expires": self.now() + DYNAMIC_LIFETIME_S if dynamic else None,
            **spec,
        }
        return self.put("webhook", webhook_id, hook)

    def webhooks(self, owner: str | None = None, dynamic: bool | None = None) -> list[dict]:
        return [
            h
            for h in self.find("webhook")
            if (owner is None or h["owner"] == owner)
            and (dynamic is None or h["dynamic"] == dynamic)
        ]

    def announce(self, event: str, actor: str | None, issue: dict, **extra: Any) -> None:
        """Queue ``event`` about ``issue`` for every enabled webhook it matches."""
        listening = [
            h
            for h in self.find("webhook")
            if h["enabled"] and event in h["events"] and (h["expires"] or 1e18) > self.now()
        ]
        matched = [h for h in listening if self._matches(h, issue)]
        if not matched:
            return
        body = self._payload(event, actor, issue, extra)
        for hook in matched:
            delivery = dict(body)
            if hook["dynamic"]:
                delivery["matchedWebhookIds"] = [hook["id"]]
            url = substitute(hook["url"], issue, self.get("project", issue["project"]))
            if hook.get("excludeBody"):
                delivery = {}
            record_id = self.next_id("webhook_delivery", first=1)
            self.put(
                "webhook_delivery",
                record_id,
                {"id": record_id, "webhook": hook["id"], "url": url, "body": delivery},
            )
        schedule(self.universe.twins["jira"])

    def _matches(self, hook: dict, issue: dict) -> bool:
        jql = hook.get("jqlFilter") or ""
        if not jql:
            return True
        try:
            query = Query(self, hook["owner"], jql)
        except JiraError:  # a filter that no longer holds (a field was removed) matches nothing
            return False
        return issue["project"] in query.projects and query.match(issue)

    def _payload(self, event: str, actor: str | None, issue: dict, extra: dict) -> dict:
        shapes = Shapes(self, self.universe.twins["jira"].base_url, "2")
        writer = IssueWriter(shapes, None)
        body: dict[str, Any] = {
            "timestamp": int(self.now() * 1000),
            "webhookEvent": event,
            "user": shapes.user(actor),
            "issue": writer.issue(issue, ["*all"]),
        }
        kind = extra.get("issue_event_type_name")
        if kind:
            body["issue_event_type_name"] = kind
        if extra.get("changelog"):
            body["changelog"] = extra["changelog"]
        if extra.get("comment"):
            body["comment"] = writer.comment(extra["comment"])
        return body

    def pending_deliveries(self) -> list[dict]:
        return self.find("webhook_delivery")

    def record_failure(self, delivery: dict, when: float) -> None:
        failure_id = self.next_id("webhook_failure", first=1)
        self.put(
            "webhook_failure",
            failure_id,
            {"id": failure_id, "url": delivery["url"], "body": delivery["body"], "at": when},
        )


def substitute(url: str, issue: dict, project: dict | None) -> str:
    """The URL with Jira's variables filled: ``${issue.id}``, ``${issue.key}``, ``${project.id}``,
    ``${project.key}``."""
    values = {
        "${issue.id}": issue["id"],
        "${issue.key}": issue["key"],
        "${project.id}": (project or {}).get("id", ""),
        "${project.key}": (project or {}).get("key", ""),
    }
    for name, value in values.items():
        url = url.replace(name, str(value))
    return url
