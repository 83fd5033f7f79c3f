"""Project key and name validation (``/projectvalidate``): why a key cannot be used, and a
usable key or name derived from the one given."""

from __future__ import annotations

import re

from starlette.routing import Route

from darkfactory.twins.jira.api import actor, rest
from darkfactory.twins.jira.errors import not_found
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

MAX_KEY = 10
ATTEMPTS = 100


@operation("validateProjectKey")
def validate_project_key(call: Call) -> dict:
    actor(call)
    errors = state_of(call).project_key_errors(call.query.get("key") or "")
    return {"errorMessages": [], "errors": errors}


@operation("getValidProjectKey")
def get_valid_project_key(call: Call) -> str:
    """The key itself when usable; else its letters and digits, uppercased and numbered until
    no project uses it ("" when nothing usable can be made of it)."""
    actor(call)
    state = state_of(call)
    wanted = call.query.get("key") or ""
    if not state.project_key_errors(wanted):
        return wanted
    base = re.sub(r"[^A-Z0-9]", "", wanted.upper()).lstrip("0123456789")[:MAX_KEY]
    candidates = [base] + [f"{base[: MAX_KEY - len(str(n))]}{n}" for n in range(1, ATTEMPTS)]
    return next((c for c in candidates if base and not state.project_key_errors(c)), "")


@operation("getValidProjectName")
def get_valid_project_name(call: Call) -> str:
    """The name itself when free; else the name with the first free sequence number."""
    actor(call)
    state = state_of(call)
    wanted = call.query.get("name") or ""
    candidates = [wanted] + [f"{wanted} {n}" for n in range(1, ATTEMPTS)]
    found = next((c for c in candidates if wanted and not state.project_name_errors(c)), None)
    if found is None:
        raise not_found(f"No valid project name could be generated from '{wanted}'.")
    return found


def routes() -> list[Route]:
    return [
        *rest("/projectvalidate/key", validate_project_key, "GET"),
        *rest("/projectvalidate/validProjectKey", get_valid_project_key, "GET"),
        *rest("/projectvalidate/validProjectName", get_valid_project_name, "GET"),
    ]
