"""Signing credentials through the okta SDK: trusted IdP keys, and the signing keys and CSRs of
IdPs and apps, down to publishing a certificate signed by an outside CA."""

from __future__ import annotations

import base64
import datetime
import json

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from okta.models import Application, CsrMetadata, IdPCertificateCredential

from darkfactory.twins.okta.testing import send

CA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
CA_NAME = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Acme CA")])


def signed(public_key, subject: x509.Name) -> x509.Certificate:
    """A certificate for ``public_key`` signed by a test CA."""
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(CA_NAME)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=365))
        .sign(CA_KEY, hashes.SHA256())
    )


def x5c(certificate: x509.Certificate) -> list[str]:
    return [base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()]


def saml_idp(name: str, kid: str | None = None) -> dict:
    trust = {"kid": kid, "issuer": "https://idp.acme.test", "audience": "https://okta"}
    return {
        "type": "SAML2",
        "name": name,
        "protocol": {"type": "SAML2", "credentials": {"trust": trust}},
    }


async def test_trusted_keys_are_certificates_shown_as_jwks(okta_client):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.acme.test")])
    chain = x5c(signed(key.public_key(), name))
    created, _, err = await okta_client.create_identity_provider_key(
        IdPCertificateCredential(x5c=chain)
    )
    assert err is None and created.kty == "RSA" and created.x5c == chain
    assert created.e == "AQAB" and created.expires_at
    _, _, err = await okta_client.create_identity_provider_key(
        IdPCertificateCredential(x5c=["bm90IGEgY2VydA=="])
    )
    assert err.status == 400 and err.error_code == "E0000001"
    listed, _, _ = await okta_client.list_identity_provider_keys()
    assert [k.kid for k in listed] == [created.kid]

    idp, err = await send(okta_client, "POST", "/api/v1/idps", saml_idp("Acme SAML", created.kid))
    assert err is None
    _, err = await okta_client.delete_identity_provider_key(created.kid)
    assert err.status == 400  # an IdP trusts it
    await okta_client.delete_identity_provider(idp["id"])
    assert (await okta_client.delete_identity_provider_key(created.kid))[-1] is None
    _, _, err = await okta_client.get_identity_provider_key(created.kid)
    assert err.status == 404


def publish(credentials: dict, idp_id: str, csr_id: str, certificate, base64url=False):
    """POST a signed certificate to a CSR's publish link, as DER or base64url DER."""
    der = certificate.public_bytes(serialization.Encoding.DER)
    headers = {
        "Authorization": f"SSWS {credentials['api_token']}",
        "Content-Type": "application/pkix-cert",
        "Accept": "application/json",
    }
    if base64url:
        der = base64.urlsafe_b64encode(der).rstrip(b"=")
        headers["Content-Transfer-Encoding"] = "base64"
    return httpx.post(
        f"{credentials['org_url']}/api/v1/idps/{idp_id}/credentials/csrs/{csr_id}/lifecycle/publish",
        content=der,
        headers=headers,
    )


async def test_signing_keys_are_generated_cloned_and_published_from_a_csr(
    okta_client, okta_credentials
):
    first, _ = await send(okta_client, "POST", "/api/v1/idps", saml_idp("First"))
    second, _ = await send(okta_client, "POST", "/api/v1/idps", saml_idp("Second"))
    assert (await okta_client.list_active_identity_provider_signing_key(first["id"]))[0] == []
    key, _, err = await okta_client.generate_identity_provider_signing_key(first["id"], 2)
    assert err is None and key.kid.startswith("akm") and key.kty == "RSA"
    _, err = await send(
        okta_client, "POST", f"/api/v1/idps/{first['id']}/credentials/keys/generate?validityYears=1"
    )
    assert err.status == 400 and err.error_code == "E0000001"
    active, _, _ = await okta_client.list_active_identity_provider_signing_key(first["id"])
    assert [k.kid for k in active] == [key.kid]
    clone, _, err = await okta_client.clone_identity_provider_key(
        first["id"], key.kid, second["id"]
    )
    assert err is None and clone.x5c == key.x5c and clone.kid != key.kid
    assert [
        k.kid for k in (await okta_client.list_identity_provider_signing_keys(second["id"]))[0]
    ] == [clone.kid]

    metadata = CsrMetadata.from_dict(
        {
            "subject": {"commonName": "SP Issuer", "organizationName": "Acme"},
            "subjectAltNames": {"dnsNames": ["sp.acme.test"]},
        }
    )
    csr, _, err = await okta_client.generate_csr_for_identity_provider(first["id"], metadata)
    assert err is None and csr.kty == "RSA"
    request = x509.load_der_x509_csr(base64.b64decode(csr.csr))
    assert request.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "SP Issuer"
    wrong = signed(
        rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key(), request.subject
    )
    # The SDK serializes the DER body as JSON and cannot send it: post it as Okta documents.
    refused = publish(okta_credentials, first["id"], csr.id, wrong)
    assert refused.status_code == 400 and refused.json()["errorCode"] == "E0000001"
    certificate = signed(request.public_key(), request.subject)
    answer = publish(okta_credentials, first["id"], csr.id, certificate, base64url=True)
    assert answer.status_code == 201 and answer.json()["x5c"] == x5c(certificate)
    published = answer.json()
    assert (await okta_client.list_csrs_for_identity_provider(first["id"]))[0] == []
    active, _, _ = await okta_client.list_active_identity_provider_signing_key(first["id"])
    assert [k.kid for k in active] == [published["kid"]]

    other, _, _ = await okta_client.generate_csr_for_identity_provider(first["id"], metadata)
    assert (await okta_client.get_csr_for_identity_provider(first["id"], other.id))[-1] is None
    assert (await okta_client.revoke_csr_for_identity_provider(first["id"], other.id))[-1] is None
    _, _, err = await okta_client.get_csr_for_identity_provider(first["id"], other.id)
    assert err.status == 404


