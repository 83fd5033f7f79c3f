"""Custom domains, email domains and email servers through the okta SDK, verified against the
twin's DNS (``PUT /okta/_dns``) and sending to its sent mail (``GET /okta/_emails``)."""

from __future__ import annotations

import datetime

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from okta.models import (
    BrandRequest,
    DomainCertificate,
    DomainRequest,
    EmailDomain,
    EmailServerPost,
    EmailServerRequest,
    EmailTestAddresses,
    UpdateDomain,
    UpdateEmailDomain,
)

from darkfactory.twins.okta.testing import send


def publish(universe, fqdn: str, *values: str) -> None:
    answer = httpx.put(
        f"{universe.url}/okta/_dns",
        headers=universe.admin_headers,
        json={"fqdn": fqdn, "values": list(values)},
    )
    assert answer.status_code == 200, answer.text


def certificate(hostname: str) -> DomainCertificate:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=90))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(hostname)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return DomainCertificate.from_dict(
        {"type": "PEM", "certificate": pem, "privateKey": private, "certificateChain": pem}
    )


async def test_a_manual_custom_domain_is_verified_by_dns_then_completed_by_its_certificate(
    okta_client, universe
):
    created, _, err = await okta_client.create_custom_domain(
        DomainRequest.from_dict({"domain": "login.acme.test", "certificateSourceType": "MANUAL"})
    )
    assert err is None and created.validation_status.value == "NOT_STARTED"
    txt, cname = created.dns_records
    assert txt.fqdn == "_oktaverification.login.acme.test" and cname.record_type.value == "CNAME"
    _, _, err = await okta_client.create_custom_domain(
        DomainRequest.from_dict({"domain": "login.acme.test", "certificateSourceType": "MANUAL"})
    )
    assert err.status == 400 and err.error_code == "E0000001"

    _, err = await okta_client.upsert_certificate(created.id, certificate("login.acme.test"))
    assert err.status == 400  # not verified yet
    pending, _, _ = await okta_client.verify_domain(created.id)
    assert pending.validation_status.value == "IN_PROGRESS"
    publish(universe, txt.fqdn, txt.values[0])
    verified, _, _ = await okta_client.verify_domain(created.id)
    assert verified.validation_status.value == "VERIFIED"

    _, err = await okta_client.upsert_certificate(created.id, certificate("other.acme.test"))
    assert err.status == 400 and err.error_code == "E0000001"
    uploaded = await okta_client.upsert_certificate(created.id, certificate("login.acme.test"))
    assert uploaded[-1] is None  # the SDK answers a 204 with three values, an error with two
    done, _, _ = await okta_client.get_custom_domain(created.id)
    assert done.validation_status.value == "COMPLETED"
    assert "login.acme.test" in done.public_certificate.subject

    brand = (await okta_client.list_brands())[0][0]
    served, _, err = await okta_client.list_brand_domains(brand.id)
    assert err is None and [d.id for d in served.domains] == [created.id]
    _, err = await okta_client.delete_brand(brand.id)
    assert err.status == 409


async def test_a_custom_domain_moves_between_brands_and_okta_managed_needs_its_cname(
    okta_client, universe
):
    from okta.models import CreateBrandRequest

    other, _, _ = await okta_client.create_brand(CreateBrandRequest(name="Partners"))
    domain, _, _ = await okta_client.create_custom_domain(
        DomainRequest.from_dict({"domain": "id.acme.test", "certificateSourceType": "OKTA_MANAGED"})
    )
    moved, _, err = await okta_client.replace_custom_domain(
        domain.id, UpdateDomain(brand_id=other.id)
    )
    assert err is None and moved.brand_id == other.id
    _, _, err = await okta_client.replace_custom_domain(domain.id, UpdateDomain(brand_id="bndnope"))
    assert err.status == 404
    _, err = await okta_client.delete_brand(other.id)
    assert err.status == 409 and err.error_code == "E0000201"

    txt, cname = domain.dns_records
    publish(universe, txt.fqdn, txt.values[0])
    assert (await okta_client.verify_domain(domain.id))[0].validation_status.value == "IN_PROGRESS"
    publish(universe, cname.fqdn, cname.values[0])
    assert (await okta_client.verify_domain(domain.id))[0].validation_status.value == "COMPLETED"
    listed, _, _ = await okta_client.list_custom_domains()
    assert [d.domain for d in listed.domains] == ["id.acme.test"]
    assert (await okta_client.delete_custom_domain(domain.id))[-1] is None
    assert (await okta_client.delete_brand(other.id))[-1] is None


