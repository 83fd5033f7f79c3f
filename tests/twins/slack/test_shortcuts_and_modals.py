"""Shortcuts, external select options, choices inside a modal and closing one: what a person does
in the web client (here as a named person through ``/slack/_people``) reaches a slack_bolt app as
Slack's ``shortcut``, ``message_action``, ``block_suggestion``, ``block_actions`` with a view, and
``view_closed``."""

from __future__ import annotations

import httpx
import pytest
from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from tests.helpers import eventually
from tests.twins.slack.people import person


def _plain(text: str) -> dict:
    return {"type": "plain_text", "text": text}


def _option(value: str) -> dict:
    return {"text": _plain(value.title()), "value": value}


SHORTCUTS = [
    {"name": "New ticket", "type": "global", "callback_id": "new_ticket", "description": "File"},
    {"name": "File this", "type": "message", "callback_id": "file_message", "description": "File"},
]
FORM = {
    "type": "modal",
    "callback_id": "ticket",
    "notify_on_close": True,
    "title": _plain("New ticket"),
    "submit": _plain("File"),
    "blocks": [
        {
            "type": "actions",
            "block_id": "kind",
            "elements": [
                {
                    "type": "static_select",
                    "action_id": "pick_kind",
                    "options": [_option("bug"), _option("idea")],
                },
                {"type": "datepicker", "action_id": "pick_due"},
            ],
        },
        {
            "type": "input",
            "block_id": "tags",
            "label": _plain("Tags"),
            "element": {
                "type": "checkboxes",
                "action_id": "pick_tags",
                "options": [_option("urgent"), _option("customer")],
            },
        },
        {
            "type": "input",
            "block_id": "severity",
            "label": _plain("Severity"),
            "element": {
                "type": "radio_buttons",
                "action_id": "pick_severity",
                "options": [_option("low"), _option("high")],
            },
        },
        {
            "type": "input",
            "block_id": "owner",
            "label": _plain("Owner"),
            "element": {"type": "users_select", "action_id": "pick_owner"},
        },
        {
            "type": "input",
            "block_id": "room",
            "label": _plain("Room"),
            "element": {"type": "conversations_select", "action_id": "pick_room"},
        },
        {
            "type": "input",
            "block_id": "details",
            "label": _plain("Details"),
            "element": {"type": "rich_text_input", "action_id": "write_details"},
        },
        {
            "type": "input",
            "block_id": "service",
            "label": _plain("Service"),
            "element": {"type": "external_select", "action_id": "find_service"},
        },
    ],
}
SERVICES = ["api", "app-server", "billing"]


@pytest.fixture
def desk(serve_bolt):
    """A helpdesk bolt app with a global and a message shortcut, a modal whose elements it
    listens to, an options listener for its external select and a ``view_closed`` listener;
    yields its record, a bot client and what each listener heard, by kind."""
    heard: dict[str, list[dict]] = {
        k: [] for k in ("shortcut", "message", "action", "options", "submission", "closed")
    }

    def listen(bolt: App) -> None:
        @bolt.shortcut("new_ticket")
        def new_ticket(ack, shortcut, client):
            ack()
            heard["shortcut"].append(shortcut)
            client.views_open(trigger_id=shortcut["trigger_id"], view=FORM)

        @bolt.message_shortcut("file_message")
        def file_message(ack, shortcut, respond):
            ack()
            heard["message"].append(shortcut)
            respond(text=f"Filed: {shortcut['message']['text']}")

        @bolt.action("pick_kind")
        def pick_kind(ack, body, client):
            ack()
            heard["action"].append(body)
            view = body["view"]
            chosen = view["state"]["values"]["kind"]["pick_kind"]["selected_option"]["value"]
            form = {**FORM, "title": _plain(f"New {chosen}")}
            client.views_update(view_id=view["id"], hash=view["hash"], view=form)

        @bolt.action("find_service")
        def chose_service(ack, body):
            ack()
            heard["action"].append(body)

        @bolt.options("find_service")
        def find_service(ack, payload):
            heard["options"].append(payload)
            typed = payload["value"]
            ack(options=[_option(s) for s in SERVICES if s.startswith(typed)])

        @bolt.view("ticket")
        def ticket(ack, view):
            ack()
            heard["submission"].append(view)

        @bolt.view_closed("ticket")
        def closed(ack, body):
            ack()
            heard["closed"].append(body)

    created, client = serve_bolt("Helpdesk", listen, shortcuts=SHORTCUTS)
    return created, client, heard


