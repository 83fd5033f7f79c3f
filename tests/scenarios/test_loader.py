"""Scenario files: the format, its JSON Schema, and line-precise errors for malformed files."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner
from tests.scenarios.test_runner import SCENARIOS

from darkfactory.cli import main
from darkfactory.scenarios import ScenarioError, header_schema, load_dir, parse

GOOD = """---
id: ok
title: Fine
checks:
  - name: always
    code: "True"
---
# The story
Someone does something.
"""


def test_good_file_parses_with_story_and_defaults():
    scenario = parse(GOOD, "ok.md")
    assert scenario.id == "ok" and scenario.trials == 3 and scenario.timeout == 60
    assert scenario.story.startswith("# The story")
    assert scenario.checks[0].code == "True"


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("id: x\n", 1, "starts with a '---' line"),
        ("---\nid: x\ntitle: y\n", 3, "never closed"),
        ("---\nid: x\ntitle: [unclosed\n---\n", 3, "invalid YAML"),
        ("---\n- just\n- a list\n---\n", 2, "must be a mapping"),
        ("---\nid: Bad Id\ntitle: t\nchecks: [{name: a, code: 'True'}]\n---\n", 2, "id:"),
        ("---\nid: x\ntitle: t\ntrials: 0\nchecks: [{name: a, code: 'True'}]\n---\n", 4, "trials:"),
        (
            "---\nid: x\ntitle: t\ncolour: blue\nchecks: [{name: a, code: 'True'}]\n---\n",
            4,
            "colour: Extra inputs are not permitted",
        ),
        (
            "---\nid: x\ntitle: t\nactors:\n  - name: a\n    steps: []\n"
            "checks: [{name: a, code: 'True'}]\n---\n",
            6,
            "actors.0.steps",
        ),
        ("---\nid: x\ntitle: t\n---\n", 2, "at least one check or a judge"),
        ("---\nid: x\ntitle: t\nchecks:\n  - name: a\n---\n", 5, "checks.0.code: Field required"),
    ],
)
def test_malformed_files_report_the_line(text, line, message):
    with pytest.raises(ScenarioError) as caught:
        parse(text, "bad.md")
    assert caught.value.line == line, str(caught.value)
    assert message in caught.value.message
    assert str(caught.value).startswith(f"bad.md:{line}: ")


def test_duplicate_ids_in_a_directory(tmp_path):
    (tmp_path / "a.md").write_text(GOOD)
    (tmp_path / "b.md").write_text(GOOD)
    with pytest.raises(ScenarioError, match="also used by"):
        load_dir(tmp_path)


def test_header_schema_accepts_the_shipped_scenarios_and_rejects_junk():
    import yaml

    schema = header_schema()
    for path in SCENARIOS.glob("*.md"):
        header = path.read_text().split("---")[1]
        jsonschema.validate(yaml.safe_load(header), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "x"}, schema)


def test_cli_validate_and_schema(tmp_path):
    runner = CliRunner()
    assert (
        "ok  greeted-back" in runner.invoke(main, ["scenarios", "validate", str(SCENARIOS)]).output
    )
    (tmp_path / "broken.md").write_text("---\nid: x\ntitle: t\ntrials: many\n---\n")
    outcome = runner.invoke(main, ["scenarios", "validate", str(tmp_path)])
    assert outcome.exit_code == 1
    assert "broken.md:4: trials:" in outcome.output
    schema = json.loads(runner.invoke(main, ["scenarios", "schema"]).output)
    assert "story" not in schema["properties"] and "checks" in schema["properties"]
