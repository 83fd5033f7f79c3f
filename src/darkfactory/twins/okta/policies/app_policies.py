"""App sign-in policies: ``PUT /api/v1/apps/{appId}/policies/{policyId}`` assigns an
``ACCESS_POLICY`` to an app (``ApplicationPoliciesApi``), and
``GET /api/v1/policies/{policyId}/app`` lists the apps a policy is assigned to. An app without
one follows the default access policy."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import children
from darkfactory.twins.okta.api import authorize
from darkfactory.twins.okta.apps.operations import app_json
from darkfactory.twins.okta.children_store import insert
from darkfactory.twins.okta.errors import validation
from darkfactory.twins.okta.policies.operations import POLICY
from darkfactory.twins.okta.state import state_of

KIND = "AppSignInPolicy"


@operation("assignApplicationPolicy")
def assign_application_policy(call: Call) -> Response:
    authorize(call, "okta.apps.manage")
    state = state_of(call)
    app = state.app(call.path_params["appId"])
    policy = children.one(call, POLICY)
    if policy["parent"] != "org:ACCESS_POLICY":
        raise validation("policyId", "policyId: Only an app sign-in policy can be assigned")
    state.db.execute("DELETE FROM okta_children WHERE kind = ? AND parent = ?", (KIND, app["id"]))
    insert(state, KIND, app["id"], {"policy": policy["id"]}, "rst")
    return Response(status_code=204)


@operation("listPolicyApps")
def list_policy_apps(call: Call) -> list:
    authorize(call, "okta.policies.read")
    state = state_of(call)
    policy = children.one(call, POLICY)
    found = state.db.all(
        "SELECT c.parent FROM okta_children c JOIN okta_apps a ON a.id = c.parent"
        " WHERE c.kind = ? AND json_extract(c.document, '$.policy') = ? ORDER BY c.rowid",
        (KIND, policy["id"]),
    )
    return [app_json(call, state.app(row["parent"])) for row in found]


def routes() -> list[Route]:
    return [
        Route(
            "/api/v1/apps/{appId}/policies/{policyId}", assign_application_policy, methods=["PUT"]
        ),
        Route("/api/v1/policies/{policyId}/app", list_policy_apps, methods=["GET"]),
    ]
