"""§9.3 Tool execution: calls go through the ToolRegistry, unknown tools, invalid arguments and
failing tools become error results the model reads, parallel calls run together; and each
tool of §3.3-§3.6 does what its definition says."""

from __future__ import annotations

import os
import threading

import pytest
from tests.agent.scripting import MODEL, call, calls, say, tool_results

from darkfactory.agent.environment import LocalExecutionEnvironment
from darkfactory.agent.profiles import create_profile
from darkfactory.agent.registry import RegisteredTool, ToolError, ToolRegistry
from darkfactory.agent.tools import (
    anthropic_tools,
    core_tools,
    gemini_tools,
    openai_tools,
)
from darkfactory.llm.types import ToolCall, ToolDefinition

NOTE_SCHEMA = {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}


def custom_tool(name: str, executor, schema: dict | None = None) -> RegisteredTool:
    return RegisteredTool(ToolDefinition(name, f"the {name} tool", schema or NOTE_SCHEMA), executor)


@pytest.fixture
def env(tmp_path) -> LocalExecutionEnvironment:
    return LocalExecutionEnvironment(tmp_path)


def run_tool(tools, env, name: str, **arguments):
    return ToolRegistry(tools).execute(ToolCall("c1", name, arguments), env)


def output(tools, env, name: str, **arguments) -> str:
    outcome = run_tool(tools, env, name, **arguments)
    assert not outcome.is_error, outcome.output
    return outcome.output


def failure(tools, env, name: str, **arguments) -> str:
    outcome = run_tool(tools, env, name, **arguments)
    assert outcome.is_error and outcome.result().is_error
    return outcome.output


# -- 9.3.1 dispatch through the registry


def test_dod_9_3_1_registry_operations():
    first, second = custom_tool("note", lambda a, e: "1"), custom_tool("note", lambda a, e: "2")
    other = custom_tool("other", lambda a, e: "")
    registry = ToolRegistry([first, other])
    registry.register(second)  # latest wins
    assert registry.get("note") is second and registry.names() == ["note", "other"]
    assert registry.definitions() == [second.definition, other.definition]
    registry.unregister("note")
    registry.unregister("never-registered")
    assert registry.get("note") is None and registry.names() == ["other"]


def test_dod_9_3_1_calls_are_dispatched_through_the_registry(agent, provider):
    seen: list[tuple[dict, object]] = []
    profile = create_profile(provider, MODEL)
    profile.tool_registry.register(
        custom_tool("note", lambda arguments, env: seen.append((arguments, env)) or "noted")
    )
    run = agent(provider, [call("note", text="remember"), say("Done.")], profile=profile)
    run.submit("Take a note")
    assert seen == [({"text": "remember"}, run.env)]
    assert tool_results(run.requests()[1]) == ["noted"]


# -- 9.3.2 unknown tools


def test_dod_9_3_2_unknown_tool_is_an_error_result(agent, provider):
    run = agent(provider, [call("teleport", to="mars"), say("I cannot teleport.")])
    assert run.submit("Go to Mars") == "I cannot teleport."
    [result] = tool_results(run.requests()[1])
    assert "Unknown tool: teleport. Available tools: read_file" in result  # as each wire has it
    [turn] = [t for t in run.session.history if type(t).__name__ == "ToolResultsTurn"]
    assert turn.results[0].is_error


# -- 9.3.3 argument parsing and validation


def test_dod_9_3_3_arguments_validated_against_the_schema(env):
    ran: list[dict] = []
    registry = ToolRegistry([custom_tool("note", lambda a, e: ran.append(a) or "ok")])
    raw = ToolCall("c", "note", raw_arguments='{"text": "from JSON"}')
    assert registry.execute(raw, env).content == "ok" and ran == [{"text": "from JSON"}]
    bad = {
        "not JSON": ToolCall("c", "note", raw_arguments="{text: oops"),
        "must be a JSON object": ToolCall("c", "note", raw_arguments="[1, 2]"),
        "'text' is a required property": ToolCall("c", "note", {}),
        "3 is not of type 'string'": ToolCall("c", "note", {"text": 3}),
    }
    for message, tool_call in bad.items():
        outcome = registry.execute(tool_call, env)
        assert outcome.is_error and message in outcome.content
    assert len(ran) == 1


