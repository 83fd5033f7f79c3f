"""The SUT is given what an app install gives, no administrator's credential unless granted."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from darkfactory.scenarios import parse, run
from darkfactory.scenarios.install import PUBLIC
from darkfactory.twins.kit.universe import Universe

SUT = f"{sys.executable} {Path(__file__).parent / 'probe' / 'sut.py'}"
FIXTURES = {"slack": {"users": 2, "messages": 0}}

pytestmark = pytest.mark.slow


def scenario(sut: str = ""):
    return parse(f"""---
id: install
title: The SUT's install
trials: 1
timeout: 20
universe: {{seed: 4, fixtures: {json.dumps(FIXTURES)}}}
{sut}
actors:
  - name: admin
    steps:
      - wait_for: {{check: "'env ' in sut_output()"}}
checks:
  - {{name: started, code: "True"}}
---
""")


def environment_of(output: str) -> dict[str, str]:
    line = next(x for x in output.splitlines() if x.startswith("env "))
    return json.loads(line.removeprefix("env "))


def secrets(credentials: dict, given: set[tuple[str, str]]) -> dict[str, str]:
    """Every secret-looking value of the universe's credentials that is not in ``given``."""
    found = {}

    def walk(value, twin: str, path: tuple[str, ...]) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, twin, (*path, key))
        elif (
            isinstance(value, str)
            and len(value) >= 16
            and not value.startswith("http")
            and (twin, path[0]) not in given
        ):
            found[f"{twin}.{'.'.join(path)}"] = value

    for twin, fields in credentials.items():
        walk(fields, twin, ())
    return found


def public_fields() -> set[tuple[str, str]]:
    return {(twin, field) for twin, fields in PUBLIC.items() for field in fields}


def test_the_sut_holds_no_admin_credential_by_default():
    trajectory = run([scenario()], SUT, wait_port=False).trajectories[0]
    assert trajectory.satisfied, (trajectory.error, trajectory.verdicts)
    env = environment_of(trajectory.sut_output)
    credentials = Universe(seed=4, fixtures=FIXTURES).credentials()
    forbidden = secrets(credentials, public_fields() | {("slack", "bot_token")})
    assert {"slack.user_token", "okta.api_token", "jira.api_token"} <= set(forbidden)
    leaked = {name for name, value in forbidden.items() if value in env.values()}
    assert leaked == set()
    assert env["SLACK_BOT_TOKEN"] == credentials["slack"]["bot_token"]
    assert env["SLACK_SIGNING_SECRET"] and env["SLACK_CLIENT_SECRET"]
    assert env["OKTA_ORG_URL"].endswith("/okta") and "OKTA_API_TOKEN" not in env
    assert "SLACK_USER_TOKEN" not in env and "SLACK_ADMIN_TOKEN" not in env


def test_a_grant_names_the_admin_credential_the_sut_may_hold():
    trajectory = run(
        [scenario("sut: {grant: [okta.api_token, jira]}")], SUT, wait_port=False
    ).trajectories[0]
    env = environment_of(trajectory.sut_output)
    credentials = Universe(seed=4, fixtures=FIXTURES).credentials()
    assert env["OKTA_API_TOKEN"] == credentials["okta"]["api_token"]
    assert env["JIRA_API_TOKEN"] == credentials["jira"]["api_token"]
    assert json.loads(env["JIRA_USERS"]) == credentials["jira"]["users"]
    assert "SLACK_USER_TOKEN" not in env


def test_an_unknown_grant_errors_the_trial():
    trajectory = run([scenario("sut: {grant: [okta.root_password]}")], SUT).trajectories[0]
    assert trajectory.errored and "okta.root_password" in trajectory.error


APP_SCENARIO = """---
id: app
title: The SUT's own Slack app
trials: 1
timeout: 20
universe:
  fixtures: {slack: {users: 2, messages: 0}}
  setup:
    - http: {twin: slack, path: "/_apps/{{ sut.slack_app.app_id }}"}
      save_as: before
sut:
  slack_app: {name: Probe, events: [app_mention], interactivity: true, commands: [/probe]}
actors:
  - name: admin
    steps:
      - http: {twin: slack, path: "/_apps/{{ sut.slack_app.app_id }}"}
        save_as: after
checks:
  - name: events and buttons reach the SUT
    code: |
      url = "{{ after.app.request_url }}"
      url.endswith("/slack/events") and "{{ after.app.interactivity_url }}" == url
  - name: no URL before the SUT ran
    code: "'{{ before.app.request_url }}' == 'None'"
---
"""


def test_a_declared_slack_app_is_installed_and_pointed_at_the_sut():
    trajectory = run([parse(APP_SCENARIO)], SUT).trajectories[0]
    assert trajectory.satisfied, (trajectory.error, trajectory.verdicts, trajectory.sut_output)
    env = environment_of(trajectory.sut_output)
    app = trajectory.turns[0]["result"]["app"]
    assert env["SLACK_APP_ID"] == app["app_id"] and env["SLACK_BOT_USER_ID"] == app["bot_user_id"]
    assert app["request_url"] == f"http://127.0.0.1:{env['SUT_PORT']}/slack/events"
    assert "url_verification" in trajectory.sut_output
    assert "bad signature" not in trajectory.sut_output
