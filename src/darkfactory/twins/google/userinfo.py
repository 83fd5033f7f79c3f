"""Who a token speaks for: OAuth 2 ``userinfo`` (v2, also at ``userinfo/v2/me``) and the OpenID
Connect ``userinfo`` (``v1/userinfo``, also at ``oauth2/v3/userinfo``).

A token needs ``openid``, ``email`` or ``profile`` (or their ``userinfo.*`` forms), else 401 as
Google answers. The answer holds ``id`` (``sub``) always, the address with the email scope, the
names with the profile scope, and ``hd``, the Workspace domain.
"""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.google.auth import SCOPE_PREFIX, principal_of, scope_url
from darkfactory.twins.google.errors import GoogleError
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.operation import Call, operation

EMAIL = {"email", SCOPE_PREFIX + "userinfo.email"}
PROFILE = {"profile", SCOPE_PREFIX + "userinfo.profile"}
OPENID = {"openid"}


def _claims(call: Call) -> tuple[Principal, bool, bool]:
    """The caller and whether its token may see the address and the profile."""
    principal = principal_of(call)
    held = {scope_url(s) for s in principal.scopes}
    if not held & (EMAIL | PROFILE | OPENID):
        raise GoogleError(
            401,
            "required",
            "Request is missing required authentication credential. Expected OAuth 2 access "
            "token, login cookie or other valid authentication credential.",
            location="Authorization",
            location_type="header",
        )
    return principal, bool(held & EMAIL), bool(held & PROFILE)


def _names(principal: Principal) -> dict:
    given, _, family = principal.name.partition(" ")
    names = {"name": principal.name, "given_name": given}
    return names | ({"family_name": family} if family else {})


def _userinfo_v2(call: Call) -> dict:
    principal, email, profile = _claims(call)
    out: dict = {"id": principal.id}
    if email:
        out |= {"email": principal.email, "verified_email": True}
    if profile:
        out |= _names(principal)
    return out | {"hd": principal.domain}


userinfo_v2 = operation("oauth2.userinfo.get")(_userinfo_v2)
userinfo_me = operation("oauth2.userinfo.v2.me.get")(_userinfo_v2)


@operation("oauth2.openid.userinfo")
def userinfo_openid(call: Call) -> dict:
    principal, email, profile = _claims(call)
    out: dict = {"sub": principal.id}
    if profile:
        out |= _names(principal)
    if email:
        out |= {"email": principal.email, "email_verified": True}
    return out | {"hd": principal.domain}


def routes() -> list[Route]:
    return [
        Route("/oauth2/v2/userinfo", userinfo_v2, methods=["GET", "POST"]),
        Route("/userinfo/v2/me", userinfo_me, methods=["GET"]),
        Route("/v1/userinfo", userinfo_openid, methods=["GET", "POST"]),
        Route("/oauth2/v3/userinfo", userinfo_openid, methods=["GET", "POST"]),
    ]
