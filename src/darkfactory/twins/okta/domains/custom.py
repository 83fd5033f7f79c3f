"""Custom domains: ``/api/v1/domains``, a brand served at the org's own hostname.

A new domain is ``NOT_STARTED`` with the DNS records Okta asks for: a TXT record proving
ownership, and a CNAME to Okta. ``verify`` looks them up (``dns``): an Okta-managed domain is
``COMPLETED`` once both resolve, a manual one ``VERIFIED`` once the TXT does and ``COMPLETED``
when its certificate is uploaded; until then ``IN_PROGRESS``.
"""

from __future__ import annotations

import re
from datetime import UTC

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID
from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.api import authorize, body, timestamp
from darkfactory.twins.okta.brands import state as brands
from darkfactory.twins.okta.domains import dns
from darkfactory.twins.okta.errors import validation

HOSTNAME = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
SOURCES = ("MANUAL", "OKTA_MANAGED")
CNAME_TARGET = "darkfactory.customdomains.okta.com"


def _records(call: Call, domain: str) -> list[dict]:
    token = call.universe.ids.token(f"okta.domain.{domain}", 32, "0123456789abcdef")
    expires = call.universe.clock.now() + 7 * 86400
    return [
        {
            "recordType": "TXT",
            "fqdn": f"_oktaverification.{domain}",
            "values": [token],
            "expiration": timestamp(expires),
        },
        {"recordType": "CNAME", "fqdn": domain, "values": [CNAME_TARGET]},
    ]


def _clean(call: Call, payload: dict, own_id: str | None) -> dict:
    if own_id:  # replaceCustomDomain moves the domain to another brand
        current = resources.document(call, KIND, own_id)["document"]
        brand_id = payload.get("brandId")
        if not brand_id:
            raise validation("brandId", "brandId: may not be blank")
        return {**current, "brandId": brands.brand(call, brand_id)["id"]}
    domain = str(payload.get("domain") or "").lower()
    if not HOSTNAME.match(domain) or domain.endswith(".okta.com"):
        raise validation("domain", "domain: must be a hostname outside okta.com")
    source = payload.get("certificateSourceType")
    if source not in SOURCES:
        raise validation(
            "certificateSourceType", f"certificateSourceType: must be one of {', '.join(SOURCES)}"
        )
    resources.unique(call, KIND, "domain", domain, None)
    default = call.universe.store.one(
        "SELECT id FROM okta_resources WHERE kind = 'Brand' AND json_extract(document,"
        " '$.isDefault') ORDER BY rowid LIMIT 1"
    )
    return {
        "domain": domain,
        "certificateSourceType": source,
        "brandId": default["id"],
        "validationStatus": "NOT_STARTED",
        "dnsRecords": _records(call, domain),
    }


def answer(call: Call, domain: dict) -> dict:
    """A domain as Okta lists it (``domains_of`` rows or stored resources)."""
    document = domain.get("document", domain)
    href = f"{call.twin.base_url}{KIND.path}/{domain['id']}"
    shown = {k: v for k, v in document.items() if k != "id"}
    return {
        "id": domain["id"],
        **shown,
        "_links": {
            "self": {"href": href, "hints": {"allow": ["GET", "PUT", "DELETE"]}},
            "brand": {"href": f"{call.twin.base_url}/api/v1/brands/{document['brandId']}"},
            "certificate": {"href": f"{href}/certificate", "hints": {"allow": ["PUT"]}},
            "verify": {"href": f"{href}/verify", "hints": {"allow": ["POST"]}},
        },
    }


KIND = resources.Kind(
    name="CustomDomain",
    path="/api/v1/domains",
    id_param="domainId",
    prefix="OcD",
    scope="okta.domains",
    event="system.custom_url_domain",
    clean=_clean,
    lifecycle=False,
    stamps=resources.unstamped,
)


def _save(call: Call, domain: dict, document: dict, actor: dict) -> dict:
    resources.store(call, KIND, domain, document, actor)
    return answer(call, resources.document(call, KIND, domain["id"]))


@operation("listCustomDomains")
def list_domains(call: Call) -> dict:
    authorize(call, "okta.domains.read")
    return {"domains": [answer(call, d) for d in resources.documents(call, KIND)]}


