"""The SUT's install: its Slack app in the universe, and the environment an install gives it.

A real app is given its own credentials (bot token, signing secret, app-level token, client id
and secret) and the services' addresses, never an administrator's tokens; a scenario grants
those by name (``sut: {grant: [okta.api_token]}``) when the app would be given them too.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from darkfactory.scenarios.context import StepError, Trial
from darkfactory.twins.slack.apps import AppSpecError, app_record, define_app, set_commands

if TYPE_CHECKING:
    from darkfactory.scenarios.model import SlackApp
    from darkfactory.twins.kit.universe import Universe

# What every app may know of each twin without a grant: where it is (and a model provider's key).
PUBLIC = {
    "slack": ("api_url", "team_id"),
    "okta": ("org_url",),
    "jira": ("url",),
    "google": ("root_url", "token_uri", "discovery_url", "domain"),
    "openai": ("base_url", "api_key"),
    "anthropic": ("base_url", "api_key"),
    "gemini": ("base_url", "api_key"),
}
# What installing a Slack app gives it.
SLACK_APP = (
    "app_id",
    "bot_user_id",
    "bot_token",
    "app_token",
    "signing_secret",
    "client_id",
    "client_secret",
)


def install_slack_app(universe: Universe, spec: SlackApp) -> dict[str, Any]:
    """Create and install the scenario's Slack app; returns what setup steps may see of it."""
    state = universe.twins["slack"].state
    definition = {
        "name": spec.name,
        "events": spec.events,
        "socket_mode": spec.socket_mode,
        "shortcuts": [shortcut.model_dump(exclude_defaults=True) for shortcut in spec.shortcuts],
        **({"scopes": spec.scopes} if spec.scopes else {}),
    }
    try:
        with state.db.transaction():
            app = define_app(state, definition)
    except AppSpecError as exc:
        raise StepError(f"sut.slack_app: {exc}") from None
    return {k: app[k] for k in ("app_id", "name", "bot_id", "bot_user_id", "client_id")}


def connect_slack_app(trial: Trial, spec: SlackApp, app_id: str) -> None:
    """Point the app's event, interactivity and command URLs at the running SUT, as its admin
    would in the app's settings (the event URL must answer Slack's challenge)."""
    url = f"http://127.0.0.1:{trial.sut.port}{spec.path}"
    if not spec.socket_mode:
        changes = {"interactivity_url": url if spec.interactivity else None}
        if spec.events:
            changes["request_url"] = url
        trial.control("PATCH", f"/slack/_apps/{app_id}", changes)
    commands = [{"command": c, "url": None if spec.socket_mode else url} for c in spec.commands]
    state = trial.server.universe.twins["slack"].state

    def register() -> None:
        with state.db.transaction():
            set_commands(state, app_id, commands)

    trial.server.call(register)


def slack_app_id(trial: Trial) -> str | None:
    """The SUT's Slack app: the scenario's own, or else the workspace's seeded bot's."""
    declared = trial.saved.get("sut", {}).get("slack_app")
    if declared:
        return declared["app_id"]
    if "slack" not in trial.credentials:
        return None
    state = trial.server.universe.twins["slack"].state
    bot = trial.credentials["slack"]["bot_user_id"]
    return trial.server.call(
        lambda: state.db.scalar("SELECT app_id FROM slack_bots WHERE user_id = ?", (bot,))
    )


def environment(trial: Trial, port: int) -> dict[str, str]:
    """The SUT's environment: ``SUT_PORT``, every twin's public fields as ``<TWIN>_<FIELD>``,
    its Slack app's install credentials, and the scenario's grants."""
    credentials = trial.credentials
    env = {"DARKFACTORY_UNIVERSE_URL": trial.url, "SUT_PORT": str(port), "PORT": str(port)}
    for twin, fields in credentials.items():
        for field in PUBLIC.get(twin, ()):
            if field in fields:
                env[_name(twin, field)] = _text(fields[field])
    app_id = slack_app_id(trial)
    if app_id:
        state = trial.server.universe.twins["slack"].state
        app = trial.server.call(lambda: app_record(state, app_id))
        env.update({_name("slack", f): _text(app[f]) for f in SLACK_APP if app.get(f)})
    for grant in trial.scenario.sut.grant:
        twin, _, field = grant.partition(".")
        fields = credentials.get(twin, {})
        if twin not in credentials or (field and field not in fields):
            raise StepError(f"sut.grant: no credential {grant!r} in this universe")
        for name in [field] if field else list(fields):
            env[_name(twin, name)] = _text(fields[name])
    return env


def _name(twin: str, field: str) -> str:
    return f"{twin}_{field}".upper()


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)
