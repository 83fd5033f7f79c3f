"""``factory init`` and ``factory.toml``: the layout it writes, the settings it reads, and the
mistakes it refuses with a message instead of a traceback."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner

from darkfactory.cli import main
from darkfactory.factory import workspace
from darkfactory.factory.project import Project, ProjectError
from darkfactory.factory.run import load_graph, run, stage_variables


def init(directory) -> Project:
    result = CliRunner().invoke(main, ["factory", "init", str(directory)])
    assert result.exit_code == 0, result.output
    return Project.open(directory)


def test_init_writes_the_layout_and_a_workspace_repository_with_one_commit(tmp_path):
    project = init(tmp_path / "p")
    for part in ("spec/spec.md", "holdout/scenarios", "holdout/models", "models", "runs"):
        assert (project.root / part).exists(), part
    assert not list(project.root.rglob(".keep"))
    log = subprocess.run(
        ["git", "log", "--format=%s"], cwd=project.workspace, capture_output=True, text=True
    )
    assert log.stdout.splitlines() == ["The factory's workspace"]
    settings = project.settings()
    assert settings.llm_source == "twins" and settings.target_satisfaction == 1.0
    assert settings.stages["implement"].priced_as == "claude-sonnet-4-5"
    assert (settings.budget_usd, settings.budget_tokens) == (5.0, None)
    graph = load_graph(project, settings)
    assert graph.nodes["implement"].llm_model == "factory-coder"
    assert graph.goal == project.spec_text() and "Write the spec here" in graph.goal


def test_init_refuses_a_directory_that_is_not_empty(tmp_path):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["factory", "init", str(tmp_path / "p")])
    assert result.exit_code == 1 and "is not empty" in result.output
    assert not (tmp_path / "p" / "factory.toml").exists()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[llm]\nsource = "cloud"\n', "llm.source must be one of"),
        ("[factory]\ntarget_satisfaction = 1.5\n", "within 0 and 1"),
        ('[stages.implement]\nmodle = "x"\n', "unknown keys modle"),
        ('[stages.review]\nmodel = "x"\n', "no such node"),
        ("[factory\n", "factory.toml"),
        ('[holdout]\nexecutor = "threads"\n', "holdout.executor must be one of local, ray"),
        ('[workspace]\nstart = "nowhere"\n', "which is not a directory"),
    ],
)
def test_a_wrong_factory_toml_is_refused_with_what_is_wrong(tmp_path, toml, message):
    project = init(tmp_path / "p")
    project.config_path.write_text(toml)
    result = CliRunner().invoke(main, ["factory", "run", str(project.root)])
    assert result.exit_code == 1 and message in result.output
    assert not list(project.runs.iterdir()), "nothing ran"


def test_run_outside_a_project_and_resume_without_a_run_are_refused(tmp_path):
    result = CliRunner().invoke(main, ["factory", "run", str(tmp_path)])
    assert result.exit_code == 1 and "not a factory project" in result.output
    project = init(tmp_path / "p")
    with pytest.raises(ProjectError, match="no run to resume"):
        run(project.root, resume=True)


def test_a_workspace_made_by_the_run_starts_as_a_copy_of_workspace_start(tmp_path):
    project = init(tmp_path / "p")
    shutil.rmtree(project.workspace)
    (project.root / "target" / "pkg").mkdir(parents=True)
    (project.root / "target" / "pkg" / "mod.py").write_text("VALUE = 1\n")
    project.config_path.write_text('[workspace]\nstart = "target"\n')
    start = project.settings().workspace_start
    assert start == project.root / "target"
    workspace.create(project.workspace, start)
    assert (project.workspace / "pkg" / "mod.py").read_text() == "VALUE = 1\n"
    assert workspace.git(project.workspace, "ls-files") == "pkg/mod.py", "in the first commit"


def test_the_holdout_executor_reaches_the_stages_commands(tmp_path):
    project = init(tmp_path / "p")
    assert stage_variables(project, project.settings())["DARKFACTORY_EXECUTOR"] == "local"
    config = project.config_path.read_text().replace(
        'executor = "local"', 'executor = "ray"\nray_address = "127.0.0.1:6390"'
    )
    project.config_path.write_text(config)
    variables = stage_variables(project, project.settings())
    assert variables["DARKFACTORY_EXECUTOR"] == "ray"
    assert variables["DARKFACTORY_RAY_ADDRESS"] == "127.0.0.1:6390"
