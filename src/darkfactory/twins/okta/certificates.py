"""X.509 helpers for IdP credentials: reading certificates, making keys, JWKs as Okta shows them."""

from __future__ import annotations

import base64
import datetime
import hashlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from darkfactory.twins.okta.api import timestamp
from darkfactory.twins.okta.errors import validation


def _b64url(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def read(x5c: object) -> x509.Certificate:
    """The first certificate of an ``x5c`` chain (base64 DER); E0000001 if it is not one."""
    try:
        return x509.load_der_x509_certificate(base64.b64decode(x5c[0], validate=True))
    except (TypeError, ValueError, IndexError, KeyError) as error:
        raise validation("x5c", "x5c: must hold a base64 DER X.509 certificate") from error


def der(certificate: x509.Certificate) -> str:
    return base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()


def jwk(kid: str, certificate: x509.Certificate, created: float, updated: float) -> dict:
    """An IdP key credential: the certificate's RSA public key as a JWK, with its chain."""
    numbers = certificate.public_key().public_numbers()
    thumbprint = hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).digest()
    return {
        "kid": kid,
        "created": timestamp(created),
        "lastUpdated": timestamp(updated),
        "expiresAt": timestamp(certificate.not_valid_after_utc.timestamp()),
        "e": _b64url(numbers.e),
        "n": _b64url(numbers.n),
        "kty": "RSA",
        "use": "sig",
        "x5c": [der(certificate)],
        "x5t#S256": base64.urlsafe_b64encode(thumbprint).rstrip(b"=").decode(),
    }


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def self_signed(key: rsa.RSAPrivateKey, name: str, now: float, years: int) -> x509.Certificate:
    """A signing certificate Okta makes for an IdP: valid ``years`` from ``now``."""
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    start = datetime.datetime.fromtimestamp(now, datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=365 * years))
        .sign(key, hashes.SHA256())
    )
