"""§9.9 Subagents: a parent on one scripted model drives a child on another through the four
subagent tools; both work in the same directory."""

from __future__ import annotations

import json

from tests.agent.scripting import call, say, tool_results

from darkfactory.agent import EventKind, SessionConfig

CHILD = "child-model"


def spawn(task: str, **extra) -> dict:
    turn = call("spawn_agent", task=task, model=CHILD, **extra)
    return {"when": {"has_tool_results": False}, **turn}


def after(text: str, turn: dict) -> dict:
    return {"when": {"tool_result_contains": text}, **turn}


def spawn_and_wait(agent, script, provider: str, **spawn_extra):
    run = agent(
        provider,
        [
            spawn("Write tests for hello.py", **spawn_extra),
            after("running", call("wait", agent_id="agent-1")),
            after("tests written", say("Reviewed the subagent's tests.")),
        ],
    )
    script(provider, CHILD,
        [call("write_file", file_path="test_hello.py", content="def test(): pass\n"),
         say("tests written")],
    )  # fmt: skip
    return run


def test_subagents_can_be_spawned_with_a_scoped_task_via_spawn_agent(agent, script, provider):
    run = spawn_and_wait(agent, script, provider)
    assert run.submit("Spawn a subagent to write tests") == "Reviewed the subagent's tests."
    child = run.session.subagents.agents["agent-1"].session
    assert child.history[0].content == "Write tests for hello.py"
    assert child.provider_profile.model == CHILD and child.depth == 1


def test_subagents_share_the_parent_execution_environment(agent, script, provider):
    run = spawn_and_wait(agent, script, provider)
    run.submit("Spawn a subagent to write tests")
    assert (run.root / "test_hello.py").read_text() == "def test(): pass\n"
    assert run.session.subagents.agents["agent-1"].session.execution_env is run.env


def test_subagents_scoped_to_a_working_dir_write_there(agent, script, provider):
    run = spawn_and_wait(agent, script, provider, working_dir="pkg")
    (run.root / "pkg").mkdir()
    run.submit("Spawn a subagent to write tests")
    assert (run.root / "pkg" / "test_hello.py").exists()
    assert not (run.root / "test_hello.py").exists()


def test_subagents_maintain_independent_conversation_history(agent, script, provider):
    run = spawn_and_wait(agent, script, provider)
    run.submit("Spawn a subagent to write tests")
    child_prompts = [x["prompt"] for x in run.read_exchanges(provider, CHILD)]
    users = [m for m in child_prompts[0]["messages"] if m["role"] == "user"]
    assert [m["parts"][0]["text"] for m in users] == ["Write tests for hello.py"]
    assert all("Spawn a subagent" not in json.dumps(p["messages"]) for p in child_prompts)
    parent_history = json.dumps([t.content for t in run.session.history if hasattr(t, "content")])
    assert "def test(): pass" not in parent_history


def test_depth_limiting_prevents_recursive_spawning(agent, script, provider):
    run = agent(
        provider,
        [spawn("Go deeper"), after("running", call("wait", agent_id="agent-1")), say("done")],
    )
    script(provider, CHILD, [call("spawn_agent", task="grandchild"), say("could not spawn")])
    run.submit("start")
    child_prompts = [x["prompt"] for x in run.read_exchanges(provider, CHILD)]
    assert "spawn_agent" not in {t["name"] for t in child_prompts[0]["tools"]}
    assert "Unknown tool: spawn_agent" in tool_results(child_prompts[1])[0]
    assert "spawn_agent" in {t["name"] for t in run.requests()[0]["tools"]}


def test_depth_limit_is_configurable_via_max_subagent_depth(agent, provider):
    run = agent(provider, [say("ok")], config=SessionConfig(max_subagent_depth=0))
    run.submit("hi")
    names = {t["name"] for t in run.requests()[0]["tools"]}
    assert not names & {"spawn_agent", "send_input", "wait", "close_agent"}


def test_subagent_results_are_returned_to_the_parent_as_tool_results(agent, script, provider):
    run = spawn_and_wait(agent, script, provider)
    run.submit("Spawn a subagent to write tests")
    waited = json.loads(tool_results(run.requests()[2])[-1])
    assert waited == {"output": "tests written", "success": True, "turns_used": 2}
    child_ids = {e.session_id for e in run.events} - {run.session.id}
    child_calls = [e for e in run.of_kind(EventKind.TOOL_CALL_START) if e.session_id in child_ids]
    assert [e.data["tool_name"] for e in child_calls] == ["write_file"]


def test_send_input_wait_and_close_agent_tools_work(agent, script, provider):
    run = agent(
        provider,
        [
            spawn("Say hello"),
            after("running", call("wait", agent_id="agent-1")),
            after("hello!", call("send_input", agent_id="agent-1", message="Now say bye")),
            after("new input", call("wait", agent_id="agent-1")),
            after("bye!", call("close_agent", agent_id="agent-1")),
            after("completed", call("wait", agent_id="agent-1")),
            after("no subagent", say("all done")),
        ],
    )
    script(provider, CHILD, [say("hello!"), say("bye!")])
    assert run.submit("talk to a subagent") == "all done"
    results = [tool_results(p)[-1] for p in run.requests()[1:]]
    assert json.loads(results[3])["output"] == "bye!"
    assert json.loads(results[4]) == {"agent_id": "agent-1", "status": "completed"}
    assert "no subagent with id 'agent-1'" in results[5]
    assert run.session.subagents.agents == {}
