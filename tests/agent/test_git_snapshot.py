"""The git snapshot a session starts with: one process inside a work tree, none outside one."""

from __future__ import annotations

import pytest
from tests.agent.test_dod_9_8_system_prompts import git

from darkfactory.agent.environment import DelegatingEnvironment, LocalExecutionEnvironment
from darkfactory.agent.prompts import git_context


class Counting(DelegatingEnvironment):
    """A local environment that counts the commands it is asked to run."""

    def __init__(self, root) -> None:
        super().__init__(LocalExecutionEnvironment(root))
        self.commands: list[str] = []

    def exec_command(self, command, timeout_ms, working_dir=None, env_vars=None):
        self.commands.append(command)
        return super().exec_command(command, timeout_ms, working_dir, env_vars)


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    for n in range(12):
        (root / "a.py").write_text(f"a = {n}\n")
        git(root, "add", "a.py")
        git(root, "commit", "-q", "-m", f"Change {n}")
    return root


def test_outside_a_work_tree_no_process_is_started(tmp_path, monkeypatch):
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.delenv("GIT_WORK_TREE", raising=False)
    env = Counting(tmp_path)
    assert git_context(env) is None
    assert env.commands == []


def test_inside_a_work_tree_one_process_reads_the_whole_snapshot(repo):
    (repo / "a.py").write_text("a = 'changed'\n")
    (repo / "new.txt").write_text("?")
    (repo / "other.txt").write_text("?")
    env = Counting(repo)
    snapshot = git_context(env)
    assert len(env.commands) == 1
    assert snapshot.root == str(repo)
    assert snapshot.branch == "main"
    assert (snapshot.modified, snapshot.untracked) == (1, 2)
    assert len(snapshot.recent_commits) == 10
    assert snapshot.recent_commits[0].endswith("Change 11")


def test_a_subfolder_and_a_linked_worktree_are_found_through_their_parents(repo, tmp_path):
    (repo / "pkg" / "deep").mkdir(parents=True)
    assert git_context(Counting(repo / "pkg" / "deep")).root == str(repo)
    linked = tmp_path / "linked"
    git(repo, "worktree", "add", "-q", "-b", "feature", str(linked))
    assert (linked / ".git").is_file()
    (linked / "pkg").mkdir()
    snapshot = git_context(Counting(linked / "pkg"))
    assert (snapshot.root, snapshot.branch) == (str(linked), "feature")


def test_a_detached_head_and_a_repository_without_commits(repo, tmp_path):
    git(repo, "checkout", "-q", "--detach", "HEAD~1")
    detached = git_context(Counting(repo))
    assert detached.branch == "(detached)"
    assert detached.recent_commits[0].endswith("Change 10")
    empty = tmp_path / "empty"
    empty.mkdir()
    git(empty, "init", "-q", "-b", "trunk")
    (empty / "x.txt").write_text("x")
    fresh = git_context(Counting(empty))
    assert (fresh.branch, fresh.recent_commits, fresh.untracked) == ("trunk", [], 1)


def test_a_repository_named_by_a_variable_is_asked_for_wherever_the_session_runs(
    repo, tmp_path, monkeypatch
):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("GIT_DIR", str(repo / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(repo))
    env = Counting(elsewhere)
    snapshot = git_context(env)
    assert len(env.commands) == 1
    assert snapshot.root == str(repo) and snapshot.branch == "main"
