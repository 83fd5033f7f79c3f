"""Profile mappings API: ``/api/v1/mappings``, the expressions that turn an Okta user's profile
into an app user's (``apps.mappings``); changing one re-provisions the app's users with it."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.api import authorize, body, page
from darkfactory.twins.okta.apps import mappings
from darkfactory.twins.okta.errors import validation
from darkfactory.twins.okta.groups.rule_expressions import compile_value
from darkfactory.twins.okta.state import state_of

SCOPE = "okta.profileMappings"


def _end(call: Call, end: dict) -> dict:
    """A mapping's source or target, linked to what it is and to its schema."""
    base = f"{call.twin.base_url}/api/v1"
    if end["type"] == "appuser":
        own, schema = f"{base}/apps/{end['id']}", f"{base}/meta/schemas/apps/{end['id']}/default"
    else:
        own, schema = f"{base}/meta/types/user/{end['id']}", f"{base}/meta/schemas/user/default"
    return {**end, "_links": {"self": {"href": own}, "schema": {"href": schema}}}


def _shown(call: Call, resource: dict) -> dict:
    document = resource["document"]
    return {"source": _end(call, document["source"]), "target": _end(call, document["target"])}


KIND = resources.Kind(
    name=mappings.KIND,
    path="/api/v1/mappings",
    id_param="mappingId",
    prefix="prm",
    scope=SCOPE,
    event="system.profile_mapping",
    clean=lambda call, payload, own_id: payload,
    hidden=("source", "target"),
    lifecycle=False,
    shown=_shown,
    stamps=lambda resource: {},
)


def mapping_json(call: Call, resource: dict) -> dict:
    return resources.resource_json(call, KIND, resource)


def _summary(call: Call, resource: dict) -> dict:
    """A mapping as lists show it: without its properties."""
    shown = mapping_json(call, resource)
    shown.pop("properties")
    return shown


@operation("listProfileMappings")
def list_profile_mappings(call: Call) -> Response:
    authorize(call, f"{SCOPE}.read")
    mappings.ensure(state_of(call))
    wanted = {k: call.query.get(k) for k in ("sourceId", "targetId")}
    found = [
        _summary(call, r)
        for r in resources.documents(call, KIND)
        if wanted["sourceId"] in (None, r["document"]["source"]["id"])
        and wanted["targetId"] in (None, r["document"]["target"]["id"])
    ]
    return page(call, found, 20, 200)


@operation("getProfileMapping")
def get_profile_mapping(call: Call) -> dict:
    authorize(call, f"{SCOPE}.read")
    mappings.ensure(state_of(call))
    return mapping_json(call, resources.document(call, KIND))


@operation("updateProfileMapping")
def update_profile_mapping(call: Call) -> dict:
    actor = authorize(call, f"{SCOPE}.manage")
    mappings.ensure(state_of(call))
    resource = resources.document(call, KIND)
    stored = resource["document"]
    allowed = mappings.attributes(stored["target"]["name"])
    changes = body(call).get("properties")
    if not isinstance(changes, dict):
        raise validation("properties", "properties: The field cannot be left blank")
    for attribute, rule in changes.items():
        if attribute not in allowed:
            raise validation("properties", f"{attribute}: Property is not in the target schema")
        if rule is None:
            stored["properties"].pop(attribute, None)
            continue
        expression, push = (rule or {}).get("expression"), (rule or {}).get("pushStatus", "PUSH")
        try:
            compile_value(str(expression or ""))
        except ValueError as error:
            raise validation("properties", f"{attribute}: {error}") from error
        if push not in ("PUSH", "DONT_PUSH"):
            raise validation("properties", f"{attribute}: pushStatus must be PUSH or DONT_PUSH")
        stored["properties"][attribute] = {"expression": expression, "pushStatus": push}
    shown = resources.store(call, KIND, resource, stored, actor)
    state_of(call).after_assignment_change(stored["target"]["id"])
    return shown


def routes() -> list[Route]:
    one = f"{KIND.path}/{{mappingId}}"
    return [
        Route(KIND.path, list_profile_mappings, methods=["GET"]),
        Route(one, get_profile_mapping, methods=["GET"]),
        Route(one, update_profile_mapping, methods=["POST"]),
    ]
