"""Signing keys of the authorization servers: RS256 keys, their JWKS, and rotation."""

from __future__ import annotations

import json

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm


class SigningKeys:
    def __init__(self, state) -> None:
        self.state = state

    def rotate(self) -> str:
        """Make a new active key; the previous one stays published (EXPIRED) for verification."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        kid = self.state.universe.ids.token(
            "okta.kid", 43, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
        )
        self.state.db.execute("UPDATE okta_signing_keys SET status = 'EXPIRED'")
        self.state.db.execute(
            "INSERT INTO okta_signing_keys(kid, private_pem, status, created) VALUES (?, ?, ?, ?)",
            (kid, pem, "ACTIVE", self.state.now()),
        )
        return kid

    def sign(self, claims: dict) -> str:
        row = self.state.db.one("SELECT * FROM okta_signing_keys WHERE status = 'ACTIVE'")
        return jwt.encode(
            claims, row["private_pem"], algorithm="RS256", headers={"kid": row["kid"]}
        )

    def jwks(self) -> dict:
        keys = []
        for row in self.state.db.all("SELECT * FROM okta_signing_keys ORDER BY created DESC"):
            public = serialization.load_pem_private_key(row["private_pem"].encode(), None)
            jwk = json.loads(RSAAlgorithm.to_jwk(public.public_key()))
            keys.append({**jwk, "kid": row["kid"], "alg": "RS256", "use": "sig"})
        return {"keys": keys}

    def verify(self, token: str, audience: str | None = None) -> dict:
        """The claims of a token this org signed; raises ``jwt.InvalidTokenError`` otherwise."""
        kid = jwt.get_unverified_header(token).get("kid")
        row = self.state.db.one("SELECT * FROM okta_signing_keys WHERE kid = ?", (kid,))
        if row is None:
            raise jwt.InvalidTokenError("unknown key")
        public = serialization.load_pem_private_key(row["private_pem"].encode(), None).public_key()
        return jwt.decode(
            token,
            public,
            algorithms=["RS256"],
            audience=audience,
            options={"verify_aud": audience is not None},
        )
