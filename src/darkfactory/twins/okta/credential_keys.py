"""Signing keys and CSRs of an IdP or an app (``.../credentials/keys`` and ``.../csrs``).

``generate`` makes a key pair with a self-signed certificate valid 2 to 10 years; the newest key
is the active one. A CSR keeps its private key at Okta until the signed certificate is published
(``lifecycle/publish``, DER or base64), which turns it into a signing key. A key can be cloned
to another owner of the same kind. An ``Owner`` says whose keys they are and names the operations.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import certificates
from darkfactory.twins.okta.api import authorize, body, timestamp
from darkfactory.twins.okta.errors import not_found, validation
from darkfactory.twins.okta.state import state_of

URLSAFE = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
SUBJECT = {
    "commonName": NameOID.COMMON_NAME,
    "countryName": NameOID.COUNTRY_NAME,
    "localityName": NameOID.LOCALITY_NAME,
    "organizationalUnitName": NameOID.ORGANIZATIONAL_UNIT_NAME,
    "organizationName": NameOID.ORGANIZATION_NAME,
    "stateOrProvinceName": NameOID.STATE_OR_PROVINCE_NAME,
}


@dataclass(frozen=True)
class Owner:
    """Whose keys: an IdP's or an app's."""

    param: str  # the path parameter, also the owner's field in stored documents: "idpId"
    base: str  # "/api/v1/idps/{idpId}"
    scope: str  # "okta.idps"
    clone_target: str  # the clone's query parameter: "targetIdpId"
    load: Callable[[Call, str], tuple[str, str]]  # owner id -> (id, name); E0000007 if none
    operations: dict[str, str]  # action -> operationId
    key_kind: str  # okta_resources kinds: "IdpSigningKey", "IdpCsr"
    csr_kind: str
    kid_prefix: str = "akm"
    generated_status: int = 200  # what ``generate`` answers: 200 for an IdP, 201 for an app


def _rows(call: Call, owner: Owner, kind: str, owner_id: str) -> list[dict]:
    rows = call.universe.store.all(
        "SELECT * FROM okta_resources WHERE kind = ? ORDER BY rowid", (kind,)
    )
    found = [{**dict(r), "document": json.loads(r["document"])} for r in rows]
    return [r for r in found if r["document"][owner.param] == owner_id]


def _one(call: Call, owner: Owner, kind: str, owner_id: str, item_id: str) -> dict:
    for row in _rows(call, owner, kind, owner_id):
        if row["id"] == item_id:
            return row
    raise not_found(item_id, kind)


def _store_key(call: Call, owner: Owner, owner_id: str, certificate: x509.Certificate) -> dict:
    state = state_of(call)
    kid = state.new_id(owner.kid_prefix)
    now = state.now()
    document = {owner.param: owner_id, "x5c": [certificates.der(certificate)]}
    state.db.execute(
        "INSERT INTO okta_resources(kind, id, status, document, created, last_updated)"
        " VALUES (?, ?, 'ACTIVE', ?, ?, ?)",
        (owner.key_kind, kid, json.dumps(document), now, now),
    )
    return _one(call, owner, owner.key_kind, owner_id, kid)


def _key_json(row: dict) -> dict:
    certificate = certificates.read(row["document"]["x5c"])
    return certificates.jwk(row["id"], certificate, row["created"], row["last_updated"])


def _csr_json(call: Call, owner: Owner, row: dict) -> dict:
    base = owner.base.replace(f"{{{owner.param}}}", row["document"][owner.param])
    href = f"{call.twin.base_url}{base}/credentials/csrs/{row['id']}"
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


def _published(call: Call) -> x509.Certificate:
    """The certificate posted: DER, base64(url) DER, or PEM."""
    raw = call.body
    if call.headers.get("content-transfer-encoding", "").lower() == "base64":
        raw = base64.b64decode(raw + b"=" * (-len(raw) % 4), altchars=b"-_")
    try:
        if raw.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_certificate(raw)
        return x509.load_der_x509_certificate(raw)
    except ValueError as error:
        raise validation("certificate", "The body must be an X.509 certificate") from error


def _csr(metadata: dict) -> tuple[str, str]:
    """A CSR for ``metadata``'s subject and DNS names: (base64 DER CSR, its private key PEM)."""
    subject = metadata.get("subject") or {}
    if not isinstance(subject, dict) or not subject.get("commonName"):
        raise validation("subject", "subject.commonName: may not be blank")
    names = [
        x509.NameAttribute(oid, str(subject[field]))
        for field, oid in SUBJECT.items()
        if subject.get(field)
    ]
    builder = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(names))
    dns_names = ((metadata.get("subjectAltNames") or {}).get("dnsNames")) or []
    if dns_names:
        alternative = x509.SubjectAlternativeName([x509.DNSName(str(n)) for n in dns_names])
        builder = builder.add_extension(alternative, critical=False)
    key = certificates.new_key()
    request = builder.sign(key, hashes.SHA256())
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return base64.b64encode(request.public_bytes(serialization.Encoding.DER)).decode(), private


