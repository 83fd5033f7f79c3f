"""Human-in-the-loop (spec §6): questions, answers and the built-in interviewers.

`HttpInterviewer` parks questions until an answer arrives over HTTP (server mode, §9.5); every
interviewer that can wait honours `Question.timeout_seconds` and then answers the question's
`default`, or TIMEOUT.
"""

from __future__ import annotations

import itertools
import queue
import re
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, TextIO


class QuestionType(StrEnum):
    YES_NO = "yes_no"
    MULTIPLE_CHOICE = "multiple_choice"
    FREEFORM = "freeform"
    CONFIRMATION = "confirmation"


class AnswerValue(StrEnum):
    YES = "yes"
    NO = "no"
    SKIPPED = "skipped"
    TIMEOUT = "timeout"


@dataclass(frozen=True)
class Option:
    key: str
    label: str


@dataclass
class Answer:
    value: str = ""
    selected_option: Option | None = None
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        option = self.selected_option
        return {
            "value": str(self.value),
            "selected_option": None
            if option is None
            else {"key": option.key, "label": option.label},
            "text": self.text,
        }


@dataclass
class Question:
    text: str
    type: QuestionType = QuestionType.MULTIPLE_CHOICE
    options: list[Option] = field(default_factory=list)
    default: Answer | None = None
    timeout_seconds: float | None = None
    stage: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "type": self.type.value,
            "options": [{"key": o.key, "label": o.label} for o in self.options],
            "timeout_seconds": self.timeout_seconds,
            "stage": self.stage,
            "metadata": self.metadata,
        }

    def timed_out(self) -> Answer:
        return self.default if self.default is not None else Answer(AnswerValue.TIMEOUT)


class Interviewer(Protocol):
    def ask(self, question: Question) -> Answer: ...
    def ask_multiple(self, questions: list[Question]) -> list[Answer]: ...
    def inform(self, message: str, stage: str = "") -> None: ...


class BaseInterviewer:
    """`ask_multiple` and `inform` in terms of `ask`."""

    def ask(self, question: Question) -> Answer:
        raise NotImplementedError

    def ask_multiple(self, questions: list[Question]) -> list[Answer]:
        return [self.ask(q) for q in questions]

    def inform(self, message: str, stage: str = "") -> None:
        return None


_ACCELERATOR = re.compile(r"^\s*(?:\[(\w)\]\s*|(\w)\)\s+|(\w)\s+-\s+)")


def accelerator_key(label: str) -> str:
    """`[Y] Yes` / `Y) Yes` / `Y - Yes` give `Y`; otherwise the label's first character."""
    match = _ACCELERATOR.match(label)
    if match:
        return next(g for g in match.groups() if g)
    stripped = label.strip()
    return stripped[:1].upper()


def match_option(response: str, options: Iterable[Option]) -> Option | None:
    """The option whose key or label the response names (case-insensitive)."""
    wanted = response.strip().lower()
    options = list(options)
    for option in options:
        if option.key.lower() == wanted:
            return option
    for option in options:
        if option.label.strip().lower() == wanted or strip_accelerator(option.label) == wanted:
            return option
    return None


def strip_accelerator(label: str) -> str:
    return _ACCELERATOR.sub("", label).strip().lower()


def answer_from_response(question: Question, response: str) -> Answer:
    """Interpret a human's typed response to a question."""
    if question.type == QuestionType.MULTIPLE_CHOICE:
        option = match_option(response, question.options)
        if option is None:
            return Answer(value=response.strip(), text=response)
        return Answer(value=option.key, selected_option=option)
    if question.type in (QuestionType.YES_NO, QuestionType.CONFIRMATION):
        yes = response.strip().lower() in ("y", "yes", "true", "1")
        return Answer(AnswerValue.YES if yes else AnswerValue.NO)
    return Answer(value=response, text=response)


class AutoApproveInterviewer(BaseInterviewer):
    def ask(self, question: Question) -> Answer:
        if question.type in (QuestionType.YES_NO, QuestionType.CONFIRMATION):
            return Answer(AnswerValue.YES)
        if question.type == QuestionType.MULTIPLE_CHOICE and question.options:
            first = question.options[0]
            return Answer(value=first.key, selected_option=first)
        return Answer(value="auto-approved", text="auto-approved")


