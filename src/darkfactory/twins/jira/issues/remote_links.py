"""Issue remote links: links from an issue to objects in other applications (a URL and a title,
optionally a global id that makes a second create an update); reading needs Browse projects,
changing them Link issues."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.jira.api import body, created, no_content, rest, shapes, text
from darkfactory.twins.jira.errors import bad_request, invalid_payload, not_found
from darkfactory.twins.jira.issues.operations import issue_for
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

CANNOT_LINK = "You do not have permission to link issues."


def _link_json(call: Call, issue: dict, link: dict) -> dict:
    shaped = {
        "id": int(link["id"]),
        "self": f"{shapes(call).api}/issue/{issue['key']}/remotelink/{link['id']}",
    }
    for key in ("globalId", "application", "relationship", "object"):
        if link.get(key) is not None:
            shaped[key] = link[key]
    return shaped


def _read(data: dict) -> dict:
    """A remote link's members from a request body; ``object`` needs a ``url`` and a ``title``."""
    target = data.get("object")
    if not isinstance(target, dict):
        raise bad_request(errors={"object": "'object' is required."})
    missing = {k: f"'{k}' is required." for k in ("url", "title") if not text(target, k)}
    if missing:
        raise bad_request(errors=missing)
    application = data.get("application")
    if application is not None and not isinstance(application, dict):
        raise invalid_payload()
    return {
        "globalId": text(data, "globalId") or None,
        "application": application or {},
        "relationship": text(data, "relationship") or None,
        "object": target,
    }


def _links(call: Call, issue: dict) -> list[dict]:
    return state_of(call).find("remotelink", issue["id"])


def _link(call: Call, issue: dict) -> dict:
    link_id = call.path_params["linkId"]
    found = state_of(call).get("remotelink", link_id)
    if found is None or found["issueId"] != issue["id"]:
        raise not_found(f"No remote link with id '{link_id}' exists on this issue.")
    return found


@operation("getRemoteIssueLinks")
def get_remote_issue_links(call: Call):
    _, issue, _ = issue_for(call)
    global_id = call.query.get("globalId")
    links = _links(call, issue)
    if global_id is None:
        return [_link_json(call, issue, link) for link in links]
    match = next((link for link in links if link.get("globalId") == global_id), None)
    if match is None:
        raise not_found(f"No remote link with global id '{global_id}' exists on this issue.")
    return _link_json(call, issue, match)


@operation("createOrUpdateRemoteIssueLink")
def create_or_update_remote_issue_link(call: Call):
    """A link whose ``globalId`` the issue already has is replaced (200); else one is added."""
    _, issue, _ = issue_for(call, "LINK_ISSUES", CANNOT_LINK)
    state = state_of(call)
    link = _read(body(call))
    same = link["globalId"] and next(
        (old for old in _links(call, issue) if old.get("globalId") == link["globalId"]), None
    )
    link_id = same["id"] if same else state.next_id("remotelink")
    state.put("remotelink", link_id, {"id": link_id, "issueId": issue["id"], **link}, issue["id"])
    answer = {
        "id": int(link_id),
        "self": f"{shapes(call).api}/issue/{issue['key']}/remotelink/{link_id}",
    }
    return answer if same else created(answer)


@operation("getRemoteIssueLinkById")
def get_remote_issue_link_by_id(call: Call) -> dict:
    _, issue, _ = issue_for(call)
    return _link_json(call, issue, _link(call, issue))


@operation("updateRemoteIssueLink")
def update_remote_issue_link(call: Call):
    _, issue, _ = issue_for(call, "LINK_ISSUES", CANNOT_LINK)
    old = _link(call, issue)
    state_of(call).put("remotelink", old["id"], {**old, **_read(body(call))}, issue["id"])
    return no_content()


@operation("deleteRemoteIssueLinkById")
def delete_remote_issue_link_by_id(call: Call):
    _, issue, _ = issue_for(call, "LINK_ISSUES", CANNOT_LINK)
    state_of(call).delete("remotelink", _link(call, issue)["id"])
    return no_content()


@operation("deleteRemoteIssueLinkByGlobalId")
def delete_remote_issue_link_by_global_id(call: Call):
    _, issue, _ = issue_for(call, "LINK_ISSUES", CANNOT_LINK)
    global_id = call.query.get("globalId")
    if not global_id:
        raise bad_request("The 'globalId' query parameter is required.")
    matches = [link for link in _links(call, issue) if link.get("globalId") == global_id]
    if not matches:
        raise not_found(f"No remote link with global id '{global_id}' exists on this issue.")
    for link in matches:
        state_of(call).delete("remotelink", link["id"])
    return no_content()


def routes() -> list[Route]:
    links = "/issue/{issueIdOrKey}/remotelink"
    return [
        *rest(links, get_remote_issue_links, "GET"),
        *rest(links, create_or_update_remote_issue_link, "POST"),
        *rest(links, delete_remote_issue_link_by_global_id, "DELETE"),
        *rest(links + "/{linkId}", get_remote_issue_link_by_id, "GET"),
        *rest(links + "/{linkId}", update_remote_issue_link, "PUT"),
        *rest(links + "/{linkId}", delete_remote_issue_link_by_id, "DELETE"),
    ]
