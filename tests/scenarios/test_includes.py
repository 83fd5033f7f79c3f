"""Scenarios share setup fragments and check libraries from the nearest ``_shared/`` folder."""

from __future__ import annotations

import pytest

from darkfactory.scenarios import ScenarioError, load_dir, run

FRAGMENT = """\
fixtures: {slack: {users: 3, messages: 0}}
setup:
  - okta: {method: POST, path: /api/v1/groups, json: {profile: {name: Approvers}}}
    save_as: approvers
checks:
  - {name: approvers exist, code: "'Approvers' in all_groups()"}
sut: {grant: [okta.api_token]}
"""
LIBRARY = """\
def all_groups():
    return sorted({g for u in okta_users() for g in u["groups"]} | {"Approvers"} - {"Everyone"})


def is_approver(login):
    return "Approvers" in okta_groups(login)
"""
SCENARIO = """---
id: {id}
title: Uses the shared pieces
trials: 1
timeout: 20
include: [{include}]
universe: {{fixtures: {{slack: {{messages: 1}}}}}}
actors:
  - name: it
    steps:
      - okta: {{path: /api/v1/users/admin@example.com}}
        save_as: admin
      - okta:
          method: PUT
          path: "/api/v1/groups/{{{{ approvers.id }}}}/users/{{{{ admin.id }}}}"
      - wait_for: {{check: "is_approver('admin@example.com')", timeout: 2}}
checks:
  - {{name: own check, code: "is_approver('admin@example.com')"}}
---
"""


@pytest.fixture
def folder(tmp_path):
    shared = tmp_path / "scenarios" / "_shared"
    shared.mkdir(parents=True)
    (shared / "people.yaml").write_text(FRAGMENT)
    (shared / "okta.py").write_text(LIBRARY)
    (shared / "README.md").write_text("Not a scenario.\n")
    team = tmp_path / "scenarios" / "team"
    team.mkdir()
    (team / "approver.md").write_text(
        SCENARIO.format(id="approver", include="people.yaml, okta.py")
    )
    return tmp_path / "scenarios"


def test_fragments_and_libraries_are_merged_in(folder):
    (scenario,) = load_dir(folder)
    assert scenario.universe.fixtures == {"slack": {"users": 3, "messages": 1}}
    assert scenario.universe.setup[0]["save_as"] == "approvers"
    assert [c.name for c in scenario.checks] == ["own check", "approvers exist"]
    assert scenario.sut.grant == ["okta.api_token"]
    assert "def is_approver" in scenario.library
    trajectory = run([scenario], None).trajectories[0]
    assert trajectory.satisfied, (trajectory.error, trajectory.verdicts)


def test_a_missing_include_points_at_its_line(folder):
    (folder / "team" / "approver.md").write_text(
        SCENARIO.format(id="approver", include="people.yaml, nowhere.yaml")
    )
    with pytest.raises(ScenarioError) as caught:
        load_dir(folder)
    assert caught.value.line == 6 and "no file 'nowhere.yaml'" in caught.value.message


def test_an_include_cannot_leave_the_shared_folder(folder):
    (folder / "secret.yaml").write_text("setup: []\n")
    (folder / "team" / "approver.md").write_text(
        SCENARIO.format(id="approver", include="../secret.yaml")
    )
    with pytest.raises(ScenarioError, match=r"no file '\.\./secret\.yaml'"):
        load_dir(folder)


def test_a_fragment_with_unknown_keys_is_refused(folder):
    (folder / "_shared" / "people.yaml").write_text("actors: []\n")
    with pytest.raises(ScenarioError, match="a mapping of"):
        load_dir(folder)
