"""The Slack twin's layout: a method's handler is found from its name in one hop.

The rule (``methods/__init__.py``): the handler of ``a.b.c`` is in the module, or the folder, of
``methods/`` named by the longest start of the name that names one, its parts snake_cased and
joined by ``_``: ``admin.users.session.reset`` in ``admin_users.py``, ``files.remote.add`` in
``files_remote.py``, ``slackLists.items.list`` in ``slack_lists.py``, ``conversations.inviteShared``
in ``conversations/``.
"""

from __future__ import annotations

import re
from pathlib import Path

from darkfactory.twins.slack import methods
from darkfactory.twins.slack.api import METHODS

FOLDER = Path(methods.__file__).parent
PACKAGE = methods.__name__


def snake(part: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", part).lower()


def home(method: str) -> str:
    """The module (or folder) of ``methods/`` the rule names for ``method``."""
    parts = [snake(p) for p in method.split(".")[:-1]]
    for length in range(len(parts), 0, -1):
        name = "_".join(parts[:length])
        if (FOLDER / f"{name}.py").is_file() or (FOLDER / name / "__init__.py").is_file():
            return name
    raise AssertionError(f"no module or folder of methods/ is named for {method}")


def test_every_served_method_has_its_handler_where_its_name_points():
    misplaced = {
        name: method.handler.__module__
        for name, method in METHODS.items()
        if method.handler.__module__ not in (f"{PACKAGE}.{home(name)}",)
        and not method.handler.__module__.startswith(f"{PACKAGE}.{home(name)}.")
    }
    assert misplaced == {}


def test_the_rule_reads_names_as_the_layout_spells_them():
    assert home("chat.postMessage") == "chat"
    assert home("admin.users.session.reset") == "admin_users"
    assert home("team.externalTeams.list") == "team_external_teams"
    assert home("slackLists.items.list") == "slack_lists"
    assert home("conversations.requestSharedInvite.approve") == "conversations"
    assert home("channels.history") == "channels"


def test_no_module_of_methods_is_left_without_a_method():
    """Every module and folder of ``methods/`` is some method's home (helpers live elsewhere)."""
    homes = {home(name) for name in METHODS}
    found = {p.stem for p in FOLDER.glob("*.py") if p.stem != "__init__"}
    found |= {p.name for p in FOLDER.iterdir() if (p / "__init__.py").is_file()}
    assert found - homes == set()
