"""IdP signing keys and CSRs: ``/api/v1/idps/{idpId}/credentials``, the keys Okta signs requests
to an IdP with.

``generate`` makes a key pair with a self-signed certificate valid 2 to 10 years; the newest key
is the active one. A CSR keeps its private key at Okta until the signed certificate is published
(``lifecycle/publish``, DER or base64), which turns it into a signing key. A key can be cloned
to another IdP.
"""

from __future__ import annotations

import base64
import json

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.api import authorize, body, timestamp
from darkfactory.twins.okta.authorization_servers import codes
from darkfactory.twins.okta.errors import not_found, validation
from darkfactory.twins.okta.identity_providers import certificates
from darkfactory.twins.okta.identity_providers.operations import KIND
from darkfactory.twins.okta.state import state_of

SUBJECT = {
    "commonName": NameOID.COMMON_NAME,
    "countryName": NameOID.COUNTRY_NAME,
    "localityName": NameOID.LOCALITY_NAME,
    "organizationalUnitName": NameOID.ORGANIZATIONAL_UNIT_NAME,
    "organizationName": NameOID.ORGANIZATION_NAME,
    "stateOrProvinceName": NameOID.STATE_OR_PROVINCE_NAME,
}


def _rows(call: Call, kind: str, idp_id: str) -> list[dict]:
    rows = call.universe.store.all(
        "SELECT * FROM okta_resources WHERE kind = ? ORDER BY rowid", (kind,)
    )
    found = [{**dict(r), "document": json.loads(r["document"])} for r in rows]
    return [r for r in found if r["document"]["idpId"] == idp_id]


def _one(call: Call, kind: str, idp_id: str, item_id: str) -> dict:
    for row in _rows(call, kind, idp_id):
        if row["id"] == item_id:
            return row
    raise not_found(item_id, kind)


def _store_key(call: Call, idp_id: str, certificate: x509.Certificate) -> dict:
    state = state_of(call)
    kid = state.new_id("akm")
    now = state.now()
    document = {"idpId": idp_id, "x5c": [certificates.der(certificate)]}
    state.db.execute(
        "INSERT INTO okta_resources(kind, id, status, document, created, last_updated)"
        " VALUES ('IdpSigningKey', ?, 'ACTIVE', ?, ?, ?)",
        (kid, json.dumps(document), now, now),
    )
    return _one(call, "IdpSigningKey", idp_id, kid)


def _key_json(row: dict) -> dict:
    certificate = certificates.read(row["document"]["x5c"])
    return certificates.jwk(row["id"], certificate, row["created"], row["last_updated"])


def _idp(call: Call, idp_id: str | None = None) -> dict:
    return resources.document(call, KIND, idp_id)


@operation("generateIdentityProviderSigningKey")
def generate(call: Call) -> dict:
    authorize(call, "okta.idps.manage")
    idp = _idp(call)
    try:
        years = int(call.query.get("validityYears", ""))
    except ValueError:
        years = 0
    if not 2 <= years <= 10:
        raise validation("validityYears", "validityYears: must be between 2 and 10")
    key = certificates.new_key()
    certificate = certificates.self_signed(
        key, idp["document"]["name"], call.universe.clock.now(), years
    )
    return _key_json(_store_key(call, idp["id"], certificate))


@operation("listIdentityProviderSigningKeys")
def list_keys(call: Call) -> list:
    authorize(call, "okta.idps.read")
    return [_key_json(r) for r in _rows(call, "IdpSigningKey", _idp(call)["id"])]


@operation("listActiveIdentityProviderSigningKey")
def active_key(call: Call) -> list:
    authorize(call, "okta.idps.read")
    found = _rows(call, "IdpSigningKey", _idp(call)["id"])
    return [_key_json(found[-1])] if found else []


@operation("getIdentityProviderSigningKey")
def get_key(call: Call) -> dict:
    authorize(call, "okta.idps.read")
    idp = _idp(call)
    return _key_json(_one(call, "IdpSigningKey", idp["id"], call.path_params["kid"]))


@operation("cloneIdentityProviderKey")
def clone(call: Call) -> JSONResponse:
    authorize(call, "okta.idps.manage")
    idp = _idp(call)
    source = _one(call, "IdpSigningKey", idp["id"], call.path_params["kid"])
    target = _idp(call, call.query.get("targetIdpId") or "-")
    certificate = certificates.read(source["document"]["x5c"])
    return JSONResponse(_key_json(_store_key(call, target["id"], certificate)), 201)


def _csr_json(call: Call, row: dict) -> dict:
    href = (
        f"{call.twin.base_url}{KIND.path}/{row['document']['idpId']}/credentials/csrs/{row['id']}"
    )
    return {
        "id": row["id"],
        "created": timestamp(row["created"]),
        "csr": row["document"]["csr"],
        "kty": "RSA",
        "_links": {
            "self": {"href": href, "hints": {"allow": ["GET", "DELETE"]}},
            "publish": {"href": f"{href}/lifecycle/publish", "hints": {"allow": ["POST"]}},
        },
    }


