"""The v4a patch format (Appendix A): parsing a patch into file operations, locating hunks in
a file (exactly, then ignoring trailing and surrounding whitespace, then punctuation style),
and applying a whole patch to an environment, all operations checked before any is written."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field

from darkfactory.agent.environment import ExecutionEnvironment
from darkfactory.agent.registry import ToolError
from darkfactory.agent.tools.fuzzy import canonical

BEGIN, END, END_OF_FILE = "*** Begin Patch", "*** End Patch", "*** End of File"
ADD, DELETE, UPDATE, MOVE = "*** Add File:", "*** Delete File:", "*** Update File:", "*** Move to:"
HUNK_PREFIXES = (" ", "-", "+")


class PatchError(ToolError):
    """A patch that cannot be parsed or applied; ``line`` is the patch line at fault, if any."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(f"Invalid patch, line {line}: {message}" if line else message)
        self.line = line


@dataclass
class Hunk:
    line: int  # where the hunk starts in the patch
    hint: str | None = None
    lines: list[tuple[str, str]] = field(default_factory=list)  # (prefix, text)
    end_of_file: bool = False

    @property
    def old(self) -> list[str]:
        return [text for prefix, text in self.lines if prefix != "+"]

    @property
    def new(self) -> list[str]:
        return [text for prefix, text in self.lines if prefix != "-"]


@dataclass
class AddFile:
    path: str
    content: str


@dataclass
class DeleteFile:
    path: str


@dataclass
class UpdateFile:
    path: str
    move_to: str | None = None
    hunks: list[Hunk] = field(default_factory=list)


Operation = AddFile | DeleteFile | UpdateFile


def header_path(line: str, header: str, number: int) -> str:
    path = line[len(header) :].strip()
    if not path:
        raise PatchError(f"{header!r} needs a file path", number)
    return path


class Parser:
    """Reads the operations between "*** Begin Patch" and "*** End Patch"."""

    def __init__(self, lines: list[str], start: int, end: int):
        self.lines, self.at, self.end = lines, start, end
        self.blank_lines = 0  # empty lines seen in a hunk, not yet known to be inside it

    def line(self) -> str | None:
        return self.lines[self.at] if self.at < self.end else None

    @property
    def number(self) -> int:
        return self.at + 1

    def operations(self) -> list[Operation]:
        operations: list[Operation] = []
        while (line := self.line()) is not None:
            if line.startswith(ADD):
                operations.append(self.add_file(header_path(line, ADD, self.number)))
            elif line.startswith(DELETE):
                operations.append(DeleteFile(header_path(line, DELETE, self.number)))
                self.at += 1
            elif line.startswith(UPDATE):
                operations.append(self.update_file(header_path(line, UPDATE, self.number)))
            else:
                raise PatchError(
                    f"expected '{ADD} <path>', '{DELETE} <path>' or '{UPDATE} <path>', "
                    f"got {line!r}",
                    self.number,
                )
        return operations

    def add_file(self, path: str) -> AddFile:
        self.at += 1
        added = []
        while (line := self.line()) is not None and line.startswith("+"):
            added.append(line[1:])
            self.at += 1
        return AddFile(path, "".join(f"{text}\n" for text in added))

    def update_file(self, path: str) -> UpdateFile:
        update = UpdateFile(path)
        header_line = self.number
        self.at += 1
        self.blank_lines = 0
        if (line := self.line()) is not None and line.startswith(MOVE):
            update.move_to = header_path(line, MOVE, self.number)
            self.at += 1
        while (line := self.line()) is not None and not line.startswith((ADD, DELETE, UPDATE)):
            self.hunk_line(update, line)
            self.at += 1
        for hunk in update.hunks:
            if not hunk.lines:
                raise PatchError(f"empty hunk in the update of {path}", hunk.line)
        if not update.hunks and update.move_to is None:
            raise PatchError(f"update of {path} has no hunks", header_line)
        return update

    def hunk_line(self, update: UpdateFile, line: str) -> None:
        """Read one line of an update's hunks. An empty line is an empty context line whose
        leading space was lost, unless it trails the hunk (before "@@", a header or the end)."""
        if line == "":
            self.blank_lines += 1
            return
        blank_lines, self.blank_lines = self.blank_lines, 0
        if line.startswith("@@"):
            update.hunks.append(Hunk(self.number, line[2:].strip() or None))
            return
        if not update.hunks:  # a first hunk may leave out its "@@" line
            update.hunks.append(Hunk(self.number))
        hunk = update.hunks[-1]
        if line.rstrip() == END_OF_FILE:
            hunk.end_of_file = True
        elif hunk.end_of_file:
            raise PatchError(f"{END_OF_FILE!r} must end its hunk; start a new one with '@@'",
                             self.number)  # fmt: skip
        elif line.startswith(HUNK_PREFIXES):
            hunk.lines += [(" ", "")] * blank_lines + [(line[0], line[1:])]
        else:
            raise PatchError(
                f"hunk lines start with ' ' (context), '-' (remove) or '+' (add); got {line!r}",
                self.number,
            )


def parse_patch(text: str) -> list[Operation]:
    """The operations of a v4a patch, in order; PatchError (with the line) if malformed."""
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled or lines[filled[0]].strip() != BEGIN:
        raise PatchError(f"a patch starts with {BEGIN!r}", filled[0] + 1 if filled else 1)
    if len(filled) < 2 or lines[filled[-1]].strip() != END:
        raise PatchError(f"a patch ends with {END!r}", filled[-1] + 1)
    return Parser(lines, filled[0] + 1, filled[-1]).operations()


