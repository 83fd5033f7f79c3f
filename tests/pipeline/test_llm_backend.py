"""The LLM backend against the universe's LLM twins: pipelines whose stages call
`darkfactory.llm.generate` over loopback, never a real provider."""

from __future__ import annotations

from tests.pipeline.test_smoke import smoke

from darkfactory.llm import Client, OpenAIAdapter
from darkfactory.pipeline.backends import LLMBackend
from darkfactory.pipeline.engine import Engine
from darkfactory.pipeline.runner import prepare

SCRIPT = {
    "model": "attractor-test",
    "repeat_last": True,
    "turns": [
        {"when": {"last_user_contains": "Plan how"}, "reply": {"text": "PLAN: one print call"}},
        {"when": {"last_user_contains": "Write the code"}, "reply": {"text": "print('hello')"}},
        {"reply": {"text": "LGTM"}},
    ],
}


def openai_backend(universe, model: str = "attractor-test") -> LLMBackend:
    creds = universe.credentials["openai"]
    client = Client({"openai": OpenAIAdapter(creds["api_key"], creds["base_url"])}, "openai")
    return LLMBackend(model=model, client=client)


def test_11_13_integration_smoke_test_against_the_llm_twin(
    tmp_path, universe, llm_script, llm_exchanges
):
    llm_script(SCRIPT, providers=("openai",))
    smoke(Engine(backend=openai_backend(universe)), tmp_path)
    assert (tmp_path / "plan" / "response.md").read_text() == "PLAN: one print call"
    assert (tmp_path / "implement" / "response.md").read_text() == "print('hello')"
    assert (tmp_path / "review" / "response.md").read_text() == "LGTM"
    prompts = [e["request"] for e in llm_exchanges("openai", model="attractor-test")]
    assert len(prompts) == 3
    assert "Create a hello world Python script" in str(prompts[0])


def test_full_fidelity_stages_share_one_conversation_on_the_twin(
    tmp_path, universe, llm_script, llm_exchanges
):
    llm_script(
        model="threaded",
        repeat_last=True,
        turns=[{"reply": {"text": "noted"}}],
        providers=("openai",),
    )
    graph, _ = prepare("""digraph Threads {
        graph [default_fidelity="full"]
        start [shape=Mdiamond]
        exit [shape=Msquare]
        first [prompt="remember the word kiwi", thread_id="t"]
        second [prompt="which word?", thread_id="t"]
        other [prompt="fresh start", fidelity="compact"]
        start -> first -> second -> other -> exit
    }""")
    result = Engine(backend=openai_backend(universe, "threaded")).run(graph, tmp_path)
    assert result.succeeded, result.failure_reason
    inputs = [e["request"]["input"] for e in llm_exchanges("openai", model="threaded")]
    texts = [[(m["role"], m["content"][0]["text"]) for m in turn] for turn in inputs]
    assert texts[0] == [("user", "remember the word kiwi")]
    # `second` shares thread t under full fidelity: it continues first's conversation
    assert texts[1] == [
        ("user", "remember the word kiwi"),
        ("assistant", "noted"),
        ("user", "which word?"),
    ]
    # `other` is compact: a fresh session whose one message carries the summary preamble
    [(role, text)] = texts[2]
    assert role == "user" and text.endswith("\n\nfresh start") and "kiwi" not in text
    assert "- second: success" in text and "- last_response: noted" in text


def test_a_provider_error_fails_the_stage_with_its_message(tmp_path, universe):
    """A 404 is not transient: the stage fails at once, with the provider's message."""
    graph, _ = prepare("""digraph Missing {
        start [shape=Mdiamond]
        exit [shape=Msquare]
        ask [prompt="hi", llm_model="no-such-model"]
        start -> ask -> exit
    }""")
    result = Engine(backend=openai_backend(universe)).run(graph, tmp_path)
    assert not result.succeeded
    reason = result.node_outcomes["ask"].failure_reason
    assert reason.startswith("NotFoundError:") and "no-such-model" in reason
