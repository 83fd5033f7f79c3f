"""Section accessories and input blocks send ``block_actions`` to a slack_bolt app, as actions
blocks do: what the web client sends for a click or a choice, checked against the element."""

from __future__ import annotations

import httpx
import pytest
from slack_bolt import App
from tests.helpers import eventually


def _option(value: str) -> dict:
    return {"text": {"type": "plain_text", "text": value.title()}, "value": value}


def _text(text: str) -> dict:
    return {"type": "mrkdwn", "text": text}


BLOCKS = [
    {
        "type": "section",
        "block_id": "env",
        "text": _text("Which environment?"),
        "accessory": {
            "type": "static_select",
            "action_id": "pick_env",
            "placeholder": {"type": "plain_text", "text": "Choose"},
            "options": [_option("staging"), _option("prod")],
        },
    },
    {
        "type": "section",
        "block_id": "more",
        "text": _text("More"),
        "accessory": {
            "type": "overflow",
            "action_id": "more_menu",
            "options": [_option("rollback"), _option("logs")],
        },
    },
    {
        "type": "section",
        "block_id": "when",
        "text": _text("When?"),
        "accessory": {"type": "datepicker", "action_id": "pick_day"},
    },
    {
        "type": "section",
        "block_id": "who",
        "text": _text("Reviewer"),
        "accessory": {"type": "users_select", "action_id": "pick_reviewer"},
    },
    {
        "type": "section",
        "block_id": "go",
        "text": _text("Ready?"),
        "accessory": {
            "type": "button",
            "action_id": "go",
            "value": "deploy-1",
            "text": {"type": "plain_text", "text": "Go"},
        },
    },
    {
        "type": "input",
        "block_id": "note",
        "dispatch_action": True,
        "label": {"type": "plain_text", "text": "Note"},
        "element": {"type": "plain_text_input", "action_id": "note_text"},
    },
]
ACTIONS = ("pick_env", "more_menu", "pick_day", "pick_reviewer", "go", "note_text")


@pytest.fixture
def chooser(serve_bolt):
    """A bolt app with a listener per element; yields its record, a bot client and the
    ``block_actions`` bodies it received."""
    received: list[dict] = []

    def listen(bolt: App) -> None:
        for action_id in ACTIONS:

            @bolt.action(action_id)
            def on_action(ack, body):
                ack()
                received.append(body)

    created, client = serve_bolt("Chooser", listen)
    return created, client, received


def _choose(universe, viewer: str, channel: str, ts: str, **fields) -> httpx.Response:
    return httpx.post(
        f"{universe.url}/ui/slack/actions",
        cookies={"slack_viewer": viewer, **universe.admin_cookies},
        json={"channel": channel, "ts": ts, **fields},
    )


def test_accessories_and_inputs_deliver_their_choices(
    universe, chooser, slack_credentials, general
):
    _app, bot, received = chooser
    bot.conversations_join(channel=general)
    ts = bot.chat_postMessage(channel=general, text="Deploy", blocks=BLOCKS)["ts"]
    admin = slack_credentials["admin_user_id"]
    choices = [
        {"block_id": "env", "action_id": "pick_env", "selected": "prod"},
        {"action_id": "more_menu", "selected": "logs"},
        {"action_id": "pick_day", "selected": "2026-12-24"},
        {"action_id": "pick_reviewer", "selected": admin},
        {"action_id": "go"},
        {"action_id": "note_text", "selected": "after the freeze"},
    ]
    for fields in choices:
        answer = _choose(universe, admin, general, ts, **fields)
        assert answer.json() == {"ok": True, "status": 200}, fields
    bodies = eventually(lambda: received if len(received) == len(choices) else None)
    actions = {b["actions"][0]["action_id"]: b["actions"][0] for b in bodies}

    assert actions["pick_env"]["selected_option"]["value"] == "prod"
    assert actions["pick_env"]["block_id"] == "env"
    assert actions["pick_env"]["placeholder"]["text"] == "Choose"
    assert actions["more_menu"]["selected_option"]["text"]["text"] == "Logs"
    assert actions["pick_day"]["selected_date"] == "2026-12-24"
    assert actions["pick_reviewer"]["selected_user"] == admin
    assert actions["go"]["value"] == "deploy-1" and actions["go"]["type"] == "button"
    assert actions["note_text"]["type"] == "plain_text_input"
    assert actions["note_text"]["value"] == "after the freeze"

    by_action = {b["actions"][0]["action_id"]: b for b in bodies}
    assert by_action["pick_env"]["state"]["values"] == {
        "env": {"pick_env": {"type": "static_select", "selected_option": _option("prod")}}
    }
    assert by_action["go"]["state"]["values"] == {}
    assert all(b["container"]["message_ts"] == ts and b["type"] == "block_actions" for b in bodies)


