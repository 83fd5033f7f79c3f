"""Okta's default password policy: length, character classes, no part of the username, history."""

from __future__ import annotations

import re

from darkfactory.twins.okta.errors import validation

MIN_LENGTH = 8
HISTORY = 4
REQUIREMENTS = (
    f"Password requirements: at least {MIN_LENGTH} characters, a lowercase letter, an uppercase"
    f" letter, a number, no parts of your username. Your password cannot be any of your last"
    f" {HISTORY} passwords."
)


def check(password: str, login: str, history: list[str] = ()) -> None:
    """Raise E0000001 (``password: Password requirements were not met``) unless ``password``
    satisfies the policy for the user signing in as ``login`` with earlier ``history``."""
    username_parts = [p for p in re.split(r"[@._\-+]", login.split("@")[0]) if len(p) >= 3]
    broken = (
        len(password) < MIN_LENGTH
        or not re.search(r"[a-z]", password)
        or not re.search(r"[A-Z]", password)
        or not re.search(r"\d", password)
        or any(part.lower() in password.lower() for part in username_parts)
        or password in list(history)[-HISTORY:]
    )
    if broken:
        raise validation(
            "password", f"password: Password requirements were not met. {REQUIREMENTS}"
        )