def _open_form(universe, user_id: str, heard: dict) -> dict:
    assert person(universe, user_id, "/shortcuts", {"callback_id": "new_ticket"}).json()["ok"]
    eventually(lambda: heard["shortcut"])
    return eventually(lambda: person(universe, user_id, "/modal", method="GET").json()["view"])


def _ask_for_a_service(bot, channel: str) -> str:
    """The app joins ``channel`` and posts a message whose external select finds a service: its
    ``ts``."""
    bot.conversations_join(channel=channel)
    blocks = [
        {
            "type": "section",
            "block_id": "svc",
            "text": {"type": "mrkdwn", "text": "Which service?"},
            "accessory": {"type": "external_select", "action_id": "find_service"},
        }
    ]
    return bot.chat_postMessage(channel=channel, text="Which service?", blocks=blocks)["ts"]


def _other_person(client) -> str:
    return next(
        m["id"] for m in client.users_list()["members"] if not m["is_bot"] and not m["is_admin"]
    )


def test_a_global_shortcut_opens_a_modal_and_a_message_shortcut_responds(
    universe, desk, slack_credentials, slack_user_client, general
):
    app, _bot, heard = desk
    admin = slack_credentials["admin_user_id"]
    menu = person(universe, admin, "/shortcuts", method="GET").json()["shortcuts"]
    assert {(s["callback_id"], s["type"]) for s in menu if s["app_id"] == app["app_id"]} == {
        ("new_ticket", "global"),
        ("file_message", "message"),
    }

    form = _open_form(universe, admin, heard)
    shortcut = heard["shortcut"][0]
    assert shortcut["type"] == "shortcut" and shortcut["user"]["id"] == admin
    assert form["callback_id"] == "ticket" and form["notify_on_close"] is True

    ts = slack_user_client.chat_postMessage(channel=general, text="printer is on fire")["ts"]
    answer = person(
        universe, admin, "/shortcuts", {"callback_id": "file_message", "channel": general, "ts": ts}
    )
    assert answer.json() == {"ok": True, "status": 200}
    action = eventually(lambda: heard["message"])[0]
    assert action["type"] == "message_action" and action["message_ts"] == ts
    assert action["message"]["text"] == "printer is on fire"
    assert action["channel"]["id"] == general and action["response_url"]
    shown = eventually(
        lambda: httpx.get(
            f"{universe.url}/slack/_ephemeral",
            params={"channel": general, "user": admin},
            headers=universe.admin_headers,
        ).json()["messages"]
    )
    assert shown[-1]["text"] == "Filed: printer is on fire"


def test_shortcuts_are_refused_where_the_person_cannot_go(
    universe, desk, slack_credentials, slack_user_client
):
    _app, bot, heard = desk
    outsider = _other_person(bot)
    secret = slack_user_client.conversations_create(name="secret-plans", is_private=True)
    channel = secret["channel"]["id"]
    ts = slack_user_client.chat_postMessage(channel=channel, text="the plan")["ts"]
    refused = person(
        universe,
        outsider,
        "/shortcuts",
        {"callback_id": "file_message", "channel": channel, "ts": ts},
    )
    assert refused.status_code == 400 and refused.json()["error"] == "channel_not_found"
    unknown = person(universe, outsider, "/shortcuts", {"callback_id": "launch_rockets"})
    assert unknown.status_code == 400 and unknown.json()["error"] == "shortcut_not_found"
    assert heard["message"] == [] and heard["shortcut"] == []
    bad = httpx.post(
        f"{universe.url}/slack/_apps",
        headers=universe.admin_headers,
        json={"name": "Broken", "shortcuts": [{"name": "x", "type": "everywhere"}]},
    )
    assert bad.status_code == 400 and "shortcuts" in bad.text


