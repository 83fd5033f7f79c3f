"""Email domains: ``/api/v1/email-domains``, the domain a brand's emails are sent from.

A new email domain is ``NOT_STARTED`` with the DNS records its mail provider needs; ``verify``
looks them up (``dns``) and the domain is ``VERIFIED`` once all resolve, else E0000218. Creating
one makes it its brand's email domain; one a brand still uses cannot be deleted.
"""

from __future__ import annotations

import json
import re

from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.api import authorize
from darkfactory.twins.okta.brands import state as brands
from darkfactory.twins.okta.domains import dns
from darkfactory.twins.okta.domains.custom import HOSTNAME
from darkfactory.twins.okta.errors import OktaError, validation

USER_NAME = re.compile(r"^[A-Za-z0-9._%+-]{1,64}$")
MAIL_PROVIDER = "wl024.sendgrid.net"


def _sender(payload: dict, current: dict) -> dict:
    display, user = payload.get("displayName"), payload.get("userName")
    if not isinstance(display, str) or not display.strip():
        raise validation("displayName", "displayName: may not be blank")
    if not isinstance(user, str) or not USER_NAME.match(user):
        raise validation("userName", "userName: must be the local part of an email address")
    return {**current, "displayName": display, "userName": user}


def _records(call: Call, domain: str, subdomain: str) -> list[dict]:
    token = call.universe.ids.token(f"okta.email-domain.{domain}", 32, "0123456789abcdef")
    account = "u" + call.universe.ids.derive("okta.mail-account", 8, "0123456789")
    return [
        {"recordType": "TXT", "fqdn": f"_oktaverification.{domain}", "verificationValue": token},
        {
            "recordType": "CNAME",
            "fqdn": f"{subdomain}.{domain}",
            "verificationValue": f"{account}.{MAIL_PROVIDER}",
        },
        {
            "recordType": "CNAME",
            "fqdn": f"t02._domainkey.{domain}",
            "verificationValue": f"t02.domainkey.{account}.{MAIL_PROVIDER}",
        },
    ]


def _clean(call: Call, payload: dict, own_id: str | None) -> dict:
    if own_id:
        return _sender(payload, resources.document(call, KIND, own_id)["document"])
    domain = str(payload.get("domain") or "").lower()
    if not HOSTNAME.match(domain):
        raise validation("domain", "domain: must be a hostname")
    brand = brands.brand(call, str(payload.get("brandId") or "-"))
    subdomain = payload.get("validationSubdomain") or "mail"
    if any(d["document"]["domain"] == domain for d in resources.documents(call, KIND)):
        raise OktaError("E0000197", 409, "Email domain already exists.")
    return _sender(
        payload,
        {
            "domain": domain,
            "brandId": brand["id"],
            "validationSubdomain": subdomain,
            "validationStatus": "NOT_STARTED",
            "dnsValidationRecords": _records(call, domain, subdomain),
        },
    )


def _brand_uses(call: Call, domain_id: str) -> list[str]:
    rows = call.universe.store.all(
        "SELECT id, document FROM okta_resources WHERE kind = 'Brand' ORDER BY rowid"
    )
    return [r["id"] for r in rows if json.loads(r["document"]).get("emailDomainId") == domain_id]


def _adopt(call: Call, email_domain: dict) -> None:
    """The new email domain becomes its brand's."""
    brand_id = email_domain["document"]["brandId"]
    brand = brands.brand(call, brand_id)
    document = {k: v for k, v in brand.items() if k != "id"} | {"emailDomainId": email_domain["id"]}
    call.universe.store.execute(
        "UPDATE okta_resources SET document = ? WHERE kind = 'Brand' AND id = ?",
        (json.dumps(document), brand_id),
    )


def _before_delete(call: Call, email_domain: dict) -> None:
    if _brand_uses(call, email_domain["id"]):
        raise validation("emailDomainId", "A brand uses this email domain; replace it first.")


KIND = resources.Kind(
    name="EmailDomain",
    path="/api/v1/email-domains",
    id_param="emailDomainId",
    prefix="OeD",
    scope="okta.emailDomains",
    event="system.email.domain",
    clean=_clean,
    lifecycle=False,
    stamps=resources.unstamped,
    hidden=("brandId",),
    created=_adopt,
    before_delete=_before_delete,
)


@operation("verifyEmailDomain")
def verify(call: Call) -> dict:
    actor = authorize(call, "okta.emailDomains.manage")
    email_domain = resources.document(call, KIND)
    document = dict(email_domain["document"])
    if document["validationStatus"] == "VERIFIED":
        raise OktaError(
            "E0000217", 400, "Invalid status. Can't validate email domain with current status."
        )
    records = [
        {"fqdn": r["fqdn"], "values": [r["verificationValue"]]}
        for r in document["dnsValidationRecords"]
    ]
    if not dns.verified(call.universe.store, records):
        raise OktaError("E0000218", 400, "Email domain couldn't be verified by mail provider.")
    document["validationStatus"] = "VERIFIED"
    return resources.store(call, KIND, email_domain, document, actor)


def routes() -> list[Route]:
    return [
        *resources.routes(
            KIND,
            {
                "create": "createEmailDomain",
                "list": "listEmailDomains",
                "get": "getEmailDomain",
                "replace": "replaceEmailDomain",
                "delete": "deleteEmailDomain",
            },
        ),
        Route(f"{KIND.path}/{{emailDomainId}}/verify", verify, methods=["POST"]),
    ]
