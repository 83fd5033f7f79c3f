"""The same scripts through the three official SDKs: plain, streamed, tool calls with results,
structured output and a scripted rate limit, as one parametrised matrix."""

from __future__ import annotations

import json
import math

import anthropic
import openai
import pytest
from google.genai import errors as genai_errors
from google.genai import types

PROVIDERS = ["openai", "anthropic", "gemini"]
TOOL_SCHEMA = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
SCRIPT = {
    "model": "parity",
    "turns": [
        {"when": {"has_tool_results": True}, "reply": {"text": "It is mild."}},
        {
            "when": {"last_user_contains": "weather"},
            "reply": {"tool_calls": [{"name": "get_weather", "arguments": {"city": "Bern"}}]},
        },
        {"when": {"last_user_contains": "json"}, "reply": {"json": {"city": "Bern"}}},
        {
            "when": {"last_user_contains": "busy"},
            "reply": {"error": {"status": 429, "message": "busy now", "retry_after": 3}},
        },
        {"reply": {"text": "plain answer", "thinking": "short thought"}},
    ],
    "repeat_last": True,
}


class Driver:
    """One provider's SDK calls, in the neutral shapes the matrix compares."""

    def __init__(self, provider: str, clients: dict) -> None:
        self.provider = provider
        self.client = clients[provider]

    def text(self, prompt: str) -> tuple[str, int]:
        if self.provider == "openai":
            r = self.client.responses.create(model="parity", input=prompt)
            return r.output_text, r.usage.output_tokens_details.reasoning_tokens
        if self.provider == "anthropic":
            m = self.client.messages.create(model="parity", max_tokens=100, messages=_user(prompt))
            return m.content[-1].text, m.usage.output_tokens - math.ceil(
                len(m.content[-1].text) / 4
            )
        r = self.client.models.generate_content(model="parity", contents=prompt)
        return r.text, r.usage_metadata.thoughts_token_count

    def stream(self, prompt: str) -> list[str]:
        if self.provider == "openai":
            events = self.client.responses.create(model="parity", input=prompt, stream=True)
            return [e.delta for e in events if e.type == "response.output_text.delta"]
        if self.provider == "anthropic":
            with self.client.messages.stream(
                model="parity", max_tokens=100, messages=_user(prompt)
            ) as stream:
                return list(stream.text_stream)
        return [
            c.text
            for c in self.client.models.generate_content_stream(model="parity", contents=prompt)
        ]

    def tool_round_trip(self, prompt: str) -> tuple[dict, str]:
        if self.provider == "openai":
            tool = {"type": "function", "name": "get_weather", "parameters": TOOL_SCHEMA}
            first = self.client.responses.create(model="parity", input=prompt, tools=[tool])
            call = first.output[-1]
            items = [
                {"role": "user", "content": prompt},
                call.model_dump(exclude_none=True),
                {"type": "function_call_output", "call_id": call.call_id, "output": "mild"},
            ]
            final = self.client.responses.create(model="parity", input=items, tools=[tool])
            return json.loads(call.arguments), final.output_text
        if self.provider == "anthropic":
            tool = {"name": "get_weather", "input_schema": TOOL_SCHEMA}
            messages = _user(prompt)
            first = self.client.messages.create(
                model="parity", max_tokens=100, messages=messages, tools=[tool]
            )
            use = first.content[-1]
            messages += [
                {"role": "assistant", "content": [b.model_dump() for b in first.content]},
                {
                    "role": "user",
                    "content": [{"type": "tool_result", "tool_use_id": use.id, "content": "mild"}],
                },
            ]
            final = self.client.messages.create(
                model="parity", max_tokens=100, messages=messages, tools=[tool]
            )
            return use.input, final.content[-1].text
        declaration = types.FunctionDeclaration(
            name="get_weather", parameters_json_schema=TOOL_SCHEMA
        )
        config = types.GenerateContentConfig(
            tools=[types.Tool(function_declarations=[declaration])],
            automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
        )
        contents = [types.Content(role="user", parts=[types.Part(text=prompt)])]
        first = self.client.models.generate_content(
            model="parity", contents=contents, config=config
        )
        result = types.Part.from_function_response(name="get_weather", response={"result": "mild"})
        final = self.client.models.generate_content(
            model="parity",
            contents=[
                *contents,
                first.candidates[0].content,
                types.Content(role="user", parts=[result]),
            ],
            config=config,
        )
        return first.function_calls[0].args, final.text

    def structured(self, prompt: str) -> dict:
        if self.provider == "openai":
            fmt = {"type": "json_schema", "name": "place", "schema": TOOL_SCHEMA}
            r = self.client.responses.create(model="parity", input=prompt, text={"format": fmt})
            return json.loads(r.output_text)
        if self.provider == "anthropic":
            m = self.client.messages.create(
                model="parity",
                max_tokens=100,
                messages=_user(prompt),
                output_config={"format": {"type": "json_schema", "schema": TOOL_SCHEMA}},
            )
            return json.loads(m.content[0].text)
        config = types.GenerateContentConfig(
            response_mime_type="application/json", response_json_schema=TOOL_SCHEMA
        )
        r = self.client.models.generate_content(model="parity", contents=prompt, config=config)
        return json.loads(r.text)

    def rate_limited(self, prompt: str) -> tuple[type[Exception], Exception]:
        expected = {
            "openai": openai.RateLimitError,
            "anthropic": anthropic.RateLimitError,
            "gemini": genai_errors.ClientError,
        }[self.provider]
        with pytest.raises(expected) as caught:
            self.text(prompt)
        return caught.value


