"""The seeded company: one directory of people, with managers, that every twin gives accounts to.

Okta is the source: each person is an Okta user, and the same person (same email, same name)
has an account in Slack, Jira and Google, each twin recording the manager its own way. The
directory is sized by the universe's ``company`` fixture options (``people``, default 12;
``--fixture company.people=50``) and is the same for the same seed.

The first person runs the company; the next ones head its departments and report to them; the
rest join a department and report to its head.

A universe fixture file declares the company instead (``fixtures: {company: {...}}``): its
``people`` as a list (``email``, ``name``, ``title``, ``department``, ``manager``; managers
first), and its ``groups`` (Okta groups), ``projects`` (Jira projects, whose ``members`` get the
Member role) and ``channels`` (Slack public channels), each naming its ``members`` by email.
``ADMIN`` may be named wherever a person may.
"""

from __future__ import annotations

import functools
import itertools
import random
from dataclasses import dataclass
from typing import Any

from darkfactory.twins.kit.names import FIRST, LAST

DOMAIN = "example.com"
ADMIN = f"admin@{DOMAIN}"
DEFAULTS: dict[str, Any] = {"people": 12, "groups": [], "projects": [], "channels": []}
# Each collection's fields: the required ones, then the optional ones.
FIELDS = {
    "people": (("email", "name"), ("title", "department", "manager")),
    "groups": (("name",), ("description", "members")),
    "projects": (("key", "name", "lead"), ("description", "members")),
    "channels": (("name",), ("members",)),
}
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


def options(fixtures: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The company's options from a universe's fixtures; unknown or impossible ones raise
    ValueError saying which."""
    given = fixtures.get("company") or {}
    if not isinstance(given, dict):
        raise ValueError("company: a mapping of options (people, groups, projects, channels)")
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise ValueError(f"unknown company fixture options {unknown}; known: {sorted(DEFAULTS)}")
    sizes = {**DEFAULTS, **given}
    most = len(FIRST) * len(LAST)
    count = sizes["people"]
    if isinstance(count, list):
        _entries("people", count)
        _declared(count)
    elif isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= most:
        raise ValueError(f"company.people must be a list of people or a count from 0 to {most}")
    for name in ("groups", "projects", "channels"):
        _entries(name, sizes[name])
    return sizes


def _entries(name: str, entries: Any) -> None:
    """Check that ``entries`` is a list of mappings with ``name``'s required and known fields."""
    required, optional = FIELDS[name]
    if not isinstance(entries, list):
        raise ValueError(f"company.{name} must be a list")
    for number, entry in enumerate(entries):
        where = f"company.{name}[{number}]"
        if not isinstance(entry, dict):
            raise ValueError(f"{where} must be a mapping")
        missing = [f for f in required if not entry.get(f)]
        extra = sorted(set(entry) - set(required) - set(optional))
        if missing or extra:
            raise ValueError(f"{where}: missing {missing}, unknown {extra}")
        if not isinstance(entry.get("members", []), list):
            raise ValueError(f"{where}.members must be a list of emails")


def directory(universe) -> tuple[Person, ...]:
    """The company of a universe (its seed and its ``company`` fixture options)."""
    given = options(universe.fixtures)["people"]
    return _declared(given) if isinstance(given, list) else people(universe.seed, given)


def collections(universe) -> dict[str, list[dict[str, Any]]]:
    """The company's declared ``groups``, ``projects`` and ``channels``, their members (and a
    project's lead) checked to be the company's people or ``ADMIN``."""
    sizes = options(universe.fixtures)
    known = {p.email for p in directory(universe)} | {ADMIN}
    found = {name: sizes[name] for name in ("groups", "projects", "channels")}
    for name, entries in found.items():
        for number, entry in enumerate(entries):
            named = [*entry.get("members", []), *([entry["lead"]] if "lead" in entry else [])]
            strangers = [e for e in named if e not in known]
            if strangers:
                raise ValueError(f"company.{name}[{number}]: not of the company {strangers}")
    return found


def _declared(entries: list[dict[str, Any]]) -> tuple[Person, ...]:
    found: list[Person] = []
    for number, entry in enumerate(entries):
        first, _, last = str(entry["name"]).strip().partition(" ")
        if not last.strip():
            raise ValueError(f"company.people[{number}]: name must be a first and a last name")
        manager = entry.get("manager")
        if manager is not None and manager not in {p.email for p in found}:
            raise ValueError(f"company.people[{number}]: manager {manager!r} is not listed before")
        email = str(entry["email"]).lower()
        if email in {p.email for p in found} or "@" not in email:
            raise ValueError(f"company.people[{number}]: email {email!r} is invalid or taken")
        title, department = entry.get("title", ""), entry.get("department", "")
        found.append(Person(email, first, last, title, department, manager))
    return tuple(found)


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
