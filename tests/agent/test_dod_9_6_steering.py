"""§9.6 Steering: steer() between tool rounds, follow_up() after the input completes."""

from __future__ import annotations

from tests.agent.scripting import call, say

from darkfactory.agent import EventKind, SteeringTurn, ToolResultsTurn, UserTurn


def steer_on_first_tool_end(run, message: str) -> None:
    def on_event(event) -> None:
        if event.kind is EventKind.TOOL_CALL_END and not run.of_kind(EventKind.STEERING_INJECTED):
            run.session.steer(message)

    run.session.subscribe(on_event)


def test_steer_queues_a_message_injected_after_the_current_tool_round(agent, provider):
    run = agent(
        provider,
        [
            call("write_file", file_path="app.py", content="# flask app\n"),
            call("write_file", file_path="health.py", content="# /health\n"),
            say("Only /health now."),
        ],
    )
    steer_on_first_tool_end(run, "Actually, just create a single /health endpoint")
    assert run.submit("Create a Flask web application") == "Only /health now."
    history = run.session.history
    index = next(i for i, t in enumerate(history) if isinstance(t, SteeringTurn))
    assert isinstance(history[index - 1], ToolResultsTurn)
    assert history[index].content == "Actually, just create a single /health endpoint"
    assert run.of_kind(EventKind.STEERING_INJECTED)[0].data["content"] == history[index].content
    assert len(run.requests()) == 3  # the steering went with the second request


def test_steering_messages_appear_as_steering_turn_in_the_history(agent, provider):
    run = agent(provider, [say("ok")])
    run.session.steer("use tabs")  # idle: delivered with the next input
    run.submit("format the file")
    turns = run.session.history
    assert isinstance(turns[0], UserTurn) and isinstance(turns[1], SteeringTurn)
    assert turns[1].content == "use tabs"


def test_steering_turns_are_converted_to_user_role_messages_for_the_llm(agent, provider):
    run = agent(provider, [call("glob", pattern="*"), say("done")])
    steer_on_first_tool_end(run, "prefer markdown files")
    run.submit("look around")
    last = run.requests()[1]["messages"][-1]
    assert last["role"] == "user"
    assert (last["parts"][-1]["type"], last["parts"][-1]["text"]) == (
        "text",
        "prefer markdown files",
    )


def test_follow_up_queues_a_message_processed_after_the_current_input_completes(agent, provider):
    run = agent(provider, [call("glob", pattern="*"), say("first done"), say("second done")])
    queued = []

    def on_event(event) -> None:
        if event.kind is EventKind.TOOL_CALL_START and not queued:
            queued.append(True)
            run.session.follow_up("now summarise")

    run.session.subscribe(on_event)
    assert run.submit("start") == "second done"
    prompts = run.requests()
    assert len(prompts) == 3
    assert prompts[1]["messages"][-1]["parts"][0]["type"] == "tool_result"  # not yet injected
    assert prompts[2]["messages"][-1]["parts"][0]["text"] == "now summarise"
    inputs = [e.data["content"] for e in run.of_kind(EventKind.USER_INPUT)]
    assert inputs == ["start", "now summarise"]
