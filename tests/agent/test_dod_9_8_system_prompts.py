"""§9.8 System prompts: base instructions, environment and git context, tools, project docs
per provider, and the user's override last."""

from __future__ import annotations

import subprocess
from datetime import date

from tests.agent.scripting import MODEL, say

from darkfactory.agent import LocalExecutionEnvironment, Session, SessionConfig, create_profile
from darkfactory.agent.profiles.anthropic import BASE_INSTRUCTIONS
from darkfactory.agent.prompts import PROJECT_DOC_TRUNCATED, discover_project_docs


def git(root, *args: str) -> None:
    identity = ["-c", "user.name=Dev", "-c", "user.email=dev@example.com"]
    subprocess.run(["git", *identity, *args], cwd=root, check=True, capture_output=True)


def test_system_prompt_includes_provider_specific_base_instructions(agent, provider):
    run = agent(provider, [say("ok")])
    run.submit("hi")
    system = run.requests()[0]["system"]
    assert system.startswith(run.session.provider_profile.base_instructions.strip())
    if provider == "anthropic":
        assert system.startswith(BASE_INSTRUCTIONS.strip())


def test_system_prompt_includes_environment_context(agent, provider):
    run = agent(provider, [say("ok")])
    (run.root / "tracked.txt").write_text("x")
    run.submit("hi")
    system = run.requests()[0]["system"]
    assert "<environment>" in system and "</environment>" in system
    assert f"Working directory: {run.root}" in system
    assert "Is git repository: false" in system
    assert "Platform: linux" in system
    assert f"Today's date: {date.today().isoformat()}" in system
    assert f"Model: {MODEL}" in system


def test_system_prompt_includes_git_context_snapshot(agent_client, tmp_path, script, exchanges):
    git(tmp_path, "init", "-q", "-b", "feature-x")
    (tmp_path / "a.py").write_text("a = 1\n")
    git(tmp_path, "add", "a.py")
    git(tmp_path, "commit", "-q", "-m", "Add the a module")
    (tmp_path / "a.py").write_text("a = 2\n")
    (tmp_path / "new.txt").write_text("?")
    script("openai", MODEL, [say("ok")])
    env = LocalExecutionEnvironment(tmp_path)
    session = Session(create_profile("openai", MODEL), env, llm_client=agent_client)
    session.submit("hi")
    system = exchanges("openai", MODEL)[0]["prompt"]["system"]
    assert "Is git repository: true" in system and "Git branch: feature-x" in system
    assert "Status: 1 modified, 1 untracked" in system
    assert "Add the a module" in system


def test_system_prompt_includes_tool_descriptions_from_the_active_profile(agent, provider):
    run = agent(provider, [say("ok")])
    run.submit("hi")
    system = run.requests()[0]["system"]
    for tool in run.session.provider_profile.tools():
        assert f"- {tool.name}: {tool.description}" in system
    assert ("- apply_patch:" in system) is (provider == "openai")


def write_docs(root) -> None:
    (root / "AGENTS.md").write_text("ROOT AGENTS: run make test")
    (root / "CLAUDE.md").write_text("ROOT CLAUDE: prefer small diffs")
    (root / "GEMINI.md").write_text("ROOT GEMINI: use list_dir")
    (root / ".codex").mkdir()
    (root / ".codex" / "instructions.md").write_text("ROOT CODEX: patches only")
    (root / "pkg").mkdir()
    (root / "pkg" / "AGENTS.md").write_text("PKG AGENTS: this package is pure")


def test_project_documentation_files_are_discovered_and_included(
    agent_client, tmp_path, script, exchanges
):
    git(tmp_path, "init", "-q")
    write_docs(tmp_path)
    script("anthropic", MODEL, [say("ok")])
    env = LocalExecutionEnvironment(tmp_path / "pkg")
    Session(create_profile("anthropic", MODEL), env, llm_client=agent_client).submit("hi")
    system = exchanges("anthropic", MODEL)[0]["prompt"]["system"]
    root, claude, deeper = (system.index(s) for s in ("ROOT AGENTS", "ROOT CLAUDE", "PKG AGENTS"))
    assert root < claude < deeper  # root level first, the deeper directory after


def test_only_relevant_project_files_are_loaded_per_provider(tmp_path):
    write_docs(tmp_path)
    env = LocalExecutionEnvironment(tmp_path)
    loaded = {p: discover_project_docs(env, p) for p in ("openai", "anthropic", "gemini")}
    assert "ROOT AGENTS" in loaded["openai"] and "ROOT CODEX" in loaded["openai"]
    assert "ROOT CLAUDE" not in loaded["openai"] and "ROOT GEMINI" not in loaded["openai"]
    assert "ROOT CLAUDE" in loaded["anthropic"] and "ROOT GEMINI" not in loaded["anthropic"]
    assert "ROOT GEMINI" in loaded["gemini"] and "ROOT CLAUDE" not in loaded["gemini"]
    assert all("ROOT AGENTS" in text for text in loaded.values())


def test_project_documents_are_cut_at_32kb_with_a_marker(tmp_path):
    (tmp_path / "AGENTS.md").write_text("a" * 40_000)
    text = discover_project_docs(LocalExecutionEnvironment(tmp_path), "openai")
    assert text.endswith(PROJECT_DOC_TRUNCATED)
    assert len(text.encode()) <= 32 * 1024 + len(PROJECT_DOC_TRUNCATED) + 1


def test_user_instruction_overrides_are_appended_last(agent, provider):
    config = SessionConfig(user_instructions="Always answer in French.")
    agent_run = agent(provider, [say("ok")], config=config)
    (agent_run.root / "AGENTS.md").write_text("Project rule: tabs.")
    agent_run.submit("hi")
    system = agent_run.requests()[0]["system"]
    assert system.rstrip().endswith("Always answer in French.")
    assert system.index("Project rule: tabs.") < system.index("Always answer in French.")
