"""The LLM twins' conversations page in headless Chromium: recorded exchanges per model, live."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_conversations_show_per_model_and_grow_live(
    universe, browser_page, openai_client, anthropic_client, llm_script
):
    llm_script(
        model="helper",
        turns=[
            {
                "reply": {
                    "thinking": "Plan the lookup.",
                    "tool_calls": [{"name": "lookup", "arguments": {"q": "ada"}}],
                }
            },
            {"reply": {"text": "Found Ada."}},
        ],
    )
    openai_client.responses.create(model="echo", input="first question", instructions="Be terse")
    openai_client.responses.create(model="helper", input="who is ada?")
    page = browser_page
    page.goto(f"{universe.url}/ui/openai/?model=echo")
    card = page.locator("#exchanges .exchange").first
    assert "first question" in card.locator(".turn.user").inner_text()
    assert "Be terse" in card.locator(".turn.system").inner_text()
    assert card.locator(".turn.reply .answer").inner_text() == "first question"
    card.locator("details.raw summary").click()
    assert '"instructions": "Be terse"' in card.locator("details.raw pre").inner_text()
    assert page.locator('#models li[data-model="helper"] .badge').inner_text() == "1"

    page.click('#models li[data-model="helper"] a')
    page.locator("#conversation-title", has_text="helper").wait_for()
    reply = page.locator("#exchanges .exchange .turn.reply").first
    assert "Plan the lookup." in reply.locator(".thinking").inner_text()
    assert 'lookup({"q": "ada"})' in reply.locator(".tool").inner_text()

    page.wait_for_function("document.getElementById('live').classList.contains('on')")
    openai_client.responses.create(model="helper", input="and then?")
    page.locator("#exchanges .exchange .answer", has_text="Found Ada.").wait_for()
    assert page.locator("#exchanges .exchange").count() == 2
    page.locator('#models li[data-model="helper"] .badge', has_text="2").wait_for()

    anthropic_client.messages.create(
        model="claude-sonnet-4-6", max_tokens=50, messages=[{"role": "user", "content": "hi"}]
    )
    page.click(".llm-providers a:has-text('Anthropic')")
    page.locator("#conversation-title", has_text="claude-sonnet-4-6").wait_for()
    assert page.locator("#exchanges .exchange .answer").inner_text() == "hi"


def test_failed_exchanges_show_their_error(universe, browser_page, genai_client):
    from google.genai import errors

    with pytest.raises(errors.ClientError):
        genai_client.models.generate_content(model="gemini-404", contents="x")
    page = browser_page
    page.goto(f"{universe.url}/ui/gemini/")
    card = page.locator("#exchanges .exchange.failed")
    assert "404" in card.locator(".status").inner_text()
    assert "gemini-404" in card.locator(".turn.error").inner_text()


def test_streams_that_failed_midway_say_how(universe, browser_page, anthropic_client, llm_script):
    import anthropic

    failing = {"text": "one two three", "stream_error": {"after_deltas": 2, "message": "busy"}}
    llm_script(model="failing", turns=[{"reply": failing}])
    messages = [{"role": "user", "content": "hi"}]
    stream = anthropic_client.messages.stream(model="failing", max_tokens=50, messages=messages)
    with pytest.raises(anthropic.APIStatusError), stream as events:
        list(events.text_stream)
    page = browser_page
    page.goto(f"{universe.url}/ui/anthropic/")
    card = page.locator("#exchanges .exchange.failed")
    assert card.locator(".status").inner_text() == "200"
    assert card.locator(".turn.error pre").inner_text() == "overloaded after 2 deltas: busy"


def test_registering_a_script_from_the_page(universe, browser_page, openai_client):
    page = browser_page
    page.goto(f"{universe.url}/ui/openai/")
    page.fill("#script-form textarea", "model: {broken")
    page.click("#script-form button")
    page.locator("#script-result", has_text="invalid script").wait_for()
    page.fill("#script-form textarea", "model: greeter\nturns:\n  - reply: {text: Hello there}\n")
    page.click("#script-form button")
    page.locator(".llm-scripts li", has_text="greeter").wait_for()
    assert "0/1 turns answered" in page.locator(".llm-scripts li").inner_text()
    assert openai_client.responses.create(model="greeter", input="hi").output_text == "Hello there"
