"""The seeded Okta org: a super admin with an API token, the Everyone group, people, a demo user,
and the company's directory (``kit.company``), whose source Okta is."""

from __future__ import annotations

import random
from typing import Any

from darkfactory.twins.kit import company
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.names import FIRST, LAST
from darkfactory.twins.okta import api_tokens, behaviors, devices, network_zones, user_types
from darkfactory.twins.okta.agent_pools import state as agent_pools
from darkfactory.twins.okta.authenticators import operations as authenticators
from darkfactory.twins.okta.authorization_servers import servers
from darkfactory.twins.okta.authorization_servers.keys import SigningKeys
from darkfactory.twins.okta.brands import operations as brands
from darkfactory.twins.okta.policies import defaults as policies
from darkfactory.twins.okta.state import OktaState

DEPARTMENTS = ["Engineering", "Finance", "Sales", "IT"]
ADMIN_PASSWORD = "Admin-Passw0rd!"
DEMO_PASSWORD = "Demo-Passw0rd!"
DEFAULTS = {"users": 10}


def seed(state: OktaState, options: dict[str, Any]) -> None:
    sizes = {**DEFAULTS, **options}
    universe = state.universe
    rng = random.Random(universe.seed)
    user_types.seed(state)
    everyone = state.create_group(
        {"name": "Everyone", "description": "All users in your org"}, "BUILT_IN"
    )
    policies.seed(state, everyone)
    admins = state.create_group(
        {"name": "Okta Administrators", "description": "Super administrators"}
    )
    admin = state.create_user(
        {
            "login": "admin@example.com",
            "email": "admin@example.com",
            "firstName": "Ada",
            "lastName": "Admin",
        },
        ADMIN_PASSWORD,
    )
    token = "00" + universe.ids.derive("okta.api-token", 40, MIXED_ALNUM)
    universe.tokens.issue(
        "okta",
        token,
        admin["id"],
        kind="ssws",
        meta={"login": admin["login"], "name": "Ada Admin"},
    )
    state.assign_role("USER", admin["id"], "SUPER_ADMIN")
    api_tokens.register(state, token, admin["id"], "Universe admin token")
    state.create_user(
        {
            "login": "demo@example.com",
            "email": "demo@example.com",
            "firstName": "Dee",
            "lastName": "Demo",
        },
        DEMO_PASSWORD,
    )
    for i in range(sizes["users"]):
        first, last = FIRST[i % len(FIRST)], rng.choice(LAST)
        login = f"{first}.{last}{i}@example.com".lower()
        state.create_user(
            {
                "login": login,
                "email": login,
                "firstName": first,
                "lastName": last,
                "department": rng.choice(DEPARTMENTS),
            },
            DEMO_PASSWORD,
        )
    _company(state)
    state.add_member(admins, admin["id"])
    SigningKeys(state).rotate()
    servers.seed(state)
    network_zones.seed(state)
    authenticators.seed(state)
    behaviors.seed(state)
    brands.seed(state)
    devices.seed(state)
    agent_pools.seed(state)


def _company(state: OktaState) -> None:
    """The company's people, each with ``title``, ``department`` and, but for its head, the
    ``managerId`` (the manager's user id) and ``manager`` (their display name) attributes; then
    the company's groups."""
    ids: dict[str, str] = {}
    for person in company.directory(state.universe):
        boss = state.user(ids[person.manager]) if person.manager else None
        profile = {
            "login": person.email,
            "email": person.email,
            "firstName": person.first,
            "lastName": person.last,
            "displayName": person.name,
            "title": person.title,
            "department": person.department,
        }
        if boss is not None:
            profile |= {"managerId": boss["id"], "manager": boss["profile"]["displayName"]}
        ids[person.email] = state.create_user(profile, DEMO_PASSWORD)["id"]
    for group in company.collections(state.universe)["groups"]:
        profile = {"name": group["name"], "description": group.get("description", "")}
        group_id = state.create_group(profile)
        for email in group.get("members", []):
            state.add_member(group_id, state.user(email)["id"])
