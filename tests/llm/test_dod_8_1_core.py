"""§8.1 Core infrastructure: construction, routing, defaults, middleware, default client and
catalog."""

from __future__ import annotations

from dataclasses import replace

import pytest

import darkfactory.llm.client as client_module
from darkfactory.llm import (
    Client,
    ConfigurationError,
    Message,
    Middleware,
    OpenAIAdapter,
    OpenAICompatibleAdapter,
    Request,
    generate,
    get_default_client,
    get_latest_model,
    get_model_info,
    list_models,
    set_default_client,
)

ENV_NAMES = {
    "openai": ("OPENAI_API_KEY", "OPENAI_BASE_URL"),
    "anthropic": ("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"),
    "gemini": ("GEMINI_API_KEY", "GEMINI_BASE_URL"),
}


@pytest.fixture
def twin_env(universe, llm_credentials) -> dict[str, str]:
    """Environment variables naming every LLM twin the universe serves."""
    credentials = llm_credentials
    env = {}
    for provider, (key, url) in ENV_NAMES.items():
        if provider in credentials:
            env[key] = credentials[provider]["api_key"]
            env[url] = credentials[provider]["base_url"]
    return env


@pytest.fixture
def restore_default_client():
    saved = client_module._default_client
    yield
    set_default_client(saved)


def ask(text: str, **fields) -> Request:
    return Request(model="echo", messages=[Message.user(text)], **fields)


def test_dod_8_1_1_client_from_env(twin_env, llm_exchanges):
    client = Client.from_env(twin_env)
    assert list(client.providers) == [p for p in ENV_NAMES if ENV_NAMES[p][0] in twin_env]
    assert client.default_provider == "openai"
    for provider in client.providers:
        response = client.complete(ask(f"hello {provider}", provider=provider))
        assert response.text == f"hello {provider}"
        assert response.provider == provider
        assert llm_exchanges(provider)[-1]["status"] == 200
    client.close()


def test_dod_8_1_1_from_env_registers_only_providers_with_keys():
    assert list(Client.from_env({}).providers) == []
    only_google = Client.from_env({"GOOGLE_API_KEY": "g-key", "GEMINI_BASE_URL": "http://x"})
    assert list(only_google.providers) == ["gemini"]
    assert only_google.providers["gemini"].api_key == "g-key"
    both = Client.from_env({"ANTHROPIC_API_KEY": "a", "GEMINI_API_KEY": "g"})
    assert both.default_provider == "anthropic"
    assert both.providers["anthropic"].base_url == "https://api.anthropic.com"


def test_dod_8_1_2_client_programmatic(universe, llm_credentials, llm_exchanges):
    creds = llm_credentials["openai"]
    adapter = OpenAIAdapter(
        api_key=creds["api_key"],
        base_url=creds["base_url"],
        default_headers={"X-Custom": "value"},
        timeout=30.0,
    )
    client = Client(providers={"openai": adapter}, default_provider="openai")
    response = client.complete(ask("programmatic"))
    assert response.text == "programmatic"
    assert adapter.timeout.request == 30.0
    assert llm_exchanges("openai")[-1]["operation"] == "responses.create"


def test_dod_8_1_3_routing_by_provider_field(universe, llm_credentials, llm_exchanges):
    creds = llm_credentials["openai"]
    client = Client(
        {
            "openai": OpenAIAdapter(creds["api_key"], creds["base_url"]),
            "compat": OpenAICompatibleAdapter(creds["api_key"], creds["base_url"]),
        },
        default_provider="openai",
    )
    assert client.complete(ask("via compat", provider="compat")).provider == "openai_compat"
    assert client.complete(ask("via openai", provider="openai")).provider == "openai"
    operations = [e["operation"] for e in llm_exchanges("openai")]
    assert operations[-2:] == ["chat.completions.create", "responses.create"]


def test_dod_8_1_4_default_provider_when_omitted(universe, llm_credentials, llm_exchanges):
    creds = llm_credentials["openai"]
    client = Client(
        {
            "openai": OpenAIAdapter(creds["api_key"], creds["base_url"]),
            "compat": OpenAICompatibleAdapter(creds["api_key"], creds["base_url"]),
        },
        default_provider="compat",
    )
    response = client.complete(ask("no provider given"))
    assert response.provider == "openai_compat"
    assert llm_exchanges("openai")[-1]["operation"] == "chat.completions.create"


def test_dod_8_1_4_catalog_model_routes_to_its_provider():
    seen = []

    class Recorder(Middleware):
        def complete(self, request, call_next):
            seen.append(request.provider)
            raise RuntimeError("stop before the network")

    client = Client(
        {"openai": OpenAIAdapter("k"), "anthropic": OpenAIAdapter("k")},
        default_provider="openai",
        middleware=[Recorder()],
        route_by_catalog=True,
    )
    with pytest.raises(RuntimeError):
        client.complete(Request(model="claude-opus-4-6", messages=[Message.user("x")]))
    assert seen == ["anthropic"]


def test_dod_8_1_4_the_default_provider_wins_over_the_catalog():
    """Spec section 2: with no provider on the request the Client uses ``default_provider``;
    it never guesses one from the model's name unless asked to route by the catalog."""
    seen = []

    class Recorder(Middleware):
        def complete(self, request, call_next):
            seen.append(request.provider)
            raise RuntimeError("stop before the network")

    adapters = {"openai": OpenAIAdapter("k"), "anthropic": OpenAIAdapter("k")}
    client = Client(adapters, default_provider="anthropic", middleware=[Recorder()])
    gpt = Request(model="gpt-4.1", messages=[Message.user("x")])
    with pytest.raises(RuntimeError):
        client.complete(gpt)
    with pytest.raises(RuntimeError):
        client.complete(replace(gpt, provider="openai"))
    assert seen == ["anthropic", "openai"]
    with pytest.raises(ConfigurationError):
        Client(adapters).complete(gpt)
    assert Client.from_env({"OPENAI_API_KEY": "k"}).route_by_catalog