def test_dod_9_3_3_invalid_arguments_reach_the_model(agent, provider):
    run = agent(provider, [call("read_file", path="a.txt"), say("Retrying later.")])
    run.submit("Read a.txt")
    [result] = tool_results(run.requests()[1])
    assert "arguments of read_file are invalid: 'file_path' is a required property" in result


# -- 9.3.4 execution errors


def test_dod_9_3_4_execution_errors_become_error_results(env):
    def explode(arguments, env):
        raise RuntimeError("boom")

    def refuse(arguments, env):
        raise ToolError("Cannot do that: the note is read-only")

    tools = [custom_tool("explode", explode), custom_tool("refuse", refuse)]
    assert failure(tools, env, "explode", text="x") == "RuntimeError: boom"
    assert failure(tools, env, "refuse", text="x") == "Cannot do that: the note is read-only"
    assert failure(core_tools(), env, "read_file", file_path="nope.txt").startswith(
        "File not found: "
    )


def test_dod_9_3_4_failed_tool_lets_the_model_recover(agent, provider):
    run = agent(
        provider,
        [
            call("read_file", file_path="missing.txt"),
            call("write_file", file_path="missing.txt", content="now here\n"),
            say("Created it."),
        ],
    )
    assert run.submit("Read missing.txt, create it if needed") == "Created it."
    assert "File not found" in tool_results(run.requests()[1])[0]
    assert (run.root / "missing.txt").read_text() == "now here\n"
    ends = run.of_kind(run.events[0].kind.__class__.TOOL_CALL_END)
    assert "File not found" in ends[0].data["error"] and "output" in ends[1].data


# -- 9.3.5 parallel execution


def rendezvous_profile(provider: str, parallel: bool, log: list[str]):
    barrier = threading.Barrier(2, timeout=10)
    lock = threading.Lock()

    def meet(arguments, env):
        with lock:
            log.append(f"start {arguments['text']}")
        if parallel:
            barrier.wait()  # returns only when both calls are running at once
        with lock:
            log.append(f"end {arguments['text']}")
        return f"met {arguments['text']}"

    profile = create_profile(provider, MODEL)
    profile.supports_parallel_tool_calls = parallel
    profile.tool_registry.register(custom_tool("meet", meet))
    return profile


@pytest.mark.timeout(30)
@pytest.mark.parametrize("parallel", [True, False], ids=["parallel", "sequential"])
def test_dod_9_3_5_parallel_tool_calls(agent, provider, parallel):
    log: list[str] = []
    profile = rendezvous_profile(provider, parallel, log)
    script = [calls(("meet", {"text": "a"}), ("meet", {"text": "b"})), say("Both met.")]
    run = agent(provider, script, profile=profile)
    assert run.submit("Meet twice") == "Both met."
    assert tool_results(run.requests()[1]) == ["met a", "met b"]  # call order kept
    if parallel:
        assert sorted(log[:2]) == ["start a", "start b"]
    else:
        assert log == ["start a", "end a", "start b", "end b"]


# -- the tools themselves


def test_read_file_tool(env, tmp_path):
    (tmp_path / "f.txt").write_text("".join(f"l{i}\n" for i in range(1, 2501)))
    full = output(core_tools(), env, "read_file", file_path=str(tmp_path / "f.txt"))
    assert full.count("\n") == 1999 and full.endswith("2000 | l2000")  # default limit 2000
    page = output(core_tools(), env, "read_file", file_path="f.txt", offset=2499, limit=5)
    assert page == "2499 | l2499\n2500 | l2500"
    assert "past the end" in failure(core_tools(), env, "read_file", file_path="f.txt", offset=3000)
    (tmp_path / "empty.txt").write_text("")
    assert output(core_tools(), env, "read_file", file_path="empty.txt") == "empty.txt is empty."
    (tmp_path / "pic.png").write_bytes(b"\x89PNG\0\0")
    assert "binary file" in failure(core_tools(), env, "read_file", file_path="pic.png")


