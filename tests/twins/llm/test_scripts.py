"""Scripted models: turn matching and order, repeat_last, the control endpoints, script files."""

from __future__ import annotations

import httpx
import openai
import pytest
from openai import OpenAI

from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe
from darkfactory.twins.llm.script import Script, parsed
from darkfactory.twins.llm.twin import SCRIPTS_ENV

TRIAGE = {
    "model": "triage",
    "turns": [
        {"when": {"last_user_contains": "refund"}, "reply": {"text": "refund desk"}},
        {"when": {"system_contains": "pirate"}, "reply": {"text": "arr"}},
        {"reply": {"text": "general desk"}},
    ],
}


def ask(client: OpenAI, model: str, text: str, system: str | None = None) -> str:
    return client.responses.create(model=model, input=text, instructions=system).output_text


def test_first_unanswered_matching_turn_answers(openai_client, llm_script):
    llm_script(TRIAGE)
    client = openai_client.with_options(max_retries=0)
    assert ask(client, "triage", "hello", system="talk like a pirate") == "arr"
    assert ask(client, "triage", "I want a refund") == "refund desk"
    assert ask(client, "triage", "I want a refund") == "general desk"
    with pytest.raises(openai.BadRequestError) as caught:
        ask(client, "triage", "again")
    assert "all 3 turns have been answered" in caught.value.message


def test_repeat_last_keeps_answering(openai_client, llm_script):
    llm_script(
        model="loop", repeat_last=True, turns=[{"reply": {"text": "a"}}, {"reply": {"text": "b"}}]
    )
    assert [ask(openai_client, "loop", "x") for _ in range(4)] == ["a", "b", "b", "b"]


def test_tool_result_conditions(openai_client, llm_script):
    llm_script(
        model="tools",
        turns=[
            {"when": {"tool_result_contains": "error"}, "reply": {"text": "retrying"}},
            {"when": {"has_tool_results": True}, "reply": {"text": "done"}},
            {"when": {"has_tool_results": False}, "reply": {"tool_calls": [{"name": "f"}]}},
        ],
    )
    first = openai_client.responses.create(model="tools", input="go")
    call = first.output[0]
    assert call.type == "function_call" and call.arguments == "{}"

    def with_result(output: str) -> str:
        items = [
            {"role": "user", "content": "go"},
            {"type": "function_call", "call_id": call.call_id, "name": "f", "arguments": "{}"},
            {"type": "function_call_output", "call_id": call.call_id, "output": output},
        ]
        return openai_client.responses.create(model="tools", input=items).output_text

    assert with_result("fine") == "done"
    assert with_result("an error happened") == "retrying"


def test_scripted_finish_and_length(openai_client, llm_script):
    llm_script(model="cut", turns=[{"reply": {"text": "partial", "finish": "length"}}])
    response = openai_client.responses.create(model="cut", input="x")
    assert response.status == "incomplete" and response.output_text == "partial"


def test_control_endpoints_list_replace_and_clear(universe, llm_script):
    base = f"{universe.url}/openai/_scripts"
    admin = universe.admin_headers
    yaml_script = "model: from-yaml\nturns:\n  - reply: {text: hi}\n"
    created = httpx.post(
        base, content=yaml_script, headers={**admin, "content-type": "application/yaml"}
    )
    assert created.status_code == 201
    assert created.json()["scripts"][0]["model"] == "from-yaml"
    llm_script(TRIAGE, providers=("openai",))
    listed = httpx.get(base, headers=admin).json()["scripts"]
    assert [s["model"] for s in listed] == ["from-yaml", "triage"]
    assert listed[1]["answered"] == []
    assert httpx.delete(f"{base}/from-yaml", headers=admin).json() == {"removed": 1}
    assert httpx.delete(f"{base}/from-yaml", headers=admin).status_code == 404
    assert httpx.delete(base, headers=admin).json() == {"removed": 1}
    assert httpx.get(base, headers=admin).json() == {"scripts": []}
    assert httpx.get(
        f"{universe.url}/anthropic/_scripts", headers=universe.admin_headers
    ).json() == {"scripts": []}


def test_invalid_scripts_are_refused_with_the_reason(universe):
    base = f"{universe.url}/gemini/_scripts"
    admin = universe.admin_headers
    bad = [
        ({"model": "m", "turns": []}, "turns"),
        ({"model": "m", "turns": [{"reply": {"txt": "typo"}}]}, "txt"),
        ({"model": "m", "turns": [{"when": {"user_says": "x"}, "reply": {}}]}, "user_says"),
        ({"turns": [{"reply": {"text": "x"}}]}, "model"),
        ({"model": "m", "turns": [{"reply": {"error": {"status": 200}}}]}, "status"),
    ]
    for script, reason in bad:
        answer = httpx.post(base, json=script, headers=admin)
        assert answer.status_code == 400, script
        assert reason in answer.json()["error"]
    assert httpx.post(base, content=b"{not yaml: [", headers=admin).status_code == 400


