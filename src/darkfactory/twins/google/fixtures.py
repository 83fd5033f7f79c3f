"""The seeded Google Workspace domain: people, a group, a service account and OAuth clients.

``example.com`` has an admin, three users (Alice and Bob in ``engineering@``) and the company's
people (``kit.company``; their titles and managers are the ``directory`` area's); a user of
``partner.example`` stands outside the domain. The service account may use domain-wide
delegation. Every person signs in to the consent page with ``PASSWORD``. The first OAuth
client is an installed app (it may redirect to any loopback address), the second a web app
whose one redirect URI is ``WEB_REDIRECT``. Each user gets a refresh token for the first client
(granted the Drive, Sheets and Docs scopes and their narrower variants), so a test can act as
any of them without the consent page. Each API area may seed its own data too (``drive.fixtures``).
"""

from __future__ import annotations

import json
from typing import Any

from darkfactory.twins.google.keys import seeded_key
from darkfactory.twins.google.oauth import issue_refresh_token
from darkfactory.twins.google.signin import set_password
from darkfactory.twins.google.state import DIGITS, GoogleState
from darkfactory.twins.kit import company
from darkfactory.twins.kit.ids import HEX, LOWER_ALNUM
from darkfactory.twins.kit.names import FIRST, LAST

DOMAIN = "example.com"
ADMIN = f"admin@{DOMAIN}"
USERS = [
    (ADMIN, "Ada Admin", True),
    (f"alice@{DOMAIN}", "Alice Lovelace", False),
    (f"bob@{DOMAIN}", "Bob Hopper", False),
    (f"carol@{DOMAIN}", "Carol Liskov", False),
    ("dave@partner.example", "Dave Outsider", False),
]
GROUP = (f"engineering@{DOMAIN}", "Engineering", [f"alice@{DOMAIN}", f"bob@{DOMAIN}"])
PROJECT = "darkfactory-twin"
SERVICE_ACCOUNT = f"darkfactory@{PROJECT}.iam.gserviceaccount.com"
USER_SCOPES = [
    f"https://www.googleapis.com/auth/{scope}"
    for scope in (
        "drive",
        "drive.readonly",
        "drive.metadata.readonly",
        "drive.file",
        "drive.appdata",
        "spreadsheets",
        "spreadsheets.readonly",
        "documents",
        "documents.readonly",
    )
]
# The administrator may also read the domain's directory.
ADMIN_SCOPES = [
    *USER_SCOPES,
    *(
        f"https://www.googleapis.com/auth/admin.directory.{scope}"
        for scope in ("user", "user.readonly")
    ),
]
DEFAULTS = {"users": 0}
PASSWORD = "Demo-Passw0rd!"
WEB_REDIRECT = "http://localhost:8080/oauth2callback"


def service_account_key(seed: int) -> str:
    """The service account's RSA key (PKCS#8 PEM)."""
    return seeded_key(seed, "google.service-account-key")


def project_number(universe) -> str:
    """The number of the Cloud project the seeded OAuth client and quotas belong to."""
    return universe.ids.derive("google.project-number", 12, DIGITS)


def seed(state: GoogleState, options: dict[str, Any]) -> None:
    sizes = {**DEFAULTS, **options}
    universe = state.universe
    for email, name, admin in USERS:
        state.create_account(email, name, admin=admin)
    for person in company.directory(universe):
        state.create_account(person.email, person.name)
    for number in range(sizes["users"]):
        first, last = FIRST[number % len(FIRST)], LAST[(number * 7) % len(LAST)]
        state.create_account(f"{first}.{last}{number}@{DOMAIN}".lower(), f"{first} {last}")
    state.create_group(*GROUP)
    state.create_account(SERVICE_ACCOUNT, "darkfactory", kind="serviceAccount")
    pem = service_account_key(universe.seed)
    state.db.insert(
        "google_service_account_keys",
        {
            "key_id": universe.ids.derive("google.sa-key", 40, HEX),
            "email": SERVICE_ACCOUNT,
            "client_id": universe.ids.derive("google.sa-client", 21, DIGITS),
            "private_pem": pem,
        },
    )
    number = project_number(universe)
    client_id = f"{number}-{universe.ids.derive('google.client', 32, LOWER_ALNUM)}"
    client_id += ".apps.googleusercontent.com"
    state.db.insert(
        "google_oauth_clients",
        {
            "client_id": client_id,
            "name": "darkfactory",
            "secret": "GOCSPX-" + universe.ids.derive("google.client-secret", 28, LOWER_ALNUM),
        },
    )
    web_id = f"{number}-{universe.ids.derive('google.web-client', 32, LOWER_ALNUM)}"
    state.db.insert(
        "google_oauth_clients",
        {
            "client_id": web_id + ".apps.googleusercontent.com",
            "name": "darkfactory web",
            "secret": "GOCSPX-" + universe.ids.derive("google.web-secret", 28, LOWER_ALNUM),
            "kind": "web",
            "redirect_uris": json.dumps([WEB_REDIRECT]),
        },
    )
    for account in state.accounts("user"):
        set_password(state.db, account["email"], PASSWORD)
    for email, _, admin in USERS:
        issue_refresh_token(universe, email, ADMIN_SCOPES if admin else USER_SCOPES, client_id)
    for person in company.directory(universe):
        issue_refresh_token(universe, person.email, USER_SCOPES, client_id)
