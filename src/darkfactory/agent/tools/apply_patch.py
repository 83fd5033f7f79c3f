"""apply_patch (§3.4, OpenAI profile): create, delete, update and move files with one v4a
patch (Appendix A); the format itself lives in ``patch``."""

from __future__ import annotations

from typing import Any

from darkfactory.agent.environment import ExecutionEnvironment
from darkfactory.agent.registry import RegisteredTool
from darkfactory.agent.tools import patch
from darkfactory.agent.tools.common import make_tool

DESCRIPTION = """\
Apply code changes using the patch format. Supports creating, deleting, and modifying files \
in a single operation. The patch is checked completely before anything is written.

*** Begin Patch
*** Add File: path/new.py
+line of the new file
*** Delete File: path/old.py
*** Update File: path/main.py
*** Move to: path/renamed.py   (optional)
@@ def main():   (a line near the change, to locate it)
 context line (unchanged, prefixed with a space)
-removed line
+added line
*** End Patch

Show 3 lines of context above and below each change; use one @@ hunk per changed region. \
Paths are relative to the working directory."""
PROPERTIES = {"patch": {"type": "string", "description": "The patch content in v4a format"}}


def apply_patch(arguments: dict[str, Any], env: ExecutionEnvironment) -> str:
    return patch.apply_patch(arguments["patch"], env)


def apply_patch_tool() -> RegisteredTool:
    return make_tool("apply_patch", DESCRIPTION, PROPERTIES, ["patch"], apply_patch)