def test_choices_in_a_modal_reach_the_app_with_the_view_and_are_submitted(
    universe, desk, slack_credentials, general
):
    _app, _bot, heard = desk
    admin = slack_credentials["admin_user_id"]
    form = _open_form(universe, admin, heard)
    at = f"/views/{form['id']}"

    chosen = person(universe, admin, f"{at}/actions", {"action_id": "pick_kind", "selected": "bug"})
    assert chosen.json() == {"ok": True, "status": 200}
    body = eventually(lambda: heard["action"])[0]
    assert body["container"] == {"type": "view", "view_id": form["id"]}
    assert body["actions"][0]["selected_option"]["value"] == "bug"
    assert "response_url" not in body and body["view"]["callback_id"] == "ticket"
    updated = eventually(
        lambda: (
            (v := person(universe, admin, "/modal", method="GET").json()["view"])
            and v["title"]["text"] == "New bug"
            and v
        )
    )
    assert updated["state"]["values"]["kind"]["pick_kind"]["selected_option"]["value"] == "bug"

    options = person(
        universe,
        admin,
        "/options",
        {"view_id": form["id"], "action_id": "find_service", "value": "ap"},
    )
    assert [o["value"] for o in options.json()["options"]] == ["api", "app-server"]
    suggestion = heard["options"][0]
    assert suggestion["type"] == "block_suggestion" and suggestion["value"] == "ap"
    assert suggestion["view"]["id"] == form["id"] and suggestion["block_id"] == "service"

    values = {
        "tags": {"pick_tags": ["urgent", "customer"]},
        "severity": {"pick_severity": "high"},
        "owner": {"pick_owner": admin},
        "room": {"pick_room": general},
        "details": {"write_details": "It smells of toner"},
        "service": {"find_service": "billing"},
    }
    refused = person(universe, admin, f"{at}/submit", {"values": values})
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_option"
    values["service"] = {"find_service": "app-server"}
    submitted = person(universe, admin, f"{at}/submit", {"values": values})
    assert submitted.json()["ok"] is True
    state = eventually(lambda: heard["submission"])[0]["state"]["values"]
    assert state["kind"]["pick_kind"]["selected_option"]["value"] == "bug"
    assert [o["value"] for o in state["tags"]["pick_tags"]["selected_options"]] == [
        "urgent",
        "customer",
    ]
    assert state["severity"]["pick_severity"]["selected_option"]["value"] == "high"
    assert state["owner"]["pick_owner"]["selected_user"] == admin
    assert state["room"]["pick_room"]["selected_conversation"] == general
    details = state["details"]["write_details"]
    assert details["type"] == "rich_text_input"
    assert details["rich_text_value"]["elements"][0]["elements"][0]["text"] == "It smells of toner"
    assert state["service"]["find_service"]["selected_option"]["value"] == "app-server"
    assert person(universe, admin, "/modal", method="GET").json()["view"] is None


def test_closing_a_modal_sends_view_closed_and_only_its_person_may_act_in_it(
    universe, desk, slack_credentials
):
    _app, bot, heard = desk
    admin = slack_credentials["admin_user_id"]
    form = _open_form(universe, admin, heard)
    at = f"/views/{form['id']}"
    outsider = _other_person(bot)
    for path, body in (
        (f"{at}/actions", {"action_id": "pick_kind", "selected": "idea"}),
        (f"{at}/submit", {"values": {}}),
        (f"{at}/close", None),
    ):
        refused = person(universe, outsider, path, body)
        assert refused.status_code == 400 and refused.json()["error"] == "view_not_found", path
    bad = person(universe, admin, f"{at}/actions", {"action_id": "pick_due", "selected": "soon"})
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_option"
    assert heard["action"] == [] and heard["submission"] == []

    assert person(universe, admin, f"{at}/close").json() == {"ok": True, "notified": True}
    closed = eventually(lambda: heard["closed"])[0]
    assert closed["type"] == "view_closed" and closed["view"]["id"] == form["id"]
    assert closed["is_cleared"] is False and closed["user"]["id"] == admin
    assert person(universe, admin, "/modal", method="GET").json()["view"] is None
    again = person(universe, admin, f"{at}/close")
    assert again.status_code == 400 and again.json()["error"] == "view_not_found"


