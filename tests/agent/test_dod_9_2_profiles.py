"""§9.2 Provider profiles: each family's own tools and prompt, extended with custom tools."""

from __future__ import annotations

import pytest
from tests.agent.scripting import MODEL, call, edit, say, tool_results

from darkfactory.agent import RegisteredTool, create_profile
from darkfactory.llm.types import ToolDefinition

PATCH = "*** Begin Patch\n*** Add File: src/app.py\n+print('hi')\n*** End Patch\n"


def tool_names(prompt: dict) -> set[str]:
    return {tool["name"] for tool in prompt["tools"]}


def test_openai_profile_provides_codex_aligned_tools_including_apply_patch(agent):
    run = agent("openai", [call("apply_patch", patch=PATCH), say("added")])
    run.submit("add src/app.py")
    assert (run.root / "src/app.py").read_text() == "print('hi')\n"
    names = tool_names(run.requests()[0])
    assert {"read_file", "apply_patch", "write_file", "shell", "grep", "glob"} <= names
    assert "edit_file" not in names


def test_anthropic_profile_provides_claude_code_aligned_tools_including_edit_file(agent):
    run = agent("anthropic", [edit("anthropic", "f.py", "x = 1", "x = 2"), say("ok")])
    (run.root / "f.py").write_text("x = 1\n")
    run.submit("bump x")
    assert (run.root / "f.py").read_text() == "x = 2\n"
    sent = {tool["name"]: tool for tool in run.requests()[0]["tools"]}
    assert {"read_file", "write_file", "edit_file", "shell", "grep", "glob"} <= set(sent)
    assert "apply_patch" not in sent
    assert {"old_string", "new_string"} <= set(sent["edit_file"]["parameters"]["properties"])
    assert "120000ms" in sent["shell"]["description"]


def test_gemini_profile_provides_gemini_cli_aligned_tools(agent):
    run = agent("gemini", [call("list_dir", path="."), say("listed")])
    (run.root / "pkg").mkdir()
    run.submit("what is here?")
    names = tool_names(run.requests()[0])
    assert {"read_file", "read_many_files", "write_file", "edit_file", "shell", "grep", "glob",
            "list_dir"} <= names  # fmt: skip
    assert "pkg" in tool_results(run.requests()[1])[0]
    assert "10000ms" in {t["name"]: t for t in run.requests()[0]["tools"]}["shell"]["description"]


@pytest.mark.parametrize(
    ("provider", "phrases"),
    [
        ("openai", ["coding agent", "apply_patch", "*** Begin Patch", "Coding guidelines"]),
        ("anthropic", ["software engineering tasks", "old_string", "unique", "Code style"]),
        ("gemini", ["CLI agent", "GEMINI.md", "Primary Workflow", "conventions"]),
    ],
)
def test_each_profile_produces_a_provider_specific_system_prompt(agent, provider, phrases):
    run = agent(provider, [say("hi")])
    run.submit("hello")
    system = run.requests()[0]["system"]
    for phrase in phrases:
        assert phrase in system
    others = {"openai", "anthropic", "gemini"} - {provider}
    for other in others:
        assert create_profile(other).base_instructions.splitlines()[0] not in system


def run_tests_tool(output: str) -> RegisteredTool:
    definition = ToolDefinition(
        "run_tests",
        "Run the project's test suite",
        {"type": "object", "properties": {"filter": {"type": "string"}}},
    )
    return RegisteredTool(definition, lambda args, env: f"{output} ({args.get('filter')})")


def test_custom_tools_can_be_registered_on_top_of_any_profile(agent, provider):
    profile = create_profile(provider, MODEL)
    profile.tool_registry.register(run_tests_tool("3 passed"))
    run = agent(provider, [call("run_tests", filter="unit"), say("green")], profile=profile)
    run.submit("test it")
    assert "run_tests" in tool_names(run.requests()[0])
    assert tool_results(run.requests()[1]) == ["3 passed (unit)"]


def test_tool_name_collisions_custom_registration_overrides_profile_defaults(agent, provider):
    profile = create_profile(provider, MODEL)
    custom = RegisteredTool(
        ToolDefinition(
            "read_file",
            "Read a file from the vault",
            {"type": "object", "properties": {"file_path": {"type": "string"}}},
        ),
        lambda args, env: f"vault copy of {args['file_path']}",
    )
    profile.tool_registry.register(custom)
    run = agent(provider, [call("read_file", file_path="a.txt"), say("ok")], profile=profile)
    run.submit("read a.txt")
    sent = [t for t in run.requests()[0]["tools"] if t["name"] == "read_file"]
    assert len(sent) == 1 and sent[0]["description"] == "Read a file from the vault"
    assert tool_results(run.requests()[1]) == ["vault copy of a.txt"]
