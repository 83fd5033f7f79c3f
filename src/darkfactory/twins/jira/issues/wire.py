"""Issues on the wire: reading ``fields``/``update`` from a request into stored values, and
writing an issue with the ``fields`` and ``expand`` the client asked for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from darkfactory.twins.jira import adf, values
from darkfactory.twins.jira.errors import bad_request, cannot_set, invalid_payload
from darkfactory.twins.jira.fields.meta import meta_fields
from darkfactory.twins.jira.fields.shapes import field_schema
from darkfactory.twins.jira.fields.state import SETTABLE_SYSTEM
from darkfactory.twins.jira.issues import estimates
from darkfactory.twins.jira.shapes import Shapes
from darkfactory.twins.jira.times import duration, jira_time

VERBS = ("add", "remove", "set", "edit")
NAVIGABLE_EXCLUDED = {"comment", "worklog", "attachment"}
# fields whose value is more than their stored value, and the writer's method for each
SPECIAL = {
    "project": "project",
    "comment": "comments_page",
    "watches": "watches",
    "votes": "votes",
    "issuelinks": "links",
    "attachment": "attachments",
    "worklog": "worklogs_page",
    "timetracking": "timetracking",
    "subtasks": "subtasks",
}
DEFAULT_EXPAND = (
    "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations"
)


# -- request -> stored ----------------------------------------------------------------------------
def settable(state, field_id: str) -> dict:
    field = state.field(field_id)
    if field is None or not (field["custom"] or field_id in SETTABLE_SYSTEM):
        raise cannot_set(field_id)
    return field


def read_fields(state, project: dict, raw: Any, version: str, issue: dict | None = None) -> dict:
    """Stored values for a request's ``fields`` (``project`` is left to the caller)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise invalid_payload()
    stored: dict = {}
    errors: dict = {}
    for field_id, value in raw.items():
        if field_id == "project":
            continue
        try:
            field = settable(state, field_id)
            current = issue["fields"].get(field_id) if issue else None
            stored[field_id] = read_value(state, project, field, value, version, current)
        except Exception as error:  # gather every field's error, as Jira does
            detail = getattr(error, "detail", None)
            if not detail:
                raise
            errors.update(detail["errors"])
            if detail["messages"] and not detail["errors"]:
                errors[field_id] = detail["messages"][0]
    if errors:
        raise bad_request(**errors)
    return stored


def read_value(state, project: dict, field: dict, raw: Any, version: str, current: Any) -> Any:
    """The stored value of one field; estimates given join the ``current`` ones."""
    if field["kind"] == "timetracking":
        return estimates.merged(current, estimates.read(raw))
    return values.read(state, project, field, raw, version)


def read_update(state, project: dict, raw: Any, version: str, current: dict) -> tuple[dict, list]:
    """Stored values from ``update`` operations (add/remove/set), and comments to add."""
    if not raw:
        return {}, []
    if not isinstance(raw, dict):
        raise invalid_payload()
    stored: dict = {}
    comments = []
    for field_id, operations in raw.items():
        if field_id == "comment":
            comments += [
                adf.read((op.get("add") or {}).get("body"), version, "comment")
                for op in operations
                if "add" in op
            ]
            continue
        field = settable(state, field_id)
        value = (
            list(current.get(field_id) or [])
            if field["kind"] in values.ARRAY_KINDS
            else current.get(field_id)
        )
        for op in operations if isinstance(operations, list) else []:
            verb = next((v for v in VERBS if v in op), None)
            if verb is None:
                raise bad_request(errors={field_id: "Unknown operation; use add, remove or set."})
            if field["kind"] not in values.ARRAY_KINDS:
                if verb not in ("set", "edit"):
                    raise bad_request(
                        errors={field_id: f"Operation '{verb}' is not supported for this field."}
                    )
                value = read_value(state, project, field, op[verb], version, value)
                continue
            if verb == "set":
                value = values.read(state, project, field, op["set"], version)
                continue
            item = values.read(state, project, field, [op[verb]], version)[0]
            if verb == "add" and item not in value:
                value.append(item)
            if verb == "remove" and item in value:
                value.remove(item)
        stored[field_id] = value
    return stored, comments


