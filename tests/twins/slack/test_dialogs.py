"""Legacy dialogs: ``dialog.open`` from a click, then the person's submission, cancellation and
external options reaching a slack_bolt app as ``dialog_submission``, ``dialog_cancellation`` and
``dialog_suggestion``, with the listeners bolt's own dialogs example uses."""

from __future__ import annotations

import pytest
from slack_bolt import Ack, App
from slack_sdk.errors import SlackApiError
from tests.helpers import eventually
from tests.twins.slack.people import person

RIDE = {
    "callback_id": "ride-request",
    "title": "Request a Ride",
    "submit_label": "Request",
    "notify_on_cancel": True,
    "state": "Limo",
    "elements": [
        {"type": "text", "label": "Pickup Location", "name": "loc_origin"},
        {"type": "textarea", "label": "Notes", "name": "notes", "optional": True},
        {
            "type": "select",
            "label": "Size",
            "name": "size",
            "options": [{"label": "Small", "value": "s"}, {"label": "Large", "value": "l"}],
        },
        {"type": "select", "label": "Ticket", "name": "ticket", "data_source": "external"},
        {"type": "select", "label": "Driver", "name": "driver", "data_source": "users"},
    ],
}
TICKETS = [{"label": "[FE-459] Remove the marquee tag", "value": "FE-459"}]
BUTTON = [
    {
        "type": "actions",
        "elements": [
            {"type": "button", "action_id": "ride", "text": {"type": "plain_text", "text": "Ride"}}
        ],
    }
]


@pytest.fixture
def rides(serve_bolt, general):
    """An app whose button opens the ride dialog; yields its bot client, the ts of its button
    message in #general, what its listeners heard, and what dialog.open answered."""
    heard: dict[str, list] = {"dialog": [], "suggestion": [], "opened": []}

    def listen(bolt: App) -> None:
        @bolt.action("ride")
        def ride(ack, body, client):
            ack()
            heard["opened"].append(client.dialog_open(trigger_id=body["trigger_id"], dialog=RIDE))

        @bolt.action("ride-request")
        def submitted_or_cancelled(ack: Ack, body: dict):
            heard["dialog"].append(body)
            if body["type"] == "dialog_submission" and len(body["submission"]["loc_origin"]) <= 3:
                ack(errors=[{"name": "loc_origin", "error": "Longer than 3 characters"}])
            else:
                ack()

        @bolt.options("ride-request")
        def suggestion(ack, payload):
            heard["suggestion"].append(payload)
            ack(options=[t for t in TICKETS if payload["value"] in t["value"]])

    _created, bot = serve_bolt("Rides", listen)
    bot.conversations_join(channel=general)
    ts = bot.chat_postMessage(channel=general, text="Need a ride?", blocks=BUTTON)["ts"]
    return bot, ts, heard


def _open(universe, user_id: str, general: str, ts: str, heard: dict) -> dict:
    assert person(
        universe, user_id, "/actions", {"channel": general, "ts": ts, "action_id": "ride"}
    )
    eventually(lambda: heard["opened"])
    return person(universe, user_id, "/dialog", method="GET").json()["dialog"]


def test_a_dialog_is_submitted_corrected_and_cancelled(universe, rides, slack_credentials, general):
    _bot, ts, heard = rides
    admin = slack_credentials["admin_user_id"]
    dialog = _open(universe, admin, general, ts, heard)
    assert heard["opened"][0]["ok"] is True
    assert dialog["title"] == "Request a Ride" and len(dialog["elements"]) == 5
    at = f"/dialogs/{dialog['id']}"

    options = person(universe, admin, f"{at}/options", {"name": "ticket", "value": "FE"})
    assert options.json()["options"] == TICKETS
    suggestion = heard["suggestion"][0]
    assert suggestion["type"] == "dialog_suggestion" and suggestion["name"] == "ticket"
    assert suggestion["callback_id"] == "ride-request" and suggestion["state"] == "Limo"

    values = {"loc_origin": "Bay", "size": "l", "ticket": "FE-459", "driver": admin}
    first = person(universe, admin, f"{at}/submit", {"submission": values})
    assert first.json()["errors"] == [{"name": "loc_origin", "error": "Longer than 3 characters"}]
    assert person(universe, admin, "/dialog", method="GET").json()["dialog"]["id"] == dialog["id"]

    values["loc_origin"] = "Bay Bridge"
    assert person(universe, admin, f"{at}/submit", {"submission": values}).json() == {
        "ok": True,
        "errors": [],
    }
    body = heard["dialog"][-1]
    assert body["type"] == "dialog_submission" and body["channel"]["id"] == general
    assert body["submission"] == {**values, "notes": None}
    assert body["user"]["id"] == admin and body["response_url"]
    assert person(universe, admin, "/dialog", method="GET").json()["dialog"] is None

    again = _open(universe, admin, general, ts, heard)
    cancelled = person(universe, admin, f"/dialogs/{again['id']}/cancel")
    assert cancelled.json() == {"ok": True, "notified": True}
    assert eventually(lambda: heard["dialog"][-1]["type"] == "dialog_cancellation")


