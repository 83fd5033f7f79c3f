"""What the custom role families share: the scope, finding by id or label, list envelopes."""

from __future__ import annotations

from starlette.responses import JSONResponse

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.api import timestamp
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
