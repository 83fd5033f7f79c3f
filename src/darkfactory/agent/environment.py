"""Where tools run: the ExecutionEnvironment interface (§4.1), the local implementation (§4.2)
and wrappers that compose over any environment (§4.4)."""

from __future__ import annotations

import contextlib
import fnmatch
import logging
import os
import platform as platform_module
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KILL_GRACE_SECONDS = 2.0
SENSITIVE_PATTERNS = ("*_API_KEY", "*_SECRET", "*_TOKEN", "*_PASSWORD", "*_CREDENTIAL")
CORE_VARIABLES = (
    "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "LC_CTYPE", "TERM", "TMPDIR",
    "TZ", "GOPATH", "GOROOT", "CARGO_HOME", "RUSTUP_HOME", "NVM_DIR", "JAVA_HOME",
    "PYTHONPATH", "VIRTUAL_ENV", "PYENV_ROOT",
)  # fmt: skip
ENV_POLICIES = ("inherit_all", "inherit_core", "inherit_none")
BINARY_SNIFF_BYTES = 8192


@dataclass
class ExecResult:
    stdout: str
    stderr: str
    exit_code: int
    timed_out: bool
    duration_ms: int


@dataclass
class DirEntry:
    name: str  # path relative to the listed directory, "/"-separated
    is_dir: bool
    size: int | None


@dataclass
class GrepOptions:
    glob_filter: str | None = None
    case_insensitive: bool = False
    max_results: int = 100


def text_lines(text: str) -> list[str]:
    """The lines of ``text``, split at line feeds only (a form feed or U+2028 inside a line
    does not end it), without their line endings."""
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    return lines[:-1] if lines[-1] == "" else lines


def number_lines(text: str, offset: int | None = None, limit: int | None = None) -> str:
    """``text`` as "NNN | content" lines, from 1-based line ``offset``, at most ``limit`` lines;
    numbers are right-aligned to the widest one shown."""
    lines = text_lines(text)
    start = max((offset or 1) - 1, 0)
    shown = lines[start : start + limit if limit is not None else None]
    width = len(str(start + len(shown)))
    return "\n".join(f"{n:>{width}} | {line}" for n, line in enumerate(shown, start + 1))


class ExecutionEnvironment(ABC):
    """Every file, command and search operation a tool performs goes through one of these, so
    the same tools run locally, in a container, over SSH, or in memory.

    ``read_text`` (raw content) and ``delete_file`` go beyond §4.1: editing tools need the file
    as it is, and apply_patch deletes and moves files. ``read_file`` numbers ``read_text``'s
    lines and ``delete_file`` runs ``rm``, so an implementation need not write either."""

    @abstractmethod
    def read_text(self, path: str) -> str:
        """The file's content as text; FileNotFoundError, IsADirectoryError, or ValueError for
        a binary file."""

    def read_file(self, path: str, offset: int | None = None, limit: int | None = None) -> str:
        return number_lines(self.read_text(path), offset, limit)

    @abstractmethod
    def write_file(self, path: str, content: str) -> None: ...

    @abstractmethod
    def file_exists(self, path: str) -> bool: ...

    def delete_file(self, path: str) -> None:
        if not self.file_exists(path):
            raise FileNotFoundError(f"File not found: {path}")
        result = self.exec_command(f"rm -f -- {shlex.quote(path)}", 10_000)
        if result.exit_code != 0:
            raise PermissionError(f"Could not delete {path}: {result.stderr.strip()}")

    @abstractmethod
    def list_directory(self, path: str, depth: int = 1) -> list[DirEntry]: ...

    @abstractmethod
    def exec_command(
        self,
        command: str,
        timeout_ms: int,
        working_dir: str | None = None,
        env_vars: dict[str, str] | None = None,
    ) -> ExecResult: ...

    @abstractmethod
    def grep(self, pattern: str, path: str, options: GrepOptions | None = None) -> str:
        """Matching lines as "path:line:content", at most ``options.max_results``; "" for none."""

    @abstractmethod
    def glob(self, pattern: str, path: str | None = None) -> list[str]:
        """Matching file paths, most recently modified first."""

    def initialize(self) -> None:  # noqa: B027 (optional hook)
        """Prepare the environment; nothing to do by default."""

    def cleanup(self) -> None:  # noqa: B027 (optional hook)
        """Release the environment; nothing to do by default."""

    @abstractmethod
    def working_directory(self) -> str: ...

    @abstractmethod
    def platform(self) -> str: ...

    @abstractmethod
    def os_version(self) -> str: ...


