"""The wait.human handler (§4.6): outgoing edges become choices put to the interviewer."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from darkfactory.pipeline import events as ev
from darkfactory.pipeline.context import Context
from darkfactory.pipeline.graph import Graph, Node, parse_duration
from darkfactory.pipeline.interviewers import (
    Answer,
    AnswerValue,
    Interviewer,
    Option,
    Question,
    QuestionType,
    accelerator_key,
    match_option,
)
from darkfactory.pipeline.outcome import Outcome, StageStatus, fail


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    to: str


def choices_for(node: Node, graph: Graph) -> list[Choice]:
    choices = []
    for edge in graph.outgoing_edges(node.id):
        label = edge.label or edge.target
        choices.append(Choice(accelerator_key(label), label, edge.target))
    return choices


def _selected(answer: Answer, choices: list[Choice]) -> Choice | None:
    options = [Option(c.key, c.label) for c in choices]
    wanted = answer.selected_option or match_option(str(answer.value or answer.text), options)
    for choice in choices:
        if wanted is not None and (choice.key, choice.label) == (wanted.key, wanted.label):
            return choice
    wanted_id = str(answer.value)
    return next((c for c in choices if c.to == wanted_id), None)


class WaitForHumanHandler:
    def __init__(self, interviewer: Interviewer, events: ev.EventBus):
        self.interviewer = interviewer
        self.events = events

    def execute(self, node: Node, context: Context, graph: Graph, logs_root: Path) -> Outcome:
        choices = choices_for(node, graph)
        if not choices:
            return fail("No outgoing edges for human gate")
        timeout = parse_duration(node.get("human.timeout")) or node.timeout
        question = Question(
            text=node.label or "Select an option:",
            type=QuestionType.MULTIPLE_CHOICE,
            options=[Option(c.key, c.label) for c in choices],
            timeout_seconds=timeout.seconds if timeout else None,
            stage=node.id,
        )
        self.events.emit(ev.InterviewStarted(question=question.text, stage=node.id))
        started = time.monotonic()
        answer = self.interviewer.ask(question)
        duration = time.monotonic() - started
        if answer.value == AnswerValue.TIMEOUT:
            self.events.emit(
                ev.InterviewTimeout(question=question.text, stage=node.id, duration=duration)
            )
            default = node.str_attr("human.default_choice")
            if not default:
                return Outcome(
                    status=StageStatus.RETRY, failure_reason="human gate timeout, no default"
                )
            answer = Answer(value=default)
        else:
            self.events.emit(
                ev.InterviewCompleted(
                    question=question.text, answer=str(answer.value), duration=duration
                )
            )
        if answer.value == AnswerValue.SKIPPED:
            return fail("human skipped interaction")
        selected = _selected(answer, choices) or choices[0]
        return Outcome(
            preferred_label=selected.label,
            suggested_next_ids=[selected.to],
            context_updates={
                "human.gate.selected": selected.key,
                "human.gate.label": selected.label,
            },
            notes=f"Human selected {selected.label}",
        )