async def test_an_email_domain_becomes_its_brands_once_created_and_verifies_by_dns(
    okta_client, universe
):
    brand = (await okta_client.list_brands())[0][0]
    body = {"brandId": brand.id, "domain": "acme.test", "displayName": "Acme", "userName": "it"}
    created, _, err = await okta_client.create_email_domain(EmailDomain.from_dict(body))
    assert err is None and created.validation_status.value == "NOT_STARTED"
    assert (await okta_client.get_brand(brand.id))[0].email_domain_id == created.id
    _, _, err = await okta_client.create_email_domain(EmailDomain.from_dict(body))
    assert err.status == 409 and err.error_code == "E0000197"
    bad = EmailDomain.from_dict({**body, "domain": "other.test", "userName": "not an address"})
    _, _, err = await okta_client.create_email_domain(bad)
    assert err.status == 400 and err.error_code == "E0000001"

    _, _, err = await okta_client.verify_email_domain(created.id)
    assert err.status == 400 and err.error_code == "E0000218"
    for record in created.dns_validation_records:
        publish(universe, record.fqdn, record.verification_value)
    verified, _, err = await okta_client.verify_email_domain(created.id)
    assert err is None and verified.validation_status.value == "VERIFIED"
    _, _, err = await okta_client.verify_email_domain(created.id)
    assert err.error_code == "E0000217"

    renamed, _, err = await okta_client.replace_email_domain(
        created.id, UpdateEmailDomain(display_name="Acme IT", user_name="noreply")
    )
    assert err is None and renamed.user_name == "noreply"
    _, err = await okta_client.delete_email_domain(created.id)
    assert err.status == 400  # the brand still sends from it
    await okta_client.replace_brand(brand.id, BrandRequest(name=brand.name))
    assert (await okta_client.delete_email_domain(created.id))[-1] is None


async def test_email_servers_hide_passwords_keep_one_enabled_and_send_test_mail(
    okta_client, universe
):
    post = {
        "alias": "Relay",
        "host": "smtp.acme.test",
        "port": 587,
        "username": "u",
        "password": "p",
    }
    first, resp, err = await okta_client.create_email_server(
        EmailServerPost.from_dict({**post, "enabled": True})
    )
    assert err is None and resp.status_code == 201 and first.enabled is True
    # The SDK reads a single server as a list answer: read servers as Okta answers them.
    raw, _ = await send(okta_client, "GET", f"/api/v1/email-servers/{first.id}")
    assert "password" not in raw and raw["authType"] == "BASIC_SMTP_AUTH"
    second, _, _ = await okta_client.create_email_server(
        EmailServerPost.from_dict({**post, "alias": "Backup", "enabled": True})
    )
    assert (await send(okta_client, "GET", f"/api/v1/email-servers/{first.id}"))[0][
        "enabled"
    ] is False
    _, _, err = await okta_client.create_email_server(
        EmailServerPost.from_dict({**post, "port": 70000})
    )
    assert err.status == 400 and err.error_code == "E0000001"
    updated, _, err = await okta_client.update_email_server(
        second.id, EmailServerRequest(alias="Backup relay")
    )
    assert err is None and updated.alias == "Backup relay" and updated.port == 587
    listed, _, _ = await okta_client.list_email_servers()
    assert [s.alias for s in listed.email_servers] == ["Relay", "Backup relay"]

    addresses = EmailTestAddresses(from_address="okta@acme.test", to_address="ops@acme.test")
    assert (await okta_client.test_email_server(second.id, addresses))[-1] is None
    sent = httpx.get(
        f"{universe.url}/okta/_emails",
        params={"to": "ops@acme.test"},
        headers=universe.admin_headers,
    ).json()
    assert [m["via"] for m in sent] == [second.id]
    assert (await okta_client.delete_email_server(first.id))[-1] is None
    _, err = await send(okta_client, "GET", f"/api/v1/email-servers/{first.id}")
    assert err.status == 404


async def test_domains_and_email_servers_refuse_read_only_admins_and_unscoped_tokens(
    okta_client, okta_client_as
):
    read_only = okta_client_as(role="READ_ONLY_ADMIN")
    assert (await read_only.list_custom_domains())[-1] is None
    _, _, err = await read_only.create_custom_domain(
        DomainRequest.from_dict({"domain": "x.acme.test", "certificateSourceType": "MANUAL"})
    )
    assert err.status == 403 and err.error_code == "E0000006"
    brand = (await okta_client.list_brands())[0][0]
    body = {"brandId": brand.id, "domain": "acme.test", "displayName": "Acme", "userName": "it"}
    _, _, err = await read_only.create_email_domain(EmailDomain.from_dict(body))
    assert err.status == 403
    post = {"alias": "R", "host": "smtp.acme.test", "port": 25, "username": "u", "password": "p"}
    _, _, err = await read_only.create_email_server(EmailServerPost.from_dict(post))
    assert err.status == 403

    brands_only = okta_client_as(scopes=["okta.brands.manage"])
    _, _, err = await brands_only.list_custom_domains()
    assert err.status == 403 and err.error_code == "E0000006"
    _, _, err = await brands_only.list_email_domains()
    assert err.status == 403
    _, _, err = await brands_only.list_email_servers()
    assert err.status == 403


def test_the_twins_dns_takes_only_the_admin_token(universe):
    answer = httpx.put(f"{universe.url}/okta/_dns", json={"fqdn": "a.test", "values": ["x"]})
    assert answer.status_code in (401, 403)
