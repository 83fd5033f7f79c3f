"""LLM-driven simulated users and the LLM judge, with models scripted on the provider twins."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from darkfactory.cli import main
from darkfactory.scenarios import load_dir, run
from darkfactory.scenarios.llm import LLMSettings
from darkfactory.scenarios.trial import NO_JUDGE

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "onboarding"
SUT = f"{sys.executable} {EXAMPLE / 'app.py'}"
SCRIPTED = LLMSettings(scripts=(EXAMPLE / "models",))

pytestmark = pytest.mark.slow

JUDGED = """\
    ---
    id: judged
    title: A story with an LLM judge
    trials: 1
    timeout: 10
    checks:
      - name: always
        code: "True"
    judge:
      criteria: The user got what they asked for.
    ---
    Somebody asks for something.
    """


def new_hire(sut: str):
    scenarios = [s for s in load_dir(EXAMPLE / "scenarios") if s.id == "new-hire-finds-their-way"]
    return run(scenarios, sut, trials=1, llm=SCRIPTED).trajectories[0]


def test_new_hire_played_by_a_scripted_model_greets_the_team_and_is_judged_satisfied():
    trajectory = new_hire(SUT)
    maya = [t for t in trajectory.turns if t["actor"] == "maya"]
    calls = [c["name"] for t in maya for c in t.get("tool_calls", [])]
    assert calls == ["list_channels", "read_messages", "post_message", "finish"]
    assert "Welcome" in str(maya[1]["tool_results"])
    assert maya[-1]["finished"].startswith("Welcomed")
    judge = trajectory.verdicts[-1]
    assert (judge.kind, judge.passed) == ("judge", True)
    assert "greeted her team" in judge.reason
    assert trajectory.satisfied
    model_calls = [r for r in trajectory.requests if r["twin"] == "openai"]
    assert len(model_calls) == 4, (
        "the four actor steps; the judgement is not part of what it judges"
    )
    assert all(r["request"]["model"] == "gpt-5.2" for r in model_calls)


def test_new_hire_of_the_broken_app_finds_no_welcome_and_the_judge_says_so():
    trajectory = new_hire(f"{SUT} --broken")
    maya = [t for t in trajectory.turns if t["actor"] == "maya"]
    assert maya[-1]["finished"].startswith("I could not find")
    verdicts = {v.name: v for v in trajectory.verdicts}
    assert not verdicts["Maya said hello in #engineering"].passed
    assert not verdicts["judge"].passed and "no greeting" in verdicts["judge"].reason
    assert not trajectory.satisfied


def _judged(tmp_path: Path, **settings) -> object:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "judged.md").write_text(textwrap.dedent(JUDGED))
    return run(load_dir(folder), None, llm=LLMSettings(**settings)).trajectories[0]


def _judge_script(tmp_path: Path, satisfied: bool) -> Path:
    path = tmp_path / "judge.yaml"
    reply = {"json": {"satisfied": satisfied, "reason": f"scripted: {satisfied}"}}
    path.write_text(yaml.safe_dump({"model": "judge-1", "turns": [{"reply": reply}]}))
    return path


@pytest.mark.parametrize("satisfied", [True, False])
def test_the_judges_verdict_decides_satisfaction_with_the_checks(tmp_path, satisfied):
    trajectory = _judged(
        tmp_path, judge_model="judge-1", scripts=(_judge_script(tmp_path, satisfied),)
    )
    assert trajectory.verdicts[0].passed, "the deterministic check holds either way"
    assert trajectory.verdicts[-1].reason == f"scripted: {satisfied}"
    assert trajectory.satisfied is satisfied


def test_a_judge_that_fails_is_an_unsatisfied_verdict_saying_why(tmp_path):
    trajectory = _judged(tmp_path, judge_model="no-such-model", judge_provider="anthropic")
    judge = trajectory.verdicts[-1]
    assert judge.kind == "judge" and not judge.passed
    assert "no-such-model failed: NotFoundError" in judge.reason
    assert not trajectory.satisfied


def test_a_judge_without_a_model_is_noted_and_not_run(tmp_path):
    trajectory = _judged(tmp_path)
    assert NO_JUDGE in trajectory.notes
    assert [v.kind for v in trajectory.verdicts] == ["check"]
    assert trajectory.satisfied


def test_cli_judges_with_the_given_model_and_scripts(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "judged.md").write_text(textwrap.dedent(JUDGED))
    script = _judge_script(tmp_path, False)
    args = ["scenarios", "run", str(folder), "--judge", "judge-1", "--llm-scripts", str(script)]
    result = CliRunner().invoke(main, [*args, "--feedback", "redacted"])
    assert result.exit_code == 0, result.output
    assert "judged 0.000" in result.output


def test_checks_read_what_the_llm_twins_were_asked(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "asked.md").write_text(
        textwrap.dedent("""\
        ---
        id: asked
        title: Somebody asks a model
        trials: 1
        timeout: 10
        actors:
          - name: caller
            steps:
              - http: {twin: openai, method: POST, path: /v1/responses,
                       json: {model: echo, input: "ping from a scenario"}}
        checks:
          - name: the model was asked once, by text
            code: |
              asked = llm_exchanges("openai", "echo")
              len(asked) == 1 and asked[0]["request"]["input"] == "ping from a scenario"
          - name: an unknown provider is an error
            code: llm_exchanges("mistral")
        ---
        """)
    )
    trajectory = run(load_dir(folder), None).trajectories[0]
    asked, unknown = trajectory.verdicts
    assert asked.passed, asked.reason
    assert not unknown.passed and "no LLM twin 'mistral'" in unknown.reason
