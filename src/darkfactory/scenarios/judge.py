"""The LLM judge: reads a trial's story, criteria and trajectory, and says whether the user is
satisfied, with a reason. Its answer is structured output validated against ``VERDICT_SCHEMA``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from darkfactory.llm import SDKError, generate_object
from darkfactory.scenarios.screenshot import without_pictures

if TYPE_CHECKING:
    from darkfactory.scenarios.context import Trial
    from darkfactory.scenarios.llm import LLMSettings
    from darkfactory.scenarios.trajectory import Trajectory

SYSTEM = (
    "You judge end-to-end tests of a software system. You are given a user's story, the "
    "acceptance criteria, and what was observed during one trial: the actors' steps, the "
    "requests the system made to the services around it, and the system's output. Decide "
    "whether the observed trajectory satisfies the user per the criteria. Judge only from the "
    "evidence; when the evidence does not show a criterion met, the user is not satisfied. "
    'Answer with JSON: {"satisfied": true|false, "reason": "one or two sentences"}.'
)
VERDICT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"satisfied": {"type": "boolean"}, "reason": {"type": "string"}},
    "required": ["satisfied", "reason"],
    "additionalProperties": False,
}
MAX_REQUESTS = 200
MAX_BODY = 400
MAX_OUTPUT = 4_000


def evidence(trial: Trial, trajectory: Trajectory) -> str:
    """The trial as the judge reads it: story, criteria, then what was observed."""
    scenario = trial.scenario
    requests = [
        {
            "twin": r["twin"],
            "operation": r["operation"],
            "status": r["status"],
            "request": _clip(r["request"]),
        }
        for r in trajectory.requests[-MAX_REQUESTS:]
    ]
    checks = [
        {"check": v.name, "passed": v.passed, "reason": v.reason} for v in trajectory.verdicts
    ]
    parts = {
        "story": scenario.story.strip(),
        "acceptance criteria": scenario.judge.criteria if scenario.judge else "",
        "actor turns": [_clip(without_pictures(t), 2_000) for t in trajectory.turns],
        "requests to the services": requests,
        "deterministic checks": checks,
        "system output (tail)": trajectory.sut_output[-MAX_OUTPUT:],
    }
    return "\n\n".join(f"## {title}\n{_text(body)}" for title, body in parts.items())


def judge(trial: Trial, trajectory: Trajectory, settings: LLMSettings) -> tuple[bool, str]:
    """Ask the judge model; an LLM failure is an unsatisfied verdict that says why."""
    spec = trial.scenario.judge
    model = settings.judge_model or spec.model
    provider = settings.judge_provider or spec.provider
    client = settings.client(trial.credentials)
    try:
        result = generate_object(
            model,
            evidence(trial, trajectory),
            schema=VERDICT_SCHEMA,
            system=SYSTEM,
            provider=provider,
            client=client,
        )
    except SDKError as exc:
        return False, f"judge {model} failed: {type(exc).__name__}: {exc}"
    finally:
        client.close()
    return bool(result.output["satisfied"]), str(result.output["reason"])


def _clip(value: Any, limit: int = MAX_BODY) -> Any:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= limit else text[:limit] + "…"


def _text(body: Any) -> str:
    return body if isinstance(body, str) else json.dumps(body, indent=1, default=str)
