"""The Jira site's state: directory, catalog, projects, permissions, workflows, issues, agile."""

from __future__ import annotations

from darkfactory.twins.jira.agile_state import Agile
from darkfactory.twins.jira.catalog import Catalog
from darkfactory.twins.jira.directory import Directory
from darkfactory.twins.jira.issue_state import Issues
from darkfactory.twins.jira.permission_state import Permissions
from darkfactory.twins.jira.project_state import Projects
from darkfactory.twins.jira.webhook_state import Webhooks
from darkfactory.twins.jira.workflow_state import Workflows


class JiraState(Issues, Agile, Workflows, Webhooks, Permissions, Projects, Catalog, Directory):
    """Everything a Jira site knows, with its rules; no HTTP here."""


def state_of(call) -> JiraState:
    return call.twin.state
