"""§9.13 Integration smoke test: the whole sequence in one session per provider, with scripted
models on the provider twins standing in for the real APIs (the command timeout scaled down)."""

from __future__ import annotations

import os

import pytest
from tests.agent.scripting import MODEL, call, edit, say, tool_results

from darkfactory.agent import (
    EventKind,
    LocalExecutionEnvironment,
    Session,
    SessionConfig,
    create_profile,
)
from darkfactory.llm import Client

HELLO = "print('Hello World')"
BYE = "print('Hello World')\nprint('Goodbye')"
FLASK = "Create a Flask web application"
STEER = "Actually, just create a single /health endpoint for now"


def step(contains: str, *turns: dict) -> list[dict]:
    """Turns answered, in order, while the last user message contains ``contains``."""
    return [{**turn, "when": {"last_user_contains": contains}} for turn in turns]


def smoke_script(provider: str) -> list[dict]:
    return [
        *step("Create a file called hello.py",
              call("write_file", file_path="hello.py", content=HELLO + "\n"), say("Created.")),
        *step("add a second print", call("read_file", file_path="hello.py"),
              edit(provider, "hello.py", HELLO, BYE), say("Added Goodbye.")),
        *step("Run hello.py", call("shell", command="python3 hello.py"), say("It printed both.")),
        *step("Read big.txt", call("read_file", file_path="big.txt"), say("It is all x.")),
        *step(FLASK, call("write_file", file_path="app.py", content="# many routes\n")),
        *step(STEER, call("write_file", file_path="app.py", content="# /health only\n"),
              say("Only /health now.")),
        *step("Spawn a subagent", call("spawn_agent", task="Write tests for hello.py",
                                       model="child-model"),
              call("wait", agent_id="agent-1"), say("The tests look right.")),
        *step("sleep 30", call("shell", command="sleep 30"), say("It timed out, as expected.")),
    ]  # fmt: skip


def test_integration_smoke_test(agent, script, provider):
    profile = create_profile(provider, MODEL, default_command_timeout_ms=None)
    run = agent(provider, smoke_script(provider), config=SessionConfig(), profile=profile)
    script(provider, "child-model",
           [call("write_file", file_path="test_hello.py", content="import hello\n"),
                      say("Wrote test_hello.py.")])  # fmt: skip
    env = run.env

    # 1. simple file creation
    run.submit("Create a file called hello.py that prints 'Hello World'")
    assert env.file_exists("hello.py") and "Hello" in env.read_file("hello.py")

    # 2. read and edit
    run.submit("Read hello.py and add a second print statement that says 'Goodbye'")
    content = env.read_file("hello.py")
    assert "Hello" in content and "Goodbye" in content

    # 3. shell execution
    run.submit("Run hello.py and show the output")
    shell_end = [e for e in run.of_kind(EventKind.TOOL_CALL_END) if e.data["tool_name"] == "shell"]
    assert "Hello World\nGoodbye" in shell_end[0].data["output"]

    # 4. truncation
    env.write_file("big.txt", "x" * 100_000)
    run.submit("Read big.txt")
    read_end = run.of_kind(EventKind.TOOL_CALL_END)[-1]
    assert read_end.data["output"].count("x") == 100_000
    assert "[WARNING: Tool output was truncated." in tool_results(run.requests()[-1])[-1]

    # 5. steering
    run.session.subscribe(
        lambda e: (
            e.kind is EventKind.TOOL_CALL_END
            and e.data["tool_name"] == "write_file"
            and not run.of_kind(EventKind.STEERING_INJECTED)
            and run.session.steer(STEER)
        )
    )
    assert run.submit("Create a Flask web application with multiple routes") == "Only /health now."
    assert env.read_text("app.py") == "# /health only\n"

    # 6. subagent
    run.submit("Spawn a subagent to write tests for hello.py, then review its output")
    child_calls = [e.data["tool_name"] for e in run.of_kind(EventKind.TOOL_CALL_START)
                   if e.session_id != run.session.id]  # fmt: skip
    assert child_calls == ["write_file"] and env.file_exists("test_hello.py")

    # 7. timeout handling (the default timeout scaled down from 10 s)
    run.session.config.default_command_timeout_ms = 400
    assert run.submit("Run 'sleep 30' with the default timeout") == "It timed out, as expected."
    assert "[ERROR: Command timed out after 400ms." in tool_results(run.requests()[-1])[-1]


KEYS = {"openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY", "gemini": "GEMINI_API_KEY"}


def test_integration_smoke_test_with_real_api_keys(provider, tmp_path):
    """The first two steps against the real provider, when its key is set (never in CI)."""
    if not os.environ.get(KEYS[provider]) or os.environ.get(f"{provider.upper()}_BASE_URL"):
        pytest.skip(f"{KEYS[provider]} is not set: the real-API smoke test is skipped")
    client = Client.from_env()
    env = LocalExecutionEnvironment(tmp_path)
    session = Session(create_profile(provider), env, llm_client=client)
    session.submit("Create a file called hello.py that prints 'Hello World'")
    assert env.file_exists("hello.py") and "Hello" in env.read_text("hello.py")
    session.submit("Read hello.py and add a second print statement that says 'Goodbye'")
    content = env.read_text("hello.py")
    assert "Hello" in content and "Goodbye" in content
    session.close()
