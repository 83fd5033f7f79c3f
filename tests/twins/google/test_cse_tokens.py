"""files.generateCseToken (v3 and v2) through googleapiclient: a key service's authorization
token, verifiable with the Drive token issuer's published keys, for files the caller may
write."""

from __future__ import annotations

import httpx
import jwt
from tests.twins.google.conftest import CAROL, FOLDER, error_of, share

from darkfactory.twins.google.auth import scope_url

ISSUER = "gsuitecse-tokenissuer-drive@system.gserviceaccount.com"


def claims_of(google_credentials, token: str) -> dict:
    """The token's claims, once verified with the issuer's keys as a key service would."""
    url = f"{google_credentials['root_url']}service_accounts/v1/jwk/{ISSUER}"
    keys = jwt.PyJWKSet.from_dict(httpx.get(url).json())
    kid = jwt.get_unverified_header(token)["kid"]
    key = next(k for k in keys.keys if k.key_id == kid)
    return jwt.decode(
        token,
        key.key,
        algorithms=["RS256"],
        audience="cse-authorization",
        issuer=ISSUER,
        options={"verify_exp": False, "verify_iat": False},
    )


def test_an_editor_gets_a_token_for_their_file(alice, doc, google_credentials):
    answer = alice.files().generateCseToken(fileId=doc).execute()
    assert (answer["kind"], answer["fileId"]) == ("drive#generateCseTokenResponse", doc)
    assert answer["currentKaclsId"] and answer["currentKaclsName"]
    claims = claims_of(google_credentials, answer["jwt"])
    assert (claims["email"], claims["role"], claims["resource_name"]) == (
        "alice@example.com",
        "writer",
        doc,
    )
    assert claims["exp"] > claims["iat"]


def test_a_new_file_gets_a_fresh_id_usable_for_creating_it(alice, google_credentials):
    folder = alice.files().create(body={"name": "Vault", "mimeType": FOLDER}).execute()["id"]
    answer = alice.files().generateCseToken(parent=folder).execute()
    new_id = answer["fileId"]
    assert claims_of(google_credentials, answer["jwt"])["resource_name"] == new_id
    made = alice.files().create(body={"id": new_id, "name": "secret", "parents": [folder]})
    assert made.execute()["id"] == new_id


def test_readers_strangers_and_bad_requests_are_refused(alice, carol, bob, doc):
    share(alice, doc, "reader", emailAddress=CAROL)
    assert error_of(carol.files().generateCseToken(fileId=doc)) == (
        403,
        "insufficientFilePermissions",
    )
    assert error_of(bob.files().generateCseToken(fileId=doc)) == (404, "notFound")
    both = alice.files().generateCseToken(fileId=doc, parent=doc)
    assert error_of(both) == (400, "invalid")
    assert error_of(alice.files().generateCseToken(parent=doc)) == (404, "notFound")


def test_a_read_only_scope_gets_no_token(google_service_for, doc):
    reader = google_service_for(
        "drive", "v3", user="alice@example.com", scopes=[scope_url("drive.readonly")]
    )
    assert error_of(reader.files().generateCseToken(fileId=doc))[0] == 403


def test_v2_gives_the_same_tokens(alice2, doc, google_credentials):
    answer = alice2.files().generateCseToken(fileId=doc).execute()
    assert claims_of(google_credentials, answer["jwt"])["resource_name"] == doc