def test_registering_again_resets_the_turns(openai_client, llm_script):
    llm_script(model="once", turns=[{"reply": {"text": "only"}}])
    assert ask(openai_client, "once", "x") == "only"
    llm_script(model="once", turns=[{"reply": {"text": "only"}}])
    assert ask(openai_client, "once", "x") == "only"


def test_scripts_from_a_file_via_options_and_environment(tmp_path, monkeypatch):
    path = tmp_path / "scripts.yaml"
    path.write_text(
        "scripts:\n"
        "  - model: filed\n"
        "    turns:\n"
        "      - when: {last_user_contains: ping}\n"
        "        reply: {text: pong}\n"
    )
    with UniverseServer(
        Universe(twins=["openai"], fixtures={"openai": {"scripts": str(path)}})
    ) as s:
        creds = s.universe.credentials()["openai"]
        client = OpenAI(base_url=creds["base_url"], api_key=creds["api_key"])
        assert ask(client, "filed", "ping?") == "pong"
    monkeypatch.setenv(SCRIPTS_ENV, str(tmp_path))
    with UniverseServer(Universe(twins=["anthropic"])) as s:
        listed = httpx.get(
            f"{s.url}/anthropic/_scripts",
            headers={"Authorization": f"Bearer {s.universe.admin_token}"},
        ).json()["scripts"]
        assert [x["model"] for x in listed] == ["filed"]


def test_a_script_is_seen_by_the_very_next_call_and_its_removal_too(universe, llm_script):
    client = OpenAI(
        base_url=universe.credentials["openai"]["base_url"],
        api_key=universe.credentials["openai"]["api_key"],
        max_retries=0,
    )
    base = f"{universe.url}/openai/_scripts"
    with pytest.raises(openai.NotFoundError):  # no script, no such model
        ask(client, "fresh", "hi")
    llm_script(model="fresh", repeat_last=True, turns=[{"reply": {"text": "one"}}])
    assert ask(client, "fresh", "hi") == "one"
    snapshot = universe.control("POST", "/snapshots")["id"]
    llm_script(model="fresh", repeat_last=True, turns=[{"reply": {"text": "two"}}])
    assert ask(client, "fresh", "hi") == "two"
    assert httpx.delete(f"{base}/fresh", headers=universe.admin_headers).status_code == 200
    with pytest.raises(openai.NotFoundError):
        ask(client, "fresh", "hi")
    llm_script(model="fresh", repeat_last=True, turns=[{"reply": {"text": "three"}}])
    assert ask(client, "fresh", "hi") == "three"
    assert httpx.delete(base, headers=universe.admin_headers).json() == {"removed": 1}
    with pytest.raises(openai.NotFoundError):
        ask(client, "fresh", "hi")
    universe.control("POST", f"/snapshots/{snapshot}/restore")  # the first script is back
    assert ask(client, "fresh", "hi") == "one"


def test_a_script_cleared_in_a_rolled_back_transaction_still_answers(
    universe, openai_client, llm_script
):
    llm_script(model="kept", repeat_last=True, turns=[{"reply": {"text": "still here"}}])

    def clear_then_fail():
        state = universe.universe.twins["openai"].state
        with pytest.raises(RuntimeError), universe.universe.store.transaction():
            state.clear_scripts("kept")
            assert state._script("kept") is None
            raise RuntimeError("the setup failed")

    universe.call(clear_then_fail)
    assert ask(openai_client.with_options(max_retries=0), "kept", "hi") == "still here"


def test_a_stored_script_is_parsed_once_and_its_replies_are_its_own():
    spec = Script(
        model="kept",
        turns=[{"reply": {"tool_calls": [{"name": "f", "arguments": {"path": ["a"]}}]}}],
    ).model_dump_json()
    assert parsed(spec) is parsed(spec)
    first = parsed(spec).turns[0].reply.reply()
    first.tool_calls[0].arguments["path"].append("changed by a handler")
    assert parsed(spec).turns[0].reply.reply().tool_calls[0].arguments == {"path": ["a"]}
    other = spec.replace('"f"', '"g"')
    assert parsed(other).turns[0].reply.tool_calls[0].name == "g"