def test_an_external_select_in_a_message_offers_the_apps_options(
    universe, desk, slack_credentials, general
):
    _app, bot, heard = desk
    admin = slack_credentials["admin_user_id"]
    ts = _ask_for_a_service(bot, general)
    where = {"channel": general, "ts": ts, "action_id": "find_service"}
    early = person(universe, admin, "/actions", {**where, "selected": "api"})
    assert early.status_code == 400 and early.json()["error"] == "invalid_option"

    options = person(universe, admin, "/options", {**where, "value": "bil"}).json()["options"]
    assert options == [_option("billing")]
    suggestion = heard["options"][0]
    assert suggestion["container"]["message_ts"] == ts and suggestion["channel"]["id"] == general
    assert suggestion["message"]["ts"] == ts and suggestion["action_id"] == "find_service"
    not_offered = person(universe, admin, "/actions", {**where, "selected": "api"})
    assert not_offered.status_code == 400 and not_offered.json()["error"] == "invalid_option"
    assert person(universe, admin, "/actions", {**where, "selected": "billing"}).json()["ok"]
    chose = eventually(lambda: heard["action"])[0]["actions"][0]
    assert chose["type"] == "external_select" and chose["selected_option"] == _option("billing")
    outsider = _other_person(bot)
    theirs = person(universe, outsider, "/actions", {**where, "selected": "billing"})
    assert theirs.status_code == 400 and theirs.json()["error"] == "invalid_option"
    not_external = person(universe, admin, "/options", {**where, "action_id": "nope", "value": ""})
    assert not_external.status_code == 400 and not_external.json()["error"] == "action_not_found"


@pytest.mark.browser
def test_shortcuts_and_a_modal_in_the_web_client(
    universe, desk, browser_page, slack_credentials, slack_user_client, general
):
    _app, bot, heard = desk
    admin = slack_credentials["admin_user_id"]
    page = browser_page
    page.goto(f"{universe.url}/ui/slack/c/{general}")
    page.wait_for_function("document.querySelector('.slack-app').classList.contains('live')")

    page.locator("#shortcuts").click()
    page.locator(".shortcut-menu button", has_text="New ticket · Helpdesk").click()
    modal = page.locator("form.modal")
    modal.locator("h2", has_text="New ticket").wait_for()
    modal.locator('select[name="kind/pick_kind"]').select_option("bug")
    modal.locator("h2", has_text="New bug").wait_for()
    assert heard["action"][0]["view"]["state"]["values"]["kind"]["pick_kind"]["selected_option"]
    modal.locator('input[name="tags/pick_tags"][value="urgent"]').check()
    modal.locator('input[name="severity/pick_severity"][value="high"]').check()
    modal.locator('input[name="owner/pick_owner"]').fill(admin)
    modal.locator('input[name="room/pick_room"]').fill(general)
    modal.locator('textarea[name="details/write_details"]').fill("Paper jam, again")
    service = modal.locator('input[name="service/find_service"]')
    service.press_sequentially("bil")
    modal.locator("datalist option[value='billing']").wait_for(state="attached")
    service.fill("billing")
    modal.locator("button", has_text="File").click()
    page.locator("form.modal").wait_for(state="detached")
    values = eventually(lambda: heard["submission"])[0]["state"]["values"]
    assert values["severity"]["pick_severity"]["selected_option"]["value"] == "high"
    assert [o["value"] for o in values["tags"]["pick_tags"]["selected_options"]] == ["urgent"]
    assert values["service"]["find_service"]["selected_option"]["value"] == "billing"
    assert "bil" in [p["value"] for p in heard["options"]]

    page.locator("#shortcuts").click()
    page.locator(".shortcut-menu button", has_text="New ticket · Helpdesk").click()
    page.locator("form.modal button", has_text="Cancel").click()
    page.locator("form.modal").wait_for(state="detached")
    assert eventually(lambda: heard["closed"])[0]["user"]["id"] == admin

    ts = slack_user_client.chat_postMessage(channel=general, text="toner is out")["ts"]
    message = page.locator(f'article[data-ts="{ts}"]')
    message.hover()
    message.locator(".message-menu").click()
    page.locator(".shortcut-menu button", has_text="File this · Helpdesk").click()
    page.locator("#messages .message.ephemeral", has_text="Filed: toner is out").wait_for()
    assert eventually(lambda: heard["message"])[0]["message_ts"] == ts

    someone = _other_person(bot)
    page.goto(f"{universe.url}/ui/slack/c/{general}?as={someone}")
    page.locator(f'article[data-ts="{ts}"]').wait_for()
    assert page.locator("#messages .message", has_text="Filed: toner is out").count() == 0


