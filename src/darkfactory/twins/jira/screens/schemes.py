"""Screen schemes (``/screenscheme``) and issue type screen schemes (``/issuetypescreenscheme``):
which screen creates, edits and shows an issue, per issue type and per project. The site
administrator's alone."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.jira.api import (
    admin,
    bean,
    body,
    created,
    naming,
    no_content,
    objects,
    projects_by_scheme,
    rest,
    shapes,
    strings,
    text,
    values,
)
from darkfactory.twins.jira.errors import bad_request, invalid_payload
from darkfactory.twins.jira.screens.state import OPERATIONS
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

SCREEN_KINDS = ("default", *OPERATIONS)


def screen_scheme_json(call: Call, scheme: dict, expand: bool = False) -> dict:
    shaped = {
        "id": int(scheme["id"]),
        "name": scheme["name"],
        "description": scheme["description"],
        "screens": {k: int(v) for k, v in scheme["screens"].items()},
    }
    if expand:
        using = [
            its_scheme_json(s)
            for s in state_of(call).its_schemes()
            if scheme["id"] in s["mappings"].values()
        ]
        shaped["issueTypeScreenSchemes"] = {
            "startAt": 0,
            "maxResults": 100,
            "total": len(using),
            "isLast": True,
            "values": using,
        }
    return shaped


def its_scheme_json(scheme: dict) -> dict:
    return {"id": scheme["id"], "name": scheme["name"], "description": scheme["description"]}


def _chosen(call: Call, items: list[dict], order: str) -> list[dict]:
    """Schemes filtered by ``id`` and ``queryString`` and sorted by ``orderBy``."""
    wanted = values(call, "id")
    query = (call.query.get("queryString") or "").lower()
    found = [s for s in items if (not wanted or s["id"] in wanted) and query in s["name"].lower()]
    if order.lstrip("+-") == "name":
        found.sort(key=lambda s: s["name"].lower())
    if order.startswith("-"):
        found.reverse()
    return found


def _screens(data: dict) -> dict:
    """The ``screens`` of a request: operation -> screen id (None to leave one out)."""
    raw = data.get("screens")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise invalid_payload()
    chosen = {}
    for kind in SCREEN_KINDS:
        if kind not in raw:
            continue
        value = raw[kind]
        if value in (None, ""):
            chosen[kind] = None
        elif isinstance(value, bool) or not str(value).isdigit():
            raise bad_request(errors={"screens": f"The {kind} screen id '{value}' is not valid."})
        else:
            chosen[kind] = str(value)
    return chosen


# -- screen schemes -----------------------------------------------------------------------------
@operation("getScreenSchemes")
def get_screen_schemes(call: Call) -> dict:
    admin(call)
    expand = "issueTypeScreenSchemes" in values(call, "expand")
    found = _chosen(call, state_of(call).screen_schemes(), call.query.get("orderBy") or "")
    return bean(call, [screen_scheme_json(call, s, expand) for s in found], default_max=25)


@operation("createScreenScheme")
def create_screen_scheme(call: Call):
    admin(call)
    data = body(call)
    screens = _screens(data)
    if not screens.get("default"):
        raise bad_request(errors={"screens": "A default screen is required."})
    scheme = state_of(call).save_screen_scheme(
        None, text(data, "name"), text(data, "description"), screens
    )
    return created({"id": int(scheme["id"])})


@operation("updateScreenScheme")
def update_screen_scheme(call: Call):
    admin(call)
    state = state_of(call)
    scheme = state.screen_scheme(call.path_params["screenSchemeId"])
    data = body(call)
    state.save_screen_scheme(
        scheme,
        *naming(data),
        _screens(data),
    )
    return no_content()


@operation("deleteScreenScheme")
def delete_screen_scheme(call: Call):
    admin(call)
    state = state_of(call)
    state.remove_screen_scheme(state.screen_scheme(call.path_params["screenSchemeId"]))
    return no_content()


# -- issue type screen schemes ------------------------------------------------------------------
def _mappings(data: dict) -> list[tuple[str, str]]:
    pairs = []
    for mapping in objects(data, "issueTypeMappings"):
        type_id, scheme_id = mapping.get("issueTypeId"), mapping.get("screenSchemeId")
        if not isinstance(type_id, str) or not isinstance(scheme_id, str):
            raise bad_request("Each mapping needs an issueTypeId and a screenSchemeId.")
        pairs.append((type_id, scheme_id))
    return pairs


def _its_scheme(call: Call) -> dict:
    admin(call)
    return state_of(call).its_scheme(call.path_params["issueTypeScreenSchemeId"])


@operation("getIssueTypeScreenSchemes")
def get_issue_type_screen_schemes(call: Call) -> dict:
    admin(call)
    state = state_of(call)
    found = _chosen(call, state.its_schemes(), call.query.get("orderBy") or "")
    shaped = []
    for scheme in found:
        entry = its_scheme_json(scheme)
        if "projects" in values(call, "expand"):
            projects = [shapes(call).project(p) for p in state.its_projects(scheme)]
            entry["projects"] = {
                "startAt": 0,
                "maxResults": 100,
                "total": len(projects),
                "isLast": True,
                "values": projects,
            }
        shaped.append(entry)
    return bean(call, shaped, default_max=25)


@operation("createIssueTypeScreenScheme")
def create_issue_type_screen_scheme(call: Call):
    admin(call)
    data = body(call)
    scheme = state_of(call).create_its_scheme(
        text(data, "name"), text(data, "description"), _mappings(data)
    )
    return created({"id": scheme["id"]})


@operation("updateIssueTypeScreenScheme")
def update_issue_type_screen_scheme(call: Call):
    scheme = _its_scheme(call)
    data = body(call)
    state_of(call).rename_its_scheme(scheme, *naming(data))
    return no_content()


@operation("deleteIssueTypeScreenScheme")
def delete_issue_type_screen_scheme(call: Call):
    state_of(call).remove_its_scheme(_its_scheme(call))
    return no_content()


@operation("getIssueTypeScreenSchemeMappings")
def get_issue_type_screen_scheme_mappings(call: Call) -> dict:
    admin(call)
    wanted = values(call, "issueTypeScreenSchemeId")
    rows = [
        {"issueTypeScreenSchemeId": s["id"], "issueTypeId": type_id, "screenSchemeId": chosen}
        for s in state_of(call).its_schemes()
        if not wanted or s["id"] in wanted
        for type_id, chosen in s["mappings"].items()
    ]
    return bean(call, rows)


@operation("appendMappingsForIssueTypeScreenScheme")
def append_mappings_for_issue_type_screen_scheme(call: Call):
    scheme = _its_scheme(call)
    mappings = _mappings(body(call))
    if any(type_id == "default" for type_id, _ in mappings):
        raise bad_request("The default mapping is changed with the default screen scheme.")
    state_of(call).append_its_mappings(scheme, mappings)
    return no_content()


@operation("updateDefaultScreenScheme")
def update_default_screen_scheme(call: Call):
    scheme = _its_scheme(call)
    state = state_of(call)
    chosen = state.screen_scheme(text(body(call), "screenSchemeId"))
    scheme["mappings"]["default"] = chosen["id"]
    state.save_its_scheme(scheme)
    return no_content()


@operation("removeMappingsFromIssueTypeScreenScheme")
def remove_mappings_from_issue_type_screen_scheme(call: Call):
    scheme = _its_scheme(call)
    type_ids = strings(body(call), "issueTypeIds")
    if not type_ids:
        raise bad_request(errors={"issueTypeIds": "The issue type ids must not be empty."})
    state_of(call).remove_its_mappings(scheme, type_ids)
    return no_content()


@operation("getProjectsForIssueTypeScreenScheme")
def get_projects_for_issue_type_screen_scheme(call: Call) -> dict:
    scheme = _its_scheme(call)
    query = (call.query.get("query") or "").lower()
    found = [
        shapes(call).project(p)
        for p in state_of(call).its_projects(scheme)
        if query in p["name"].lower() or query in p["key"].lower()
    ]
    return bean(call, found)


@operation("getIssueTypeScreenSchemeProjectAssociations")
def get_issue_type_screen_scheme_project_associations(call: Call) -> dict:
    admin(call)
    state = state_of(call)
    by_scheme = projects_by_scheme(call, state, lambda p: state.its_scheme_of(p)["id"])
    rows = [
        {"issueTypeScreenScheme": its_scheme_json(state.its_scheme(s)), "projectIds": projects}
        for s, projects in by_scheme.items()
    ]
    return bean(call, rows)


@operation("assignIssueTypeScreenSchemeToProject")
def assign_issue_type_screen_scheme_to_project(call: Call):
    admin(call)
    data = body(call)
    state = state_of(call)
    project = state.project(text(data, "projectId"))
    state.assign_its_scheme(project, state.its_scheme(text(data, "issueTypeScreenSchemeId")))
    return no_content()


def routes() -> list[Route]:
    screen_scheme = "/screenscheme/{screenSchemeId}"
    its = "/issuetypescreenscheme"
    one = its + "/{issueTypeScreenSchemeId}"
    return [
        *rest("/screenscheme", get_screen_schemes, "GET"),
        *rest("/screenscheme", create_screen_scheme, "POST"),
        *rest(screen_scheme, update_screen_scheme, "PUT"),
        *rest(screen_scheme, delete_screen_scheme, "DELETE"),
        *rest(its, get_issue_type_screen_schemes, "GET"),
        *rest(its, create_issue_type_screen_scheme, "POST"),
        *rest(its + "/mapping", get_issue_type_screen_scheme_mappings, "GET"),
        *rest(its + "/project", get_issue_type_screen_scheme_project_associations, "GET"),
        *rest(its + "/project", assign_issue_type_screen_scheme_to_project, "PUT"),
        *rest(one, update_issue_type_screen_scheme, "PUT"),
        *rest(one, delete_issue_type_screen_scheme, "DELETE"),
        *rest(one + "/mapping", append_mappings_for_issue_type_screen_scheme, "PUT"),
        *rest(one + "/mapping/default", update_default_screen_scheme, "PUT"),
        *rest(one + "/mapping/remove", remove_mappings_from_issue_type_screen_scheme, "POST"),
        *rest(one + "/project", get_projects_for_issue_type_screen_scheme, "GET"),
    ]
