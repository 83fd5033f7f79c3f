"""Principal rate limits: ``/api/v1/principal-rate-limits``, the share of the org's rate limits
one API token or OAuth client may use (percentages of the default and of concurrency)."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.api import grant_of, timestamp
from darkfactory.twins.okta.errors import validation
from darkfactory.twins.okta.state import state_of

PRINCIPALS = {"SSWS_TOKEN": "okta_api_tokens", "OAUTH_CLIENT": "okta_apps"}
PERCENTAGES = ("defaultPercentage", "defaultConcurrencyPercentage")


def _clean(call: Call, payload: dict, own_id: str | None) -> dict:
    principal_id, principal_type = payload.get("principalId"), payload.get("principalType")
    if principal_type not in PRINCIPALS:
        raise validation("principalType", "principalType: must be one of OAUTH_CLIENT, SSWS_TOKEN")
    table = PRINCIPALS[principal_type]
    if not call.universe.store.scalar(f"SELECT 1 FROM {table} WHERE id = ?", (principal_id,)):
        raise validation("principalId", f"principalId: No {principal_type} {principal_id!r}")
    by = grant_of(call).principal
    created_by = by
    if own_id is not None:
        current = resources.document(call, KIND, own_id)["document"]
        if (current["principalId"], current["principalType"]) != (principal_id, principal_type):
            raise validation("principalId", "principalId: The principal cannot be changed")
        created_by = current["createdBy"]
    resources.unique(call, KIND, "principalId", principal_id, own_id)
    limits = {}
    for field in PERCENTAGES:
        value = payload.get(field, 100 if own_id is None else None)
        if value is None:
            value = resources.document(call, KIND, own_id)["document"][field]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            raise validation(field, f"{field}: must be an integer from 0 to 100")
        limits[field] = value
    return {
        "principalId": principal_id,
        "principalType": principal_type,
        **limits,
        "createdBy": created_by,
        "lastUpdatedBy": by,
    }


def _listed(call: Call, document: dict) -> bool:
    wanted = call.query.get("filter")
    return wanted is None or wanted in (
        f'principalType eq "{document["principalType"]}"',
        f'principalId eq "{document["principalId"]}"',
    )


KIND = resources.Kind(
    name="PrincipalRateLimitEntity",
    path="/api/v1/principal-rate-limits",
    id_param="principalRateLimitId",
    prefix="0dr",
    scope="okta.principalRateLimits",
    event="system.principal_rate_limit",
    clean=_clean,
    lifecycle=False,
    listed=_listed,
    shown=lambda call, resource: {"orgId": state_of(call).org_id()},
    stamps=lambda resource: {
        "createdDate": timestamp(resource["created"]),
        "lastUpdate": timestamp(resource["last_updated"]),
    },
    created_status=201,
)


def routes() -> list[Route]:
    return resources.routes(
        KIND,
        {
            "create": "createPrincipalRateLimitEntity",
            "list": "listPrincipalRateLimitEntities",
            "get": "getPrincipalRateLimitEntity",
            "replace": "replacePrincipalRateLimitEntity",
        },
    )
