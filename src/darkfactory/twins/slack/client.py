"""Every endpoint the web client calls to interact with apps, gathered in one list.

Clicks and slash commands on messages, modals, external select options, shortcuts and dialogs;
the web client serves them under ``/ui/slack/`` for its viewer, and ``people`` under
``/slack/_people/{user}/`` for a named person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.routing import Route

from darkfactory.twins.slack import dialogs, interactivity, modals, shortcuts, suggestions

if TYPE_CHECKING:
    from darkfactory.twins.slack import SlackTwin


def routes(twin: SlackTwin) -> list[Route]:
    return (
        interactivity.ui_routes(twin)
        + modals.ui_routes(twin)
        + suggestions.ui_routes(twin)
        + shortcuts.ui_routes(twin)
        + dialogs.ui_routes(twin)
    )
