"""The seeded company: one directory of people, with managers, that every twin gives accounts to.

Okta is the source: each person is an Okta user, and the same person (same email, same name)
has an account in Slack, Jira and Google, each twin recording the manager its own way. The
directory is sized by the universe's ``company`` fixture options (``people``, default 12;
``--fixture company.people=50``) and is the same for the same seed.

The first person runs the company; the next ones head its departments and report to them; the
rest join a department and report to its head.
"""

from __future__ import annotations

import functools
import itertools
import random
from dataclasses import dataclass
from typing import Any

from darkfactory.twins.kit.names import FIRST, LAST

DOMAIN = "example.com"
DEFAULTS = {"people": 12}
DEPARTMENTS = {
    "Engineering": "Software Engineer",
    "Finance": "Accountant",
    "Sales": "Account Executive",
    "IT": "IT Specialist",
}
CHIEF = ("Executive", "Chief Executive Officer")


@dataclass(frozen=True)
class Person:
    """One member of the company, as every twin knows them."""

    email: str
    first: str
    last: str
    title: str
    department: str
    manager: str | None  # the manager's email; None for whoever runs the company

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def handle(self) -> str:
        """The address's local part, used as a username where a twin has one (Slack)."""
        return self.email.split("@", 1)[0]


def options(fixtures: dict[str, dict[str, Any]]) -> dict[str, int]:
    """The company's sizing options from a universe's fixtures; unknown or impossible ones raise
    ValueError."""
    given = fixtures.get("company", {})
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise ValueError(f"unknown company fixture options {unknown}; known: {sorted(DEFAULTS)}")
    sizes = {**DEFAULTS, **given}
    most = len(FIRST) * len(LAST)
    if not isinstance(sizes["people"], int) or not 0 <= sizes["people"] <= most:
        raise ValueError(f"company.people must be a whole number from 0 to {most}")
    return sizes


def directory(universe) -> tuple[Person, ...]:
    """The company of a universe (its seed and its ``company`` fixture options)."""
    return people(universe.seed, options(universe.fixtures)["people"])


@functools.cache
def people(seed: int, count: int) -> tuple[Person, ...]:
    """``count`` people with distinct names, managers before their reports."""
    rng = random.Random(f"{seed}:company")
    names = list(itertools.product(FIRST, LAST))
    rng.shuffle(names)
    found: list[Person] = []
    heads: list[Person] = []
    departments = list(DEPARTMENTS)
    for number, (first, last) in enumerate(names[:count]):
        email = f"{first}.{last}@{DOMAIN}".lower()
        if number == 0:
            department, title, manager = *CHIEF, None
        elif number <= len(departments):
            department = departments[number - 1]
            title, manager = f"Head of {department}", found[0].email
        else:
            head = heads[(number - 1) % len(heads)]
            department, title, manager = head.department, DEPARTMENTS[head.department], head.email
        person = Person(email, first, last, title, department, manager)
        if 0 < number <= len(departments):
            heads.append(person)
        found.append(person)
    return tuple(found)