# -- stored -> wire -------------------------------------------------------------------------------
def wanted_fields(state, spec: list[str] | None) -> list[dict]:
    """Fields named by a ``fields`` parameter: ``*all``, ``*navigable``, ids, ``-id`` exclusions."""
    catalog = state.fields()
    by_id = {f["id"]: f for f in catalog}
    every = [f for f in catalog if f["id"] not in ("issuekey", "statusCategory")]
    spec = spec if spec is not None else ["*all"]
    chosen: list[dict] = []
    excluded = {s[1:] for s in spec if s.startswith("-")}
    for item in spec:
        if item == "*all":
            chosen += every
        elif item == "*navigable":
            chosen += [f for f in every if f["id"] not in NAVIGABLE_EXCLUDED]
        elif not item.startswith("-"):
            field = by_id.get(item) or state.field_for_clause(item)
            if field is not None:
                chosen.append(field)
    seen: set = set()
    return [
        f for f in chosen if f["id"] not in excluded and not (f["id"] in seen or seen.add(f["id"]))
    ]


Writer = Callable[["IssueWriter", dict], Any]  # one field's value for an issue


def field_writer(field: dict) -> Writer:
    """The function that writes ``field``'s value for an issue, given the request's writer."""
    special = SPECIAL.get(field["id"])
    if special is not None:
        return getattr(IssueWriter, special)
    field_id, render = field["id"], values.renderer(field)
    return lambda writer, issue: render(writer.shapes, issue["fields"].get(field_id))


