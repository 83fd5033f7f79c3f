"""Spec §11.8 Human-in-the-Loop: one test per Definition-of-Done item, plus §6.5 timeouts."""

from __future__ import annotations

import io
import os
import threading

from tests.pipeline.engine_support import Recorder, engine_with, run_dot

from darkfactory.pipeline.interviewers import (
    Answer,
    AnswerValue,
    AutoApproveInterviewer,
    CallbackInterviewer,
    ConsoleInterviewer,
    HttpInterviewer,
    Option,
    Question,
    QuestionType,
    QueueInterviewer,
    RecordingInterviewer,
    accelerator_key,
)
from darkfactory.pipeline.outcome import StageStatus

CHOICE = Question(
    "Deploy?", QuestionType.MULTIPLE_CHOICE, [Option("Y", "[Y] Yes"), Option("N", "[N] No")]
)
GATE = """digraph G {
    start [shape=Mdiamond]
    exit [shape=Msquare]
    gate [shape=hexagon, label="Approve?" GATE_ATTRS]
    ok [prompt="ok"]
    fix [prompt="fix"]
    start -> gate
    gate -> ok [label="[A] Approve"]
    gate -> fix [label="[F] Fix"]
    ok -> exit
    fix -> exit
}"""


def test_11_8_interviewer_interface_works_ask_question_returns_answer():
    for interviewer in (AutoApproveInterviewer(), QueueInterviewer([Answer("N")])):
        answer = interviewer.ask(CHOICE)
        assert isinstance(answer, Answer)
        assert interviewer.ask_multiple([CHOICE]) and interviewer.inform("note", "s") is None


def test_11_8_question_supports_types_yes_no_multiple_choice_freeform_confirmation():
    auto = AutoApproveInterviewer()
    assert auto.ask(Question("ok?", QuestionType.YES_NO)).value == AnswerValue.YES
    assert auto.ask(Question("sure?", QuestionType.CONFIRMATION)).value == AnswerValue.YES
    assert auto.ask(Question("why?", QuestionType.FREEFORM)).text == "auto-approved"
    assert auto.ask(CHOICE).selected_option == Option("Y", "[Y] Yes")
    console = ConsoleInterviewer(io.StringIO("n\nfree words\n"), io.StringIO())
    assert console.ask(Question("ok?", QuestionType.YES_NO)).value == AnswerValue.NO
    assert console.ask(Question("why?", QuestionType.FREEFORM)).text == "free words"
    assert {t.value for t in QuestionType} == {
        "yes_no",
        "multiple_choice",
        "freeform",
        "confirmation",
    }


def test_11_8_auto_approve_interviewer_always_selects_the_first_option(tmp_path):
    result = run_dot(GATE.replace("GATE_ATTRS", ""), tmp_path, engine_with())
    assert result.context.get("human.gate.label") == "[A] Approve"
    assert "ok" in result.completed_nodes and "fix" not in result.completed_nodes


def test_11_8_console_interviewer_prompts_in_terminal_and_reads_user_input(tmp_path):
    out = io.StringIO()
    console = ConsoleInterviewer(io.StringIO("f\n"), out)
    result = run_dot(GATE.replace("GATE_ATTRS", ""), tmp_path, engine_with(interviewer=console))
    shown = out.getvalue()
    assert "[?] Approve?" in shown and "[A] [A] Approve" in shown and "Select: " in shown
    assert "fix" in result.completed_nodes
    # a read that outlives the timeout gives TIMEOUT (or the question's default)
    read_end, write_end = os.pipe()
    with os.fdopen(read_end) as never:
        slow = ConsoleInterviewer(never, io.StringIO())
        question = Question("?", QuestionType.FREEFORM, timeout_seconds=0.05)
        assert slow.ask(question).value == AnswerValue.TIMEOUT
        question.default = Answer("later")
        assert slow.ask(question).value == "later"
        os.write(write_end, b"typed late\n")  # not lost: it answers the next question
        question.timeout_seconds = 5
        assert slow.ask(question).text == "typed late"
        os.close(write_end)  # end of input: the reader stops, later answers are empty
        assert slow.ask(question).text == ""


def test_11_8_callback_interviewer_delegates_to_a_provided_function():
    asked = []
    interviewer = CallbackInterviewer(lambda q: asked.append(q.text) or Answer("N"))
    assert interviewer.ask(CHOICE).value == "N"
    assert asked == ["Deploy?"]


def test_11_8_queue_interviewer_reads_from_a_pre_filled_answer_queue(tmp_path):
    queue = RecordingInterviewer(QueueInterviewer([Answer("F")]))
    result = run_dot(GATE.replace("GATE_ATTRS", ""), tmp_path, engine_with(interviewer=queue))
    assert "fix" in result.completed_nodes
    assert queue.recordings[0][1].value == "F"
    assert queue.ask(CHOICE).value == AnswerValue.SKIPPED  # the queue ran dry
    skipped = run_dot(
        GATE.replace("GATE_ATTRS", ""), tmp_path / "2", engine_with(interviewer=queue)
    )
    assert skipped.status == StageStatus.FAIL
    assert skipped.failure_reason == "human skipped interaction"


def test_human_gate_timeout_uses_default_choice_or_asks_for_retry(tmp_path):
    http = HttpInterviewer()
    with_default = GATE.replace("GATE_ATTRS", ', timeout="50ms", human.default_choice="fix"')
    engine = engine_with(interviewer=http)
    seen = Recorder(engine.events)
    result = run_dot(with_default, tmp_path, engine)
    assert "fix" in result.completed_nodes
    assert seen.kinds().count("InterviewTimeout") == 1
    no_default = GATE.replace("GATE_ATTRS", ', timeout="20ms"')
    result = run_dot(no_default, tmp_path / "2", engine_with(interviewer=HttpInterviewer()))
    assert result.status == StageStatus.FAIL  # RETRY with no retries left
    assert result.node_outcomes["gate"].failure_reason == "max retries exceeded"


def test_http_interviewer_parks_questions_until_answered():
    http = HttpInterviewer()
    box = {}
    asker = threading.Thread(target=lambda: box.setdefault("answer", http.ask(CHOICE)))
    asker.start()
    while not http.pending():
        threading.Event().wait(0.005)
    pending = http.pending()[0]
    assert pending.question.text == "Deploy?"
    http.answer(pending.id, "n")
    asker.join(2)
    assert box["answer"].selected_option == Option("N", "[N] No")
    assert http.pending() == []


def test_accelerator_keys_are_parsed_from_labels():
    assert accelerator_key("[Y] Yes, deploy") == "Y"
    assert accelerator_key("Y) Yes, deploy") == "Y"
    assert accelerator_key("Y - Yes, deploy") == "Y"
    assert accelerator_key("yes, deploy") == "Y"