def test_dod_8_1_5_configuration_error_without_provider_or_default():
    with pytest.raises(ConfigurationError):
        Client().complete(ask("nobody to answer"))
    no_default = Client({"openai": OpenAIAdapter("k")})
    with pytest.raises(ConfigurationError):
        no_default.complete(ask("no default set"))
    with pytest.raises(ConfigurationError):
        no_default.complete(ask("unknown provider", provider="mistral"))
    with pytest.raises(ConfigurationError):
        Client({"openai": OpenAIAdapter("k")}, default_provider="gemini")
    with pytest.raises(ConfigurationError, match="API key"):
        Client({"openai": OpenAIAdapter("")})
    with pytest.raises(ConfigurationError, match="base_url"):
        Client({"local": OpenAICompatibleAdapter("")})


class Tracing(Middleware):
    def __init__(self, name: str, log: list[str]) -> None:
        self.name, self.log = name, log

    def complete(self, request, call_next):
        self.log.append(f"{self.name}:request")
        response = call_next(request)
        self.log.append(f"{self.name}:response")
        return response

    async def acomplete(self, request, call_next):
        self.log.append(f"{self.name}:request")
        response = await call_next(request)
        self.log.append(f"{self.name}:response")
        return response

    async def astream(self, request, call_next):
        self.log.append(f"{self.name}:astream")
        async for event in call_next(request):
            self.log.append(f"{self.name}:{event.type}")
            yield event

    def stream(self, request, call_next):
        self.log.append(f"{self.name}:stream")
        for event in call_next(request):
            self.log.append(f"{self.name}:{event.type}")
            yield event


def test_dod_8_1_6_middleware_order(adapter_for):
    log: list[str] = []
    client = Client(
        {"openai": adapter_for("openai")},
        "openai",
        middleware=[Tracing("first", log), Tracing("second", log)],
    )
    client.complete(ask("onion"))
    assert log == ["first:request", "second:request", "second:response", "first:response"]


async def test_dod_8_1_6_middleware_order_async_and_function_form(adapter_for):
    log: list[str] = []

    async def logging_middleware(request, call_next):
        log.append(f"fn:{request.provider}/{request.model}")
        response = await call_next(request)
        log.append(f"fn:{response.usage.total_tokens}")
        return response

    client = Client(
        {"openai": adapter_for("openai")},
        "openai",
        middleware=[logging_middleware, Tracing("inner", log)],
    )
    response = await client.acomplete(ask("async onion"))
    assert log == [
        "fn:openai/echo",
        "inner:request",
        "inner:response",
        f"fn:{response.usage.total_tokens}",
    ]
    log.clear()
    events = [e async for e in client.astream(ask("async stream"))]
    assert log[0] == "inner:astream" and log[1:] == [f"inner:{e.type}" for e in events]
    await client.aclose()


def test_dod_8_1_6_middleware_wraps_streams(adapter_for):
    log: list[str] = []
    client = Client(
        {"openai": adapter_for("openai")},
        "openai",
        middleware=[Tracing("outer", log), Tracing("inner", log)],
    )
    events = list(client.stream(ask("streamed through middleware")))
    assert log[:2] == ["outer:stream", "inner:stream"]
    inner = [e.split(":", 1)[1] for e in log if e.startswith("inner:") and e != "inner:stream"]
    outer = [e.split(":", 1)[1] for e in log if e.startswith("outer:") and e != "outer:stream"]
    assert inner == outer == [str(e.type) for e in events]
    assert events[-1].type == "finish"


def test_dod_8_1_7_module_level_default_client(
    twin_env, adapter_for, monkeypatch, restore_default_client
):
    explicit = Client({"openai": adapter_for("openai")}, "openai")
    set_default_client(explicit)
    assert get_default_client() is explicit
    assert generate("echo", "through the default").text == "through the default"

    set_default_client(None)
    for name in [n for pair in ENV_NAMES.values() for n in pair] + ["GOOGLE_API_KEY"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in twin_env.items():
        monkeypatch.setenv(name, value)
    lazy = get_default_client()
    assert lazy is not explicit and "openai" in lazy.providers
    assert get_default_client() is lazy
    assert generate("echo", "lazily from env").text == "lazily from env"


def test_dod_8_1_8_model_catalog():
    models = list_models()
    assert {m.provider for m in models} == {"openai", "anthropic", "gemini"}
    opus = get_model_info("claude-opus-4-6")
    assert opus is not None and opus.provider == "anthropic" and opus.context_window == 200_000
    assert get_model_info("sonnet").id == "claude-sonnet-4-5"
    assert get_model_info("no-such-model") is None
    assert all(m.provider == "gemini" for m in list_models("gemini"))
    assert get_latest_model("openai").id == "gpt-5.2"
    assert get_latest_model("gemini", "reasoning").id == "gemini-3.1-pro-preview"
    assert get_latest_model("openai", "reasoning").supports_reasoning
    with pytest.raises(ValueError):
        get_latest_model("openai", "telepathy")
