"""`darkfactory agent run`: a session from the shell against the LLM twins."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from tests.agent.scripting import MODEL, call, say

from darkfactory.cli import main
from darkfactory.llm import set_default_client


@pytest.fixture
def twin_environment(twin_credentials):
    """Only the Gemini twin's key and base URL, and a default client rebuilt from them."""
    creds = twin_credentials["gemini"]
    set_default_client(None)
    yield {"GEMINI_API_KEY": creds["api_key"], "GEMINI_BASE_URL": creds["base_url"],
           "OPENAI_API_KEY": "", "ANTHROPIC_API_KEY": "", "GOOGLE_API_KEY": ""}  # fmt: skip
    set_default_client(None)


def test_agent_run_edits_files_in_cwd_and_prints_the_answer(tmp_path, script, twin_environment):
    script("gemini", MODEL,
           [call("write_file", file_path="hello.py", content="print('hi')\n"),
                      say("Created hello.py.")])  # fmt: skip
    result = CliRunner().invoke(
        main, ["agent", "run", "Create hello.py", "--model", MODEL, "--cwd", str(tmp_path)],
        env=twin_environment,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("Created hello.py.")
    assert "▶ write_file" in result.stderr
    assert (tmp_path / "hello.py").read_text() == "print('hi')\n"


def test_agent_run_reports_provider_errors(tmp_path, script, twin_environment):
    script("gemini", MODEL, [{"reply": {"error": {"status": 401}}}])
    result = CliRunner().invoke(
        main, ["agent", "run", "hi", "--provider", "gemini", "--model", MODEL,
               "--cwd", str(tmp_path)], env=twin_environment,
    )  # fmt: skip
    assert result.exit_code == 1
    assert "AuthenticationError" in result.output
