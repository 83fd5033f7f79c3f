"""Check functions over Jira, Okta and Google, read through their public APIs as the admin.

The company's directory (``person``, ``manager_of``, ``reports_of``) is read from Okta, its
source: a person's ``managerId`` profile attribute names their manager's user.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from darkfactory.scenarios.context import StepError, Trial
from darkfactory.scenarios.twin_apis import google_call, twin_request

JIRA_PAGE = 100


def functions(trial: Trial) -> dict[str, Callable[..., Any]]:
    """The lookups the trial's universe can answer (a twin that is not served has none)."""

    def jira_issues(jql: str) -> list[dict]:
        """Issues matching ``jql``: ``key``, ``summary``, ``status``, ``assignee``, ``reporter``
        (emails), ``labels`` and every field as ``fields``."""
        answer = twin_request(
            trial,
            "jira",
            "GET",
            "/rest/api/2/search/jql",
            params={"jql": jql, "fields": "*all", "maxResults": JIRA_PAGE},
        )
        return [_issue(issue) for issue in answer["issues"]]

    def jira_issue(key: str) -> dict:
        """One issue, as ``jira_issues`` gives it, with its ``comments`` (``author``, ``body``)
        and its ``transitions`` history (``from``, ``to``, ``by``, ``at``)."""
        issue = twin_request(
            trial, "jira", "GET", f"/rest/api/2/issue/{quote(key)}", params={"expand": "changelog"}
        )
        shown = _issue(issue)
        shown["comments"] = [
            {"author": _email(c.get("author")), "body": c.get("body"), "created": c.get("created")}
            for c in (issue["fields"].get("comment") or {}).get("comments", [])
        ]
        shown["transitions"] = [
            {
                "from": item.get("fromString"),
                "to": item.get("toString"),
                "by": _email(entry.get("author")),
                "at": entry.get("created"),
            }
            for entry in issue.get("changelog", {}).get("histories", [])
            for item in entry.get("items", [])
            if item.get("field") == "status"
        ]
        return shown

    def okta_app_users(app: str) -> list[str]:
        """Logins of the people assigned to an Okta app (by id, or by its label)."""
        app_id = _okta_app_id(trial, app)
        users = twin_request(trial, "okta", "GET", f"/api/v1/apps/{app_id}/users")
        return sorted(u.get("credentials", {}).get("userName") or u["id"] for u in users)

    def okta_groups(user: str) -> list[str]:
        """Names of the Okta groups a person (by login or id) belongs to."""
        groups = twin_request(trial, "okta", "GET", f"/api/v1/users/{quote(user)}/groups")
        return sorted(g["profile"]["name"] for g in groups)

    def person(email: str) -> dict | None:
        """A person of the directory: ``email``, ``name``, ``title``, ``department``,
        ``manager`` (an email, or None) and Okta's ``id`` and ``status``; None if there is none."""
        user = _okta_user(trial, email)
        if user is None:
            return None
        profile = user["profile"]
        boss = _okta_user(trial, profile["managerId"]) if profile.get("managerId") else None
        return {
            "email": profile.get("email"),
            "name": f"{profile.get('firstName')} {profile.get('lastName')}",
            "title": profile.get("title"),
            "department": profile.get("department"),
            "manager": boss["profile"]["login"] if boss else None,
            "id": user["id"],
            "status": user["status"],
        }

    def manager_of(email: str) -> str | None:
        """The email of a person's manager (None for someone without one); a LookupError for
        someone who is not in the directory."""
        found = person(email)
        if found is None:
            raise StepError(f"no person {email!r} in Okta")
        return found["manager"]

    def reports_of(email: str) -> list[str]:
        """The emails of the people whose manager is ``email``, sorted."""
        found = _okta_user(trial, email)
        if found is None:
            raise StepError(f"no person {email!r} in Okta")
        search = f'profile.managerId eq "{found["id"]}"'
        users = twin_request(
            trial, "okta", "GET", "/api/v1/users", params={"search": search, "limit": 200}
        )
        return sorted(u["profile"]["login"] for u in users)

    def drive_files(query: str = "trashed = false") -> list[dict]:
        """Drive files the admin can see matching a Drive ``q`` query: ``id``, ``name``,
        ``mimeType``, ``owners`` (emails), ``parents``."""
        answer = google_call(
            trial,
            "drive",
            "v3",
            "files.list",
            {"q": query, "fields": "files(id,name,mimeType,owners,parents)", "pageSize": 1000},
        )
        return [
            {**f, "owners": [o.get("emailAddress") for o in f.get("owners", [])]}
            for f in answer.get("files", [])
        ]

    def sheet_values(spreadsheet: str, cells: str) -> list[list]:
        """The values of a spreadsheet's range in A1 notation (``Sheet1!A1:C9``), as shown."""
        answer = google_call(
            trial,
            "sheets",
            "v4",
            "spreadsheets.values.get",
            {"spreadsheetId": spreadsheet, "range": cells},
        )
        return answer.get("values", [])

    def doc_text(document: str) -> str:
        """The text of a Google Doc's body."""
        doc = google_call(trial, "docs", "v1", "documents.get", {"documentId": document})
        return "".join(
            run["textRun"].get("content", "")
            for element in doc.get("body", {}).get("content", [])
            for run in element.get("paragraph", {}).get("elements", [])
            if "textRun" in run
        )

    by_twin = {
        "jira": {"jira_issues": jira_issues, "jira_issue": jira_issue},
        "okta": {
            "okta_app_users": okta_app_users,
            "okta_groups": okta_groups,
            "person": person,
            "manager_of": manager_of,
            "reports_of": reports_of,
        },
        "google": {"drive_files": drive_files, "sheet_values": sheet_values, "doc_text": doc_text},
    }
    return {
        name: _reported(fn)
        for twin, fns in by_twin.items()
        if twin in trial.credentials
        for name, fn in fns.items()
    }


def _reported(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A lookup whose refusal reaches the check as a LookupError with the twin's answer."""

    def lookup(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except StepError as exc:
            raise LookupError(f"{fn.__name__}: {exc}") from None

    lookup.__name__ = fn.__name__
    lookup.__doc__ = fn.__doc__
    return lookup


def _okta_user(trial: Trial, key: str) -> dict | None:
    """An Okta user by login or id, or None when Okta knows no such user."""
    user = twin_request(trial, "okta", "GET", f"/api/v1/users/{quote(key)}", allow_error=True)
    return None if user.get("errorCode") else user


def _okta_app_id(trial: Trial, app: str) -> str:
    apps = twin_request(trial, "okta", "GET", "/api/v1/apps", params={"q": app, "limit": 200})
    for found in apps:
        if app in (found["id"], found.get("label"), found.get("name")):
            return found["id"]
    raise StepError(f"no Okta app {app!r}")


def _issue(issue: dict) -> dict:
    fields = issue.get("fields", {})
    return {
        "key": issue["key"],
        "summary": fields.get("summary"),
        "status": (fields.get("status") or {}).get("name"),
        "assignee": _email(fields.get("assignee")),
        "reporter": _email(fields.get("reporter")),
        "labels": fields.get("labels", []),
        "fields": fields,
    }


def _email(user: dict | None) -> str | None:
    return None if not user else user.get("emailAddress") or user.get("accountId")