def test_write_file_tool(env, tmp_path):
    message = output(core_tools(), env, "write_file", file_path="deep/dir/é.txt", content="héllo")
    assert message == "Wrote 6 bytes to deep/dir/é.txt"
    assert (tmp_path / "deep" / "dir" / "é.txt").read_text() == "héllo"


def test_edit_file_tool(env, tmp_path):
    target = tmp_path / "app.py"
    target.write_text("x = 1\ny = 1\nprint(x)\n")
    tools = core_tools()
    assert output(tools, env, "edit_file", file_path="app.py", old_string="y = 1",
                  new_string="y = 2") == "Replaced 1 occurrence in app.py"  # fmt: skip
    ambiguous = failure(tools, env, "edit_file", file_path="app.py", old_string=" = ",
                        new_string=" := ")  # fmt: skip
    assert "matches 2 places in app.py; include more surrounding context" in ambiguous
    assert "not found in app.py" in failure(tools, env, "edit_file", file_path="app.py",
                                            old_string="z = 1", new_string="")  # fmt: skip
    assert "No changes" in failure(tools, env, "edit_file", file_path="app.py",
                                   old_string="x", new_string="x")  # fmt: skip
    replaced = output(tools, env, "edit_file", file_path="app.py", old_string=" = ",
                      new_string="=", replace_all=True)  # fmt: skip
    assert replaced == "Replaced 2 occurrences in app.py"
    assert target.read_text() == "x=1\ny=2\nprint(x)\n"
    assert "File not found" in failure(tools, env, "edit_file", file_path="nope.py",
                                       old_string="a", new_string="b")  # fmt: skip


def test_edit_file_fuzzy_match(env, tmp_path):
    target = tmp_path / "app.py"
    target.write_text("def f():\n\treturn \u201cquoted\u201d   # note\n")
    message = output(core_tools(), env, "edit_file", file_path="app.py",
                     old_string='    return "quoted" # note',
                     new_string="    return 'plain'")  # fmt: skip
    assert message.endswith("(matched ignoring whitespace and punctuation style)")
    assert target.read_text() == "def f():\n    return 'plain'\n"


def test_gemini_edit_file_expected_replacements(env, tmp_path):
    (tmp_path / "a.txt").write_text("k k k\n")
    tools = gemini_tools()
    schema = ToolRegistry(tools).get("edit_file").definition.parameters
    assert (
        "expected_replacements" in schema["properties"]
        and "replace_all" not in schema["properties"]
    )
    assert "Expected 2 occurrences of old_string in a.txt, found 3" in failure(
        tools, env, "edit_file", file_path="a.txt", old_string="k", new_string="v",
        expected_replacements=2)  # fmt: skip
    output(tools, env, "edit_file", file_path="a.txt", old_string="k", new_string="v",
           expected_replacements=3)  # fmt: skip
    assert (tmp_path / "a.txt").read_text() == "v v v\n"


def test_shell_tool(env):
    ok = output(core_tools(), env, "shell", command="echo out; echo err >&2", description="demo")
    assert ok.startswith("out\nerr\nExit code: 0 (") and ok.endswith("ms)")
    failed = failure(core_tools(), env, "shell", command="echo partial; exit 7")
    assert failed.startswith("partial\nExit code: 7 (")
    assert failure(core_tools(), env, "shell", command="no-such-command-xyz").startswith(
        "/bin/bash: line 1: no-such-command-xyz: command not found\nExit code: 127"
    )


def grep_files(root) -> None:
    (root / "a.py").write_text("import os\nimport re\n")
    (root / "b.md").write_text("import nothing\n")


