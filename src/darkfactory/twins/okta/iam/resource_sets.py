"""Resource sets: ``/api/v1/iam/resource-sets``, the users and groups a custom role acts on,
their resources, and the bindings granting a role on them to users and groups.

A binding is what makes a custom role count: its members act with the role's permissions on
the set's resources (``iam.state.grants``, decided in ``roles.permissions.decide``).
"""

from __future__ import annotations

import re

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.api import authorize, body
from darkfactory.twins.okta.errors import not_found, validation
from darkfactory.twins.okta.iam import common, reach
from darkfactory.twins.okta.iam import roles as iam_roles
from darkfactory.twins.okta.iam.state import RESOURCE_SET, resource_of
from darkfactory.twins.okta.state import state_of

KIND = common.kind(RESOURCE_SET, "/api/v1/iam/resource-sets", "iam")
MEMBER = re.compile(r"^https?://[^?#]*/api/v1/(users|groups)/([^/?#]+)/?$")
FAMILY = common.Family(
    KIND, "ResourceSet", "resourceSetIdOrLabel", "resource-sets", ("resources", "bindings")
)


def _href(call: Call, resource_set: dict) -> str:
    return common.href(call, KIND, resource_set)


def set_json(call: Call, resource_set: dict) -> dict:
    return common.shown(call, FAMILY, resource_set)


def resource_json(call: Call, entry: dict) -> dict:
    resource = resource_of(entry)
    shown = {"id": entry["id"], "orn": resource.orn(state_of(call).org_id())}
    if entry.get("conditions"):
        shown["conditions"] = entry["conditions"]
    links = {"self": {"href": resource.href(call.twin.base_url)}}
    if resource.family == "groups" and resource.id and not resource.contained:
        links["users"] = {"href": f"{resource.href(call.twin.base_url)}/users"}
    return {**shown, **common.stamps(entry), "_links": links}


def _entry(call: Call, value: str, conditions=None) -> dict:
    """A new resource entry for ``value`` (an ORN or URL), checked to exist."""
    resource = reach.parse(value)
    if resource.id is not None:
        table = "okta_users" if resource.family == "users" else "okta_groups"
        if not call.universe.store.scalar(f"SELECT 1 FROM {table} WHERE id = ?", (resource.id,)):
            raise validation("resources", f"resources: Resource not found: {value}")
    now = call.universe.clock.now()
    return {
        "id": state_of(call).new_id("ire"),
        "family": resource.family,
        "resource_id": resource.id,
        "contained": resource.contained,
        "conditions": conditions,
        "created": now,
        "updated": now,
    }


def _add(call: Call, stored: dict, values) -> list[dict]:
    if not isinstance(values, list) or not values:
        raise validation("additions", "additions: The field cannot be left blank")
    entries = [_entry(call, v) for v in values]
    known = {resource_of(e) for e in stored["resources"]}
    fresh = [e for e in entries if resource_of(e) not in known]
    stored["resources"] += fresh
    return fresh


def _save(call: Call, resource_set: dict, stored: dict, actor: dict) -> dict:
    resources.store(call, KIND, resource_set, stored, actor)
    return resources.document(call, KIND, resource_set["id"])


# -- resource sets ------------------------------------------------------------------------------
@operation("createResourceSet")
def create_resource_set(call: Call) -> dict:
    actor = authorize(call, f"{common.SCOPE}.manage")
    payload = body(call)
    stored = {**common.labelled(call, KIND, payload, None), "resources": [], "bindings": {}}
    _add(call, stored, payload.get("resources"))
    return set_json(call, resources.add(call, KIND, stored, actor))


# -- a set's resources --------------------------------------------------------------------------
def _resource(call: Call, resource_set: dict) -> dict:
    wanted = call.path_params["resourceId"]
    for entry in resource_set["document"]["resources"]:
        if entry["id"] == wanted:
            return entry
    raise not_found(wanted, "ResourceSetResource")


@operation("listResourceSetResources")
def list_resource_set_resources(call: Call) -> JSONResponse:
    authorize(call, f"{common.SCOPE}.read")
    resource_set = common.find(call, KIND, "resourceSetIdOrLabel")
    entries = [resource_json(call, e) for e in resource_set["document"]["resources"]]
    return common.listing("resources", entries, f"{_href(call, resource_set)}/resources")


@operation("addResourceSetResources")
def add_resource_set_resources(call: Call) -> dict:
    actor = authorize(call, f"{common.SCOPE}.manage")
    resource_set = common.find(call, KIND, "resourceSetIdOrLabel")
    stored = resource_set["document"]
    _add(call, stored, body(call).get("additions"))
    return set_json(call, _save(call, resource_set, stored, actor))


