"""Project categories (``/projectCategory``): named groupings of projects every user may list
and Jira administrators create, rename and delete."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.jira.api import actor, admin, body, created, no_content, rest, shapes, text
from darkfactory.twins.jira.errors import bad_request, not_found
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call


def _json(call: Call, category: dict) -> dict:
    return {"self": f"{shapes(call).api}/projectCategory/{category['id']}", **category}


def _category(call: Call) -> dict:
    ref = call.path_params["id"]
    found = state_of(call).get("projectcategory", ref)
    if found is None:
        raise not_found(f"No project category with id '{ref}' exists.")
    return found


def _named(call: Call, data: dict, current: dict | None) -> str:
    """The category's name from a body: required to create, unique among categories."""
    name = text(data, "name") if "name" in data or current is None else current["name"]
    if not name.strip():
        raise bad_request(errors={"name": "The project category name is required."})
    clash = state_of(call).find_by("projectcategory", "name", name)
    if clash and clash["id"] != (current or {}).get("id"):
        raise bad_request(errors={"name": f"The project category '{name}' already exists."})
    return name


@operation("getAllProjectCategories")
def get_all_project_categories(call: Call) -> list:
    actor(call)
    return [_json(call, c) for c in state_of(call).find("projectcategory")]


@operation("createProjectCategory")
def create_project_category(call: Call):
    admin(call)
    data = body(call)
    state = state_of(call)
    category_id = state.next_id("projectcategory")
    category = {
        "id": category_id,
        "name": _named(call, data, None),
        "description": text(data, "description"),
    }
    return created(_json(call, state.put("projectcategory", category_id, category)))


@operation("getProjectCategoryById")
def get_project_category_by_id(call: Call) -> dict:
    actor(call)
    return _json(call, _category(call))


@operation("updateProjectCategory")
def update_project_category(call: Call) -> dict:
    admin(call)
    current = _category(call)
    data = body(call)
    changed = {
        **current,
        "name": _named(call, data, current),
        "description": text(data, "description")
        if "description" in data
        else current["description"],
    }
    return _json(call, state_of(call).put("projectcategory", current["id"], changed))


@operation("removeProjectCategory")
def remove_project_category(call: Call):
    admin(call)
    state_of(call).delete("projectcategory", _category(call)["id"])
    return no_content()


def routes() -> list[Route]:
    one = "/projectCategory/{id}"
    return [
        *rest("/projectCategory", get_all_project_categories, "GET"),
        *rest("/projectCategory", create_project_category, "POST"),
        *rest(one, get_project_category_by_id, "GET"),
        *rest(one, update_project_category, "PUT"),
        *rest(one, remove_project_category, "DELETE"),
    ]
