"""Group rules: ``/api/v1/groups/rules`` — expression-based group membership."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import authorize, body, flag, page, timestamp
from darkfactory.twins.okta.state import state_of

EXPRESSION_TYPE = "urn:okta:expression:1.0"


def rule_json(rule: dict) -> dict:
    return {
        "type": "group_rule",
        "id": rule["id"],
        "name": rule["name"],
        "status": rule["status"],
        "created": timestamp(rule["created"]),
        "lastUpdated": timestamp(rule["last_updated"]),
        "conditions": {"expression": {"value": rule["expression"], "type": EXPRESSION_TYPE}},
        "actions": {"assignUserToGroups": {"groupIds": rule["group_ids"]}},
    }


def _fields(call: Call) -> tuple[str, str, list[str]]:
    payload = body(call)
    expression = ((payload.get("conditions") or {}).get("expression") or {}).get("value", "")
    groups = ((payload.get("actions") or {}).get("assignUserToGroups") or {}).get("groupIds")
    return payload.get("name", ""), expression, list(groups or [])


@operation("createGroupRule")
def create_group_rule(call: Call) -> dict:
    authorize(call, "okta.groups.manage")
    return rule_json(state_of(call).create_rule(*_fields(call)))


@operation("listGroupRules")
def list_group_rules(call: Call) -> Response:
    authorize(call, "okta.groups.read")
    return page(call, [rule_json(r) for r in state_of(call).rules()], 50, 200)


@operation("getGroupRule")
def get_group_rule(call: Call) -> dict:
    authorize(call, "okta.groups.read")
    return rule_json(state_of(call).rule(call.path_params["groupRuleId"]))


@operation("replaceGroupRule")
def replace_group_rule(call: Call) -> dict:
    authorize(call, "okta.groups.manage")
    return rule_json(state_of(call).update_rule(call.path_params["groupRuleId"], *_fields(call)))


@operation("deleteGroupRule")
def delete_group_rule(call: Call) -> Response:
    authorize(call, "okta.groups.manage")
    state_of(call).delete_rule(call.path_params["groupRuleId"], flag(call, "removeUsers", False))
    return Response(status_code=202)


def _status(name: str, status: str):
    @operation(name)
    def handler(call: Call) -> Response:
        authorize(call, "okta.groups.manage")
        state_of(call).set_rule_status(call.path_params["groupRuleId"], status)
        return Response(status_code=204)

    return handler


def routes() -> list[Route]:
    one = "/api/v1/groups/rules/{groupRuleId}"
    return [
        Route("/api/v1/groups/rules", create_group_rule, methods=["POST"]),
        Route("/api/v1/groups/rules", list_group_rules, methods=["GET"]),
        Route(one, get_group_rule, methods=["GET"]),
        Route(one, replace_group_rule, methods=["PUT"]),
        Route(one, delete_group_rule, methods=["DELETE"]),
        Route(
            f"{one}/lifecycle/activate", _status("activateGroupRule", "ACTIVE"), methods=["POST"]
        ),
        Route(
            f"{one}/lifecycle/deactivate",
            _status("deactivateGroupRule", "INACTIVE"),
            methods=["POST"],
        ),
    ]
