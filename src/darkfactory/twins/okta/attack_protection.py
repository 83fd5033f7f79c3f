"""Attack protection: ``/attack-protection/api/v1/...``, the org's defences for sign-in: whether
unknown devices can lock a user out, and whether a knowledge factor waits for a possession one.
Each is read back as a list of one object, as the okta SDK reads them."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.okta import singletons

BASE = "/attack-protection/api/v1"
LOCKOUT = "preventBruteForceLockoutFromUnknownDevices"
KNOWLEDGE_SECOND = "verifyKnowledgeSecondWhen2faRequired"
SETTINGS = (
    singletons.Setting(
        f"{BASE}/user-lockout-settings",
        "getUserLockoutSettings",
        "replaceUserLockoutSettings",
        "okta.orgs",
        {LOCKOUT: False},
        singletons.flag(LOCKOUT),
        read_as_list=True,
    ),
    singletons.Setting(
        f"{BASE}/authenticator-settings",
        "getAuthenticatorSettings",
        "replaceAuthenticatorSettings",
        "okta.orgs",
        {KNOWLEDGE_SECOND: False},
        singletons.flag(KNOWLEDGE_SECOND),
        read_as_list=True,
    ),
)


def routes() -> list[Route]:
    return [route for setting in SETTINGS for route in singletons.routes(setting)]