def test_a_dialog_refuses_bad_answers_and_other_people(universe, rides, slack_credentials, general):
    bot, ts, heard = rides
    admin = slack_credentials["admin_user_id"]
    dialog = _open(universe, admin, general, ts, heard)
    at = f"/dialogs/{dialog['id']}"
    good = {"loc_origin": "Bay Bridge", "size": "s", "ticket": "FE-459", "driver": admin}
    for wrong in (
        {k: v for k, v in good.items() if k != "loc_origin"},
        {**good, "size": "xl"},
        {**good, "ticket": "FE-459"},  # no options were loaded yet
        {**good, "driver": "U0NOBODY"},
        {**good, "loc_origin": "x" * 151},
    ):
        refused = person(universe, admin, f"{at}/submit", {"submission": wrong})
        assert refused.status_code == 400 and refused.json()["error"] == "invalid_submission"
    outsider = next(
        m["id"] for m in bot.users_list()["members"] if not m["is_bot"] and not m["is_admin"]
    )
    theirs = person(universe, outsider, f"{at}/submit", {"submission": good})
    assert theirs.status_code == 400 and theirs.json()["error"] == "dialog_not_found"
    assert person(universe, outsider, "/dialog", method="GET").json()["dialog"] is None
    assert heard["dialog"] == []


def test_dialog_open_answers_slacks_errors(rides):
    bot, _ts, _heard = rides
    with pytest.raises(SlackApiError) as missing:
        bot.api_call("dialog.open", json={"trigger_id": "1.2.abc"})
    assert missing.value.response["error"] == "missing_dialog"
    with pytest.raises(SlackApiError) as unknown:
        bot.dialog_open(trigger_id="1.2.abc", dialog=RIDE)
    assert unknown.value.response["error"] == "invalid_trigger"
    with pytest.raises(SlackApiError) as invalid:
        bot.dialog_open(trigger_id="1.2.abc", dialog={**RIDE, "title": "A" * 25, "elements": []})
    assert invalid.value.response["error"] == "validation_errors"
    messages = invalid.value.response["response_metadata"]["messages"]
    assert any("/dialog/title" in m for m in messages)
    assert any("/dialog/elements" in m for m in messages)


@pytest.mark.browser
def test_a_dialog_in_the_web_client(universe, rides, browser_page, slack_credentials, general):
    _bot, ts, heard = rides
    page = browser_page
    page.goto(f"{universe.url}/ui/slack/c/{general}")
    page.wait_for_function("document.querySelector('.slack-app').classList.contains('live')")
    page.locator(f'article[data-ts="{ts}"] button[data-action-id="ride"]').click()
    dialog = page.locator("form.dialog")
    dialog.locator("h2", has_text="Request a Ride").wait_for()
    dialog.locator('input[name="loc_origin"]').fill("Bay")
    dialog.locator('select[name="size"]').select_option("l")
    ticket = dialog.locator('input[name="ticket"]')
    ticket.press_sequentially("FE")
    dialog.locator("datalist option[value='FE-459']").wait_for(state="attached")
    ticket.fill("FE-459")
    dialog.locator('input[name="driver"]').fill(slack_credentials["admin_user_id"])
    dialog.locator("button", has_text="Request").click()
    dialog.locator(".dialog-error", has_text="Longer than 3 characters").wait_for()
    dialog.locator('input[name="loc_origin"]').fill("Bay Bridge")
    dialog.locator("button", has_text="Request").click()
    page.locator("form.dialog").wait_for(state="detached")
    submitted = heard["dialog"][-1]
    assert submitted["type"] == "dialog_submission"
    assert submitted["submission"]["loc_origin"] == "Bay Bridge"
    assert submitted["submission"]["ticket"] == "FE-459"