@operation("getCustomDomain")
def get_domain(call: Call) -> dict:
    authorize(call, "okta.domains.read")
    return answer(call, resources.document(call, KIND))


@operation("createCustomDomain")
def create_domain(call: Call) -> dict:
    return answer(call, resources.document(call, KIND, resources.create(call, KIND)["id"]))


@operation("replaceCustomDomain")
def replace_domain(call: Call) -> dict:
    actor = authorize(call, "okta.domains.manage")
    domain = resources.document(call, KIND)
    return _save(call, domain, _clean(call, body(call), domain["id"]), actor)


@operation("verifyDomain")
def verify_domain(call: Call) -> dict:
    actor = authorize(call, "okta.domains.manage")
    domain = resources.document(call, KIND)
    document = dict(domain["document"])
    store = call.universe.store
    txt, cname = document["dnsRecords"]
    if document["validationStatus"] not in ("VERIFIED", "COMPLETED"):
        if not dns.verified(store, [txt]):
            document["validationStatus"] = "IN_PROGRESS"
        elif document["certificateSourceType"] == "OKTA_MANAGED":
            managed = dns.verified(store, [cname])
            document["validationStatus"] = "COMPLETED" if managed else "IN_PROGRESS"
        else:
            document["validationStatus"] = "VERIFIED"
    return _save(call, domain, document, actor)


def _certificate(domain: str, payload: dict) -> dict:
    """Check an uploaded certificate as Okta does: PEM, for the domain, matching its key."""
    try:
        certificate = x509.load_pem_x509_certificate(str(payload.get("certificate")).encode())
        key = serialization.load_pem_private_key(str(payload.get("privateKey")).encode(), None)
    except (ValueError, TypeError) as error:
        raise validation("certificate", "certificate: must be a PEM certificate and key") from error
    if payload.get("type") != "PEM":
        raise validation("type", "type: must be PEM")
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    encoding = serialization.Encoding.PEM
    if key.public_key().public_bytes(encoding, public) != certificate.public_key().public_bytes(
        encoding, public
    ):
        raise validation("privateKey", "privateKey: does not match the certificate")
    names = [a.value for a in certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
    try:
        alternative = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        names += alternative.value.get_values_for_type(x509.DNSName)
    except x509.ExtensionNotFound:
        pass
    if not any(n == domain or (n.startswith("*.") and domain.endswith(n[1:])) for n in names):
        raise validation("certificate", f"certificate: does not cover {domain}")
    expires = certificate.not_valid_after_utc.astimezone(UTC)
    return {
        "subject": certificate.subject.rfc4514_string(),
        "fingerprint": certificate.fingerprint(hashes.SHA256()).hex(":").upper(),
        "expiration": expires.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
    }


@operation("upsertCertificate")
def upsert_certificate(call: Call) -> Response:
    actor = authorize(call, "okta.domains.manage")
    domain = resources.document(call, KIND)
    document = dict(domain["document"])
    if document["validationStatus"] not in ("VERIFIED", "COMPLETED"):
        raise validation("domain", "domain: verify the domain before uploading its certificate")
    document["publicCertificate"] = _certificate(document["domain"], body(call))
    document["validationStatus"] = "COMPLETED"
    _save(call, domain, document, actor)
    return Response(status_code=204)


@operation("listBrandDomains")
def list_brand_domains(call: Call) -> dict:
    authorize(call, "okta.brands.read")
    brand = brands.brand(call)
    return {"domains": [answer(call, d) for d in brands.domains_of(call, brand["id"])]}


def routes() -> list[Route]:
    one = f"{KIND.path}/{{domainId}}"
    return [
        Route(KIND.path, list_domains, methods=["GET"]),
        Route(KIND.path, create_domain, methods=["POST"]),
        Route(one, get_domain, methods=["GET"]),
        Route(one, replace_domain, methods=["PUT"]),
        *resources.routes(KIND, {"delete": "deleteCustomDomain"}),
        Route(f"{one}/verify", verify_domain, methods=["POST"]),
        Route(f"{one}/certificate", upsert_certificate, methods=["PUT"]),
        Route("/api/v1/brands/{brandId}/domains", list_brand_domains, methods=["GET"]),
    ]
