"""Custom workflow steps: a bolt ``app.function`` listener runs and completes its execution."""

from __future__ import annotations

import threading

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

GREET = {
    "title": "Greet someone",
    "input_parameters": {"properties": {"name": {"type": "string"}}, "required": ["name"]},
    "output_parameters": {"properties": {"greeting": {"type": "string"}}, "required": ["greeting"]},
}


def setup(universe, method: str, path: str, body: dict) -> httpx.Response:
    return httpx.request(
        method, f"{universe.url}/slack/_apps{path}", json=body, headers=universe.admin_headers
    )


def execution_state(universe, execution_id: str) -> tuple[str, str | None, str | None]:
    state = universe.universe.twins["slack"].state

    def read():
        row = state.db.one(
            "SELECT state, outputs, error FROM slack_function_executions WHERE id = ?",
            (execution_id,),
        )
        return row["state"], row["outputs"], row["error"]

    return universe.call(read)


def test_a_bolt_function_listener_completes_its_step(universe, serve_bolt):
    finished = threading.Event()
    seen: dict = {}

    def listen(app):
        @app.function("greet")
        def greet(inputs, complete, body):
            seen["token"] = body["event"]["bot_access_token"]
            complete(outputs={"greeting": f"Hello, {inputs['name']}"})
            finished.set()

    created, _ = serve_bolt("Greeter", listen, events=["function_executed"])
    assert setup(universe, "PUT", f"/{created['app_id']}/functions/greet", GREET).status_code == 200
    run = setup(
        universe,
        "POST",
        f"/{created['app_id']}/functions/greet/executions",
        {"inputs": {"name": "Ada"}},
    )
    assert run.status_code == 201, run.text
    assert finished.wait(10), "the app heard function_executed"
    assert seen["token"].startswith("xwfp-")
    state, outputs, _ = execution_state(universe, run.json()["function_execution_id"])
    assert state == "completed" and outputs == '{"greeting": "Hello, Ada"}'


def test_an_execution_ends_once_and_only_for_its_own_app(universe, slack_credentials):
    api = slack_credentials["api_url"]
    apps = [setup(universe, "POST", "", {"name": n}).json()["app"] for n in ("Owner", "Other")]
    owner, other = (WebClient(token=a["bot_token"], base_url=api) for a in apps)
    setup(universe, "PUT", f"/{apps[0]['app_id']}/functions/greet", GREET)
    path = f"/{apps[0]['app_id']}/functions/greet/executions"
    refused = setup(universe, "POST", path, {"inputs": {}})
    assert refused.status_code == 400 and refused.json()["error"] == "parameter_validation_failed"
    first = setup(universe, "POST", path, {"inputs": {"name": "Bo"}}).json()[
        "function_execution_id"
    ]
    second = setup(universe, "POST", path, {"inputs": {"name": "Cy"}}).json()[
        "function_execution_id"
    ]

    def error_of(call) -> dict:
        with pytest.raises(SlackApiError) as caught:
            call()
        return caught.value.response.data

    stranger = error_of(
        lambda: other.functions_completeSuccess(
            function_execution_id=first, outputs={"greeting": "hi"}
        )
    )
    assert stranger["error"] == "function_execution_not_found"
    short = error_of(
        lambda: owner.functions_completeSuccess(function_execution_id=first, outputs={})
    )
    assert short["error"] == "parameter_validation_failed"
    assert owner.functions_completeSuccess(function_execution_id=first, outputs={"greeting": "hi"})[
        "ok"
    ]
    again = error_of(
        lambda: owner.functions_completeError(function_execution_id=first, error="late")
    )
    assert again["error"] == "execution_not_in_running_state"
    assert owner.functions_completeError(function_execution_id=second, error="no luck")["ok"]
    assert execution_state(universe, second) == ("failed", None, "no luck")
    assert (
        error_of(lambda: owner.functions_completeError(function_execution_id="Fx0", error="x"))[
            "error"
        ]
        == "function_execution_not_found"
    )


def test_defining_a_function_needs_the_admin_token_and_a_real_app(universe):
    anonymous = httpx.put(f"{universe.url}/slack/_apps/A1/functions/greet", json=GREET)
    assert anonymous.status_code in (401, 403)
    assert setup(universe, "PUT", "/ANOAPP/functions/greet", GREET).status_code == 404
    assert setup(universe, "POST", "/ANOAPP/functions/greet/executions", {}).status_code == 404
