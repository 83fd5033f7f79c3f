"""Issues and their activity: fields with a changelog of every change, transitions, comments,
worklogs, links, watchers, votes and attachments. Values here are stored values (ids, account
ids, ADF documents); ``values.py`` turns them into and out of the wire format."""

from __future__ import annotations

from darkfactory.twins.jira import values
from darkfactory.twins.jira.errors import bad_request, issue_not_found, not_found
from darkfactory.twins.jira.fields.state import RESOLUTION_DONE
from darkfactory.twins.jira.issues import estimates
from darkfactory.twins.jira.records import Records, ref_key
from darkfactory.twins.jira.workflows import transition_rules
from darkfactory.twins.kit.stored_json import loads

# an issue's links at either end, and its subtasks (both found through indexes)
_CHILD_OF = "json_extract(data, '$.fields.parent')"
CHILDREN = f"kind = 'issue' AND {_CHILD_OF} = ?"


def _linked(marks: str) -> str:
    """The links with an end among the ids the ``marks`` stand for (given twice), found through
    the index of each end (which SQLite would not pick for a list of ids on its own)."""
    return (
        "rowid IN (SELECT rowid FROM jira_records INDEXED BY jira_records_link_source "
        f"WHERE kind = 'link' AND json_extract(data, '$.source') IN ({marks}) "
        "UNION SELECT rowid FROM jira_records INDEXED BY jira_records_link_target "
        f"WHERE kind = 'link' AND json_extract(data, '$.target') IN ({marks}))"
    )


LINKED = _linked("?")
RELATED = ("comment", "worklog", "attachment", "link", "subtask")  # what ``related`` reads