@operation("addResourceSetResource")
def add_resource_set_resource(call: Call) -> dict:
    actor = authorize(call, f"{common.SCOPE}.manage")
    resource_set = common.find(call, KIND, "resourceSetIdOrLabel")
    payload, stored = body(call), resource_set["document"]
    entry = _entry(call, payload.get("resourceOrnOrUrl"), payload.get("conditions"))
    if resource_of(entry) in {resource_of(e) for e in stored["resources"]}:
        raise validation("resourceOrnOrUrl", "resourceOrnOrUrl: The resource is already in the set")
    stored["resources"].append(entry)
    _save(call, resource_set, stored, actor)
    return resource_json(call, entry)


@operation("getResourceSetResource")
def get_resource_set_resource(call: Call) -> dict:
    authorize(call, f"{common.SCOPE}.read")
    resource_set = common.find(call, KIND, "resourceSetIdOrLabel")
    return resource_json(call, _resource(call, resource_set))


@operation("replaceResourceSetResource")
def replace_resource_set_resource(call: Call) -> dict:
    actor = authorize(call, f"{common.SCOPE}.manage")
    resource_set = common.find(call, KIND, "resourceSetIdOrLabel")
    entry = _resource(call, resource_set)
    entry.update(conditions=body(call).get("conditions"), updated=call.universe.clock.now())
    _save(call, resource_set, resource_set["document"], actor)
    return resource_json(call, entry)


@operation("deleteResourceSetResource")
def delete_resource_set_resource(call: Call) -> Response:
    actor = authorize(call, f"{common.SCOPE}.manage")
    resource_set = common.find(call, KIND, "resourceSetIdOrLabel")
    entry = _resource(call, resource_set)
    stored = resource_set["document"]
    stored["resources"] = [e for e in stored["resources"] if e["id"] != entry["id"]]
    _save(call, resource_set, stored, actor)
    return Response(status_code=204)


# -- bindings and their members -----------------------------------------------------------------
def _member(call: Call, href: str) -> dict:
    """A binding member from a user's or group's URL, checked to exist."""
    match = MEMBER.match(str(href or ""))
    table = {"users": "okta_users", "groups": "okta_groups"}.get(match.group(1) if match else "")
    if not table or not call.universe.store.scalar(
        f"SELECT 1 FROM {table} WHERE id = ?", (match.group(2),)
    ):
        raise validation("members", f"members: Invalid member {href!r}")
    now = call.universe.clock.now()
    return {
        "id": state_of(call).new_id("irb"),
        "type": "USER" if match.group(1) == "users" else "GROUP",
        "principal": match.group(2),
        "created": now,
        "updated": now,
    }


def _add_members(call: Call, members: list[dict], hrefs) -> None:
    if not isinstance(hrefs, list) or not hrefs:
        raise validation("members", "members: The field cannot be left blank")
    known = {(m["type"], m["principal"]) for m in members}
    for member in (_member(call, h) for h in hrefs):
        if (member["type"], member["principal"]) not in known:
            members.append(member)
            known.add((member["type"], member["principal"]))


def _binding(call: Call, resource_set: dict) -> tuple[str, list[dict]]:
    role = common.find(call, iam_roles.KIND, "roleIdOrLabel")
    members = resource_set["document"]["bindings"].get(role["id"])
    if members is None:
        raise not_found(call.path_params["roleIdOrLabel"], "ResourceSetBinding")
    return role["id"], members


def binding_json(call: Call, resource_set: dict, role_id: str) -> dict:
    href = f"{_href(call, resource_set)}/bindings/{role_id}"
    return {
        "id": role_id,
        "_links": {
            "self": {"href": href},
            "resource-set": {"href": _href(call, resource_set)},
            "members": {"href": f"{href}/members"},
        },
    }


def edit_json(call: Call, resource_set: dict, role_id: str) -> dict:
    """What a change to a binding answers: links to it, its set, and the set's bindings."""
    bindings = f"{_href(call, resource_set)}/bindings"
    return {
        "_links": {
            "self": {"href": f"{bindings}/{role_id}"},
            "resource-set": {"href": _href(call, resource_set)},
            "bindings": {"href": bindings},
        }
    }


def member_json(call: Call, member: dict) -> dict:
    family = "users" if member["type"] == "USER" else "groups"
    href = f"{call.twin.base_url}/api/v1/{family}/{member['principal']}"
    return {"id": member["id"], **common.stamps(member), "_links": {"self": {"href": href}}}


