"""User factors through the okta SDK: TOTP with RFC 6238 codes, SMS/email passCodes, questions."""

from __future__ import annotations

import httpx
from okta.models import ResendUserFactor, UserFactor

from darkfactory.twins.okta.factors import totp
from darkfactory.twins.okta.testing import send

NOW = 1_800_000_000.0


async def user_id(client, login: str = "demo@example.com") -> str:
    user, _, _ = await client.get_user(login)
    return user.id


def enroll_body(factor_type: str, provider: str = "OKTA", **profile) -> UserFactor:
    return UserFactor.from_dict(
        {"factorType": factor_type, "provider": provider, "profile": profile}
    )


def outbox(universe, uid: str) -> list[dict]:
    return httpx.get(
        f"{universe.url}/okta/_outbox", headers=universe.admin_headers, params={"userId": uid}
    ).json()


def freeze(universe, at: float = NOW) -> None:
    universe.control("POST", "/clock", json={"freeze": True, "at": at})


async def test_totp_enrolls_pending_and_activates_only_with_the_current_code(okta_client, universe):
    freeze(universe)
    uid = await user_id(okta_client)
    factor, _, err = await okta_client.enroll_factor(uid, enroll_body("token:software:totp"))
    assert err is None and factor.status.value == "PENDING_ACTIVATION"
    assert factor.id.startswith("ost") and factor.profile.credential_id == "demo@example.com"
    secret = factor.embedded["activation"]["sharedSecret"]
    assert factor.embedded["activation"]["timeStep"] == 30 and len(secret) == 16
    path = f"/api/v1/users/{uid}/factors/{factor.id}"

    _, err = await send(okta_client, "POST", f"{path}/verify", {"passCode": totp.now(secret, NOW)})
    assert err.status == 400 and err.error_code == "E0000001"
    _, err = await send(okta_client, "POST", f"{path}/lifecycle/activate", {"passCode": "000000"})
    assert err.status == 403 and err.error_code == "E0000068"
    code = totp.now(secret, NOW)
    active, err = await send(okta_client, "POST", f"{path}/lifecycle/activate", {"passCode": code})
    assert err is None and active["status"] == "ACTIVE"

    # The code that activated cannot be replayed; the next step's code verifies.
    _, err = await send(okta_client, "POST", f"{path}/verify", {"passCode": code})
    assert (
        err.error_code == "E0000068" and "only be used once" in err.error_causes[0]["errorSummary"]
    )
    freeze(universe, NOW + 30)
    result, err = await send(
        okta_client, "POST", f"{path}/verify", {"passCode": totp.now(secret, NOW + 30)}
    )
    assert err is None and result == {"factorResult": "SUCCESS"}
    # A code from two minutes earlier is outside the window.
    _, err = await send(
        okta_client, "POST", f"{path}/verify", {"passCode": totp.now(secret, NOW - 120)}
    )
    assert err.status == 403 and err.error_code == "E0000068"
    events, _, _ = await okta_client.list_log_events(
        filter='eventType eq "user.authentication.auth_via_mfa"'
    )
    assert sorted(e.outcome.result for e in events) == ["FAILURE", "FAILURE", "SUCCESS"]


