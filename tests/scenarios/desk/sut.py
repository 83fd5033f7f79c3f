"""A tiny helpdesk over Socket Mode: a shortcut opens a ticket form, a message shortcut files a
message, a service picker loads its options from the app; it reports each thing it hears in
#general, so scenarios can check what a person's steps delivered."""

import http.server
import os

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient

client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
for oauth in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):  # one workspace: no OAuth install flow
    os.environ.pop(oauth, None)
bolt = App(client=client, token=os.environ["SLACK_BOT_TOKEN"])
general = next(c["id"] for c in client.conversations_list()["channels"] if c["is_general"])
client.conversations_join(channel=general)
KINDS = [{"text": {"type": "plain_text", "text": k}, "value": k} for k in ("bug", "idea")]
SERVICES = ["api", "billing"]
FORM = {
    "type": "modal",
    "callback_id": "ticket",
    "notify_on_close": True,
    "title": {"type": "plain_text", "text": "New ticket"},
    "submit": {"type": "plain_text", "text": "File"},
    "blocks": [
        {
            "type": "actions",
            "block_id": "kind",
            "elements": [{"type": "static_select", "action_id": "pick_kind", "options": KINDS}],
        },
        {
            "type": "input",
            "block_id": "what",
            "label": {"type": "plain_text", "text": "What happened?"},
            "element": {"type": "plain_text_input", "action_id": "text"},
        },
    ],
}


def report(text: str) -> None:
    client.chat_postMessage(channel=general, text=text)


@bolt.shortcut("new_ticket")
def new_ticket(ack, shortcut):
    ack()
    client.views_open(trigger_id=shortcut["trigger_id"], view=FORM)


@bolt.message_shortcut("file_message")
def file_message(ack, shortcut):
    ack()
    report(f"filed message: {shortcut['message']['text']}")


@bolt.action("pick_kind")
def pick_kind(ack, body):
    ack()
    report(f"kind: {body['actions'][0]['selected_option']['value']} in {body['container']['type']}")


@bolt.options("find_service")
def find_service(ack, payload):
    options = [s for s in SERVICES if s.startswith(payload["value"])]
    ack(options=[{"text": {"type": "plain_text", "text": s}, "value": s} for s in options])


@bolt.action("find_service")
def chose_service(ack, body):
    ack()
    report(f"service: {body['actions'][0]['selected_option']['value']}")


@bolt.view("ticket")
def ticket(ack, view):
    ack()
    kind = view["state"]["values"]["kind"]["pick_kind"]["selected_option"]["value"]
    report(f"ticket ({kind}): {view['state']['values']['what']['text']['value']}")


@bolt.view_closed("ticket")
def closed(ack):
    ack()
    report("ticket form closed")


picker = {"type": "external_select", "action_id": "find_service"}
client.chat_postMessage(
    channel=general,
    text="Which service?",
    blocks=[
        {
            "type": "section",
            "block_id": "svc",
            "text": {"type": "mrkdwn", "text": "Which service?"},
            "accessory": picker,
        }
    ],
)
SocketModeHandler(bolt, os.environ["SLACK_APP_TOKEN"]).connect()
server = http.server.HTTPServer(
    ("127.0.0.1", int(os.environ["SUT_PORT"])), http.server.SimpleHTTPRequestHandler
)
print("desk ready", flush=True)
server.serve_forever()
