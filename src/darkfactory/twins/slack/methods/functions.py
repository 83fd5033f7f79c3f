"""``functions.*``: an app's custom workflow steps finishing the executions Slack hands them.

Slack runs an app's function as a step of a workflow; the twin's stand-in for Workflow Builder
is two setup routes: ``PUT /slack/_apps/{app_id}/functions/{callback_id}`` defines a function
(``title``, and ``input_parameters``/``output_parameters`` as in an app manifest) and
``POST /slack/_apps/{app_id}/functions/{callback_id}/executions`` runs it with ``inputs``. A run
sends ``function_executed`` to the app, carrying a workflow token (``xwfp-``) good for that
execution; ``functions.completeSuccess`` (with outputs that meet the function's
``output_parameters``) or ``functions.completeError`` then ends it, once, and only the app that
owns it may.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.operation import Call, operation
from darkfactory.twins.slack import events
from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.state import SlackState


def _parameters(spec: Any) -> list[dict[str, Any]]:
    """Manifest-style ``{"properties": {...}, "required": [...]}`` as Slack lists parameters."""
    if not isinstance(spec, dict) or not isinstance(spec.get("properties", {}), dict):
        raise SlackError("invalid_arguments", 400)
    required = set(spec.get("required") or [])
    return [
        {
            "name": name,
            "type": str(prop.get("type", "string")),
            "title": str(prop.get("title", name)),
            "description": str(prop.get("description", "")),
            "is_required": name in required,
        }
        for name, prop in spec.get("properties", {}).items()
        if isinstance(prop, dict)
    ]


def _function_object(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "callback_id": row["callback_id"],
        "title": row["title"],
        "description": row["description"],
        "type": "app",
        "input_parameters": json.loads(row["input_parameters"]),
        "output_parameters": json.loads(row["output_parameters"]),
        "app_id": row["app_id"],
        "date_created": int(row["created"]),
        "date_updated": int(row["created"]),
        "date_deleted": 0,
    }


def _app_function(state: SlackState, call: Call) -> sqlite3.Row | None:
    return state.db.one(
        "SELECT * FROM slack_functions WHERE app_id = ? AND callback_id = ?",
        (call.path_params["app_id"], call.path_params["callback_id"]),
    )


def _body(call: Call) -> dict[str, Any]:
    if not isinstance(call.json, dict):
        raise SlackError("invalid_arguments", 400)
    return call.json


@operation("functions.define")
def define(call: Call) -> Response:
    state: SlackState = call.twin.state
    app_id = call.path_params["app_id"]
    if state.db.one("SELECT 1 FROM slack_apps WHERE id = ?", (app_id,)) is None:
        raise SlackError("app_not_found", 404)
    body = _body(call)
    existing = _app_function(state, call)
    row = {
        "id": existing["id"] if existing else state.new_id("Fn"),
        "app_id": app_id,
        "callback_id": call.path_params["callback_id"],
        "title": str(body.get("title") or call.path_params["callback_id"]),
        "description": str(body.get("description") or ""),
        "input_parameters": json.dumps(_parameters(body.get("input_parameters", {}))),
        "output_parameters": json.dumps(_parameters(body.get("output_parameters", {}))),
        "created": existing["created"] if existing else state.now(),
    }
    state.db.execute("DELETE FROM slack_functions WHERE id = ?", (row["id"],))
    state.db.insert("slack_functions", row)
    return JSONResponse({"ok": True, "function": _function_object(_app_function(state, call))})


@operation("functions.execute")
def execute(call: Call) -> Response:
    """Run a function as a workflow step would: record the execution, tell the app."""
    state: SlackState = call.twin.state
    function = _app_function(state, call)
    if function is None:
        raise SlackError("function_not_found", 404)
    inputs = _body(call).get("inputs", {})
    if not isinstance(inputs, dict):
        raise SlackError("invalid_arguments", 400)
    missing = [
        p["name"]
        for p in json.loads(function["input_parameters"])
        if p["is_required"] and p["name"] not in inputs
    ]
    if missing:
        raise SlackError("parameter_validation_failed", 400, missing=missing)
    execution_id = state.new_id("Fx")
    state.db.insert(
        "slack_function_executions",
        {
            "id": execution_id,
            "function_id": function["id"],
            "inputs": json.dumps(inputs),
            "created": state.now(),
        },
    )
    app = state.db.one("SELECT * FROM slack_apps WHERE id = ?", (function["app_id"],))
    scopes = json.loads(app["scopes"])
    secret = state.universe.ids.token("slack.workflow-token", 24, MIXED_ALNUM)
    token = state.universe.tokens.issue(
        "slack",
        f"xwfp-{secret}",
        app["bot_user_id"],
        scopes,
        kind="bot",
        meta={"app_id": app["id"], "bot_id": app["bot_id"], "function_execution_id": execution_id},
    ).token
    event = {
        "type": "function_executed",
        "function": _function_object(function),
        "inputs": inputs,
        "function_execution_id": execution_id,
        "workflow_execution_id": state.new_id("Wx"),
        "bot_access_token": token,
    }
    events.emit(call, event)
    return JSONResponse({"ok": True, "function_execution_id": execution_id}, 201)


def _running(call: SlackCall) -> sqlite3.Row:
    """The execution named, if it is the calling app's; ``execution_not_in_running_state`` if
    it has already ended."""
    row = call.state.db.one(
        "SELECT e.*, f.app_id, f.output_parameters FROM slack_function_executions e "
        "JOIN slack_functions f ON f.id = e.function_id WHERE e.id = ?",
        (call.require("function_execution_id"),),
    )
    if row is None or row["app_id"] != call.grant.meta.get("app_id"):
        raise SlackError("function_execution_not_found")
    if row["state"] != "running":
        raise SlackError("execution_not_in_running_state")
    return row


@web_method("functions.completeSuccess")
def complete_success(call: SlackCall) -> dict:
    row = _running(call)
    outputs = call.structured("outputs")
    if not isinstance(outputs, dict):
        raise SlackError("parameter_validation_failed", errors=["outputs must be an object"])
    missing = [
        p["name"]
        for p in json.loads(row["output_parameters"])
        if p["is_required"] and p["name"] not in outputs
    ]
    if missing:
        raise SlackError(
            "parameter_validation_failed",
            errors=[f"missing required output parameter: {name}" for name in missing],
        )
    call.state.db.execute(
        "UPDATE slack_function_executions SET state = 'completed', outputs = ? WHERE id = ?",
        (json.dumps(outputs), row["id"]),
    )
    return {}


@web_method("functions.completeError")
def complete_error(call: SlackCall) -> dict:
    row = _running(call)
    call.state.db.execute(
        "UPDATE slack_function_executions SET state = 'failed', error = ? WHERE id = ?",
        (call.require("error"), row["id"]),
    )
    return {}


def routes() -> list[Route]:
    base = "/_apps/{app_id}/functions/{callback_id}"
    return [
        Route(base, define, methods=["PUT"]),
        Route(f"{base}/executions", execute, methods=["POST"]),
    ]
