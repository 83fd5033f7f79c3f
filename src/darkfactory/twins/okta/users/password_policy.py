"""Password rules of a password policy: length, character classes, no part of the username,
history and minimum age (a policy's ``settings.password``; ``policies.enforcement`` finds it)."""

from __future__ import annotations

import re

from darkfactory.twins.okta.errors import validation

# A fresh org's default password policy.
COMPLEXITY = {
    "minLength": 8,
    "minLowerCase": 1,
    "minUpperCase": 1,
    "minNumber": 1,
    "minSymbol": 0,
    "excludeUsername": True,
}
AGE = {"historyCount": 4, "minAgeMinutes": 0}
CLASSES = {
    "minLowerCase": (r"[a-z]", "a lowercase letter"),
    "minUpperCase": (r"[A-Z]", "an uppercase letter"),
    "minNumber": (r"\d", "a number"),
    "minSymbol": (r"[^A-Za-z0-9]", "a symbol"),
}


def _read(defaults: dict, given) -> dict:
    """A policy's numbers and flags over the defaults: unset (``null``) or unreadable values
    keep the default; numbers may come as strings, as Okta's JSON reader takes them."""
    given = given if isinstance(given, dict) else {}
    read = {}
    for name, default in defaults.items():
        value = given.get(name)
        if isinstance(default, bool):
            read[name] = value if isinstance(value, bool) else default
        else:
            try:
                read[name] = max(int(value), 0)
            except (TypeError, ValueError):
                read[name] = default
    return read


def history_count(settings: dict) -> int:
    return _read(AGE, settings.get("age"))["historyCount"]


def requirements(settings: dict) -> str:
    complexity = _read(COMPLEXITY, settings.get("complexity"))
    parts = [f"at least {complexity['minLength']} characters"]
    parts += [label for field, (_, label) in CLASSES.items() if complexity.get(field)]
    if complexity.get("excludeUsername"):
        parts.append("no parts of your username")
    text = f"Password requirements: {', '.join(parts)}."
    count = history_count(settings)
    if count:
        text += f" Your password cannot be any of your last {count} passwords."
    return text


def check(
    password: str,
    login: str,
    history: list[str] = (),
    settings: dict | None = None,
    changed_minutes_ago: float | None = None,
) -> None:
    """Raise E0000001 (``password: Password requirements were not met``) unless ``password``
    meets the policy ``settings`` for the user signing in as ``login`` with earlier
    ``history``, whose password last changed ``changed_minutes_ago``."""
    settings = settings or {}
    complexity = _read(COMPLEXITY, settings.get("complexity"))
    age = _read(AGE, settings.get("age"))
    if changed_minutes_ago is not None and changed_minutes_ago < age["minAgeMinutes"]:
        raise validation("password", "password: Password has been changed too recently")
    username_parts = [p for p in re.split(r"[@._\-+]", login.split("@")[0]) if len(p) >= 3]
    broken = (
        len(password) < complexity["minLength"]
        or any(
            len(re.findall(pattern, password)) < complexity[field]
            for field, (pattern, _) in CLASSES.items()
        )
        or (
            complexity.get("excludeUsername")
            and any(part.lower() in password.lower() for part in username_parts)
        )
        or (age["historyCount"] and password in list(history)[-age["historyCount"] :])
    )
    if broken:
        raise validation(
            "password", f"password: Password requirements were not met. {requirements(settings)}"
        )