class IssueWriter:
    """Writes issues for one request: its viewer, REST version and site URL."""

    def __init__(self, shapes: Shapes, viewer: str | None) -> None:
        self.shapes = shapes
        self.state = shapes.state
        self.viewer = viewer
        self._page: list[dict] = []  # the issues being written
        self._activity: dict[str, dict[str, list[dict]]] = {}  # theirs, by issue id

    def chosen(self, fields: list[str] | None) -> list[dict]:
        """``wanted_fields``, worked out once per ``fields`` parameter and catalog (shared: never
        change them)."""
        spec = None if fields is None else tuple(fields)
        return self.state.memo(("wanted fields", spec), lambda: wanted_fields(self.state, fields))

    def writers(self, fields: list[str] | None) -> tuple[tuple[str, Writer], ...]:
        """Each chosen field's id and its ``field_writer``, worked out once per ``fields``
        parameter and catalog (shared: never change them)."""
        spec = None if fields is None else tuple(fields)
        return self.state.memo(
            ("field writers", spec),
            lambda: tuple((f["id"], field_writer(f)) for f in self.chosen(fields)),
        )

    def issue(
        self,
        issue: dict,
        fields: list[str] | None = None,
        expand: list[str] = (),
        properties: list[str] = (),
    ) -> dict:
        """The issue with the ``fields``, ``expand`` values and ``properties`` asked for."""
        return self.issues([issue], fields, expand, properties)[0]

    def issues(
        self,
        issues: list[dict],
        fields: list[str] | None = None,
        expand: list[str] = (),
        properties: list[str] = (),
    ) -> list[dict]:
        """``issue`` for each of ``issues``, their fields chosen once for all of them."""
        chosen, writers = self.chosen(fields), self.writers(fields)
        self._page, self._activity = issues, {}
        return [self._shaped(i, chosen, writers, expand, properties) for i in issues]

    def _shaped(
        self,
        issue: dict,
        chosen: list[dict],
        writers: tuple[tuple[str, Writer], ...],
        expand: list[str],
        properties: list[str],
    ) -> dict:
        shaped = {
            "expand": DEFAULT_EXPAND,
            "id": issue["id"],
            "self": f"{self.shapes.api}/issue/{issue['id']}",
            "key": issue["key"],
        }
        if writers:
            shaped["fields"] = {fid: write(self, issue) for fid, write in writers}
        if "renderedFields" in expand:
            shaped["renderedFields"] = {
                "description": adf.to_text(issue["fields"].get("description")),
            }
        if "names" in expand:
            shaped["names"] = {f["id"]: f["name"] for f in chosen}
        if "changelog" in expand:
            histories = [self.history(h) for h in self.state.history(issue)]
            shaped["changelog"] = {
                "startAt": 0,
                "maxResults": len(histories),
                "total": len(histories),
                "histories": histories,
            }
        if "transitions" in expand:
            shaped["transitions"] = self.transitions(issue)
        if "schema" in expand:
            shaped["schema"] = {f["id"]: field_schema(f) for f in chosen if f["kind"] != "issuekey"}
        if "editmeta" in expand:
            shaped["editmeta"] = self.editmeta(issue)
        if properties:
            shaped["properties"] = self.properties(issue, properties)
        if "versionedRepresentations" in expand:  # every field, each value as version 1
            shaped.pop("fields", None)
            shaped["versionedRepresentations"] = {
                fid: {"1": write(self, issue)} for fid, write in self.writers(["*all"])
            }
        return shaped

    def editmeta(self, issue: dict) -> dict:
        """The fields the viewer may edit on the issue's edit screen (none without the Edit
        Issues permission)."""
        project = self.state.project(issue["project"])
        if not self.state.may(self.viewer, "EDIT_ISSUES", project, issue):
            return {"fields": {}}
        return {"fields": meta_fields(self.shapes, project, issue["fields"]["issuetype"], True)}

    def properties(self, issue: dict, wanted: list[str]) -> dict:
        """Issue properties by key: ``*all``, named keys, ``-key`` to leave one out."""
        keys = self.state.property_keys("issue", issue["id"])
        left_out = {w[1:] for w in wanted if w.startswith("-")}
        chosen = keys if "*all" in wanted else [k for k in keys if k in wanted]
        return {
            k: self.state.entity_property("issue", issue["id"], k)["value"]
            for k in chosen
            if k not in left_out
        }

    # -- fields that are more than their stored value -------------------------------------------
    def activity(self, issue: dict, kind: str) -> list[dict]:
        """The issue's comments, worklogs, attachments, links or subtasks: at the first need,
        all of them for every issue being written (``related``)."""
        if issue["id"] not in self._activity:
            page = self._page if any(i is issue for i in self._page) else [issue]
            self._activity.update(self.state.related(page))
        return self._activity[issue["id"]][kind]

    def project(self, issue: dict) -> dict:
        project_id = issue["project"]
        return self.shapes.kept(
            ("project", project_id),
            lambda: self.shapes.project(self.state.known("project", project_id)),
        )

    def watches(self, issue: dict) -> dict:
        return {
            "self": f"{self.shapes.api}/issue/{issue['key']}/watchers",
            "watchCount": len(issue["watchers"]),
            "isWatching": self.viewer in issue["watchers"],
        }

    def votes(self, issue: dict) -> dict:
        return {
            "self": f"{self.shapes.api}/issue/{issue['key']}/votes",
            "votes": len(issue["votes"]),
            "hasVoted": self.viewer in issue["votes"],
        }

    def links(self, issue: dict) -> list[dict]:
        return [self.link_on(issue, link) for link in self.activity(issue, "link")]

    def attachments(self, issue: dict) -> list[dict]:
        return [self.attachment(a) for a in self.activity(issue, "attachment")]

    def subtasks(self, issue: dict) -> list[dict]:
        return [self.brief(s) for s in self.activity(issue, "subtask")]

    def timetracking(self, issue: dict) -> dict:
        spent = sum(w["timeSpentSeconds"] for w in self.activity(issue, "worklog"))
        return estimates.rendered(issue["fields"].get("timetracking"), spent)

    def comment(self, comment: dict, rendered: bool = False) -> dict:
        shaped = {
            "self": f"{self.shapes.api}/issue/{comment['issueId']}/comment/{comment['id']}",
            "id": comment["id"],
            "author": self.shapes.user(comment["author"]),
            "body": adf.write(comment["body"], self.shapes.version),
            "updateAuthor": self.shapes.user(comment["updateAuthor"]),
            "created": jira_time(comment["created"]),
            "updated": jira_time(comment["updated"]),
            "jsdPublic": True,
        }
        if comment.get("visibility"):
            shaped["visibility"] = comment["visibility"]
        if rendered:
            shaped["renderedBody"] = adf.to_html(comment["body"])
        return shaped

    def comments_page(self, issue: dict) -> dict:
        comments = [self.comment(c) for c in self.activity(issue, "comment")]
        return {
            "comments": comments,
            "self": f"{self.shapes.api}/issue/{issue['id']}/comment",
            "maxResults": len(comments),
            "total": len(comments),
            "startAt": 0,
        }

    def worklog(self, worklog: dict) -> dict:
        shaped = {
            "self": f"{self.shapes.api}/issue/{worklog['issueId']}/worklog/{worklog['id']}",
            "author": self.shapes.user(worklog["author"]),
            "updateAuthor": self.shapes.user(worklog["updateAuthor"]),
            "created": jira_time(worklog["created"]),
            "updated": jira_time(worklog["updated"]),
            "started": jira_time(worklog["started"]),
            "timeSpent": duration(worklog["timeSpentSeconds"]),
            "timeSpentSeconds": worklog["timeSpentSeconds"],
            "id": worklog["id"],
            "issueId": worklog["issueId"],
        }
        if worklog.get("comment"):
            shaped["comment"] = adf.write(worklog["comment"], self.shapes.version)
        return shaped

    def worklogs_page(self, issue: dict) -> dict:
        logs = [self.worklog(w) for w in self.activity(issue, "worklog")]
        return {"startAt": 0, "maxResults": 20, "total": len(logs), "worklogs": logs[:20]}

    def brief(self, issue: dict) -> dict:
        """An issue as links and subtasks show it: key, summary, status, priority, type."""
        shape = self.shapes
        fields = issue["fields"]
        return {
            "id": issue["id"],
            "key": issue["key"],
            "self": f"{shape.api}/issue/{issue['id']}",
            "fields": {
                "summary": fields["summary"],
                "status": shape.status(fields["status"]),
                "priority": shape.named("priority", fields.get("priority")),
                "issuetype": shape.named("issuetype", fields["issuetype"]),
            },
        }

    def link_type(self, type_id: str) -> dict:
        link_type = self.state.known("linktype", type_id)
        return {**link_type, "self": f"{self.shapes.api}/issueLinkType/{type_id}"}

    def link_on(self, issue: dict, link: dict) -> dict:
        """A link as the issue at one end sees it: the other issue, inward or outward."""
        outward = link["source"] == issue["id"]
        other = self.state.get("issue", link["target"] if outward else link["source"])
        return {
            "id": link["id"],
            "self": f"{self.shapes.api}/issueLink/{link['id']}",
            "type": self.link_type(link["type"]),
            ("outwardIssue" if outward else "inwardIssue"): self.brief(other),
        }

    def link(self, link: dict) -> dict:
        return {
            "id": link["id"],
            "self": f"{self.shapes.api}/issueLink/{link['id']}",
            "type": self.link_type(link["type"]),
            "inwardIssue": self.brief(self.state.get("issue", link["source"])),
            "outwardIssue": self.brief(self.state.get("issue", link["target"])),
        }

    def attachment(self, attachment: dict) -> dict:
        base = self.shapes.base
        return {
            "self": f"{self.shapes.api}/attachment/{attachment['id']}",
            "id": attachment["id"],
            "filename": attachment["filename"],
            "author": self.shapes.user(attachment["author"]),
            "created": jira_time(attachment["created"]),
            "size": attachment["size"],
            "mimeType": attachment["mimeType"],
            "content": f"{base}/rest/api/3/attachment/content/{attachment['id']}",
        }

    def history(self, entry: dict) -> dict:
        return {
            "id": entry["id"],
            "author": self.shapes.user(entry["author"]),
            "created": jira_time(entry["created"]),
            "items": entry["items"],
        }

    def transitions(self, issue: dict) -> list[dict]:
        state = self.state
        project = state.get("project", issue["project"])
        if not state.may(self.viewer, "TRANSITION_ISSUES", project, issue):
            return []
        return [
            {
                "id": t["id"],
                "name": t["name"],
                "to": self.shapes.status(t["to"]),
                "hasScreen": False,
                "isGlobal": not t["from"],
                "isInitial": False,
                "isAvailable": True,
                "isConditional": False,
                "isLooped": False,
            }
            for t in state.transitions_of(project, issue, self.viewer)
        ]
