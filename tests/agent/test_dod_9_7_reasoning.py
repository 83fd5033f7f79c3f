"""§9.7 Reasoning effort: passed to the request, changeable between any two LLM calls."""

from __future__ import annotations

from tests.agent.scripting import call, say

from darkfactory.agent import EventKind, SessionConfig


def effort_sent(provider: str, body: dict):
    """The reasoning setting as each provider's wire format carries it."""
    if provider == "openai":
        return (body.get("reasoning") or {}).get("effort")
    if provider == "anthropic":
        return (body.get("thinking") or {}).get("budget_tokens")
    return ((body.get("generationConfig") or {}).get("thinkingConfig") or {}).get("thinkingLevel")


EXPECTED = {
    "openai": {"low": "low", "medium": "medium", "high": "high", None: None},
    "anthropic": {"low": 2048, "medium": 8192, "high": 24576, None: None},
    "gemini": {"low": "low", "medium": "medium", "high": "high", None: None},
}


def test_reasoning_effort_is_passed_through_to_the_llm_request(agent, provider):
    efforts = ["low", "medium", "high", None]
    run = agent(provider, [say(f"answer {i}") for i in range(len(efforts))])
    for effort in efforts:
        run.session.config.reasoning_effort = effort
        run.submit(f"think {effort}")
    sent = [effort_sent(provider, body) for body in run.bodies()]
    assert sent == [EXPECTED[provider][effort] for effort in efforts]
    assert [prompt["reasoning"] for prompt in run.requests()] == [True, True, True, False]


def test_changing_reasoning_effort_mid_session_takes_effect_on_the_next_llm_call(agent, provider):
    config = SessionConfig(reasoning_effort="low")
    run = agent(provider, [call("glob", pattern="*"), say("one"), say("two")], config=config)

    def raise_effort(event) -> None:
        if event.kind is EventKind.TOOL_CALL_END:
            run.session.config.reasoning_effort = "high"

    run.session.subscribe(raise_effort)
    run.submit("first")
    run.session.config.reasoning_effort = None
    run.submit("second")
    sent = [effort_sent(provider, body) for body in run.bodies()]
    table = EXPECTED[provider]
    assert sent == [table["low"], table["high"], table[None]]


def test_valid_values_include_provider_specific_efforts_passed_as_given(agent):
    run = agent("openai", [say("ok")], config=SessionConfig(reasoning_effort="minimal"))
    run.submit("think a little")
    assert run.bodies()[0]["reasoning"] == {"effort": "minimal"}