async def test_idp_credentials_refuse_read_only_admins_and_tokens_without_the_scope(
    okta_client, okta_client_as
):
    idp, _ = await send(okta_client, "POST", "/api/v1/idps", saml_idp("Acme"))
    read_only = okta_client_as(role="READ_ONLY_ADMIN")
    assert (await read_only.list_identity_provider_signing_keys(idp["id"]))[-1] is None
    _, _, err = await read_only.generate_identity_provider_signing_key(idp["id"], 2)
    assert err.status == 403 and err.error_code == "E0000006"
    _, _, err = await read_only.generate_csr_for_identity_provider(
        idp["id"], CsrMetadata.from_dict({"subject": {"commonName": "x"}})
    )
    assert err.status == 403
    users_only = okta_client_as(scopes=["okta.users.manage"])
    _, _, err = await users_only.list_identity_provider_keys()
    assert err.status == 403 and err.error_code == "E0000006"


def bookmark(label: str) -> Application:
    return Application.from_dict(
        {
            "name": "bookmark",
            "label": label,
            "signOnMode": "BOOKMARK",
            "settings": {"app": {"url": "https://wiki.acme.test"}},
        }
    )


async def test_app_signing_keys_share_the_rules_of_idp_keys(okta_client, okta_credentials):
    wiki, _, _ = await okta_client.create_application(bookmark("Wiki"))
    docs, _, _ = await okta_client.create_application(bookmark("Docs"))
    key, _, err = await okta_client.generate_application_key(wiki.id, 3)
    assert err is None and key.kty == "RSA" and key.x5c
    listed, _, _ = await okta_client.list_application_keys(wiki.id)
    assert [k.kid for k in listed] == [key.kid]
    assert (await okta_client.get_application_key(wiki.id, key.kid))[0].kid == key.kid
    clone, _, err = await okta_client.clone_application_key(wiki.id, key.kid, docs.id)
    assert err is None and clone.x5c == key.x5c
    _, _, err = await okta_client.clone_application_key(wiki.id, key.kid, "0oanope")
    assert err.status == 404 and err.error_code == "E0000007"

    metadata = CsrMetadata.from_dict({"subject": {"commonName": "Wiki SAML"}})
    # The SDK types this answer as a string: the CSR object's JSON text.
    raw, _, err = await okta_client.generate_csr_for_application(wiki.id, metadata)
    csr = json.loads(raw)
    assert err is None and csr["_links"]["publish"]["href"].endswith("/lifecycle/publish")
    listed = (await okta_client.list_csrs_for_application(wiki.id))[0]
    assert [c.id for c in listed] == [csr["id"]]
    request = x509.load_der_x509_csr(base64.b64decode(csr["csr"]))
    certificate = signed(request.public_key(), request.subject)
    org = okta_credentials["org_url"]
    answer = httpx.post(
        f"{org}/api/v1/apps/{wiki.id}/credentials/csrs/{csr['id']}/lifecycle/publish",
        content=certificate.public_bytes(serialization.Encoding.PEM),
        headers={
            "Authorization": f"SSWS {okta_credentials['api_token']}",
            "Content-Type": "application/x-pem-file",
        },
    )
    assert answer.status_code == 201 and answer.json()["x5c"] == x5c(certificate)
    other = json.loads((await okta_client.generate_csr_for_application(wiki.id, metadata))[0])
    assert (await okta_client.revoke_csr_from_application(wiki.id, other["id"]))[-1] is None
    _, _, err = await okta_client.get_csr_for_application(wiki.id, other["id"])
    assert err.status == 404


async def test_app_signing_keys_refuse_read_only_admins_and_unscoped_tokens(
    okta_client, okta_client_as
):
    wiki, _, _ = await okta_client.create_application(bookmark("Wiki"))
    read_only = okta_client_as(role="READ_ONLY_ADMIN")
    assert (await read_only.list_application_keys(wiki.id))[-1] is None
    _, _, err = await read_only.generate_application_key(wiki.id, 2)
    assert err.status == 403 and err.error_code == "E0000006"
    idps_only = okta_client_as(scopes=["okta.idps.manage"])
    _, _, err = await idps_only.list_application_keys(wiki.id)
    assert err.status == 403 and err.error_code == "E0000006"