async def test_sms_passcode_reaches_the_outbox_and_resend_is_rate_limited(
    okta_client_for, universe
):
    okta_client = okta_client_for(rateLimit={"maxRetries": 0})  # answer the 429, no backoff
    freeze(universe)
    uid = await user_id(okta_client)
    # The SDK refuses such a number itself; the twin answers a raw request as Okta does.
    bad = {"factorType": "sms", "provider": "OKTA", "profile": {"phoneNumber": "555-1234"}}
    _, err = await send(okta_client, "POST", f"/api/v1/users/{uid}/factors", bad)
    assert err.status == 400 and "Invalid Phone Number" in err.error_causes[0]["errorSummary"]
    factor, _, err = await okta_client.enroll_factor(
        uid, enroll_body("sms", phoneNumber="+14155552671")
    )
    assert err is None and factor.status.value == "PENDING_ACTIVATION" and factor.id[:3] == "mbl"
    [sent] = outbox(universe, uid)
    resend = ResendUserFactor(factorType="sms")
    assert sent["to"] == "+14155552671" and len(sent["passCode"]) == 6

    _, _, err = await okta_client.resend_enroll_factor(uid, factor.id, resend)
    assert err.status == 429 and err.error_code == "E0000109"
    freeze(universe, NOW + 31)
    _, _, err = await okta_client.resend_enroll_factor(uid, factor.id, resend)
    assert err is None
    first, second = outbox(universe, uid)
    path = f"/api/v1/users/{uid}/factors/{factor.id}"
    if first["passCode"] != second["passCode"]:
        _, err = await send(
            okta_client, "POST", f"{path}/lifecycle/activate", {"passCode": first["passCode"]}
        )
        assert err.error_code == "E0000068"
    active, err = await send(
        okta_client, "POST", f"{path}/lifecycle/activate", {"passCode": second["passCode"]}
    )
    assert err is None and active["status"] == "ACTIVE"

    # Verifying without a passCode sends a challenge; its code verifies once.
    freeze(universe, NOW + 70)
    challenge, err = await send(okta_client, "POST", f"{path}/verify")
    assert err is None and challenge["factorResult"] == "CHALLENGE"
    code = outbox(universe, uid)[-1]["passCode"]
    result, err = await send(okta_client, "POST", f"{path}/verify", {"passCode": code})
    assert err is None and result["factorResult"] == "SUCCESS"
    _, err = await send(okta_client, "POST", f"{path}/verify", {"passCode": code})
    assert err.error_code == "E0000068"


async def test_email_factor_activates_immediately_and_expired_codes_fail(okta_client, universe):
    freeze(universe)
    uid = await user_id(okta_client)
    factor, _, err = await okta_client.enroll_factor(uid, enroll_body("email"), activate=True)
    assert err is None and factor.status.value == "ACTIVE"
    assert factor.profile.email == "demo@example.com" and outbox(universe, uid) == []
    path = f"/api/v1/users/{uid}/factors/{factor.id}"
    await send(okta_client, "POST", f"{path}/verify")
    code = outbox(universe, uid)[-1]["passCode"]
    freeze(universe, NOW + 301)
    _, err = await send(okta_client, "POST", f"{path}/verify", {"passCode": code})
    assert err.status == 403 and err.error_code == "E0000068"


async def test_security_question_and_catalog(okta_client):
    uid = await user_id(okta_client)
    questions, _, err = await okta_client.list_supported_security_questions(uid)
    assert err is None and "disliked_food" in [q.question for q in questions]
    # The SDK refuses these bodies itself; the twin answers raw requests as Okta does.
    unknown = {"factorType": "question", "profile": {"question": "pet", "answer": "Rex the dog"}}
    _, err = await send(okta_client, "POST", f"/api/v1/users/{uid}/factors", unknown)
    assert err.status == 400 and "Invalid security question" in err.error_causes[0]["errorSummary"]
    short = {"factorType": "question", "profile": {"question": "disliked_food", "answer": "no"}}
    _, err = await send(okta_client, "POST", f"/api/v1/users/{uid}/factors", short)
    assert err.error_code == "E0000001" and "4 characters" in err.error_causes[0]["errorSummary"]
    factor, _, err = await okta_client.enroll_factor(
        uid, enroll_body("question", question="disliked_food", answer="Broccoli")
    )
    assert err is None and factor.status.value == "ACTIVE"
    assert factor.profile.question_text.startswith("What is the food")
    path = f"/api/v1/users/{uid}/factors/{factor.id}/verify"
    result, err = await send(okta_client, "POST", path, {"answer": "broccoli"})
    assert err is None and result["factorResult"] == "SUCCESS"
    _, err = await send(okta_client, "POST", path, {"answer": "spinach"})
    assert err.status == 403 and err.error_code == "E0000068"

    _, _, err = await okta_client.enroll_factor(
        uid, enroll_body("question", question="favorite_toy", answer="Teddy")
    )
    assert err.status == 400 and "already set up" in err.error_causes[0]["errorSummary"]
    _, _, err = await okta_client.enroll_factor(uid, enroll_body("u2f", "FIDO"))
    assert err.status == 400 and err.error_code == "E0000001"
    catalog, _, _ = await okta_client.list_supported_factors(uid)
    status = {(f.factor_type.value, f.provider.value): f.status.value for f in catalog}
    assert status[("question", "OKTA")] == "ACTIVE"
    assert status[("token:software:totp", "GOOGLE")] == "NOT_SETUP"