# Line comparisons, strictest first: a hunk is matched by the first that finds it.
COMPARISONS: tuple[Callable[[str], str], ...] = (
    lambda s: s,
    str.rstrip,
    str.strip,
    canonical,
)


def find_lines(lines: list[str], wanted: list[str], start: int, at_end: bool) -> int | None:
    """Where ``wanted`` occurs in ``lines`` at or after ``start`` (at the very end first, when
    ``at_end``), under the strictest comparison that finds it."""
    last = len(lines) - len(wanted)
    candidates = range(start, last + 1)
    if at_end and last >= start:
        candidates = [last, *candidates]
    for compare in COMPARISONS:
        target = [compare(line) for line in wanted]
        compared = [compare(line) for line in lines]
        for i in candidates:
            if compared[i : i + len(wanted)] == target:
                return i
    return None


def find_hint(lines: list[str], hint: str, start: int) -> int | None:
    """The first line at or after ``start`` that is, or else contains, the ``@@`` hint."""
    found = find_lines(lines, [hint], start, at_end=False)
    if found is None:
        found = next((i for i in range(start, len(lines)) if hint.strip() in lines[i]), None)
    return found


def locate(lines: list[str], hunk: Hunk, cursor: int) -> int | None:
    """Where ``hunk`` applies: its old lines searched from its hint (when found), else from
    the cursor; a hunk that only adds lines goes after its hint, or at the end of the file."""
    hinted = find_hint(lines, hunk.hint, cursor) if hunk.hint else None
    if not hunk.old:
        return len(lines) if hinted is None or hunk.end_of_file else hinted + 1
    for start in dict.fromkeys(s for s in (hinted, cursor) if s is not None):
        found = find_lines(lines, hunk.old, start, hunk.end_of_file)
        if found is not None:
            return found
    return None


def apply_hunks(text: str, hunks: list[Hunk], path: str) -> str:
    """``text`` with every hunk applied in order; PatchError naming the hunk that fails."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    edits: list[tuple[int, Hunk]] = []
    cursor = 0
    for hunk in hunks:
        at = locate(lines, hunk, cursor)
        if at is None:
            expected = "\n".join(hunk.old)
            raise PatchError(
                f"{path}: hunk at patch line {hunk.line} does not match the file; expected "
                f"these lines:\n{expected}\nRead the file and retry with its current content."
            )
        edits.append((at, hunk))
        cursor = at + len(hunk.old)
    for at, hunk in reversed(edits):
        lines[at : at + len(hunk.old)] = replacement(lines[at : at + len(hunk.old)], hunk)
    return "".join(f"{line}\n" for line in lines)


def replacement(matched: list[str], hunk: Hunk) -> list[str]:
    """The lines that replace a matched hunk: context lines as the file has them (they may
    differ in whitespace or punctuation), added lines as the patch has them."""
    original = iter(matched)
    result = []
    for prefix, text in hunk.lines:
        if prefix == "+":
            result.append(text)
        elif prefix == " ":
            result.append(next(original))
        else:
            next(original)
    return result


class StagedFiles:
    """The files a patch touches, as they will be once it applies: read through the
    environment on first use, then changed in memory until ``commit``."""

    def __init__(self, env: ExecutionEnvironment):
        self.env = env
        self.contents: dict[str, str | None] = {}  # None: deleted

    def get(self, path: str) -> str | None:
        key = posixpath.normpath(path)
        if key not in self.contents:
            exists = self.env.file_exists(key)
            self.contents[key] = self.env.read_text(key) if exists else None
        return self.contents[key]

    def set(self, path: str, content: str | None) -> None:
        self.contents[posixpath.normpath(path)] = content

    def commit(self) -> None:
        for path, content in self.contents.items():
            if content is not None:
                self.env.write_file(path, content)
            elif self.env.file_exists(path):
                self.env.delete_file(path)


def stage(operation: Operation, files: StagedFiles) -> str:
    """Apply one operation to the staged files; its line for the summary."""
    path = operation.path
    current = files.get(path)
    if isinstance(operation, AddFile):
        if current is not None:
            raise PatchError(f"cannot add {path}: it already exists (update it instead)")
        files.set(path, operation.content)
        return f"A {path}"
    if current is None:
        raise PatchError(f"cannot {'delete' if isinstance(operation, DeleteFile) else 'update'} "
                         f"{path}: file not found")  # fmt: skip
    if isinstance(operation, DeleteFile):
        files.set(path, None)
        return f"D {path}"
    updated = apply_hunks(current, operation.hunks, path) if operation.hunks else current
    target = operation.move_to or path
    if target != path:
        if files.get(target) is not None:
            raise PatchError(f"cannot move {path} to {target}: it already exists")
        files.set(path, None)
    files.set(target, updated)
    return f"M {path}" if target == path else f"M {path} -> {target}"


def apply_patch(text: str, env: ExecutionEnvironment) -> str:
    """Apply a v4a patch: every operation is checked against the files first, so a patch that
    fails changes nothing. Returns the files affected, one "A/M/D path" line each."""
    files = StagedFiles(env)
    summary = [stage(operation, files) for operation in parse_patch(text)]
    if not summary:
        raise PatchError("the patch contains no operations")
    files.commit()
    return "Success. Updated the following files:\n" + "\n".join(summary)
