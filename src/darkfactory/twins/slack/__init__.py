"""The Slack twin: Web API at ``/slack/api/<method>`` and a Slack-like client at ``/ui/slack/``."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from darkfactory.twins.kit import Twin, TwinError
from darkfactory.twins.kit.faults import Trip
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.slack import (
    api,
    app_settings,
    apps,
    audit_logs,
    client,
    ephemeral,
    fixtures,
    interactivity,
    methods,
    oauth,
    people,
    rate_limits,
    scim,
    socket_mode,
    sso,
    ui,
)
from darkfactory.twins.slack.methods import (
    admin_apps,
    admin_invite_requests,
    assistant,
    conversations_shared,
    files,
    functions,
    slack_lists,
    users,
    workflows,
)
from darkfactory.twins.slack.schema import (
    ADMIN_SCHEMA,
    APPS_SCHEMA,
    CONNECT_SCHEMA,
    FILES_SCHEMA,
    INTERACTIVITY_SCHEMA,
    LISTS_SCHEMA,
    ORG_SCHEMA,
    PERSONAL_SCHEMA,
    SCHEMA,
    USERGROUPS_SCHEMA,
    WORKFLOWS_SCHEMA,
    WORKSPACE_SCHEMA,
)
from darkfactory.twins.slack.scim.resources import ScimError
from darkfactory.twins.slack.state import USER_SCOPES, SlackState

__all__ = ["SlackTwin", "methods"]


class SlackTwin(Twin):
    name = "slack"
    title = "Slack"
    schema = (
        SCHEMA
        + APPS_SCHEMA
        + INTERACTIVITY_SCHEMA
        + USERGROUPS_SCHEMA
        + FILES_SCHEMA
        + ADMIN_SCHEMA
        + PERSONAL_SCHEMA
        + WORKSPACE_SCHEMA
        + LISTS_SCHEMA
        + WORKFLOWS_SCHEMA
        + CONNECT_SCHEMA
        + ORG_SCHEMA
        + sso.SSO_SCHEMA
    )

    def __init__(self, universe) -> None:
        super().__init__(universe)
        self.state = SlackState(universe)
        self.sockets = socket_mode.Sockets(universe)
        self.rate_limiter = rate_limits.RateLimiter(universe)

    def routes(self):
        return (
            api.routes()
            + apps.routes(self)
            + interactivity.routes()
            + ephemeral.routes(self)
            + files.routes()
            + slack_lists.routes()
            + functions.routes()
            + workflows.routes()
            + conversations_shared.routes()
            + assistant.routes(self.state)
            + users.routes()
            + oauth.routes(self, sso.handoff(self))
            + sso.routes(self)
            + scim.routes()
            + socket_mode.routes(self)
            + people.routes(self)
            + audit_logs.routes()
            + admin_invite_requests.routes(self.state)
            + admin_apps.routes(self.state)
        )

    def ui_routes(self):
        return ui.routes(self) + client.routes(self) + app_settings.routes(self)

    def seed(self, options: dict[str, Any]) -> None:
        fixtures.seed(self.state, options)

    @property
    def client_url(self) -> str:
        return f"{self.base_url}/api/"

    def credentials(self) -> dict[str, Any]:
        admin = self.state.db.one(
            "SELECT id FROM slack_users WHERE is_primary_owner = 1 ORDER BY rowid LIMIT 1"
        )
        bot = self.state.db.one("SELECT user_id FROM slack_bots ORDER BY rowid LIMIT 1")
        tokens = self.universe.tokens
        return {
            "api_url": self.client_url,
            "bot_token": next((g.token for g in tokens.of("slack", bot["user_id"], "bot")), None),
            "user_token": tokens.of("slack", admin["id"], "user")[0].token,
            "admin_token": tokens.of("slack", admin["id"], "org_admin")[0].token,
            "config_token": next(
                (g.token for g in tokens.of("slack", admin["id"], "config")), None
            ),
            "config_refresh_token": next(
                (
                    g.token
                    for g in tokens.of("slack", admin["id"], "refresh")
                    if g.meta.get("for") == "config"
                ),
                None,
            ),
            "team_id": self.state.team_id(),
            "bot_user_id": bot["user_id"],
            "admin_user_id": admin["id"],
        }

    def user_token(self, user_id: str) -> str:
        """A user token (xoxp-) for ``user_id`` with the full user scopes, issued on first use."""
        grants = self.universe.tokens.of("slack", user_id, "user")
        if grants:
            return grants[0].token
        self.state.user(user_id)
        secret = self.universe.ids.token("slack.user-token", 24, MIXED_ALNUM)
        number = self.universe.ids.derive("slack.team-number", 12, "0123456789")
        return self.universe.tokens.issue(
            "slack", f"xoxp-{number}-{secret}", user_id, USER_SCOPES, kind="user"
        ).token

    def render_error(self, request: Request, error: TwinError) -> Response:
        if isinstance(error, ScimError):
            return JSONResponse(
                {"Errors": {"description": error.code, "code": error.status}}, error.status
            )
        return api.render_error(error)

    def invalid_body(self, call, violations: list[str]) -> TwinError:
        return api.SlackError(
            "invalid_arguments",
            response_metadata={"messages": [f"[ERROR] {v}" for v in violations]},
        )

    def internal_error(self) -> TwinError:
        return api.SlackError("internal_error", 500)

    def fault_error(self, trip: Trip) -> TwinError:
        fault = trip.fault
        if fault.kind == "rate_limit":
            return api.SlackError(
                fault.code or "ratelimited", fault.status or 429, retry_after=trip.retry_after
            )
        if fault.kind == "outage":
            return api.SlackError(fault.code or "service_unavailable", fault.status or 503)
        return api.SlackError(fault.code or "internal_error", fault.status or 500)
