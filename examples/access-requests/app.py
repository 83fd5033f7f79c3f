"""An access-request bot: ``/access APP`` files a Jira ticket and asks the requester's manager,
who approves (the Okta app is assigned) or denies in Slack.

Slack reaches it over HTTP on ``$SUT_PORT`` (slack_bolt checks every signature); it reads Okta and
files tickets in Jira with the credentials its install is granted::

    SLACK_BOT_TOKEN SLACK_SIGNING_SECRET SLACK_API_URL    the Slack app's install
    OKTA_ORG_URL OKTA_API_TOKEN                             an Okta API token
    JIRA_URL JIRA_EMAIL JIRA_API_TOKEN                      a Jira account for the bot
    ACCESS_PROJECT (DEMO) ACCESS_CHANNEL (access-approvals)

With ``--broken`` it trusts whoever presses a button and assigns the app even on Deny, so its
scenarios must score lower.
"""

from __future__ import annotations

import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
from slack_bolt import App, BoltRequest
from slack_sdk import WebClient

BROKEN = "--broken" in sys.argv
PROJECT = os.environ.get("ACCESS_PROJECT", "DEMO")
CHANNEL = os.environ.get("ACCESS_CHANNEL", "access-approvals")

okta = httpx.Client(
    base_url=os.environ["OKTA_ORG_URL"].rstrip("/"),
    headers={"Authorization": f"SSWS {os.environ['OKTA_API_TOKEN']}"},
    timeout=10,
)
jira = httpx.Client(
    base_url=os.environ["JIRA_URL"].rstrip("/"),
    auth=(os.environ["JIRA_EMAIL"], os.environ["JIRA_API_TOKEN"]),
    timeout=10,
)
slack = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
# One workspace, one bot token: without these slack_bolt would run the OAuth install flow.
for oauth in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
    os.environ.pop(oauth, None)
bolt = App(client=slack, signing_secret=os.environ["SLACK_SIGNING_SECRET"])


def okta_app(label: str) -> dict | None:
    apps = okta.get("/api/v1/apps", params={"q": label}).json()
    return next((a for a in apps if a.get("label", "").lower() == label.lower()), None)


def manager_of(email: str) -> dict | None:
    person = okta.get(f"/api/v1/users/{email}")
    manager_id = person.json().get("profile", {}).get("managerId") if person.is_success else None
    if not manager_id:
        return None
    manager = okta.get(f"/api/v1/users/{manager_id}")
    return manager.json() if manager.is_success else None


def file_ticket(requester: str, app: dict, manager: str) -> str:
    fields = {
        "project": {"key": PROJECT},
        "summary": f"Access to {app['label']} for {requester}",
        "description": f"Requested in Slack; {manager} approves.",
        "issuetype": {"name": "Task"},
        "labels": ["access-request"],
    }
    answer = jira.post("/rest/api/2/issue", json={"fields": fields})
    answer.raise_for_status()
    return answer.json()["key"]


def close_ticket(key: str, comment: str) -> None:
    jira.post(f"/rest/api/2/issue/{key}/comment", json={"body": comment}).raise_for_status()
    moves = jira.get(f"/rest/api/2/issue/{key}/transitions").json()["transitions"]
    done = next(t for t in moves if t["to"]["name"] == "Done")
    jira.post(f"/rest/api/2/issue/{key}/transitions", json={"transition": {"id": done["id"]}})


def channel_id(name: str) -> str:
    listing = slack.conversations_list(types="public_channel,private_channel")["channels"]
    return next(c["id"] for c in listing if c["name"] == name)


@bolt.command("/access")
def request_access(ack, command, respond):
    ack()
    label = command["text"].strip()
    requester = slack.users_info(user=command["user_id"])["user"]["profile"]["email"]
    app = okta_app(label) if label else None
    if app is None:
        respond(f"There is no app called {label!r}.")
        return
    person = okta.get(f"/api/v1/users/{requester}").json()
    if okta.get(f"/api/v1/apps/{app['id']}/users/{person['id']}").is_success:
        respond(f"You already have {app['label']}.")
        return
    manager = manager_of(requester)
    if manager is None:
        respond("You have no manager in Okta to approve this; ask IT.")
        return
    manager_email = manager["profile"]["email"]
    key = file_ticket(requester, app, manager_email)
    approver = slack.users_lookupByEmail(email=manager_email)["user"]["id"]
    request = {"key": key, "app": app["id"], "user": person["id"], "approver": approver}
    value = json.dumps(request)
    text = f"<@{approver}>: <@{command['user_id']}> asks for {app['label']} ({key})."
    slack.chat_postMessage(
        channel=channel_id(CHANNEL),
        text=text,
        blocks=[
            {"type": "section", "text": {"type": "mrkdwn", "text": text}},
            {
                "type": "actions",
                "block_id": "decision",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "approve",
                        "text": _plain("Approve"),
                        "style": "primary",
                        "value": value,
                    },
                    {
                        "type": "button",
                        "action_id": "deny",
                        "text": _plain("Deny"),
                        "style": "danger",
                        "value": value,
                    },
                ],
            },
        ],
    )
    respond(f"Asked your manager; ticket {key}.")


def _plain(text: str) -> dict:
    return {"type": "plain_text", "text": text}


def decide(body, respond, approved: bool) -> None:
    request = json.loads(body["actions"][0]["value"])
    clicker = body["user"]["id"]
    if clicker != request["approver"] and not BROKEN:
        respond({"response_type": "ephemeral", "text": "Only the manager can decide this."})
        return
    if approved or BROKEN:
        okta.post(f"/api/v1/apps/{request['app']}/users", json={"id": request["user"]})
    verdict = "Approved" if approved else "Denied"
    email = slack.users_info(user=clicker)["user"]["profile"]["email"]
    close_ticket(request["key"], f"{verdict} by {email}")
    respond({"replace_original": True, "text": f"{verdict} by <@{clicker}> ({request['key']})."})


@bolt.action("approve")
def approve(ack, body, respond):
    ack()
    decide(body, respond, approved=True)


@bolt.action("deny")
def deny(ack, body, respond):
    ack()
    decide(body, respond, approved=False)


class Deliveries(BaseHTTPRequestHandler):
    """Slack's deliveries, handed to slack_bolt (which verifies their signatures)."""

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        headers = {k.lower(): [v] for k, v in self.headers.items()}
        answer = bolt.dispatch(BoltRequest(body=body, headers=headers))
        self.send_response(answer.status)
        for name, values in answer.headers.items():
            for value in values:
                self.send_header(name, value)
        self.end_headers()
        self.wfile.write(answer.body.encode())

    def log_message(self, *args) -> None:
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ["SUT_PORT"])), Deliveries)
    print("access bot ready", flush=True)
    server.serve_forever()
