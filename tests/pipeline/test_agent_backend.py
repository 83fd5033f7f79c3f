"""The agent codergen backend: a pipeline whose codergen stage runs a coding agent session that
edits files in the stage's working directory, against the LLM twins."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from darkfactory.cli import main
from darkfactory.llm import Client, OpenAIAdapter, set_default_client
from darkfactory.pipeline.agent_backend import EVENTS_FILE, AgentBackend
from darkfactory.pipeline.backends import backend_from_spec
from darkfactory.pipeline.engine import Engine
from darkfactory.pipeline.runner import prepare

MODEL = "pipeline-agent"
SCRIPT = [
    {"reply": {"tool_calls": [{"name": "write_file", "arguments": {
        "file_path": "hello.py", "content": "print('Hello World')\n"}}]}},
    {"reply": {"tool_calls": [{"name": "shell", "arguments": {"command": "python3 hello.py"}}]}},
    {"reply": {"text": "hello.py prints Hello World."}},
]  # fmt: skip


def pipeline(workdir, provider_attr: str = "") -> str:
    return f"""digraph Build {{
        graph [goal="Create hello.py", working_dir="{workdir}"]
        start [shape=Mdiamond]
        exit [shape=Msquare]
        implement [prompt="Create hello.py that prints Hello World" {provider_attr}]
        start -> implement -> exit
    }}"""


@pytest.fixture
def workdir(tmp_path):
    path = tmp_path / "work"
    path.mkdir()
    return path


def test_agent_backend_runs_a_session_per_codergen_stage_in_its_working_directory(
    tmp_path, workdir, universe, llm_script, llm_exchanges
):
    llm_script(model=MODEL, turns=SCRIPT, providers=("openai",))
    creds = universe.credentials["openai"]
    client = Client({"openai": OpenAIAdapter(creds["api_key"], creds["base_url"])}, "openai")
    graph, _ = prepare(pipeline(workdir))
    logs = tmp_path / "logs"
    outcome = Engine(backend=AgentBackend(model=MODEL, client=client)).run(graph, logs)
    assert outcome.status == "success"
    assert (workdir / "hello.py").read_text() == "print('Hello World')\n"
    assert (logs / "implement" / "response.md").read_text() == "hello.py prints Hello World."
    events = [
        json.loads(line) for line in (logs / "implement" / EVENTS_FILE).read_text().splitlines()
    ]
    shell = [
        e for e in events if e["kind"] == "tool_call_end" and e["data"]["tool_name"] == "shell"
    ]
    assert "Hello World" in shell[0]["data"]["output"]
    assert events[0]["kind"] == "session_start" and events[-1]["kind"] == "session_end"
    system = llm_exchanges("openai", MODEL)[0]["prompt"]["system"]
    assert f"Working directory: {workdir}" in system


def test_backend_spec_agent_selects_the_agent_backend():
    backend = backend_from_spec("agent:gemini", "gemini-3-pro-preview")
    assert isinstance(backend, AgentBackend)
    assert (backend.provider, backend.model) == ("gemini", "gemini-3-pro-preview")
    assert backend_from_spec("agent").provider == ""


def test_pipeline_run_with_backend_agent_from_the_command_line(
    tmp_path, workdir, universe, llm_script, monkeypatch
):
    llm_script(model=MODEL, turns=SCRIPT, providers=("anthropic",))
    creds = universe.credentials["anthropic"]
    dot = tmp_path / "build.dot"
    dot.write_text(pipeline(workdir, ', llm_provider="anthropic"'))
    set_default_client(None)  # built from the environment below
    environment = {"ANTHROPIC_API_KEY": creds["api_key"], "ANTHROPIC_BASE_URL": creds["base_url"],
                   "OPENAI_API_KEY": "", "GEMINI_API_KEY": "", "GOOGLE_API_KEY": ""}  # fmt: skip
    try:
        result = CliRunner().invoke(
            main,
            ["pipeline", "run", str(dot), "--logs-root", str(tmp_path / "logs"),
             "--backend", "agent", "--model", MODEL],
            env=environment,
        )  # fmt: skip
    finally:
        set_default_client(None)
    assert result.exit_code == 0, result.output
    assert (workdir / "hello.py").read_text() == "print('Hello World')\n"