@operation("generateCsrForIdentityProvider")
def generate_csr(call: Call) -> JSONResponse:
    authorize(call, "okta.idps.manage")
    idp = _idp(call)
    metadata = body(call)
    subject = metadata.get("subject") or {}
    if not isinstance(subject, dict) or not subject.get("commonName"):
        raise validation("subject", "subject.commonName: may not be blank")
    names = [
        x509.NameAttribute(oid, str(subject[f])) for f, oid in SUBJECT.items() if subject.get(f)
    ]
    builder = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(names))
    dns_names = ((metadata.get("subjectAltNames") or {}).get("dnsNames")) or []
    if dns_names:
        alternative = x509.SubjectAlternativeName([x509.DNSName(str(n)) for n in dns_names])
        builder = builder.add_extension(alternative, critical=False)
    key = certificates.new_key()
    request = builder.sign(key, hashes.SHA256())
    state = state_of(call)
    csr_id = state.universe.ids.token("okta.idp-csr", 43, codes.URLSAFE)
    now = state.now()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    document = {
        "idpId": idp["id"],
        "csr": base64.b64encode(request.public_bytes(serialization.Encoding.DER)).decode(),
        "privateKey": private,
    }
    state.db.execute(
        "INSERT INTO okta_resources(kind, id, status, document, created, last_updated)"
        " VALUES ('IdpCsr', ?, 'ACTIVE', ?, ?, ?)",
        (csr_id, json.dumps(document), now, now),
    )
    return JSONResponse(_csr_json(call, _one(call, "IdpCsr", idp["id"], csr_id)), 201)


@operation("listCsrsForIdentityProvider")
def list_csrs(call: Call) -> list:
    authorize(call, "okta.idps.read")
    return [_csr_json(call, r) for r in _rows(call, "IdpCsr", _idp(call)["id"])]


@operation("getCsrForIdentityProvider")
def get_csr(call: Call) -> dict:
    authorize(call, "okta.idps.read")
    idp = _idp(call)
    return _csr_json(call, _one(call, "IdpCsr", idp["id"], call.path_params["idpCsrId"]))


@operation("revokeCsrForIdentityProvider")
def revoke_csr(call: Call) -> Response:
    authorize(call, "okta.idps.manage")
    idp = _idp(call)
    found = _one(call, "IdpCsr", idp["id"], call.path_params["idpCsrId"])
    call.universe.store.execute(
        "DELETE FROM okta_resources WHERE kind = 'IdpCsr' AND id = ?", (found["id"],)
    )
    return Response(status_code=204)


def _published(call: Call) -> x509.Certificate:
    """The certificate posted: DER, base64 DER, or PEM."""
    raw = call.body
    if call.headers.get("content-transfer-encoding", "").lower() == "base64":
        raw = base64.b64decode(raw + b"=" * (-len(raw) % 4), altchars=b"-_")
    try:
        if raw.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_certificate(raw)
        return x509.load_der_x509_certificate(raw)
    except ValueError as error:
        raise validation("certificate", "The body must be an X.509 certificate") from error


@operation("publishCsrForIdentityProvider")
def publish_csr(call: Call) -> JSONResponse:
    authorize(call, "okta.idps.manage")
    idp = _idp(call)
    found = _one(call, "IdpCsr", idp["id"], call.path_params["idpCsrId"])
    certificate = _published(call)
    key = serialization.load_pem_private_key(found["document"]["privateKey"].encode(), None)
    pem = serialization.Encoding.PEM
    info = serialization.PublicFormat.SubjectPublicKeyInfo
    if certificate.public_key().public_bytes(pem, info) != key.public_key().public_bytes(pem, info):
        raise validation("certificate", "The certificate's key is not the CSR's")
    call.universe.store.execute(
        "DELETE FROM okta_resources WHERE kind = 'IdpCsr' AND id = ?", (found["id"],)
    )
    return JSONResponse(_key_json(_store_key(call, idp["id"], certificate)), 201)


def routes() -> list[Route]:
    keys = "/api/v1/idps/{idpId}/credentials/keys"
    csrs = "/api/v1/idps/{idpId}/credentials/csrs"
    return [
        Route(keys, list_keys, methods=["GET"]),
        Route(f"{keys}/generate", generate, methods=["POST"]),
        Route(f"{keys}/active", active_key, methods=["GET"]),
        Route(f"{keys}/{{kid}}", get_key, methods=["GET"]),
        Route(f"{keys}/{{kid}}/clone", clone, methods=["POST"]),
        Route(csrs, list_csrs, methods=["GET"]),
        Route(csrs, generate_csr, methods=["POST"]),
        Route(f"{csrs}/{{idpCsrId}}", get_csr, methods=["GET"]),
        Route(f"{csrs}/{{idpCsrId}}", revoke_csr, methods=["DELETE"]),
        Route(f"{csrs}/{{idpCsrId}}/lifecycle/publish", publish_csr, methods=["POST"]),
    ]
