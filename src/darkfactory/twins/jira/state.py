"""The Jira site's state: directory, catalog, projects, permissions, workflows, issues, agile,
filters, entity properties, settings,
dashboards, screens, notification schemes."""

from __future__ import annotations

from darkfactory.twins.jira.agile.state import Agile
from darkfactory.twins.jira.dashboards.state import Dashboards
from darkfactory.twins.jira.fields.state import Catalog
from darkfactory.twins.jira.filters.state import Filters
from darkfactory.twins.jira.issues.state import Issues
from darkfactory.twins.jira.notifications.state import Notifications
from darkfactory.twins.jira.permissions.state import Permissions
from darkfactory.twins.jira.projects.state import Projects
from darkfactory.twins.jira.properties.state import EntityProperties
from darkfactory.twins.jira.screens.state import Screens
from darkfactory.twins.jira.settings.state import Settings
from darkfactory.twins.jira.users.state import Directory
from darkfactory.twins.jira.webhooks.state import Webhooks
from darkfactory.twins.jira.workflows.state import Workflows


class JiraState(
    Issues,
    Agile,
    Filters,
    Workflows,
    Webhooks,
    Permissions,
    Projects,
    Catalog,
    Directory,
    EntityProperties,
    Settings,
    Dashboards,
    Screens,
    Notifications,
):
    """Everything a Jira site knows, with its rules; no HTTP here."""


def state_of(call) -> JiraState:
    return call.twin.state