@operation("createResourceSetBinding")
def create_resource_set_binding(call: Call) -> dict:
    actor = authorize(call, f"{common.SCOPE}.manage")
    resource_set = common.find(call, KIND, "resourceSetIdOrLabel")
    payload, stored = body(call), resource_set["document"]
    wanted = str(payload.get("role") or "")
    role = next((r for r in resources.documents(call, iam_roles.KIND) if r["id"] == wanted), None)
    if role is None:
        raise validation("role", f"role: Invalid custom role {wanted!r}")
    if role["id"] in stored["bindings"]:
        raise validation("role", "role: The role is already bound to this resource set")
    members: list[dict] = []
    _add_members(call, members, payload.get("members"))
    stored["bindings"][role["id"]] = members
    return edit_json(call, _save(call, resource_set, stored, actor), role["id"])


@operation("listBindings")
def list_bindings(call: Call) -> JSONResponse:
    authorize(call, f"{common.SCOPE}.read")
    resource_set = common.find(call, KIND, "resourceSetIdOrLabel")
    bound = [binding_json(call, resource_set, r) for r in resource_set["document"]["bindings"]]
    return common.listing("roles", bound, f"{_href(call, resource_set)}/bindings")


@operation("getBinding")
def get_binding(call: Call) -> dict:
    authorize(call, f"{common.SCOPE}.read")
    resource_set = common.find(call, KIND, "resourceSetIdOrLabel")
    return binding_json(call, resource_set, _binding(call, resource_set)[0])


@operation("deleteBinding")
def delete_binding(call: Call) -> Response:
    actor = authorize(call, f"{common.SCOPE}.manage")
    resource_set = common.find(call, KIND, "resourceSetIdOrLabel")
    role_id, _ = _binding(call, resource_set)
    stored = resource_set["document"]
    del stored["bindings"][role_id]
    _save(call, resource_set, stored, actor)
    return Response(status_code=204)


@operation("listMembersOfBinding")
def list_members_of_binding(call: Call) -> JSONResponse:
    authorize(call, f"{common.SCOPE}.read")
    resource_set = common.find(call, KIND, "resourceSetIdOrLabel")
    role_id, members = _binding(call, resource_set)
    href = f"{_href(call, resource_set)}/bindings/{role_id}/members"
    return common.listing("members", [member_json(call, m) for m in members], href)


@operation("addMembersToBinding")
def add_members_to_binding(call: Call) -> dict:
    actor = authorize(call, f"{common.SCOPE}.manage")
    resource_set = common.find(call, KIND, "resourceSetIdOrLabel")
    role_id, members = _binding(call, resource_set)
    _add_members(call, members, body(call).get("additions"))
    stored = resource_set["document"]
    return edit_json(call, _save(call, resource_set, stored, actor), role_id)


def _one_member(call: Call, members: list[dict]) -> dict:
    for member in members:
        if member["id"] == call.path_params["memberId"]:
            return member
    raise not_found(call.path_params["memberId"], "ResourceSetBindingMember")


@operation("getMemberOfBinding")
def get_member_of_binding(call: Call) -> dict:
    authorize(call, f"{common.SCOPE}.read")
    resource_set = common.find(call, KIND, "resourceSetIdOrLabel")
    return member_json(call, _one_member(call, _binding(call, resource_set)[1]))


@operation("unassignMemberFromBinding")
def unassign_member_from_binding(call: Call) -> Response:
    actor = authorize(call, f"{common.SCOPE}.manage")
    resource_set = common.find(call, KIND, "resourceSetIdOrLabel")
    _, members = _binding(call, resource_set)
    members.remove(_one_member(call, members))
    _save(call, resource_set, resource_set["document"], actor)
    return Response(status_code=204)


def routes() -> list[Route]:
    one = f"{KIND.path}/{{resourceSetIdOrLabel}}"
    resource = f"{one}/resources/{{resourceId}}"
    binding = f"{one}/bindings/{{roleIdOrLabel}}"
    table = [
        (f"{one}/resources", "GET", list_resource_set_resources),
        (f"{one}/resources", "PATCH", add_resource_set_resources),
        (f"{one}/resources", "POST", add_resource_set_resource),
        (resource, "GET", get_resource_set_resource),
        (resource, "PUT", replace_resource_set_resource),
        (resource, "DELETE", delete_resource_set_resource),
        (f"{one}/bindings", "POST", create_resource_set_binding),
        (f"{one}/bindings", "GET", list_bindings),
        (binding, "GET", get_binding),
        (binding, "DELETE", delete_binding),
        (f"{binding}/members", "GET", list_members_of_binding),
        (f"{binding}/members", "PATCH", add_members_to_binding),
        (f"{binding}/members/{{memberId}}", "GET", get_member_of_binding),
        (f"{binding}/members/{{memberId}}", "DELETE", unassign_member_from_binding),
    ]
    return common.routes(FAMILY, create_resource_set, table)
