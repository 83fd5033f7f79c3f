"""The Jira twin: a Jira Cloud site at ``/jira`` (REST v2/v3, Agile 1.0), UI at ``/ui/jira/``."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount

from darkfactory.twins.jira import api, demo, fixtures, ui
from darkfactory.twins.jira.agile import operations as agile
from darkfactory.twins.jira.agile import rank
from darkfactory.twins.jira.dashboards import operations as dashboards
from darkfactory.twins.jira.errors import JiraError, invalid_payload
from darkfactory.twins.jira.fields import attributes, issuetype_schemes
from darkfactory.twins.jira.fields import operations as fields
from darkfactory.twins.jira.filters import operations as filters
from darkfactory.twins.jira.filters import sharing
from darkfactory.twins.jira.issues import (
    activity,
    attachments,
    links,
    remote_links,
    worklog_changes,
)
from darkfactory.twins.jira.issues import operations as issues
from darkfactory.twins.jira.notifications import operations as notifications
from darkfactory.twins.jira.permissions import operations as permissions
from darkfactory.twins.jira.projects import categories, validation
from darkfactory.twins.jira.projects import operations as projects
from darkfactory.twins.jira.properties import operations as properties
from darkfactory.twins.jira.roles import operations as roles
from darkfactory.twins.jira.schema import SCHEMA
from darkfactory.twins.jira.screens import operations as screens
from darkfactory.twins.jira.screens import schemes as screen_schemes
from darkfactory.twins.jira.search import operations as search
from darkfactory.twins.jira.settings import operations as settings
from darkfactory.twins.jira.settings import site
from darkfactory.twins.jira.state import JiraState
from darkfactory.twins.jira.users import operations as users
from darkfactory.twins.jira.users import pickers, preferences
from darkfactory.twins.jira.webhooks import operations as webhooks
from darkfactory.twins.jira.workflows import operations as workflows
from darkfactory.twins.kit import Twin, TwinError
from darkfactory.twins.kit.faults import Trip
from darkfactory.twins.kit.routing import Router

__all__ = ["JiraTwin"]

AREAS = (
    site,
    users,
    pickers,
    preferences,
    projects,
    validation,
    categories,
    roles,
    attributes,
    issuetype_schemes,
    fields,
    issues,
    activity,
    worklog_changes,
    links,
    remote_links,
    attachments,
    search,
    sharing,
    filters,
    permissions,
    workflows,
    webhooks,
    agile,
    rank,
    properties,
    settings,
    dashboards,
    screens,
    screen_schemes,
    notifications,
)


class JiraTwin(Twin):
    name = "jira"
    title = "Jira"
    schema = SCHEMA

    def __init__(self, universe) -> None:
        super().__init__(universe)
        self.state = JiraState(universe)

    def routes(self):
        routes = [route for area in AREAS for route in area.routes()]
        return [Mount("", app=Router(routes=routes, default=api.unknown_resource))]

    def ui_routes(self):
        return ui.routes(self)

    def seed(self, options: dict[str, Any]) -> None:
        fixtures.seed(self.state, options)
        demo.seed(self.state, options)

    def credentials(self) -> dict[str, Any]:
        """The administrator's API token, and one for each other user who still holds one (a
        deactivated administrator is listed with ``api_token`` None)."""
        admin = self.state.find_user(fixtures.ADMIN_EMAIL)
        tokens = {
            user["accountId"]: grants[0].token
            for user in self.state.users()
            if (grants := self.universe.tokens.of("jira", user["accountId"], "api_token"))
        }
        return {
            "url": self.client_url,
            "email": admin["emailAddress"],
            "api_token": tokens.get(admin["accountId"]),
            "account_id": admin["accountId"],
            "users": {
                user["emailAddress"]: tokens[user["accountId"]]
                for user in self.state.users()
                if user["accountId"] != admin["accountId"] and user["accountId"] in tokens
            },
        }

    def render_error(self, request: Request, error: TwinError) -> Response:
        return api.render_error(request, error, error.detail.get("retry_after", 0))

    def invalid_body(self, call, violations: list[str]) -> TwinError:
        """Jira refuses a body its JSON reader cannot map onto the resource as an invalid
        payload."""
        return invalid_payload()

    def internal_error(self) -> TwinError:
        return JiraError(500, "Internal server error")

    def fault_error(self, trip: Trip) -> TwinError:
        fault = trip.fault
        if fault.kind == "rate_limit":
            error = JiraError(fault.status or 429, fault.message or "Rate limit exceeded.")
            error.detail["retry_after"] = trip.retry_after
            return error
        if fault.kind == "outage":
            return JiraError(fault.status or 503, fault.message or "Service Unavailable")
        return JiraError(fault.status or 500, fault.message or "Internal server error")
