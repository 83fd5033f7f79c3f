"""The Okta twin: Management API at ``/okta/api/v1/...``, admin console at ``/ui/okta/``."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from darkfactory.twins.kit import Twin, TwinError
from darkfactory.twins.kit.faults import Trip
from darkfactory.twins.okta import (
    api,
    api_tokens,
    attack_protection,
    behaviors,
    captchas,
    device_assurance,
    devices,
    email_servers,
    fixtures,
    inline_hooks,
    linked_objects,
    log_streams,
    logs,
    network_zones,
    org_settings,
    principal_rate_limits,
    profile_mappings,
    push_providers,
    rate_limit_settings,
    sms_templates,
    threat_insight,
    trusted_origins,
    ui,
    ui_schemas,
    user_types,
)
from darkfactory.twins.okta.agent_pools import operations as agent_pools
from darkfactory.twins.okta.apps import client_credentials as app_client_credentials
from darkfactory.twins.okta.apps import credential_keys as app_keys
from darkfactory.twins.okta.apps import grants as app_grants
from darkfactory.twins.okta.apps import operations as apps
from darkfactory.twins.okta.apps import tokens as app_tokens
from darkfactory.twins.okta.authenticators import enrollments
from darkfactory.twins.okta.authenticators import operations as authenticators
from darkfactory.twins.okta.authorization_servers import (
    assoc,
    claims,
    clients,
    policies,
    scopes,
    servers,
)
from darkfactory.twins.okta.authorization_servers import operations as authorization_servers
from darkfactory.twins.okta.brands import operations as brands
from darkfactory.twins.okta.domains import custom as custom_domains
from darkfactory.twins.okta.domains import dns
from darkfactory.twins.okta.domains import email as email_domains
from darkfactory.twins.okta.errors import OktaError
from darkfactory.twins.okta.event_hooks import delivery
from darkfactory.twins.okta.event_hooks import operations as event_hooks
from darkfactory.twins.okta.factors import operations as factors
from darkfactory.twins.okta.factors import push
from darkfactory.twins.okta.groups import operations as groups
from darkfactory.twins.okta.groups import owners as group_owners
from darkfactory.twins.okta.groups import rules as group_rules
from darkfactory.twins.okta.iam import resource_sets
from darkfactory.twins.okta.iam import roles as iam_roles
from darkfactory.twins.okta.identity_providers import keys as idp_keys
from darkfactory.twins.okta.identity_providers import operations as identity_providers
from darkfactory.twins.okta.identity_providers import signin as idp_signin
from darkfactory.twins.okta.identity_providers import signing_keys as idp_signing_keys
from darkfactory.twins.okta.identity_providers import users as idp_users
from darkfactory.twins.okta.policies import app_policies, authn
from darkfactory.twins.okta.policies import operations as policies_api
from darkfactory.twins.okta.roles import operations as roles
from darkfactory.twins.okta.schema import SCHEMA
from darkfactory.twins.okta.schemas import operations as schemas
from darkfactory.twins.okta.sessions import browser
from darkfactory.twins.okta.sessions import operations as org_sessions
from darkfactory.twins.okta.state import OktaState
from darkfactory.twins.okta.users import credentials, lifecycle, sessions
from darkfactory.twins.okta.users import linked_objects as user_links
from darkfactory.twins.okta.users import oauth_clients as user_oauth
from darkfactory.twins.okta.users import operations as users

__all__ = ["MODULES", "OktaTwin"]

# The Management API's families' operation modules; their routes in matching order.
MODULES = (
    users,
    linked_objects,  # before schemas: /meta/schemas/user/linkedObjects is not a schema id
    lifecycle,
    group_rules,
    groups,
    apps,
    logs,
    servers,
    authorization_servers,
    scopes,
    claims,
    policies,
    clients,
    assoc,
    policies_api,
    app_policies,
    authn,
    event_hooks,
    factors,
    schemas,
    credentials,
    roles,
    trusted_origins,
    network_zones,
    api_tokens,
    inline_hooks,
    group_owners,
    push,
    sessions,
    user_links,
    user_oauth,
    authenticators,
    enrollments,
    iam_roles,
    resource_sets,
    log_streams,
    device_assurance,
    devices,
    agent_pools,
    push_providers,
    sms_templates,
    principal_rate_limits,
    rate_limit_settings,
    user_types,
    profile_mappings,
    ui_schemas,
    behaviors,
    threat_insight,
    attack_protection,
    org_settings,
    brands,
    idp_keys,  # before identity_providers: /idps/credentials/keys is not an IdP
    idp_signing_keys,
    app_keys,
    app_tokens,
    app_client_credentials,
    app_grants,
    idp_users,
    identity_providers,
    idp_signin,
    custom_domains,
    email_domains,
    dns,
    email_servers,
    captchas,
    org_sessions,
    browser,
)


class OktaTwin(Twin):
    name = "okta"
    title = "Okta"
    schema = SCHEMA

    def __init__(self, universe) -> None:
        super().__init__(universe)
        self.state = OktaState(universe)

    def routes(self):
        return api.mount(self.universe, [r for module in MODULES for r in module.routes()])

    def deliver_events_after(self, call) -> None:
        """After ``call`` commits, deliver the events it logged to the verified event hooks."""
        call.after.append(delivery.dispatcher(self, delivery.last_event_rowid(self.universe.store)))

    def ui_routes(self):
        return ui.routes(self)

    def seed(self, options: dict[str, Any]) -> None:
        fixtures.seed(self.state, options)

    def credentials(self) -> dict[str, Any]:
        admin = self.state.user("admin@example.com")
        return {
            "org_url": self.client_url,
            "api_token": self.universe.tokens.of("okta", admin["id"], "ssws")[0].token,
            "admin_user_id": admin["id"],
            "demo_user": {"login": "demo@example.com", "password": fixtures.DEMO_PASSWORD},
        }

    def render_error(self, request: Request, error: TwinError) -> Response:
        return api.render_error(self.universe, error, error.detail.get("retry_after", 0))

    def invalid_body(self, call, violations: list[str]) -> TwinError:
        """Okta answers a body its JSON reader cannot map onto the resource (wrong types, too
        deep) as unreadable, without causes."""
        return OktaError("E0000003", 400, "The request body was not well-formed.")

    def internal_error(self) -> TwinError:
        return OktaError("E0000009", 500, "Internal Server Error")

    def route_error(self, method: str, path: str, status: int) -> TwinError:
        if status == 405:
            return OktaError(
                "E0000022", 405, "The endpoint does not support the provided HTTP method"
            )
        return OktaError("E0000007", 404, f"Not found: Resource not found: {path} (Resource)")

    def fault_error(self, trip: Trip) -> TwinError:
        fault = trip.fault
        if fault.kind == "rate_limit":
            error = OktaError(
                fault.code or "E0000047",
                fault.status or 429,
                fault.message or "API call exceeded rate limit due to too many requests.",
            )
            error.detail["retry_after"] = trip.retry_after
            return error
        if fault.kind == "outage":
            return OktaError(
                fault.code or "E0000010",
                fault.status or 503,
                fault.message or "Service is in read only mode.",
            )
        return OktaError(
            fault.code or "E0000009", fault.status or 500, fault.message or "Internal Server Error"
        )
