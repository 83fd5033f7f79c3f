"""OpenID Connect ID tokens: minted for a user who consented to ``openid``, signed RS256 with
the twin's Google signing key, published as a JWK set at ``/oauth2/v3/certs``.

The key comes from the universe's seed (made on first use, not at seeding), and its ``kid`` is
a digest of its public numbers. ``verified`` checks a token as ``tokeninfo?id_token=`` does:
signature, issuer and expiry on the universe's clock.
"""

from __future__ import annotations

import base64
import functools
import hashlib

import jwt
from cryptography.hazmat.primitives import serialization
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from darkfactory.twins.google.keys import seeded_key
from darkfactory.twins.kit.operation import TWIN_KEY

ISSUER = "https://accounts.google.com"
LIFETIME = 3599


@functools.cache
def _signer(seed: int):
    private = serialization.load_pem_private_key(
        seeded_key(seed, "google.id-token-key").encode(), None
    )
    numbers = private.public_key().public_numbers()
    kid = hashlib.sha1(f"{numbers.n}:{numbers.e}".encode()).hexdigest()
    return private, kid


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def jwks(seed: int) -> dict:
    private, kid = _signer(seed)
    numbers = private.public_key().public_numbers()
    key = {"kty": "RSA", "alg": "RS256", "use": "sig", "kid": kid}
    return {"keys": [key | {"n": _b64(numbers.n), "e": _b64(numbers.e)}]}


def mint(universe, account: dict, client_id: str) -> str:
    """An ID token for ``account`` (a row of the directory) issued to ``client_id``."""
    now = int(universe.clock.now())
    claims = {
        "iss": ISSUER,
        "azp": client_id,
        "aud": client_id,
        "sub": account["id"],
        "hd": account["email"].rpartition("@")[2],
        "email": account["email"],
        "email_verified": True,
        "iat": now,
        "exp": now + LIFETIME,
    }
    return sign(universe, claims)


def sign(universe, claims: dict) -> str:
    """``claims`` as a JWT signed RS256 with the twin's Google signing key."""
    private, kid = _signer(universe.seed)
    return jwt.encode(claims, private, algorithm="RS256", headers={"kid": kid})


def verified(universe, token: str) -> tuple[dict, dict] | None:
    """The header and claims of a live ID token the twin signed; None for anything else."""
    private, kid = _signer(universe.seed)
    try:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(
            token,
            private.public_key(),
            algorithms=["RS256"],
            issuer=ISSUER,
            options={"verify_aud": False, "verify_exp": False, "verify_iat": False},
        )
    except jwt.InvalidTokenError:
        return None
    if header.get("kid") != kid or claims.get("exp", 0) <= universe.clock.now():
        return None
    return header, claims


def routes() -> list[Route]:
    async def certs(request: Request) -> JSONResponse:
        return JSONResponse(jwks(request.scope[TWIN_KEY].universe.seed))

    return [Route("/oauth2/v3/certs", certs, methods=["GET"])]
