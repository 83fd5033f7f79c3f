"""apply_patch and the v4a format (Appendix A): adding, deleting, updating and moving files,
multi-hunk updates, tolerant context matching, all-or-nothing application, and errors that
name the patch line at fault."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from darkfactory.agent.environment import LocalExecutionEnvironment
from darkfactory.agent.registry import ToolError, ToolRegistry
from darkfactory.agent.tools import apply_patch_tool
from darkfactory.agent.tools.patch import (
    AddFile,
    DeleteFile,
    Hunk,
    PatchError,
    UpdateFile,
    apply_hunks,
    apply_patch,
    parse_patch,
)
from darkfactory.llm.types import ToolCall

MAIN = 'def main():\n    print("Hello")\n    return 0\n'
CONFIG = (
    "import os\n\nDEFAULT_TIMEOUT = 30\nRETRIES = 3\n\n\ndef load_config():\n"
    '    config = {}\n    config["debug"] = False\n    return config\n'
)


def patch(*lines: str) -> str:
    return "\n".join(["*** Begin Patch", *lines, "*** End Patch"]) + "\n"


@pytest.fixture
def env(tmp_path) -> LocalExecutionEnvironment:
    return LocalExecutionEnvironment(tmp_path)


def test_parse_all_operations():
    operations = parse_patch(
        patch(
            "*** Add File: src/utils/helpers.py",
            "+def greet(name):",
            '+    return f"Hello, {name}!"',
            "*** Delete File: src/old_module.py",
            "*** Update File: old_name.py",
            "*** Move to: new_name.py",
            "@@ import os",
            " import sys",
            "-import old_dep",
            "+import new_dep",
            "*** End of File",
        )
    )
    hunk = Hunk(8, "import os", [(" ", "import sys"), ("-", "import old_dep"),
                                 ("+", "import new_dep")], end_of_file=True)  # fmt: skip
    assert operations == [
        AddFile("src/utils/helpers.py", 'def greet(name):\n    return f"Hello, {name}!"\n'),
        DeleteFile("src/old_module.py"),
        UpdateFile("old_name.py", "new_name.py", [hunk]),
    ]


def test_add_file(env, tmp_path):
    summary = apply_patch(patch("*** Add File: src/utils/helpers.py", "+def greet(name):",
                                '+    return f"Hello, {name}!"'), env)  # fmt: skip
    assert summary == "Success. Updated the following files:\nA src/utils/helpers.py"
    written = (tmp_path / "src" / "utils" / "helpers.py").read_text()
    assert written == 'def greet(name):\n    return f"Hello, {name}!"\n'


def test_delete_file(env, tmp_path):
    (tmp_path / "old.py").write_text("x = 1\n")
    assert apply_patch(patch("*** Delete File: old.py"), env).endswith("\nD old.py")
    assert not (tmp_path / "old.py").exists()


def test_update_file(env, tmp_path):
    (tmp_path / "main.py").write_text(MAIN)
    summary = apply_patch(patch("*** Update File: main.py", "@@ def main():",
                                '     print("Hello")', "-    return 0",
                                '+    print("World")', "+    return 1"), env)  # fmt: skip
    assert summary.endswith("\nM main.py")
    assert (tmp_path / "main.py").read_text() == (
        'def main():\n    print("Hello")\n    print("World")\n    return 1\n'
    )


def test_update_and_move(env, tmp_path):
    (tmp_path / "old_name.py").write_text("import os\nimport sys\nimport old_dep\n")
    summary = apply_patch(patch("*** Update File: old_name.py", "*** Move to: pkg/new_name.py",
                                "@@ import os", " import sys", "-import old_dep",
                                "+import new_dep"), env)  # fmt: skip
    assert summary.endswith("\nM old_name.py -> pkg/new_name.py")
    assert not (tmp_path / "old_name.py").exists()
    assert (
        tmp_path / "pkg" / "new_name.py"
    ).read_text() == "import os\nimport sys\nimport new_dep\n"


def test_multi_hunk_update(env, tmp_path):
    (tmp_path / "config.py").write_text(CONFIG)
    apply_patch(patch("*** Update File: config.py", "@@ DEFAULT_TIMEOUT = 30",
                      "-DEFAULT_TIMEOUT = 30", "+DEFAULT_TIMEOUT = 60", "@@ def load_config():",
                      "     config = {}", '-    config["debug"] = False',
                      '+    config["debug"] = True'), env)  # fmt: skip
    expected = CONFIG.replace("= 30", "= 60").replace("= False", "= True")
    assert (tmp_path / "config.py").read_text() == expected


def test_hunks_apply_in_order_to_repeated_lines():
    text = "def a():\n    return 0\n\ndef b():\n    return 0\n"
    hunks = parse_patch(patch("*** Update File: f.py", "@@ def b():", "-    return 0",
                              "+    return 2"))[0].hunks  # fmt: skip
    assert apply_hunks(text, hunks, "f.py") == "def a():\n    return 0\n\ndef b():\n    return 2\n"
    first_then_second = parse_patch(patch("*** Update File: f.py", "@@", "-    return 0",
                                          "+    return 1", "@@", "-    return 0",
                                          "+    return 2"))[0].hunks  # fmt: skip
    assert apply_hunks(text, first_then_second, "f.py") == (
        "def a():\n    return 1\n\ndef b():\n    return 2\n"
    )


def test_end_of_file_anchors_the_last_hunk():
    text = "x = 1\ny = 2\nx = 1\n"
    hunks = parse_patch(patch("*** Update File: f.py", "@@", "-x = 1", "+x = 9",
                              "*** End of File"))[0].hunks  # fmt: skip
    assert apply_hunks(text, hunks, "f.py") == "x = 1\ny = 2\nx = 9\n"


def test_pure_insertions_go_after_the_hint_or_at_the_end():
    text = "import os\n\ndef main():\n    pass\n"
    after_hint = parse_patch(patch("*** Update File: f.py", "@@ import os", "+import sys"))
    at_end = parse_patch(patch("*** Update File: f.py", "+# end"))
    assert apply_hunks(text, after_hint[0].hunks, "f.py") == text.replace(
        "os\n", "os\nimport sys\n"
    )
    assert apply_hunks(text, at_end[0].hunks, "f.py") == text + "# end\n"


def test_fuzzy_context_matching():
    text = "def greet():\n\tmessage = \u201chello\u201d   \n    return message\n"
    hunks = parse_patch(patch("*** Update File: f.py", "@@ def greet():",
                              '     message = "hello"', "-    return message",
                              "+    return message.upper()"))[0].hunks  # fmt: skip
    assert apply_hunks(text, hunks, "f.py").endswith("   \n    return message.upper()\n")
    trailing = parse_patch(patch("*** Update File: f.py", "-def greet():  ", "+def hello():"))
    assert apply_hunks(text, trailing[0].hunks, "f.py").startswith("def hello():\n\t")


def test_hint_may_be_part_of_a_line():
    text = "class Base:\n    x = 1\n\nclass Child(Base):\n    x = 1\n"
    hunks = parse_patch(patch("*** Update File: f.py", "@@ class Child", "-    x = 1",
                              "+    x = 2"))[0].hunks  # fmt: skip
    assert apply_hunks(text, hunks, "f.py") == text[:-2] + "2\n"


def test_empty_lines_in_a_hunk_count_as_context():
    text = "a\n\nb\n"
    hunks = parse_patch(patch("*** Update File: f.py", "@@", " a", "", "-b", "+c"))[0].hunks
    assert apply_hunks(text, hunks, "f.py") == "a\n\nc\n"


def test_blank_lines_trailing_a_hunk_are_not_context():
    text = "a\nb\n"
    operations = parse_patch(patch("*** Update File: f.py", "@@", " a", "-b", "+c", "", "",
                                   "*** Update File: g.py", "-x", "+y", ""))  # fmt: skip
    assert apply_hunks(text, operations[0].hunks, "f.py") == "a\nc\n"
    assert operations[1].hunks[0].lines == [("-", "x"), ("+", "y")]


def test_crlf_patch_and_surrounding_blank_lines():
    text = "\n\n" + patch("*** Add File: a.txt", "+x").replace("\n", "\r\n") + "\n\n"
    assert parse_patch(text) == [AddFile("a.txt", "x\n")]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 1, "starts with '*** Begin Patch'"),
        ("*** Add File: a\n+x\n", 1, "starts with '*** Begin Patch'"),
        ("*** Begin Patch\n*** Add File: a\n+x\n", 3, "ends with '*** End Patch'"),
        (patch("*** Frobnicate: a"), 2, "expected '*** Add File: <path>'"),
        (patch("*** Add File: a", "+x", "oops"), 4, "got 'oops'"),
        (patch("*** Add File:   "), 2, "needs a file path"),
        (patch("*** Update File: a", "@@", "?what"), 4, "hunk lines start with"),
        (patch("*** Update File: a", "@@ hint", "@@ other", "-x"), 3, "empty hunk"),
        (patch("*** Update File: a"), 2, "has no hunks"),
        (patch("*** Update File: a", "-x", "*** End of File", "-y"), 5, "must end its hunk"),
    ],
)
def test_parse_errors_name_the_line(text, line, message):
    with pytest.raises(PatchError, match=re.escape(message)) as caught:
        parse_patch(text)
    assert caught.value.line == line and str(caught.value).startswith(
        f"Invalid patch, line {line}:"
    )


def test_application_errors_change_nothing(env, tmp_path):
    (tmp_path / "main.py").write_text(MAIN)
    (tmp_path / "taken.py").write_text("")
    failing = {
        "cannot update missing.py: file not found": ("*** Update File: missing.py", "-x"),
        "cannot delete gone.py: file not found": ("*** Delete File: gone.py",),
        "cannot add main.py: it already exists": ("*** Add File: main.py", "+x"),
        "cannot move main.py to taken.py": ("*** Update File: main.py", "*** Move to: taken.py"),
        "does not match the file; expected these lines:\n    return 42": (
            "*** Update File: main.py", "@@", "-    return 42", "+    return 0"),
    }  # fmt: skip
    for message, operation in failing.items():
        with pytest.raises(PatchError, match=re.escape(message)):
            apply_patch(patch("*** Add File: new.py", "+x", *operation), env)
        assert not (tmp_path / "new.py").exists()
    assert (tmp_path / "main.py").read_text() == MAIN


def test_operations_see_earlier_ones(env, tmp_path):
    (tmp_path / "a.py").write_text("old\n")
    apply_patch(patch("*** Delete File: a.py", "*** Add File: a.py", "+new",
                      "*** Update File: a.py", "-new", "+newer"), env)  # fmt: skip
    assert (tmp_path / "a.py").read_text() == "newer\n"


def test_tool_reports_errors_as_results(env, tmp_path):
    registry = ToolRegistry([apply_patch_tool()])
    bad = registry.execute(ToolCall("c", "apply_patch", {"patch": "not a patch"}), env)
    assert (
        bad.is_error
        and bad.output == "Invalid patch, line 1: a patch starts with '*** Begin Patch'"
    )
    good = registry.execute(
        ToolCall("c", "apply_patch", {"patch": patch("*** Add File: x", "+1")}), env
    )
    assert not good.is_error and (tmp_path / "x").read_text() == "1\n"
    (tmp_path / "blob").write_bytes(b"\0\1")
    update_blob = {"patch": patch("*** Update File: blob", "-x")}
    binary = registry.execute(ToolCall("c", "apply_patch", update_blob), env)
    assert binary.is_error and "binary file" in binary.output


PATCH_LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "*** Begin Patch",
                "*** End Patch",
                "*** Add File: a",
                "*** Update File: a",
                "*** Delete File: a",
                "*** Move to: b",
                "*** End of File",
                "@@",
                "@@ x",
                "",
            ]
        ),
        st.text(alphabet=" +-@*xa\t\r", max_size=6),
        st.text(max_size=12),
    ),
    max_size=14,
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(PATCH_LINES)
def test_parser_fails_only_with_its_own_error(lines):
    for text in ("\n".join(lines), patch(*lines)):
        try:
            parse_patch(text)
        except PatchError as exc:
            assert isinstance(exc, ToolError) and str(exc)


@settings(max_examples=100, deadline=None)
@given(PATCH_LINES, st.text(alphabet="xab \n\t", max_size=40))
def test_hunks_apply_or_fail_only_with_a_patch_error(lines, text):
    try:
        operations = parse_patch(patch("*** Update File: f", *lines))
    except PatchError:
        return
    for operation in operations:
        if isinstance(operation, UpdateFile):
            try:
                apply_hunks(text, operation.hunks, operation.path)
            except PatchError as exc:
                assert "does not match the file" in str(exc)