def test_choices_the_element_does_not_offer_are_refused(
    universe, chooser, slack_credentials, slack_user_client, general
):
    app, bot, received = chooser
    bot.conversations_join(channel=general)
    ts = bot.chat_postMessage(channel=general, text="Deploy", blocks=BLOCKS)["ts"]
    admin = slack_credentials["admin_user_id"]
    refusals = [
        ({"action_id": "pick_env", "selected": "dev"}, "invalid_option"),
        ({"action_id": "pick_day", "selected": "24/12/2026"}, "invalid_option"),
        ({"action_id": "pick_reviewer", "selected": "U0NOBODY"}, "invalid_option"),
        ({"action_id": "pick_env", "block_id": "when", "selected": "prod"}, "action_not_found"),
        ({"action_id": "self_destruct"}, "action_not_found"),
    ]
    for fields, error in refusals:
        answer = _choose(universe, admin, general, ts, **fields)
        assert answer.status_code == 400 and answer.json()["error"] == error, fields

    private = slack_user_client.conversations_create(name="war-room", is_private=True)
    private_id = private["channel"]["id"]
    slack_user_client.conversations_invite(channel=private_id, users=app["bot_user_id"])
    secret_ts = bot.chat_postMessage(channel=private_id, text="Deploy", blocks=BLOCKS)["ts"]
    outsider = next(
        m["id"] for m in bot.users_list()["members"] if not m["is_bot"] and not m["is_admin"]
    )
    answer = _choose(universe, outsider, private_id, secret_ts, action_id="go")
    assert answer.status_code == 400 and answer.json()["error"] == "channel_not_found"
    assert _choose(universe, admin, private_id, secret_ts, action_id="go").json()["ok"] is True
    eventually(lambda: [b for b in received if b["channel"]["id"] == private_id])
    assert not [b for b in received if b["user"]["id"] == outsider]


@pytest.mark.browser
def test_choosing_in_the_web_client(universe, chooser, browser_page, slack_credentials, general):
    _app, bot, received = chooser
    bot.conversations_join(channel=general)
    ts = bot.chat_postMessage(channel=general, text="Deploy", blocks=BLOCKS)["ts"]
    page = browser_page
    page.goto(f"{universe.url}/ui/slack/c/{general}")
    page.wait_for_function("document.querySelector('.slack-app').classList.contains('live')")
    message = page.locator(f'article[data-ts="{ts}"]')
    message.locator('select[data-action-id="pick_env"]').select_option("prod")
    message.locator('input[data-action-id="pick_day"]').fill("2026-12-24")
    message.locator('button[data-action-id="go"]').click()
    bodies = eventually(lambda: received if len(received) == 3 else None)
    chosen = {b["actions"][0]["action_id"]: b["actions"][0] for b in bodies}
    assert chosen["pick_env"]["selected_option"]["value"] == "prod"
    assert chosen["pick_day"]["selected_date"] == "2026-12-24"
    assert chosen["go"]["value"] == "deploy-1"
    assert {b["user"]["id"] for b in bodies} == {slack_credentials["admin_user_id"]}
