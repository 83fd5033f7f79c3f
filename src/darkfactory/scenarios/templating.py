"""Jinja2 templates over a trial's saved results, filled the same way in steps and checks."""

from __future__ import annotations

from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from darkfactory.scenarios.context import StepError

TEMPLATES = SandboxedEnvironment(undefined=StrictUndefined)


def render(value: Any, saved: dict[str, Any]) -> Any:
    """Fill ``{{ name.field }}`` templates in every string inside ``value``."""
    if isinstance(value, str) and ("{{" in value or "{%" in value):
        try:
            return TEMPLATES.from_string(value).render(**saved)
        except (TemplateError, TypeError, ValueError) as exc:  # a filter given what it cannot take
            raise StepError(f"template {value!r}: {exc}") from exc
    if isinstance(value, dict):
        return {k: render(v, saved) for k, v in value.items()}
    if isinstance(value, list):
        return [render(v, saved) for v in value]
    return value
