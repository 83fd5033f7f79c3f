"""OpenID Connect ID tokens: issued by the web-server flow when ``openid`` is consented to,
verifiable against the JWK set the twin publishes, and described by ``tokeninfo?id_token=``;
a forged or altered token is Google's ``invalid_token``."""

from __future__ import annotations

import httpx
import jwt
import pytest
from tests.twins.google.consenting import allow, authorization, code_of, exchange

BOB = "bob@example.com"


def consent_and_exchange(google_credentials, scope: str) -> dict:
    query = authorization(google_credentials, scope=scope)
    code = code_of(allow(google_credentials, query, BOB))
    token_uri = google_credentials["oauth_client"]["token_uri"]
    return httpx.post(token_uri, data=exchange(google_credentials, query, code)).json()


@pytest.fixture
def id_token(google_credentials) -> str:
    return consent_and_exchange(google_credentials, "openid email")["id_token"]


def test_the_id_token_is_signed_by_a_published_key(google_credentials, id_token):
    base = google_credentials["root_url"]
    keys = httpx.get(f"{base}oauth2/v3/certs").json()["keys"]
    kid = jwt.get_unverified_header(id_token)["kid"]
    key = jwt.PyJWK(next(k for k in keys if k["kid"] == kid))
    client_id = google_credentials["oauth_client"]["client_id"]
    claims = jwt.decode(
        id_token,
        key.key,
        algorithms=["RS256"],
        audience=client_id,
        options={"verify_exp": False, "verify_iat": False},
    )
    assert claims["iss"] == "https://accounts.google.com"
    assert (claims["email"], claims["email_verified"], claims["hd"]) == (BOB, True, "example.com")
    assert claims["exp"] - claims["iat"] == 3599


def test_tokeninfo_describes_an_id_token(google_credentials, id_token):
    base = google_credentials["root_url"]
    info = httpx.get(f"{base}oauth2/v3/tokeninfo", params={"id_token": id_token}).json()
    client_id = google_credentials["oauth_client"]["client_id"]
    assert (info["aud"], info["azp"], info["email"]) == (client_id, client_id, BOB)
    assert (info["email_verified"], info["alg"], info["typ"]) == ("true", "RS256", "JWT")
    assert isinstance(info["exp"], str) and info["iss"] == "https://accounts.google.com"


def test_a_forged_or_altered_id_token_is_invalid(google_credentials, id_token):
    base = google_credentials["root_url"]
    header, payload, signature = id_token.split(".")
    altered = f"{header}.{payload}.{signature[:-4]}AAAA"
    forged = jwt.encode({"iss": "https://accounts.google.com", "sub": "1"}, "s" * 32)
    for token in (altered, forged, "nonsense"):
        answer = httpx.get(f"{base}oauth2/v3/tokeninfo", params={"id_token": token})
        assert answer.status_code == 400
        assert answer.json() == {"error": "invalid_token", "error_description": "Invalid Value"}


def test_no_id_token_without_openid(google_credentials):
    tokens = consent_and_exchange(google_credentials, "email")
    assert "access_token" in tokens and "id_token" not in tokens