async def test_list_get_unenroll_and_reset_factors(okta_client):
    uid = await user_id(okta_client)
    totp_factor, _, _ = await okta_client.enroll_factor(
        uid, enroll_body("token:software:totp", "GOOGLE")
    )
    await okta_client.enroll_factor(uid, enroll_body("email"), activate=True)
    listed, _, err = await okta_client.list_factors(uid)
    assert err is None and [f.factor_type.value for f in listed] == ["token:software:totp", "email"]
    got, _, err = await okta_client.get_factor(uid, totp_factor.id)
    assert err is None and got.provider == "GOOGLE" and got.id.startswith("uft")
    assert got.embedded is None  # the shared secret is shown once, at enrollment

    assert (await okta_client.unenroll_factor(uid, totp_factor.id))[-1] is None
    _, _, err = await okta_client.get_factor(uid, totp_factor.id)
    assert err.status == 404 and err.error_code == "E0000007"
    _, _, err = await okta_client.get_factor(
        await user_id(okta_client, "admin@example.com"), got.id
    )
    assert err.status == 404

    assert (await okta_client.reset_factors(uid))[-1] is None
    listed, _, _ = await okta_client.list_factors(uid)
    assert listed == []
    events, _, _ = await okta_client.list_log_events(
        filter='eventType eq "user.mfa.factor.reset_all"'
    )
    assert [e.target[0].id for e in events] == [uid]


async def test_read_only_admin_cannot_enroll(okta_client_for, universe):
    def read_only_token() -> str:
        universe.universe.tokens.issue(
            "okta", "00readonly", "someone", kind="ssws", meta={"role": "READ_ONLY_ADMIN"}
        )
        return "00readonly"

    client = okta_client_for(universe.call(read_only_token))
    uid = await user_id(client)
    _, _, err = await client.enroll_factor(uid, enroll_body("email"))
    assert err.status == 403 and err.error_code == "E0000006"
    listed, _, err = await client.list_factors(uid)
    assert err is None and listed == []


def device(universe, transaction_id: str, result: str) -> httpx.Response:
    return httpx.post(
        f"{universe.url}/okta/_push/{transaction_id}",
        headers=universe.admin_headers,
        json={"result": result},
    )


async def test_push_activates_and_verifies_from_the_device(okta_client, universe):
    freeze(universe)
    uid = await user_id(okta_client)
    factor, _, err = await okta_client.enroll_factor(uid, enroll_body("push"))
    assert err is None and factor.status.value == "PENDING_ACTIVATION" and factor.id[:3] == "opf"
    assert factor.embedded["activation"]["factorResult"] == "WAITING"
    [activation] = outbox(universe, uid)
    assert activation["channel"] == "push" and activation["to"] == "Okta Verify"
    assert device(universe, activation["transactionId"], "SUCCESS").status_code == 200
    got, _, _ = await okta_client.get_factor(uid, factor.id)
    assert got.status.value == "ACTIVE"

    path = f"/api/v1/users/{uid}/factors/{factor.id}/verify"
    waiting, err = await send(okta_client, "POST", path)
    assert err is None and waiting["factorResult"] == "WAITING"
    transaction_id = waiting["_links"]["poll"]["href"].rsplit("/", 1)[1]
    status, _, err = await okta_client.get_factor_transaction_status(uid, factor.id, transaction_id)
    assert err is None and status.factor_result == "WAITING"
    assert device(universe, transaction_id, "REJECTED").status_code == 200
    status, _, _ = await okta_client.get_factor_transaction_status(uid, factor.id, transaction_id)
    assert status.factor_result == "REJECTED"
    assert device(universe, transaction_id, "SUCCESS").status_code == 409

    # An unanswered push times out after five minutes.
    waiting, _ = await send(okta_client, "POST", path)
    late = waiting["_links"]["poll"]["href"].rsplit("/", 1)[1]
    freeze(universe, NOW + 301)
    status, _, _ = await okta_client.get_factor_transaction_status(uid, factor.id, late)
    assert status.factor_result == "TIMEOUT"
    _, _, err = await okta_client.get_factor_transaction_status(uid, "opfOther", late)
    assert err.status == 404 and err.error_code == "E0000007"
    events, _, _ = await okta_client.list_log_events(
        filter='eventType eq "user.mfa.okta_verify.deny_push"'
    )
    assert [e.target[0].id for e in events] == [uid]
