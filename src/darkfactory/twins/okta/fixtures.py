"""The seeded Okta org: a super admin with an API token, the Everyone group, people, a demo user."""

from __future__ import annotations

import random
from typing import Any

from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.names import FIRST, LAST
from darkfactory.twins.okta import api_tokens
from darkfactory.twins.okta.authorization_servers import servers
from darkfactory.twins.okta.authorization_servers.keys import SigningKeys
from darkfactory.twins.okta.brands import operations as brands
from darkfactory.twins.okta.state import OktaState

DEPARTMENTS = ["Engineering", "Finance", "Sales", "IT"]
ADMIN_PASSWORD = "Admin-Passw0rd!"
DEMO_PASSWORD = "Demo-Passw0rd!"
DEFAULTS = {"users": 10}


def seed(state: OktaState, options: dict[str, Any]) -> None:
    sizes = {**DEFAULTS, **options}
    universe = state.universe
    rng = random.Random(universe.seed)
    state.create_group({"name": "Everyone", "description": "All users in your org"}, "BUILT_IN")
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
    state.add_member(admins, admin["id"])
    SigningKeys(state).rotate()
    servers.seed(state)
    brands.seed(state)