class ConsoleInterviewer(BaseInterviewer):
    """Prompts on a terminal; a read that outlives the question's timeout answers TIMEOUT.

    One reader thread feeds typed lines to a queue, so a line typed after a timeout answers the
    next question instead of being swallowed by an abandoned read.
    """

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None):
        self.stdin = stdin
        self.stdout = stdout
        self._lines: queue.Queue[str] = queue.Queue()
        self._reader: threading.Thread | None = None

    def _print(self, text: str) -> None:
        out = self.stdout or sys.stdout
        out.write(text + "\n")
        out.flush()

    def _read(self, prompt: str, timeout: float | None) -> str | None:
        out = self.stdout or sys.stdout
        out.write(prompt)
        out.flush()
        if self._reader is None:
            source = self.stdin or sys.stdin
            self._reader = threading.Thread(target=self._pump, args=(source,), daemon=True)
            self._reader.start()
        try:
            return self._lines.get(timeout=timeout).rstrip("\n")
        except queue.Empty:
            return None

    def _pump(self, source: TextIO) -> None:
        while True:
            line = source.readline()
            self._lines.put(line)
            if not line:  # end of input: every later read sees an empty answer
                return

    def ask(self, question: Question) -> Answer:
        self._print(f"[?] {question.text}")
        prompt = "> "
        if question.type == QuestionType.MULTIPLE_CHOICE:
            for option in question.options:
                self._print(f"  [{option.key}] {option.label}")
            prompt = "Select: "
        elif question.type in (QuestionType.YES_NO, QuestionType.CONFIRMATION):
            prompt = "[Y/N]: "
        response = self._read(prompt, question.timeout_seconds)
        if response is None:
            return question.timed_out()
        return answer_from_response(question, response)

    def inform(self, message: str, stage: str = "") -> None:
        self._print(f"[{stage}] {message}" if stage else message)


class CallbackInterviewer(BaseInterviewer):
    def __init__(self, callback: Callable[[Question], Answer]):
        self.callback = callback

    def ask(self, question: Question) -> Answer:
        return self.callback(question)


class QueueInterviewer(BaseInterviewer):
    """Answers from a pre-filled queue; SKIPPED once it runs dry."""

    def __init__(self, answers: Iterable[Answer] = ()):
        self.answers: queue.SimpleQueue[Answer] = queue.SimpleQueue()
        for answer in answers:
            self.answers.put(answer)

    def ask(self, question: Question) -> Answer:
        try:
            return self.answers.get_nowait()
        except queue.Empty:
            return Answer(AnswerValue.SKIPPED)


class RecordingInterviewer(BaseInterviewer):
    def __init__(self, inner: Interviewer):
        self.inner = inner
        self.recordings: list[tuple[Question, Answer]] = []

    def ask(self, question: Question) -> Answer:
        answer = self.inner.ask(question)
        self.recordings.append((question, answer))
        return answer

    def inform(self, message: str, stage: str = "") -> None:
        self.inner.inform(message, stage)


@dataclass
class PendingQuestion:
    id: str
    question: Question
    done: threading.Event = field(default_factory=threading.Event)
    answer: Answer | None = None


class HttpInterviewer(BaseInterviewer):
    """Parks each question until `answer(qid, ...)` (from the HTTP server) or its timeout."""

    def __init__(self, on_question: Callable[[PendingQuestion], None] | None = None):
        self._pending: dict[str, PendingQuestion] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.on_question = on_question

    def pending(self) -> list[PendingQuestion]:
        with self._lock:
            return list(self._pending.values())

    def answer(self, question_id: str, response: str) -> Answer:
        """Answer a pending question; KeyError if there is no such pending question."""
        with self._lock:
            pending = self._pending.pop(question_id)
        answer = answer_from_response(pending.question, response)
        pending.answer = answer
        pending.done.set()
        return answer

    def cancel_all(self) -> None:
        with self._lock:
            pending, self._pending = list(self._pending.values()), {}
        for item in pending:
            item.answer = Answer(AnswerValue.SKIPPED)
            item.done.set()

    def ask(self, question: Question) -> Answer:
        with self._lock:
            pending = PendingQuestion(f"q{next(self._ids)}", question)
            self._pending[pending.id] = pending
        if self.on_question is not None:
            self.on_question(pending)
        if not pending.done.wait(question.timeout_seconds):
            with self._lock:
                self._pending.pop(pending.id, None)
            if pending.answer is None:
                return question.timed_out()
        assert pending.answer is not None
        return pending.answer
