"""The Google twin: OAuth, discovery, batch and the Drive, Sheets, Docs and Directory APIs under
``/google/``.

One twin serves every Google API from one root (``http://HOST:PORT/google/``), as
``www.googleapis.com`` does. Each API lives in an *area* subpackage (``drive/``, ``sheets/``,
``docs/``) that offers:

- ``routes() -> list[BaseRoute]``: its handlers, each a kit ``operation`` named by its discovery
  method id (``drive.files.get``), at the paths of its discovery document;
- ``SCHEMA`` (optional): its tables;
- ``ui_routes(twin)`` (optional): its pages under ``/ui/google/``;
- ``seed(twin, options)`` (optional): its seeded data, after the directory's;
- ``BATCH_UPDATE_REQUESTS`` (optional): the ``batchUpdate`` request kinds it implements, counted
  by ``coverage``.

An area joins the twin by being listed in ``AREAS``; one not present yet is skipped.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from types import ModuleType
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from darkfactory.twins.google import batch, demo, discovery, fixtures, oauth, signin
from darkfactory.twins.google.drive import watch
from darkfactory.twins.google.drive.state import DriveState
from darkfactory.twins.google.errors import GoogleError, OAuthError, as_google, respond
from darkfactory.twins.google.schema import SCHEMA
from darkfactory.twins.google.state import GoogleState
from darkfactory.twins.kit import Twin, TwinError
from darkfactory.twins.kit.faults import Trip
from darkfactory.twins.kit.operation import OPERATION_KEY

__all__ = ["GoogleTwin", "areas"]

AREAS = ("drive", "sheets", "docs", "directory")


def areas() -> list[ModuleType]:
    """The API area packages present, in ``AREAS`` order."""
    names = [f"{__name__}.{area}" for area in AREAS]
    return [importlib.import_module(n) for n in names if importlib.util.find_spec(n) is not None]


class GoogleTwin(Twin):
    name = "google"
    title = "Google Workspace"
    schema = SCHEMA + "".join(getattr(area, "SCHEMA", "") for area in areas())

    def __init__(self, universe) -> None:
        super().__init__(universe)
        self.state = GoogleState(universe)
        self.drive = DriveState(universe)
        self.notifier = watch.notifier(self.drive)

    @property
    def client_url(self) -> str:
        return f"{self.base_url}/"

    def routes(self):
        api_routes = [route for area in areas() for route in area.routes()]
        return oauth.routes() + discovery.routes() + batch.routes() + api_routes

    def ui_routes(self):
        return [r for area in areas() if hasattr(area, "ui_routes") for r in area.ui_routes(self)]

    def seed(self, options: dict[str, Any]) -> None:
        fixtures.seed(self.state, options)
        for area in areas():
            if hasattr(area, "seed"):
                area.seed(self, options)
        demo.seed(self, options)

    def credentials(self) -> dict[str, Any]:
        store = self.universe.store
        key = store.one("SELECT * FROM google_service_account_keys ORDER BY rowid LIMIT 1")
        client, web = store.all("SELECT * FROM google_oauth_clients ORDER BY rowid LIMIT 2")
        token_uri = f"{self.client_url}oauth2/token"
        users = {
            account["email"]: {
                "refresh_token": self.universe.tokens.of("google", account["email"], "refresh")[
                    0
                ].token,
                "name": account["name"],
                "password": signin.password_of(store, account["email"]),
            }
            for account in self.state.accounts("user")
            if self.universe.tokens.of("google", account["email"], "refresh")
        }
        return {
            "root_url": self.client_url,
            "token_uri": token_uri,
            "discovery_url": f"{self.client_url}discovery/v1/apis/{{api}}/{{apiVersion}}/rest",
            "domain": fixtures.DOMAIN,
            "admin_email": fixtures.ADMIN,
            "service_account": {
                "type": "service_account",
                "project_id": fixtures.PROJECT,
                "private_key_id": key["key_id"],
                "private_key": key["private_pem"],
                "client_email": key["email"],
                "client_id": key["client_id"],
                "auth_uri": f"{self.client_url}o/oauth2/auth",
                "token_uri": token_uri,
                "auth_provider_x509_cert_url": f"{self.client_url}oauth2/v1/certs",
                "client_x509_cert_url": f"{self.client_url}robot/v1/metadata/x509/{key['email']}",
                "universe_domain": "googleapis.com",
            },
            "oauth_client": self._client(client),
            "web_client": self._client(web),
            "users": users,
        }

    def _client(self, row) -> dict[str, Any]:
        """An OAuth client as its credentials file gives it."""
        return {
            "client_id": row["client_id"],
            "client_secret": row["secret"],
            "auth_uri": f"{self.client_url}o/oauth2/auth",
            "token_uri": f"{self.client_url}oauth2/token",
            "redirect_uris": json.loads(row["redirect_uris"]),
        }

    def render_error(self, request: Request, error: TwinError) -> Response:
        if isinstance(error, OAuthError):
            return error.response()
        operation = request.scope.get(OPERATION_KEY, "")
        project = fixtures.project_number(self.universe)
        return respond(as_google(error), operation, project)

    def invalid_body(self, call, violations: list[str]) -> TwinError:
        return GoogleError(
            400, "parseError", "Invalid JSON payload received. " + "; ".join(violations) + "."
        )

    def internal_error(self) -> TwinError:
        return GoogleError(500, "backendError", "Internal error encountered.")

    def fault_error(self, trip: Trip) -> TwinError:
        fault = trip.fault
        if fault.kind == "rate_limit":
            status = fault.status or 403
            reason = fault.code or (
                "rateLimitExceeded" if status == 429 else "userRateLimitExceeded"
            )
            message = fault.message or (
                "Rate Limit Exceeded" if status == 429 else "User Rate Limit Exceeded"
            )
            return GoogleError(
                status,
                reason,
                message,
                domain="usageLimits",
                status_name="RESOURCE_EXHAUSTED",
                retry_after=trip.retry_after,
            )
        if fault.kind == "outage":
            return GoogleError(
                fault.status or 503,
                fault.code or "backendError",
                fault.message or "The service is currently unavailable.",
            )
        return GoogleError(
            fault.status or 500, fault.code or "backendError", fault.message or "Backend Error"
        )
