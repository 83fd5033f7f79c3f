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
