"""§9.4 Execution environment: the local implementation's file, command and search operations,
command timeouts (default, per call, SIGTERM then SIGKILL), variable filtering, and custom
environments behind the same interface."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from darkfactory.agent.environment import (
    DirEntry,
    ExecResult,
    ExecutionEnvironment,
    GrepOptions,
    LocalExecutionEnvironment,
    LoggingExecutionEnvironment,
    ReadOnlyExecutionEnvironment,
    filtered_environment,
    python_grep,
)
from darkfactory.agent.registry import ToolRegistry
from darkfactory.agent.tools import anthropic_tools, core_tools, gemini_tools, openai_tools
from darkfactory.agent.tools.shell import shell_tool
from darkfactory.llm.types import ToolCall


@pytest.fixture
def env(tmp_path) -> LocalExecutionEnvironment:
    return LocalExecutionEnvironment(tmp_path)


def alive(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie awaiting its reaper counts as dead)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def ends(pid: int) -> bool:
    """Whether ``pid`` is dead within a few seconds (a killed process takes a moment to go)."""
    deadline = time.monotonic() + 5
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    return not alive(pid)


# -- 9.4.1 file and command operations


def test_dod_9_4_1_file_operations_resolve_against_working_directory(env, tmp_path):
    env.write_file("pkg/mod.py", "one\ntwo\nthree\n")
    assert (tmp_path / "pkg" / "mod.py").read_text() == "one\ntwo\nthree\n"
    assert env.file_exists("pkg/mod.py") and env.file_exists(str(tmp_path / "pkg"))
    assert not env.file_exists("pkg/other.py")
    assert env.read_text(str(tmp_path / "pkg" / "mod.py")) == "one\ntwo\nthree\n"
    env.delete_file("pkg/mod.py")
    assert not (tmp_path / "pkg" / "mod.py").exists()
    with pytest.raises(FileNotFoundError, match="File not found"):
        env.delete_file("pkg/mod.py")


def test_dod_9_4_1_read_file_numbers_lines_with_offset_and_limit(env):
    env.write_file("f.txt", "".join(f"row {i}\n" for i in range(1, 13)))
    assert env.read_file("f.txt").split("\n")[:2] == [" 1 | row 1", " 2 | row 2"]
    assert env.read_file("f.txt", offset=9, limit=2) == " 9 | row 9\n10 | row 10"
    assert env.read_file("f.txt", offset=12) == "12 | row 12"
    assert env.read_file("f.txt", offset=20) == ""
    env.write_file("crlf.txt", "page\x0cbreak\r\nnext\u2028same line\r\n")
    assert env.read_file("crlf.txt") == "1 | page\x0cbreak\n2 | next\u2028same line"


def test_dod_9_4_1_read_errors_are_clear(env, tmp_path):
    (tmp_path / "blob.bin").write_bytes(b"\x89PNG\r\n\x1a\n\0\0")
    (tmp_path / "folder").mkdir()
    with pytest.raises(FileNotFoundError, match=r"File not found: .*missing\.txt"):
        env.read_file("missing.txt")
    with pytest.raises(ValueError, match="binary file"):
        env.read_file("blob.bin")
    with pytest.raises(IsADirectoryError, match="is a directory"):
        env.read_file("folder")


def test_dod_9_4_1_list_directory_to_a_depth(env):
    env.write_file("a/b/c.txt", "12345")
    env.write_file("top.txt", "1")
    assert env.list_directory(".") == [DirEntry("a", True, None), DirEntry("top.txt", False, 1)]
    assert [e.name for e in env.list_directory(".", depth=3)] == [
        "a",
        "a/b",
        "a/b/c.txt",
        "top.txt",
    ]
    assert env.list_directory("a", depth=2)[-1] == DirEntry("b/c.txt", False, 5)
    with pytest.raises(NotADirectoryError):
        env.list_directory("top.txt")


def test_dod_9_4_1_exec_command_captures_both_streams(env, tmp_path):
    (tmp_path / "sub").mkdir()
    result = env.exec_command("pwd; echo oops >&2; exit 3", 5_000, working_dir="sub")
    assert result.stdout == f"{tmp_path / 'sub'}\n" and result.stderr == "oops\n"
    assert result.exit_code == 3 and not result.timed_out and result.duration_ms >= 0
    assert env.exec_command("echo $GREETING", 5_000, env_vars={"GREETING": "hi"}).stdout == "hi\n"
    assert env.exec_command("echo $BASH_VERSION", 5_000).stdout.strip()  # /bin/bash -c


def test_dod_9_4_1_glob_newest_first(env, tmp_path):
    for age, name in enumerate(["new.py", "src/mid.py", "src/deep/old.py"]):
        env.write_file(name, "")
        os.utime(tmp_path / name, (1_000_000 - age * 100, 1_000_000 - age * 100))
    env.write_file("notes.txt", "")
    assert env.glob("**/*.py") == [
        str(tmp_path / p) for p in ("new.py", "src/mid.py", "src/deep/old.py")
    ]
    assert env.glob("*.py", "src") == [str(tmp_path / "src" / "mid.py")]
    with pytest.raises(FileNotFoundError):
        env.glob("*.py", "nowhere")
    with pytest.raises(ValueError, match="relative"):
        env.glob("/etc/*")


def grep_tree(root: Path) -> None:
    (root / "src").mkdir()
    (root / "src" / "app.py").write_text("import os\nTODO: fix\nprint('todo later')\n")
    (root / "src" / "notes.md").write_text("TODO: write docs\n")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("TODO hidden\n")
    (root / "image.bin").write_bytes(b"TODO\0binary")


def test_dod_9_4_1_grep_python_fallback(tmp_path):
    grep_tree(tmp_path)
    app, notes = tmp_path / "src" / "app.py", tmp_path / "src" / "notes.md"
    assert python_grep("TODO", tmp_path, GrepOptions()) == [
        f"{app}:2:TODO: fix",
        f"{notes}:1:TODO: write docs",
    ]
    insensitive = python_grep(
        "todo", tmp_path, GrepOptions(case_insensitive=True, glob_filter="*.py")
    )
    assert insensitive == [f"{app}:2:TODO: fix", f"{app}:3:print('todo later')"]
    assert python_grep("o", app, GrepOptions(max_results=2)) == [
        f"{app}:1:import os",
        f"{app}:3:print('todo later')",
    ]
    with pytest.raises(ValueError, match="Invalid regex"):
        python_grep("(unclosed", tmp_path, GrepOptions())


def test_dod_9_4_1_grep_through_the_environment(env, tmp_path, monkeypatch):
    grep_tree(tmp_path)
    monkeypatch.setattr(shutil, "which", lambda name: None)  # the fallback, whatever is installed
    found = env.grep("TODO", "src", GrepOptions(max_results=1))
    assert found == f"{tmp_path / 'src' / 'app.py'}:2:TODO: fix"
    assert env.grep("absent", ".", GrepOptions()) == ""
    with pytest.raises(FileNotFoundError, match="Path not found"):
        env.grep("x", "nowhere", GrepOptions())


def test_dod_9_4_1_grep_prefers_ripgrep(env, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (tmp_path / "src").mkdir()
    fake = bin_dir / "rg"  # answers like ripgrep and records how it was asked
    fake.write_text(
        '#!/bin/sh\nprintf "%s\\n" "$@" > "$(dirname "$0")/argv"\n'
        'case "$*" in *"("*) echo "regex parse error" >&2; exit 2;; esac\n'
        'case "$*" in *"boom"*) echo "rg: broken pipe" >&2; exit 2;; esac\n'
        "printf 'a.py:1:x\\nb.py:2:x\\nc.py:3:x\\n'\n"
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    found = env.grep(
        "x", "src", GrepOptions(glob_filter="*.py", case_insensitive=True, max_results=2)
    )
    assert found == "a.py:1:x\nb.py:2:x"
    argv = (bin_dir / "argv").read_text().splitlines()
    flags = ["--line-number", "--no-heading", "--color", "never", "--sort", "path", "--ignore-case"]
    assert argv == [*flags, "--glob", "*.py", "--regexp", "x", str(tmp_path / "src")]
    with pytest.raises(ValueError, match=r"Invalid regex '\(': regex parse error"):
        env.grep("(", ".", GrepOptions())
    with pytest.raises(ValueError, match="grep failed: rg: broken pipe"):
        env.grep("boom", ".", GrepOptions())


@pytest.mark.skipif(not shutil.which("rg"), reason="ripgrep is not installed")
def test_dod_9_4_1_grep_with_ripgrep(env, tmp_path):
    grep_tree(tmp_path)
    found = env.grep("todo", ".", GrepOptions(case_insensitive=True, glob_filter="*.py"))
    assert found.splitlines() == [
        f"{tmp_path / 'src' / 'app.py'}:2:TODO: fix",
        f"{tmp_path / 'src' / 'app.py'}:3:print('todo later')",
    ]
    with pytest.raises(ValueError, match="Invalid regex '\\(unclosed': error: unclosed group"):
        env.grep("(unclosed", ".", GrepOptions())


def test_dod_9_4_1_metadata_and_lifecycle(env, tmp_path):
    env.initialize()
    assert env.working_directory() == str(tmp_path.resolve())
    assert env.platform() == "linux" and env.os_version().startswith("Linux ")
    with pytest.raises(NotADirectoryError):
        LocalExecutionEnvironment(tmp_path / "absent").initialize()


# -- 9.4.2 / 9.4.3 timeouts


class RecordingEnvironment(LocalExecutionEnvironment):
    def __init__(self, root):
        super().__init__(root)
        self.timeouts: list[int] = []

    def exec_command(self, command, timeout_ms, working_dir=None, env_vars=None):
        self.timeouts.append(timeout_ms)
        return super().exec_command(command, timeout_ms, working_dir, env_vars)


def run_shell(tools, env, **arguments):
    return ToolRegistry(tools).execute(ToolCall("c", "shell", arguments), env)


def test_dod_9_4_2_default_command_timeout_is_10_seconds(tmp_path):
    env = RecordingEnvironment(tmp_path)
    for tools in (core_tools(), openai_tools(), gemini_tools(), [shell_tool()]):
        assert not run_shell(tools, env, command="true").is_error
    run_shell(anthropic_tools(), env, command="true")  # Claude Code's convention (§3.5)
    assert env.timeouts == [10_000, 10_000, 10_000, 10_000, 120_000]


def test_dod_9_4_3_timeout_overridable_per_call(tmp_path):
    env = RecordingEnvironment(tmp_path)
    run_shell(core_tools(), env, command="true", timeout_ms=2_500)
    run_shell(core_tools(), env, command="true", timeout_ms=10_000_000)  # capped at the maximum
    run_shell([shell_tool(1_000, max_timeout_ms=5_000)], env, command="true", timeout_ms=9_000)
    assert env.timeouts == [2_500, 600_000, 5_000]


@pytest.mark.timeout(15)
def test_dod_9_4_3_shell_timeout_reports_partial_output(tmp_path):
    outcome = run_shell(core_tools(), LocalExecutionEnvironment(tmp_path),
                        command="echo started; sleep 30", timeout_ms=300)  # fmt: skip
    assert outcome.is_error
    assert outcome.output.startswith("started\n")
    assert outcome.output.endswith(
        "[ERROR: Command timed out after 300ms. Partial output is shown above.\n"
        "You can retry with a longer timeout by setting the timeout_ms parameter.]"
    )


# -- 9.4.4 SIGTERM, then SIGKILL


@pytest.mark.timeout(15)
def test_dod_9_4_4_timed_out_process_group_is_terminated(env, tmp_path):
    result = env.exec_command("sleep 30 & echo $$ $! > pids; wait", 300)
    assert result.timed_out and result.exit_code < 0
    shell_pid, sleep_pid = map(int, (tmp_path / "pids").read_text().split())
    assert ends(shell_pid) and ends(sleep_pid)


@pytest.mark.timeout(15)
def test_dod_9_4_4_sigterm_comes_first(env):
    trapping = "trap 'echo got SIGTERM; exit 0' TERM; sleep 30 & wait"
    result = env.exec_command(trapping, 1_000)  # time enough to set the trap first
    assert result.timed_out and result.stdout == "got SIGTERM\n" and result.exit_code == 0


@pytest.mark.timeout(15)
def test_dod_9_4_4_sigkill_when_sigterm_is_ignored(env, tmp_path):
    result = env.exec_command("trap '' TERM; sleep 30 & echo $! > pid; wait; wait", 1_000)
    assert result.timed_out and result.exit_code == -9
    assert ends(int((tmp_path / "pid").read_text()))


@pytest.mark.timeout(15)
def test_dod_9_4_4_cleanup_stops_running_commands(env, tmp_path):
    results: list[ExecResult] = []
    worker = threading.Thread(
        target=lambda: results.append(env.exec_command("touch ready; exec sleep 30", 60_000))
    )
    worker.start()
    while not (tmp_path / "ready").exists():
        worker.join(0.01)
    env.cleanup()
    worker.join(10)
    assert results and results[0].exit_code == -15 and not results[0].timed_out


# -- 9.4.5 variable filtering


SECRETS = {
    "OPENAI_API_KEY": "sk-1",
    "stripe_secret": "s2",
    "GITHUB_TOKEN": "t3",
    "DB_PASSWORD": "p4",
    "AWS_CREDENTIAL": "c5",
}


def exported(env: LocalExecutionEnvironment) -> dict[str, str]:
    lines = env.exec_command("env -0", 5_000).stdout.split("\0")
    return dict(line.split("=", 1) for line in lines if "=" in line)


def test_dod_9_4_5_sensitive_variables_excluded_by_default(tmp_path, monkeypatch):
    for name, value in {**SECRETS, "PROJECT_MODE": "dev", "TOKENIZER": "bpe"}.items():
        monkeypatch.setenv(name, value)
    seen = exported(LocalExecutionEnvironment(tmp_path))
    assert not set(SECRETS) & set(seen)
    assert seen["PROJECT_MODE"] == "dev" and seen["TOKENIZER"] == "bpe"
    assert seen["PATH"] == os.environ["PATH"] and seen["HOME"] == os.environ["HOME"]


def test_dod_9_4_5_env_policies(tmp_path, monkeypatch):
    monkeypatch.setenv("PROJECT_MODE", "dev")
    monkeypatch.setenv("GOPATH", "/go")
    source = {**os.environ}
    core = filtered_environment("inherit_core", source)
    assert core["PATH"] == os.environ["PATH"] and core["GOPATH"] == "/go"
    assert "PROJECT_MODE" not in core
    assert filtered_environment("inherit_none", source) == {}
    clean = LocalExecutionEnvironment(tmp_path, env_policy="inherit_none")
    assert (
        clean.exec_command("echo ${PROJECT_MODE:-unset}", 5_000, env_vars={"A": "1"}).stdout
        == "unset\n"
    )
    with pytest.raises(ValueError, match="unknown env policy"):
        LocalExecutionEnvironment(tmp_path, env_policy="inherit_some")


# -- 9.4.6 custom environments


class MemoryEnvironment(ExecutionEnvironment):
    """A consumer's environment: files in a dict, commands answered by a callback."""

    def __init__(self):
        self.files: dict[str, str] = {}
        self.commands: list[str] = []

    def read_text(self, path):
        if path not in self.files:
            raise FileNotFoundError(f"File not found: {path}")
        return self.files[path]

    def write_file(self, path, content):
        self.files[path] = content

    def file_exists(self, path):
        return path in self.files

    def list_directory(self, path, depth=1):
        return [DirEntry(name, False, len(text)) for name, text in sorted(self.files.items())]

    def exec_command(self, command, timeout_ms, working_dir=None, env_vars=None):
        self.commands.append(command)
        if command.startswith("rm -f -- "):
            self.files.pop(command.removeprefix("rm -f -- "), None)
        return ExecResult("ran\n", "", 0, False, 1)

    def grep(self, pattern, path, options=None):
        return "\n".join(
            f"{p}:{n}:{line}"
            for p, text in self.files.items()
            for n, line in enumerate(text.splitlines(), 1)
            if pattern in line
        )

    def glob(self, pattern, path=None):
        return sorted(self.files)

    def working_directory(self):
        return "/memory"

    def platform(self):
        return "wasm"

    def os_version(self):
        return "memfs 1"