class Issues(Records):
    # -- issues ---------------------------------------------------------------------------------
    def create_issue(self, actor: str, project: dict, fields: dict) -> dict:
        if not (fields.get("summary") or "").strip():
            raise bad_request(summary="You must specify a summary of the issue.")
        if fields.get("issuetype") not in project["issueTypes"]:
            raise bad_request(issuetype="Specify a valid issue type")
        workflow = self.workflow_of(project, fields["issuetype"])
        now = self.now()
        project["counter"] += 1
        self.save_project(project)
        issue_id = self.next_id("issue")
        stored = {
            "labels": [],
            "components": [],
            "fixVersions": [],
            "versions": [],
            "priority": self.default_priority(),
            "reporter": actor,
            "assignee": None,
            "description": None,
            "duedate": None,
            "parent": None,
            "resolution": None,
            "resolutiondate": None,
            **fields,
            "status": workflow["initial"],
            "creator": actor,
            "created": now,
            "updated": now,
        }
        issue = {
            "id": issue_id,
            "key": f"{project['key']}-{project['counter']}",
            "project": project["id"],
            "fields": stored,
            "watchers": [actor],
            "votes": [],
        }
        self.put("issue", issue_id, issue, parent=project["id"])
        self.announce("jira:issue_created", actor, issue, issue_event_type_name="issue_created")
        return issue

    def default_priority(self) -> str | None:
        medium = self.find_by("priority", "name", "Medium")
        return medium["id"] if medium else None

    def find_issue(self, id_or_key: str) -> dict | None:
        """The issue with a numeric id or a key (Jira's ids are digits, its keys never)."""
        found = self.get("issue", id_or_key) if str(id_or_key).isdigit() else None
        if found is None and "-" in str(id_or_key):
            row = self.db.one(
                "SELECT data FROM jira_records WHERE kind = 'issue' "
                "AND json_extract(data, '$.key') = ? COLLATE NOCASE",
                (str(id_or_key).upper(),),
            )
            found = None if row is None else loads(row["data"])
        return found

    def issue(self, id_or_key: str, viewer: str | None) -> dict:
        """The issue, if it exists and ``viewer`` may browse its project; else Jira's 404."""
        found = self.find_issue(str(id_or_key))
        if found is None or not self.may(
            viewer, "BROWSE_PROJECTS", self.known("project", found["project"]), found
        ):
            raise issue_not_found()
        return found

    def issues(self) -> list[dict]:
        return self.find("issue")

    def save_issue(self, issue: dict) -> dict:
        return self.put("issue", issue["id"], issue, parent=issue["project"])

    def change(self, actor: str, issue: dict, new: dict) -> dict:
        """Set fields of ``issue`` to stored values in ``new``, recording one changelog entry."""
        items = []
        for field_id, value in new.items():
            old = issue["fields"].get(field_id)
            if values.same(old, value):
                continue
            if field_id == "timetracking":
                items += estimates.history_items(old, value)
            else:
                items.append(values.history_item(self, self.field(field_id), old, value))
            issue["fields"][field_id] = value
        if not items:
            return self.save_issue(issue)
        issue["fields"]["updated"] = self.now()
        entry = self.record_history(actor, issue, items)
        self.save_issue(issue)
        changed = {item["fieldId"] for item in items}
        kind = "issue_assigned" if changed == {"assignee"} else "issue_updated"
        if "status" in changed:
            kind = "issue_generic"
        self.announce(
            "jira:issue_updated",
            actor,
            issue,
            changelog={"id": entry["id"], "items": items},
            issue_event_type_name=kind,
        )
        return issue

    def record_history(self, actor: str, issue: dict, items: list[dict]) -> dict:
        history_id = self.next_id("history")
        entry = {"id": history_id, "author": actor, "created": self.now(), "items": items}
        return self.put("history", history_id, entry, parent=issue["id"])

    def history(self, issue: dict) -> list[dict]:
        return self.find("history", issue["id"])

    def remove_issue(self, issue: dict, actor: str | None = None) -> None:
        self.announce("jira:issue_deleted", actor, issue, issue_event_type_name="issue_deleted")
        for kind in ("comment", "worklog", "history", "attachment", "remotelink"):
            for record in self.find(kind, issue["id"]):
                if kind == "attachment":
                    self.db.execute("DELETE FROM jira_blobs WHERE id = ?", (record["id"],))
                self.delete(kind, record["id"])
        for link in self.links_of(issue):
            self.delete("link", link["id"])
        self.forget_properties("issue", issue["id"])
        self.delete("issue", issue["id"])

    def subtasks(self, issue: dict) -> list[dict]:
        rows = self.db.all(
            f"SELECT data FROM jira_records WHERE {CHILDREN} ORDER BY rowid", (issue["id"],)
        )
        return [loads(r[0]) for r in rows]

    # -- transitions ----------------------------------------------------------------------------
    def transition(
        self,
        actor: str,
        issue: dict,
        transition_id: str,
        fields: dict,
        comments: tuple[dict, ...] = (),
    ) -> dict:
        """Move ``issue`` along a transition: its conditions and validators first (the
        transition's ``comments`` count as a changed ``comment``), then fields, status,
        resolution and post functions in one changelog entry, then the comments."""
        project = self.project(issue["project"])
        choices = self.transitions_of(project, issue, actor)
        chosen = next((t for t in choices if t["id"] == str(transition_id)), None)
        if chosen is None:
            raise bad_request(f"Transition id '{transition_id}' is not valid for this issue.")
        after = {**issue["fields"], **fields, "comment": list(comments)}
        transition_rules.validate(self, actor, project, issue, chosen, after)
        target = self.status(chosen["to"])
        new = {"status": target["id"], **{k: v for k, v in fields.items() if k != "resolution"}}
        done = target["category"] == "done"
        if done:
            current = issue["fields"].get("resolution")
            new["resolution"] = fields.get("resolution") or current or RESOLUTION_DONE
        else:
            new["resolution"] = None
        if done != bool(issue["fields"].get("resolutiondate")):
            issue["fields"]["resolutiondate"] = self.now() if done else None  # not in the changelog
        new.update(transition_rules.post_changes(self, actor, project, issue, chosen))
        issue = self.change(actor, issue, new)
        for comment in comments:
            self.add_comment(actor, issue, comment)
        return issue

    # -- comments and worklogs ------------------------------------------------------------------
    def add_comment(
        self, actor: str, issue: dict, body: dict, visibility: dict | None = None
    ) -> dict:
        if not values.has_text(body):
            raise bad_request(errors={"comment": "Comment body can not be empty!"})
        comment_id = self.next_id("comment")
        now = self.now()
        comment = {
            "id": comment_id,
            "issueId": issue["id"],
            "author": actor,
            "updateAuthor": actor,
            "body": body,
            "created": now,
            "updated": now,
            "visibility": visibility,
        }
        self.touch(issue)
        self.put("comment", comment_id, comment, parent=issue["id"])
        self.announce("comment_created", actor, issue, comment=comment)
        self.announce(
            "jira:issue_updated",
            actor,
            issue,
            comment=comment,
            issue_event_type_name="issue_commented",
        )
        return comment

    def comment(self, issue: dict, comment_id: str) -> dict:
        found = self.get("comment", comment_id)
        if found is None or found["issueId"] != issue["id"]:
            raise not_found("Can not find a comment for the id: " + str(comment_id) + ".")
        return found

    def touch(self, issue: dict) -> None:
        issue["fields"]["updated"] = self.now()
        self.save_issue(issue)

    def add_worklog(
        self, actor: str, issue: dict, seconds: int, started: float, comment: dict | None
    ) -> dict:
        if seconds <= 0:
            raise bad_request(errors={"timeLogged": "You must indicate the time spent working."})
        worklog_id = self.next_id("worklog")
        now = self.now()
        worklog = {
            "id": worklog_id,
            "issueId": issue["id"],
            "author": actor,
            "updateAuthor": actor,
            "comment": comment,
            "started": started,
            "timeSpentSeconds": seconds,
            "created": now,
            "updated": now,
        }
        self.put("worklog", worklog_id, worklog, parent=issue["id"])
        self.record_history(
            actor,
            issue,
            [values.plain_item("timespent", "Time Spent", None, str(self.time_spent(issue)))],
        )
        self.touch(issue)
        return worklog

    def adjust_remaining(self, actor: str, issue: dict, remaining: int | None) -> None:
        """Set the issue's remaining estimate, recording the change."""
        before = issue["fields"].get("timetracking") or {}
        if before.get("remainingEstimate") == remaining:
            return
        after = {**before, "remainingEstimate": remaining}
        self.record_history(actor, issue, estimates.history_items(before, after))
        issue["fields"]["timetracking"] = after
        self.touch(issue)

    def related(self, issues: list[dict]) -> dict[str, dict[str, list[dict]]]:
        """Each issue's comments, worklogs and attachments, its links and its subtasks (under
        ``subtask``), each in the order they were made, by issue id: a page's in one statement."""
        ids = [issue["id"] for issue in issues]
        marks = ", ".join("?" for _ in ids)
        rows = self.db.all(
            "SELECT kind, rowid AS made, parent, NULL, data FROM jira_records "
            f"WHERE kind IN ('comment', 'worklog', 'attachment') AND parent IN ({marks}) "
            "UNION ALL SELECT 'link', rowid, json_extract(data, '$.source'), "
            f"json_extract(data, '$.target'), data FROM jira_records WHERE {_linked(marks)} "
            "UNION ALL SELECT 'subtask', rowid, json_extract(data, '$.fields.parent'), NULL, data "
            "FROM jira_records INDEXED BY jira_records_issue_parent "
            f"WHERE kind = 'issue' AND {_CHILD_OF} IN ({marks}) "
            "ORDER BY made",
            ids * 4,
        )
        found = {issue_id: {kind: [] for kind in RELATED} for issue_id in ids}
        for kind, _, owner, other, data in rows:
            record = loads(data)
            for issue_id in {owner, other}:
                if issue_id in found:
                    found[issue_id][kind].append(record)
        return found

    def time_spent(self, issue: dict) -> int:
        return sum(w["timeSpentSeconds"] for w in self.find("worklog", issue["id"]))

    def worklog(self, issue: dict, worklog_id: str) -> dict:
        found = self.get("worklog", worklog_id)
        if found is None or found["issueId"] != issue["id"]:
            raise not_found(f"Cannot find worklog with id: '{worklog_id}'.")
        return found

    # -- links ----------------------------------------------------------------------------------
    def link(self, actor: str, link_type: dict, source: dict, target: dict) -> dict:
        link_id = self.next_id("link")
        link = {
            "id": link_id,
            "type": link_type["id"],
            "source": source["id"],
            "target": target["id"],
        }
        self.put("link", link_id, link)
        self.record_history(
            actor,
            source,
            [
                values.plain_item(
                    "Link",
                    "Link",
                    None,
                    f"This issue {link_type['outward']} {target['key']}",
                    target["key"],
                )
            ],
        )
        self.record_history(
            actor,
            target,
            [
                values.plain_item(
                    "Link",
                    "Link",
                    None,
                    f"This issue {link_type['inward']} {source['key']}",
                    source["key"],
                )
            ],
        )
        return link

    def links_of(self, issue: dict) -> list[dict]:
        rows = self.db.all(
            f"SELECT data FROM jira_records WHERE {LINKED} ORDER BY rowid",
            (issue["id"], issue["id"]),
        )
        return [loads(r[0]) for r in rows]

    def link_type(self, ref: dict | str | None) -> dict:
        key = ref_key(ref)
        found = (
            (self.get("linktype", key) or self.find_by("linktype", "name", key)) if key else None
        )
        if found is None:
            raise not_found(f"No issue link type with name '{key}' found.")
        return found

    # -- watchers and votes ---------------------------------------------------------------------
    def set_member(self, issue: dict, kind: str, account_id: str, present: bool) -> dict:
        self.user(account_id)
        people = issue[kind]
        if present and account_id not in people:
            people.append(account_id)
        if not present and account_id in people:
            people.remove(account_id)
        return self.save_issue(issue)

    # -- attachments ----------------------------------------------------------------------------
    def attach(self, actor: str, issue: dict, filename: str, mime: str, content: bytes) -> dict:
        attachment_id = self.next_id("attachment")
        attachment = {
            "id": attachment_id,
            "issueId": issue["id"],
            "filename": filename,
            "author": actor,
            "created": self.now(),
            "size": len(content),
            "mimeType": mime or "application/octet-stream",
        }
        self.put("attachment", attachment_id, attachment, parent=issue["id"])
        self.db.execute(
            "INSERT INTO jira_blobs(id, content) VALUES (?, ?)", (attachment_id, content)
        )
        self.record_history(
            actor,
            issue,
            [values.plain_item("Attachment", "Attachment", None, filename, attachment_id)],
        )
        self.touch(issue)
        return attachment

    def attachment(self, attachment_id: str) -> dict:
        found = self.get("attachment", attachment_id)
        if found is None:
            raise not_found(f"The attachment with id '{attachment_id}' does not exist")
        return found

    def attachment_content(self, attachment_id: str) -> bytes:
        return self.db.scalar("SELECT content FROM jira_blobs WHERE id = ?", (attachment_id,))

    def remove_attachment(self, actor: str, attachment: dict) -> None:
        issue = self.find_issue(attachment["issueId"])
        self.delete("attachment", attachment["id"])
        self.db.execute("DELETE FROM jira_blobs WHERE id = ?", (attachment["id"],))
        self.record_history(
            actor,
            issue,
            [
                values.plain_item(
                    "Attachment", "Attachment", attachment["filename"], None, None, attachment["id"]
                )
            ],
        )