def test_grep_tool(env, tmp_path):
    grep_files(tmp_path)
    a, b = tmp_path / "a.py", tmp_path / "b.md"
    assert output(core_tools(), env, "grep", pattern="^import") == (
        f"{a}:1:import os\n{a}:2:import re\n{b}:1:import nothing"
    )
    assert output(core_tools(), env, "grep", pattern="IMPORT R", case_insensitive=True,
                  glob_filter="*.py", path=str(tmp_path)) == f"{a}:2:import re"  # fmt: skip
    assert output(core_tools(), env, "grep", pattern="import", max_results=1) == f"{a}:1:import os"
    assert output(core_tools(), env, "grep", pattern="zzz") == "No matches found for pattern 'zzz'"
    assert "Invalid regex" in failure(core_tools(), env, "grep", pattern="(")
    assert "Path not found" in failure(core_tools(), env, "grep", pattern="x", path="missing")


def test_grep_output_modes_for_anthropic(env, tmp_path):
    grep_files(tmp_path)
    a, b = tmp_path / "a.py", tmp_path / "b.md"
    tools = anthropic_tools()
    files = output(tools, env, "grep", pattern="import", output_mode="files_with_matches")
    assert files == f"{a}\n{b}"
    assert output(tools, env, "grep", pattern="import", output_mode="count") == f"{a}:2\n{b}:1"
    assert (
        "output_mode"
        not in ToolRegistry(core_tools()).get("grep").definition.parameters["properties"]
    )


def test_glob_tool(env, tmp_path):
    (tmp_path / "src").mkdir()
    for age, name in enumerate(["src/new.ts", "src/old.ts"]):
        (tmp_path / name).write_text("")
        os.utime(tmp_path / name, (2_000_000 - age, 2_000_000 - age))
    found = output(core_tools(), env, "glob", pattern="**/*.ts")
    assert found == f"{tmp_path / 'src' / 'new.ts'}\n{tmp_path / 'src' / 'old.ts'}"
    assert output(core_tools(), env, "glob", pattern="*.rs") == "No files match '*.rs'"
    assert "Directory not found" in failure(core_tools(), env, "glob", pattern="*", path="none")


def test_list_dir_tool(env, tmp_path):
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "sub" / "m.py").write_text("abc")
    (tmp_path / "README").write_text("hello")
    tools = gemini_tools()
    assert output(tools, env, "list_dir", path=".") == "README (5 bytes)\npkg/"
    assert output(tools, env, "list_dir", path=".", depth=3) == (
        "README (5 bytes)\npkg/\n  sub/\n    m.py (3 bytes)"
    )
    assert output(tools, env, "list_dir", path="pkg/sub") == "m.py (3 bytes)"
    assert "Not a directory" in failure(tools, env, "list_dir", path="README")


def test_read_many_files_tool(env, tmp_path):
    (tmp_path / "a.txt").write_text("alpha\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "b.md").write_text("beta\n")
    text = output(gemini_tools(), env, "read_many_files", paths=["a.txt", "docs/*.md", "a.txt",
                                                                 "gone.txt"])  # fmt: skip
    assert text == (
        f"--- a.txt ---\nalpha\n\n\n--- {tmp_path / 'docs' / 'b.md'} ---\nbeta\n\n\n"
        f"--- gone.txt ---\n[could not read: File not found: {tmp_path / 'gone.txt'}]"
    )
    assert "No files match" in failure(gemini_tools(), env, "read_many_files", paths=["*.zip"])


def test_profile_tool_sets():
    def names(tools):
        return [tool.name for tool in tools]

    assert names(core_tools()) == ["read_file", "write_file", "edit_file", "shell", "grep", "glob"]
    assert names(openai_tools()) == ["read_file", "apply_patch", "write_file", "shell", "grep",
                                     "glob"]  # fmt: skip
    assert names(anthropic_tools()) == names(core_tools())
    assert names(gemini_tools()) == ["read_file", "read_many_files", "write_file", "edit_file",
                                     "shell", "grep", "glob", "list_dir"]  # fmt: skip
    for tool in [*openai_tools(), *gemini_tools(), *anthropic_tools()]:
        schema = tool.definition.parameters
        assert schema["type"] == "object" and set(schema["required"]) <= set(schema["properties"])
        assert tool.definition.description