def test_dod_9_4_6_tools_run_on_a_custom_environment():
    env = MemoryEnvironment()
    registry = ToolRegistry([*openai_tools(), *anthropic_tools()])

    def run(name, **arguments):
        outcome = registry.execute(ToolCall("c", name, arguments), env)
        assert not outcome.is_error, outcome.output
        return outcome.output

    run("write_file", file_path="a.txt", content="alpha\nbeta\n")
    assert run("read_file", file_path="a.txt") == "1 | alpha\n2 | beta"
    run("edit_file", file_path="a.txt", old_string="beta", new_string="gamma")
    run(
        "apply_patch",
        patch="*** Begin Patch\n*** Add File: b.txt\n+new\n*** Delete File: a.txt\n*** End Patch",
    )
    assert env.files == {"b.txt": "new\n"} and env.commands == ["rm -f -- a.txt"]
    assert run("shell", command="make") == "ran\nExit code: 0 (1ms)"
    assert run("grep", pattern="new") == "b.txt:1:new"


def test_dod_9_4_6_environments_compose(env, tmp_path):
    log: list[str] = []
    logged = LoggingExecutionEnvironment(env, log.append)
    assert logged.exec_command("exit 4", 5_000).exit_code == 4
    assert log[0] == "exec: exit 4" and log[1].startswith("exit: 4 in ")
    read_only = ReadOnlyExecutionEnvironment(logged)
    env.write_file("kept.txt", "x")
    with pytest.raises(PermissionError, match="read-only mode"):
        read_only.write_file("kept.txt", "y")
    with pytest.raises(PermissionError, match="read-only mode"):
        read_only.delete_file("kept.txt")
    assert read_only.read_file("kept.txt") == "1 | x" and read_only.platform() == "linux"
    outcome = ToolRegistry(core_tools()).execute(
        ToolCall("c", "write_file", {"file_path": "kept.txt", "content": "z"}), read_only
    )
    assert outcome.is_error and outcome.output == "Write operations are disabled in read-only mode"
    assert (tmp_path / "kept.txt").read_text() == "x"