def test_a_manifests_shortcuts_appear_in_the_menu(universe, slack_credentials):
    config = WebClient(
        token=slack_credentials["config_token"], base_url=slack_credentials["api_url"]
    )
    manifest = {
        "display_information": {"name": "Filer"},
        "features": {"bot_user": {"display_name": "Filer"}, "shortcuts": SHORTCUTS[:1]},
        "oauth_config": {"scopes": {"bot": ["commands"]}},
        "settings": {"interactivity": {"is_enabled": True, "request_url": "http://127.0.0.1:9/x"}},
    }
    app_id = config.apps_manifest_create(manifest=manifest)["app_id"]
    admin = slack_credentials["admin_user_id"]
    menu = person(universe, admin, "/shortcuts", method="GET").json()["shortcuts"]
    assert [(s["callback_id"], s["type"]) for s in menu if s["app_id"] == app_id] == [
        ("new_ticket", "global")
    ]
    broken = {**manifest, "features": {"shortcuts": [{"name": "x", "type": "global"}]}}
    with pytest.raises(SlackApiError) as refused:
        config.apps_manifest_create(manifest=broken)
    assert refused.value.response["error"] == "invalid_manifest"


def test_a_modal_without_ids_gets_slacks_and_is_submitted_with_them(
    universe, desk, slack_credentials
):
    """As in bolt's modals example: an input block with neither block_id nor action_id."""
    _app, bot, heard = desk
    admin = slack_credentials["admin_user_id"]
    form = _open_form(universe, admin, heard)
    bare = {
        "type": "modal",
        "callback_id": "ticket",
        "title": _plain("Bare"),
        "submit": _plain("Go"),
        "blocks": [
            {"type": "input", "label": _plain("Label"), "element": {"type": "plain_text_input"}}
        ],
    }
    shown = bot.views_update(view_id=form["id"], view=bare)["view"]
    block = shown["blocks"][0]
    assert block["block_id"] and block["element"]["action_id"]
    values = {block["block_id"]: {block["element"]["action_id"]: "hi"}}
    assert person(universe, admin, f"/views/{form['id']}/submit", {"values": values}).json()["ok"]
    state = eventually(lambda: heard["submission"])[0]["state"]["values"]
    assert state[block["block_id"]][block["element"]["action_id"]]["value"] == "hi"


@pytest.mark.browser
def test_an_external_select_in_a_message_in_the_web_client(universe, desk, browser_page, general):
    _app, bot, heard = desk
    ts = _ask_for_a_service(bot, general)
    page = browser_page
    page.goto(f"{universe.url}/ui/slack/c/{general}")
    page.wait_for_function("document.querySelector('.slack-app').classList.contains('live')")
    picker = page.locator(f'article[data-ts="{ts}"] input.block-external')
    picker.press_sequentially("ap")
    page.locator(f'article[data-ts="{ts}"] datalist option[value="app-server"]').wait_for(
        state="attached"
    )
    picker.fill("app-server")
    picker.blur()
    chose = eventually(lambda: heard["action"])[0]["actions"][0]
    assert chose["selected_option"]["value"] == "app-server"
    assert "ap" in [p["value"] for p in heard["options"]]
