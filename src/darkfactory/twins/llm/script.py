"""Scripts: what a scripted model answers, turn by turn, matched on the request.

A script is registered per model name (``POST /<provider>/_scripts``, a YAML/JSON file, or the
``llm_script`` fixture); docs/llm-twins.md documents the format. The first turn not answered yet
whose ``when`` holds answers (a turn with ``times: N`` answers N times before it counts as
answered); with ``repeat_last`` the last turn stays available after it has answered. When no
turn fits, the twin answers the provider's 400 with ``NoTurn``'s message.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from darkfactory.twins.llm.prompt import FailureKind, Prompt, Reply, StreamFailure, ToolCall


class When(BaseModel):
    """Conditions on the request; all given ones must hold."""

    model_config = ConfigDict(extra="forbid")

    last_user_contains: str | None = None
    system_contains: str | None = None
    has_tool_results: bool | None = None
    tool_result_contains: str | None = None

    def holds(self, prompt: Prompt) -> bool:
        results = prompt.tool_results
        checks = [
            self.last_user_contains is None or self.last_user_contains in prompt.last_user_text,
            self.system_contains is None or self.system_contains in prompt.system_text,
            self.has_tool_results is None or self.has_tool_results == bool(results),
            self.tool_result_contains is None
            or any(self.tool_result_contains in r.content for r in results),
        ]
        return all(checks)

    def describe(self) -> str:
        return ", ".join(f"{k}={v!r}" for k, v in self.model_dump(exclude_none=True).items())


class ScriptedToolCall(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    arguments: dict[str, Any] = Field(default_factory=dict)


class ScriptedError(BaseModel):
    """An error answer, rendered in the provider's dialect for its status."""

    model_config = ConfigDict(extra="forbid")

    status: int = Field(ge=400, le=599)
    message: str = ""
    retry_after: int | None = Field(None, ge=0)


class ScriptedStreamError(BaseModel):
    """A stream that starts normally and fails after ``after_deltas`` content deltas."""

    model_config = ConfigDict(extra="forbid")

    after_deltas: int = Field(1, ge=0)
    kind: FailureKind = "overloaded"
    message: str = ""
    status: int | None = Field(None, ge=400, le=599)


class ScriptedReply(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    text: str = ""
    tool_calls: list[ScriptedToolCall] = Field(default_factory=list)
    thinking: str = ""
    json_value: Any = Field(None, alias="json")
    error: ScriptedError | None = None
    stream_error: ScriptedStreamError | None = None
    finish: Literal["stop", "length", "tool_calls"] | None = None

    @model_validator(mode="after")
    def _one_failure(self) -> ScriptedReply:
        if self.error is not None and self.stream_error is not None:
            raise ValueError("a reply has either an error or a stream_error, not both")
        return self

    def reply(self) -> Reply:
        text = self.text
        if "json_value" in self.model_fields_set:
            text = json.dumps(self.json_value)
        calls = [
            ToolCall(id="", name=c.name, arguments=copy.deepcopy(c.arguments))
            for c in self.tool_calls
        ]
        finish = self.finish or ("tool_calls" if calls else "stop")
        failure = StreamFailure(**self.stream_error.model_dump()) if self.stream_error else None
        return Reply(
            text=text, thinking=self.thinking, tool_calls=calls, finish=finish, failure=failure
        )


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    when: When = Field(default_factory=When)
    reply: ScriptedReply
    times: int = Field(1, ge=1, le=100_000, description="how many requests it answers")


class Script(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str = Field(min_length=1)
    turns: list[Turn] = Field(min_length=1)
    repeat_last: bool = False

    def choose(self, answered: list[int], prompt: Prompt) -> int:
        """The index of the turn that answers ``prompt``; raises NoTurn when none fits.
        ``answered`` lists a turn's index once for each request it has answered."""
        counts = Counter(answered)
        candidates = [i for i, turn in enumerate(self.turns) if counts.get(i, 0) < turn.times]
        last = len(self.turns) - 1
        if self.repeat_last and last not in candidates:
            candidates.append(last)
        for index in candidates:
            if self.turns[index].when.holds(prompt):
                return index
        raise NoTurn(self, candidates)


class NoTurn(Exception):
    """No turn of a script fits the request."""

    def __init__(self, script: Script, candidates: list[int]) -> None:
        if not candidates:
            detail = f"all {len(script.turns)} turns have been answered"
        else:
            detail = "; ".join(
                f"turn {i + 1} wants {script.turns[i].when.describe()}" for i in candidates
            )
        super().__init__(
            f"No scripted turn of model '{script.model}' matches this request: {detail}."
        )


def parse_scripts(payload: Any) -> list[Script]:
    """Scripts from one script object, a list of them, or ``{"scripts": [...]}``."""
    if isinstance(payload, dict) and "scripts" in payload:
        payload = payload["scripts"]
    items = payload if isinstance(payload, list) else [payload]
    return [Script.model_validate(item) for item in items]


@lru_cache(maxsize=64)
def parsed(spec: str) -> Script:
    """The script a stored spec holds, parsed once per distinct text: a script is never changed
    in place, so the same text always holds the same script (replies copy what they hand out)."""
    return Script.model_validate_json(spec)


def load_file(path: str | Path) -> list[Script]:
    """Scripts from a YAML or JSON file (or every ``*.yaml``/``*.yml``/``*.json`` in a folder)."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
        return [s for f in files for s in load_file(f)]
    return parse_scripts(yaml.safe_load(path.read_text()))