def routes(owner: Owner) -> list[Route]:
    """The key and CSR operations of ``owner``'s kind."""
    read, manage = f"{owner.scope}.read", f"{owner.scope}.manage"

    def this(call: Call) -> tuple[str, str]:
        return owner.load(call, call.path_params[owner.param])

    def generate(call: Call) -> JSONResponse:
        authorize(call, manage)
        owner_id, name = this(call)
        try:
            years = int(call.query.get("validityYears", ""))
        except ValueError:
            years = 0
        if not 2 <= years <= 10:
            raise validation("validityYears", "validityYears: must be between 2 and 10")
        now = call.universe.clock.now()
        certificate = certificates.self_signed(certificates.new_key(), name, now, years)
        stored = _store_key(call, owner, owner_id, certificate)
        return JSONResponse(_key_json(stored), owner.generated_status)

    def list_keys(call: Call) -> list:
        authorize(call, read)
        return [_key_json(r) for r in _rows(call, owner, owner.key_kind, this(call)[0])]

    def active_key(call: Call) -> list:
        authorize(call, read)
        found = _rows(call, owner, owner.key_kind, this(call)[0])
        return [_key_json(found[-1])] if found else []

    def get_key(call: Call) -> dict:
        authorize(call, read)
        owner_id = this(call)[0]
        return _key_json(_one(call, owner, owner.key_kind, owner_id, call.path_params["kid"]))

    def clone(call: Call) -> JSONResponse:
        authorize(call, manage)
        owner_id = this(call)[0]
        source = _one(call, owner, owner.key_kind, owner_id, call.path_params["kid"])
        target, _ = owner.load(call, call.query.get(owner.clone_target) or "-")
        certificate = certificates.read(source["document"]["x5c"])
        return JSONResponse(_key_json(_store_key(call, owner, target, certificate)), 201)

    def generate_csr(call: Call) -> JSONResponse:
        authorize(call, manage)
        owner_id = this(call)[0]
        csr, private = _csr(body(call))
        state = state_of(call)
        csr_id = state.universe.ids.token(f"okta.{owner.csr_kind}", 43, URLSAFE)
        now = state.now()
        document = {owner.param: owner_id, "csr": csr, "privateKey": private}
        state.db.execute(
            "INSERT INTO okta_resources(kind, id, status, document, created, last_updated)"
            " VALUES (?, ?, 'ACTIVE', ?, ?, ?)",
            (owner.csr_kind, csr_id, json.dumps(document), now, now),
        )
        found = _one(call, owner, owner.csr_kind, owner_id, csr_id)
        return JSONResponse(_csr_json(call, owner, found), 201)

    def list_csrs(call: Call) -> list:
        authorize(call, read)
        found = _rows(call, owner, owner.csr_kind, this(call)[0])
        return [_csr_json(call, owner, r) for r in found]

    def csr_of(call: Call) -> dict:
        return _one(call, owner, owner.csr_kind, this(call)[0], call.path_params["csrId"])

    def get_csr(call: Call) -> dict:
        authorize(call, read)
        return _csr_json(call, owner, csr_of(call))

    def forget(call: Call, csr_id: str) -> None:
        call.universe.store.execute(
            "DELETE FROM okta_resources WHERE kind = ? AND id = ?", (owner.csr_kind, csr_id)
        )

    def revoke_csr(call: Call) -> Response:
        authorize(call, manage)
        forget(call, csr_of(call)["id"])
        return Response(status_code=204)

    def publish_csr(call: Call) -> JSONResponse:
        authorize(call, manage)
        found = csr_of(call)
        certificate = _published(call)
        key = serialization.load_pem_private_key(found["document"]["privateKey"].encode(), None)
        pem, info = serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        if certificate.public_key().public_bytes(pem, info) != key.public_key().public_bytes(
            pem, info
        ):
            raise validation("certificate", "The certificate's key is not the CSR's")
        forget(call, found["id"])
        stored = _store_key(call, owner, found["document"][owner.param], certificate)
        return JSONResponse(_key_json(stored), 201)

    keys, csrs = f"{owner.base}/credentials/keys", f"{owner.base}/credentials/csrs"
    table = [
        ("list", keys, "GET", list_keys),
        ("generate", f"{keys}/generate", "POST", generate),
        ("active", f"{keys}/active", "GET", active_key),
        ("get", f"{keys}/{{kid}}", "GET", get_key),
        ("clone", f"{keys}/{{kid}}/clone", "POST", clone),
        ("list_csrs", csrs, "GET", list_csrs),
        ("generate_csr", csrs, "POST", generate_csr),
        ("get_csr", f"{csrs}/{{csrId}}", "GET", get_csr),
        ("revoke_csr", f"{csrs}/{{csrId}}", "DELETE", revoke_csr),
        ("publish_csr", f"{csrs}/{{csrId}}/lifecycle/publish", "POST", publish_csr),
    ]
    return [
        Route(path, operation(owner.operations[action])(handler), methods=[method])
        for action, path, method, handler in table
        if action in owner.operations
    ]
