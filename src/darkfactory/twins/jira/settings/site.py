"""The site's product and notices: its application role (Jira Software, whose groups grant
access), its project types, and the announcement banner; roles and banner are for
administrators."""

from __future__ import annotations

from hashlib import sha256

from starlette.routing import Route

from darkfactory.twins.jira.api import actor, admin, body, flag, no_content, rest, shapes, text
from darkfactory.twins.jira.errors import bad_request, not_found
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.jira.users.state import ADMIN_GROUP, USERS_GROUP
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

SEATS = 35000
# key, name, whether this site is licensed for it
PROJECT_TYPES = (
    ("software", "Software", True),
    ("business", "Business", True),
    ("service_desk", "Service Desk", False),
    ("product_discovery", "Product Discovery", False),
)
VISIBILITIES = ("private", "public")
BANNER_LENGTH = 4000


# -- application roles --------------------------------------------------------------------------
def _software_role(call: Call) -> dict:
    state, shape = state_of(call), shapes(call)
    groups = [state.group_named(name) for name in (USERS_GROUP, ADMIN_GROUP)]
    users = {a for g in groups for a in g["members"] if state.get("user", a)["active"]}
    default = [groups[0]]
    return {
        "key": "jira-software",
        "name": "Jira Software",
        "groups": [g["name"] for g in groups],
        "groupDetails": [shape.group(g) for g in groups],
        "defaultGroups": [g["name"] for g in default],
        "defaultGroupsDetails": [shape.group(g) for g in default],
        "selectedByDefault": False,
        "defined": True,
        "numberOfSeats": SEATS,
        "remainingSeats": SEATS - len(users),
        "userCount": len(users),
        "userCountDescription": "users",
        "hasUnlimitedSeats": False,
        "platform": False,
    }


@operation("getAllApplicationRoles")
def get_all_application_roles(call: Call) -> list:
    admin(call)
    return [_software_role(call)]


@operation("getApplicationRole")
def get_application_role(call: Call) -> dict:
    admin(call)
    key = call.path_params["key"]
    if key != "jira-software":
        raise not_found(f"The application role with key '{key}' does not exist.")
    return _software_role(call)


# -- project types ------------------------------------------------------------------------------
def _type_json(key: str, name: str) -> dict:
    return {
        "key": key,
        "formattedKey": name,
        "descriptionI18nKey": f"jira.project.type.{key}.description",
        "color": "#0065FF",
    }


def _types(accessible: bool) -> list[dict]:
    return [_type_json(k, n) for k, n, licensed in PROJECT_TYPES if licensed or not accessible]


def _type(call: Call, accessible: bool) -> dict:
    actor(call)
    key = call.path_params["projectTypeKey"]
    found = next((t for t in _types(accessible) if t["key"] == key), None)
    if found is None:
        raise not_found(f"The project type with key '{key}' does not exist or is not accessible.")
    return found


@operation("getAllProjectTypes")
def get_all_project_types(call: Call) -> list:
    actor(call)
    return _types(accessible=False)


@operation("getAllAccessibleProjectTypes")
def get_all_accessible_project_types(call: Call) -> list:
    actor(call)
    return _types(accessible=True)


@operation("getProjectTypeByKey")
def get_project_type_by_key(call: Call) -> dict:
    return _type(call, accessible=False)


@operation("getAccessibleProjectTypeByKey")
def get_accessible_project_type_by_key(call: Call) -> dict:
    return _type(call, accessible=True)


# -- announcement banner ------------------------------------------------------------------------
def _banner(call: Call) -> dict:
    return state_of(call).get("banner", "site") or {
        "message": "",
        "isEnabled": False,
        "isDismissible": True,
        "visibility": "private",
    }


@operation("getBanner")
def get_banner(call: Call) -> dict:
    admin(call)
    banner = _banner(call)
    return {**banner, "hashId": sha256(banner["message"].encode()).hexdigest()[:16]}


@operation("setBanner")
def set_banner(call: Call):
    admin(call)
    data = body(call)
    current = _banner(call)
    visibility = text(data, "visibility") or current["visibility"]
    if visibility not in VISIBILITIES:
        raise bad_request(f"The visibility '{visibility}' is not valid; use private or public.")
    message = text(data, "message") if "message" in data else current["message"]
    if len(message) > BANNER_LENGTH:
        raise bad_request(f"The message can't be longer than {BANNER_LENGTH} characters.")
    banner = {
        "message": message,
        "isEnabled": flag(data, "isEnabled") if "isEnabled" in data else current["isEnabled"],
        "isDismissible": (
            flag(data, "isDismissible") if "isDismissible" in data else current["isDismissible"]
        ),
        "visibility": visibility,
    }
    state_of(call).put("banner", "site", banner)
    return no_content()


def routes() -> list[Route]:
    types = "/project/type"
    return [
        *rest("/applicationrole", get_all_application_roles, "GET"),
        *rest("/applicationrole/{key}", get_application_role, "GET"),
        *rest(types, get_all_project_types, "GET"),
        *rest(types + "/accessible", get_all_accessible_project_types, "GET"),
        *rest(types + "/{projectTypeKey}", get_project_type_by_key, "GET"),
        *rest(types + "/{projectTypeKey}/accessible", get_accessible_project_type_by_key, "GET"),
        *rest("/announcementBanner", get_banner, "GET"),
        *rest("/announcementBanner", set_banner, "PUT"),
    ]