def _user(text: str) -> list[dict]:
    return [{"role": "user", "content": text}]


@pytest.fixture
def driver(request, llm_script, openai_client, anthropic_client, genai_client) -> Driver:
    llm_script(SCRIPT)
    clients = {
        "openai": openai_client.with_options(max_retries=0),
        "anthropic": anthropic_client.with_options(max_retries=0),
        "gemini": genai_client,
    }
    return Driver(request.param, clients)


@pytest.mark.parametrize("driver", PROVIDERS, indirect=True)
def test_parity_matrix(driver, llm_exchanges):
    text, reasoning = driver.text("say something")
    assert text == "plain answer" and reasoning == math.ceil(len("short thought") / 4)
    assert "".join(driver.stream("stream it")) == "plain answer"
    assert driver.tool_round_trip("weather in Bern?") == ({"city": "Bern"}, "It is mild.")
    assert driver.structured("as json please") == {"city": "Bern"}
    error = driver.rate_limited("busy?")
    assert "busy now" in str(error)
    assert getattr(error, "status_code", getattr(error, "code", None)) == 429
    recorded = llm_exchanges(driver.provider, "parity")
    assert [e["status"] for e in recorded] == [200, 200, 200, 200, 200, 429]
    assert all(e["prompt"]["provider"] == driver.provider for e in recorded)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_stop_sequences_cut_the_answer(provider, openai_client, anthropic_client, genai_client):
    said = "first part STOP second part"
    if provider == "openai":
        choice = openai_client.chat.completions.create(
            model="echo", messages=_user(said), stop=["STOP"]
        ).choices[0]
        assert (choice.message.content, choice.finish_reason) == ("first part ", "stop")
    elif provider == "anthropic":
        message = anthropic_client.messages.create(
            model="echo", max_tokens=50, messages=_user(said), stop_sequences=["STOP", "second"]
        )
        assert message.content[0].text == "first part "
        assert (message.stop_reason, message.stop_sequence) == ("stop_sequence", "STOP")
    else:
        response = genai_client.models.generate_content(
            model="echo",
            contents=said,
            config=types.GenerateContentConfig(stop_sequences=["STOP"]),
        )
        assert response.text == "first part "
        assert response.candidates[0].finish_reason == types.FinishReason.STOP
