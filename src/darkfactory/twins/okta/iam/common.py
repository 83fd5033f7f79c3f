"""What the custom role families share: the scope, finding by id or label, list envelopes, and
the labelled resource's create, list, get, replace and delete (a ``Family`` a module)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.api import authorize, body, timestamp
from darkfactory.twins.okta.errors import not_found, validation

SCOPE = "okta.roles"


def kind(name: str, path: str, prefix: str) -> resources.Kind:
    """A custom role family's resource kind (documents only; its handlers are its own)."""
    return resources.Kind(
        name=name,
        path=path,
        id_param="",
        prefix=prefix,
        scope=SCOPE,
        event="iam.resourceset" if name == "ResourceSet" else "iam.role",
        clean=lambda call, payload, own_id: payload,
    )


def find(call: Call, of: resources.Kind, param: str) -> dict:
    """The resource named by path parameter ``param``: its id or its label."""
    wanted = call.path_params[param]
    for resource in resources.documents(call, of):
        if wanted in (resource["id"], resource["document"]["label"]):
            return resource
    raise not_found(wanted, of.name)


def labelled(call: Call, of: resources.Kind, payload: dict, own_id: str | None) -> dict:
    """``label`` and ``description`` of a new or replaced resource, the label unique."""
    label, description = payload.get("label"), payload.get("description")
    if not label or not isinstance(label, str):
        raise validation("label", "label: The field cannot be left blank")
    if not description or not isinstance(description, str):
        raise validation("description", "description: The field cannot be left blank")
    resources.unique(call, of, "label", label, own_id)
    return {"label": label, "description": description}


def stamps(entry: dict) -> dict:
    return {"created": timestamp(entry["created"]), "lastUpdated": timestamp(entry["updated"])}


def listing(name: str, items: list[dict], href: str) -> JSONResponse:
    """Okta's wrapped lists here: ``{"<name>": [...], "_links": {"next": ...}}`` (one page)."""
    return JSONResponse({name: items, "_links": {"self": {"href": href}}})


@dataclass(frozen=True)
class Family:
    """A labelled custom role resource: custom roles, resource sets."""

    kind: resources.Kind
    noun: str  # in its operations' names: ``Role`` (``getRole``, ``listRoles`` ...)
    param: str  # the path parameter naming one: ``roleIdOrLabel``
    listed: str  # its list's key: ``roles``
    links: tuple[str, ...]  # the links below its own: ``permissions``
    # refuses, by raising, to delete the resource
    before_delete: Callable[[Call, dict], None] = lambda call, found: None


def href(call: Call, of: resources.Kind, found: dict) -> str:
    return f"{call.twin.base_url}{of.path}/{found['id']}"


def shown(call: Call, family: Family, found: dict) -> dict:
    """A role or resource set as Okta shows it: its label, description, times and links."""
    own = href(call, family.kind, found)
    return {
        "id": found["id"],
        "label": found["document"]["label"],
        "description": found["document"]["description"],
        "created": timestamp(found["created"]),
        "lastUpdated": timestamp(found["last_updated"]),
        "_links": {"self": {"href": own}, **{k: {"href": f"{own}/{k}"} for k in family.links}},
    }


def routes(family: Family, create: Callable, more: list[tuple[str, str, Callable]]) -> list[Route]:
    """``create`` (the family's own), the family's list, get, replace and delete, and ``more``
    routes of the family's own (path, method, handler)."""
    kind, noun = family.kind, family.noun

    @operation(f"list{noun}s")
    def list_all(call: Call) -> JSONResponse:
        authorize(call, f"{SCOPE}.read")
        found = [shown(call, family, r) for r in resources.documents(call, kind)]
        return listing(family.listed, found, f"{call.twin.base_url}{kind.path}")

    @operation(f"get{noun}")
    def get(call: Call) -> dict:
        authorize(call, f"{SCOPE}.read")
        return shown(call, family, find(call, kind, family.param))

    @operation(f"replace{noun}")
    def replace(call: Call) -> dict:
        actor = authorize(call, f"{SCOPE}.manage")
        found = find(call, kind, family.param)
        stored = {**found["document"], **labelled(call, kind, body(call), found["id"])}
        resources.store(call, kind, found, stored, actor)
        return shown(call, family, resources.document(call, kind, found["id"]))

    @operation(f"delete{noun}")
    def delete(call: Call) -> Response:
        actor = authorize(call, f"{SCOPE}.manage")
        found = find(call, kind, family.param)
        family.before_delete(call, found)
        resources.remove(call, kind, found, actor)
        return Response(status_code=204)

    one = f"{kind.path}/{{{family.param}}}"
    table = [(kind.path, "POST", create), (kind.path, "GET", list_all)]
    table += [(one, "GET", get), (one, "PUT", replace), (one, "DELETE", delete), *more]
    return [Route(path, handler, methods=[method]) for path, method, handler in table]