def is_sensitive(name: str) -> bool:
    upper = name.upper()
    return any(fnmatch.fnmatchcase(upper, pattern) for pattern in SENSITIVE_PATTERNS)


def filtered_environment(policy: str, source: dict[str, str] | None = None) -> dict[str, str]:
    """The variables a command inherits under ``policy``: ``inherit_all`` keeps everything but
    secrets, ``inherit_core`` only the core variables, ``inherit_none`` nothing."""
    if policy not in ENV_POLICIES:
        raise ValueError(f"unknown env policy {policy!r}; expected one of {ENV_POLICIES}")
    source = dict(os.environ if source is None else source)
    if policy == "inherit_none":
        return {}
    if policy == "inherit_core":
        return {k: v for k, v in source.items() if k in CORE_VARIABLES}
    return {k: v for k, v in source.items() if k in CORE_VARIABLES or not is_sensitive(k)}


def signal_group(pgid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signum)


class LocalExecutionEnvironment(ExecutionEnvironment):
    """Runs everything on this machine: paths resolve against the working directory, commands
    run under ``/bin/bash -c`` in their own process group with filtered variables."""

    def __init__(self, working_dir: str | os.PathLike[str], env_policy: str = "inherit_all"):
        filtered_environment(env_policy, {})  # rejects an unknown policy now
        self.root = Path(working_dir).expanduser().resolve()
        self.env_policy = env_policy
        self._running: set[subprocess.Popen] = set()
        self._lock = threading.Lock()

    def resolve(self, path: str) -> Path:
        candidate = Path(path).expanduser()
        return candidate if candidate.is_absolute() else self.root / candidate

    # -- files

    def read_text(self, path: str) -> str:
        target = self.resolve(path)
        if not target.exists():
            raise FileNotFoundError(f"File not found: {target}")
        if target.is_dir():
            raise IsADirectoryError(f"{target} is a directory, not a file")
        data = target.read_bytes()
        if b"\0" in data[:BINARY_SNIFF_BYTES]:
            raise ValueError(f"{target} is a binary file ({len(data)} bytes)")
        return data.decode("utf-8", errors="replace")

    def write_file(self, path: str, content: str) -> None:
        target = self.resolve(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8", newline="")

    def file_exists(self, path: str) -> bool:
        return self.resolve(path).exists()

    def delete_file(self, path: str) -> None:
        target = self.resolve(path)
        if not target.is_file():
            raise FileNotFoundError(f"File not found: {target}")
        target.unlink()

    def list_directory(self, path: str, depth: int = 1) -> list[DirEntry]:
        base = self.resolve(path)
        if not base.is_dir():
            raise NotADirectoryError(f"Not a directory: {base}")
        return list(self._walk(base, base, max(depth, 1)))

    def _walk(self, base: Path, folder: Path, depth: int) -> Iterator[DirEntry]:
        for child in sorted(folder.iterdir(), key=lambda p: p.name):
            is_dir = child.is_dir()
            size = None if is_dir else child.stat().st_size
            yield DirEntry(child.relative_to(base).as_posix(), is_dir, size)
            if is_dir and depth > 1:
                yield from self._walk(base, child, depth - 1)

    # -- commands

    def exec_command(
        self,
        command: str,
        timeout_ms: int,
        working_dir: str | None = None,
        env_vars: dict[str, str] | None = None,
    ) -> ExecResult:
        env = {**filtered_environment(self.env_policy), **(env_vars or {})}
        cwd = self.resolve(working_dir) if working_dir else self.root
        started = time.monotonic()
        with self._lock:  # cleanup() sees every command that has started
            process = subprocess.Popen(
                ["/bin/bash", "-c", command], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
            )  # fmt: skip
            self._running.add(process)
        try:
            stdout, stderr = process.communicate(timeout=timeout_ms / 1000)
            timed_out = False
        except subprocess.TimeoutExpired:
            stdout, stderr = self._stop(process)
            timed_out = True
        finally:
            with self._lock:
                self._running.discard(process)
        return ExecResult(
            stdout.decode("utf-8", errors="replace"), stderr.decode("utf-8", errors="replace"),
            process.returncode, timed_out, round((time.monotonic() - started) * 1000),
        )  # fmt: skip

    def _stop(self, process: subprocess.Popen) -> tuple[bytes, bytes]:
        """SIGTERM to the process group, SIGKILL to whatever is left after the grace period;
        the output collected so far."""
        signal_group(process.pid, signal.SIGTERM)
        try:
            return process.communicate(timeout=KILL_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            pass
        finally:
            signal_group(process.pid, signal.SIGKILL)
        try:
            return process.communicate(timeout=KILL_GRACE_SECONDS)
        except subprocess.TimeoutExpired:  # a detached grandchild still holds the pipes
            for pipe in (process.stdout, process.stderr):
                pipe.close()
            process.wait()
            return b"", b""

    def cleanup(self) -> None:
        """Stop every command still running (SIGTERM, then SIGKILL after the grace period)."""
        with self._lock:
            running = list(self._running)
        for process in running:
            signal_group(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + KILL_GRACE_SECONDS
        for process in running:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(deadline - time.monotonic(), 0))
            signal_group(process.pid, signal.SIGKILL)

    def initialize(self) -> None:
        if not self.root.is_dir():
            raise NotADirectoryError(f"Working directory does not exist: {self.root}")

    # -- search

    def grep(self, pattern: str, path: str, options: GrepOptions | None = None) -> str:
        options = options or GrepOptions()
        base = self.resolve(path or ".")
        if not base.exists():
            raise FileNotFoundError(f"Path not found: {base}")
        if shutil.which("rg"):
            lines = self._ripgrep(pattern, base, options)
        else:
            lines = python_grep(pattern, base, options)
        return "\n".join(lines[: options.max_results])

    def _ripgrep(self, pattern: str, base: Path, options: GrepOptions) -> list[str]:
        args = ["rg", "--line-number", "--no-heading", "--color", "never", "--sort", "path"]
        args += ["--ignore-case"] if options.case_insensitive else []
        args += ["--glob", options.glob_filter] if options.glob_filter else []
        done = subprocess.run(
            [*args, "--regexp", pattern, str(base)], capture_output=True, text=True, check=False
        )
        if done.returncode > 1:
            error = done.stderr.strip()
            if "regex parse error" in error:  # the same answer as the Python search gives
                raise ValueError(f"Invalid regex {pattern!r}: {error.splitlines()[-1]}")
            raise ValueError(f"grep failed: {error}")
        return done.stdout.splitlines()

    def glob(self, pattern: str, path: str | None = None) -> list[str]:
        base = self.resolve(path or ".")
        if not base.is_dir():
            raise FileNotFoundError(f"Directory not found: {base}")
        if not pattern or Path(pattern).is_absolute():
            raise ValueError(f"glob pattern must be relative to the base directory: {pattern!r}")
        matches = [p for p in base.glob(pattern) if p.is_file()]
        matches.sort(key=lambda p: (-p.stat().st_mtime, str(p)))
        return [str(p) for p in matches]

    # -- metadata

    def working_directory(self) -> str:
        return str(self.root)

    def platform(self) -> str:
        return {"win32": "windows", "cygwin": "windows"}.get(sys.platform, sys.platform)

    def os_version(self) -> str:
        return f"{platform_module.system()} {platform_module.release()}"


def python_grep(pattern: str, base: Path, options: GrepOptions) -> list[str]:
    """The ripgrep fallback: "path:line:content" for each matching line of the text files
    under ``base`` (hidden folders skipped), in path order, stopping at ``max_results``."""
    try:
        regex = re.compile(pattern, re.IGNORECASE if options.case_insensitive else 0)
    except re.error as exc:
        raise ValueError(f"Invalid regex {pattern!r}: {exc}") from exc
    found: list[str] = []
    for file in searched_files(base, options.glob_filter):
        try:
            data = file.read_bytes()
        except OSError:
            continue
        if b"\0" in data[:BINARY_SNIFF_BYTES]:
            continue
        for number, line in enumerate(text_lines(data.decode("utf-8", errors="replace")), 1):
            if regex.search(line):
                found.append(f"{file}:{number}:{line}")
                if len(found) >= options.max_results:
                    return found
    return found


def searched_files(base: Path, glob_filter: str | None) -> Iterator[Path]:
    if base.is_file():
        yield base
        return
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if glob_filter is None or fnmatch.fnmatch(name, glob_filter):
                yield Path(folder, name)


class DelegatingEnvironment(ExecutionEnvironment):
    """Passes every operation to ``inner``; wrappers override the ones they change."""

    def __init__(self, inner: ExecutionEnvironment):
        self.inner = inner

    def read_text(self, path: str) -> str:
        return self.inner.read_text(path)

    def read_file(self, path: str, offset: int | None = None, limit: int | None = None) -> str:
        return self.inner.read_file(path, offset, limit)

    def write_file(self, path: str, content: str) -> None:
        self.inner.write_file(path, content)

    def file_exists(self, path: str) -> bool:
        return self.inner.file_exists(path)

    def delete_file(self, path: str) -> None:
        self.inner.delete_file(path)

    def list_directory(self, path: str, depth: int = 1) -> list[DirEntry]:
        return self.inner.list_directory(path, depth)

    def exec_command(self, command: str, timeout_ms: int, working_dir: str | None = None,
                     env_vars: dict[str, str] | None = None) -> ExecResult:  # fmt: skip
        return self.inner.exec_command(command, timeout_ms, working_dir, env_vars)

    def grep(self, pattern: str, path: str, options: GrepOptions | None = None) -> str:
        return self.inner.grep(pattern, path, options)

    def glob(self, pattern: str, path: str | None = None) -> list[str]:
        return self.inner.glob(pattern, path)

    def initialize(self) -> None:
        self.inner.initialize()

    def cleanup(self) -> None:
        self.inner.cleanup()

    def working_directory(self) -> str:
        return self.inner.working_directory()

    def platform(self) -> str:
        return self.inner.platform()

    def os_version(self) -> str:
        return self.inner.os_version()


class LoggingExecutionEnvironment(DelegatingEnvironment):
    """Logs each command and how it ended."""

    def __init__(self, inner: ExecutionEnvironment, log: Callable[[str], Any] | None = None):
        super().__init__(inner)
        self.log = log or logging.getLogger(__name__).info

    def exec_command(self, command: str, timeout_ms: int, working_dir: str | None = None,
                     env_vars: dict[str, str] | None = None) -> ExecResult:  # fmt: skip
        self.log(f"exec: {command}")
        result = self.inner.exec_command(command, timeout_ms, working_dir, env_vars)
        self.log(f"exit: {result.exit_code} in {result.duration_ms}ms")
        return result


class ReadOnlyExecutionEnvironment(DelegatingEnvironment):
    """Rejects file writes and deletions; commands still run."""

    def write_file(self, path: str, content: str) -> None:
        raise PermissionError("Write operations are disabled in read-only mode")

    def delete_file(self, path: str) -> None:
        raise PermissionError("Write operations are disabled in read-only mode")
