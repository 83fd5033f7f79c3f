"""Org policies through the okta SDK: a fresh org's defaults, priorities, and enforcement:
password policies decide which passwords are accepted, sign-on policies whether a sign-in
needs a second factor."""

from __future__ import annotations

import httpx
from okta.models import (
    AddGroupRequest,
    AssignRoleToUserRequest,
    ChangePasswordRequest,
    Policy,
    PolicyRule,
    StandardRoleAssignmentSchema,
    UserFactor,
)

from darkfactory.twins.okta.factors import totp
from darkfactory.twins.okta.fixtures import ADMIN_PASSWORD
from darkfactory.twins.okta.policies.enforcement import DENIED, NO_FACTOR
from darkfactory.twins.okta.testing import REDIRECT, oidc_client, send

NOW = 1_800_000_000.0


async def group_with(client, name: str, login: str) -> str:
    group, _, _ = await client.add_group(AddGroupRequest.from_dict({"profile": {"name": name}}))
    user, _, _ = await client.get_user(login)
    await client.assign_user_to_group(group.id, user.id)
    return group.id


async def test_a_fresh_org_has_a_default_policy_of_each_type(okta_client):
    for policy_type in (
        "PASSWORD",
        "OKTA_SIGN_ON",
        "MFA_ENROLL",
        "PROFILE_ENROLLMENT",
        "ACCESS_POLICY",
    ):
        listed, _, err = await okta_client.list_policies(type=policy_type)
        assert err is None and [(p.name, p.system) for p in listed] == [("Default Policy", True)]
    password, _, _ = await okta_client.list_policies(type="PASSWORD")
    assert password[0].settings.password.complexity.min_length == 8
    rules, _, _ = await okta_client.list_policy_rules(password[0].id)
    assert [r.name for r in rules] == ["Default Rule"]
    for policy_type in ("MFA_ENROLL", "PROFILE_ENROLLMENT", "ACCESS_POLICY"):
        listed, _, _ = await okta_client.list_policies(type=policy_type)
        rules, _, err = await okta_client.list_policy_rules(listed[0].id)
        assert err is None and len(rules) == 1 and rules[0].system
    err = (await okta_client.delete_policy(password[0].id))[-1]
    assert err.status == 400 and err.error_code == "E0000001"
    _, _, err = await okta_client.list_policies(type="NOT_A_TYPE")
    assert err.status == 400 and err.error_code == "E0000001"


async def test_password_policies_decide_which_passwords_are_accepted(okta_client):
    strict = await group_with(okta_client, "Strict", "demo@example.com")
    made, _, err = await okta_client.create_policy(
        Policy.from_dict(
            {
                "type": "PASSWORD",
                "name": "Strict passwords",
                "conditions": {"people": {"groups": {"include": [strict]}}},
                "settings": {"password": {"complexity": {"minLength": 16, "minSymbol": 1}}},
            }
        )
    )
    assert err is None and made.priority == 1
    listed, _, _ = await okta_client.list_policies(type="PASSWORD")
    assert [(p.name, p.priority) for p in listed] == [
        ("Strict passwords", 1),
        ("Default Policy", 2),
    ]
    demo, _, _ = await okta_client.get_user("demo@example.com")
    change = ChangePasswordRequest.from_dict(
        {"oldPassword": {"value": "Demo-Passw0rd!"}, "newPassword": {"value": "Longer-Passw0rd"}}
    )
    _, _, err = await okta_client.change_password(demo.id, change)
    assert err.status == 400 and err.error_code == "E0000001"
    assert "at least 16 characters" in err.error_causes[0]["errorSummary"]
    strong = ChangePasswordRequest.from_dict(
        {
            "oldPassword": {"value": "Demo-Passw0rd!"},
            "newPassword": {"value": "Much-Longer-Passw0rd!"},
        }
    )
    _, _, err = await okta_client.change_password(demo.id, strong)
    assert err is None
    assert (await okta_client.deactivate_policy(made.id))[-1] is None
    admin, _, _ = await okta_client.get_user("admin@example.com")
    relaxed = ChangePasswordRequest.from_dict(
        {"oldPassword": {"value": "Admin-Passw0rd!"}, "newPassword": {"value": "Short-Pw1x"}}
    )
    _, _, err = await okta_client.change_password(admin.id, relaxed)
    assert err is None  # the admin is not in the strict group: the default policy applies


async def test_only_policy_admins_manage_policies(okta_client, okta_client_for, universe):
    user, _, _ = await okta_client.get_user("demo@example.com")
    universe.call(lambda: universe.universe.tokens.issue("okta", "00demo-po", user.id, kind="ssws"))
    demo = okta_client_for("00demo-po")
    _, _, err = await demo.list_policies(type="PASSWORD")
    assert err.status == 403 and err.error_code == "E0000006"
    await okta_client.assign_role_to_user(
        user.id, AssignRoleToUserRequest(StandardRoleAssignmentSchema(type="READ_ONLY_ADMIN"))
    )
    listed, _, err = await demo.list_policies(type="PASSWORD")
    assert err is None and len(listed) == 1
    _, _, err = await demo.create_policy(
        Policy.from_dict({"type": "PASSWORD", "name": "Sneaky", "conditions": {}})
    )
    assert err.status == 403 and err.error_code == "E0000006"


def sign_in(credentials: dict, client_id: str, login: str, password: str) -> httpx.Response:
    return httpx.post(
        f"{credentials['org_url']}/oauth2/default/v1/authorize",
        data={
            "client_id": client_id,
            "redirect_uri": REDIRECT,
            "response_type": "code",
            "scope": "openid",
            "state": "s",
            "username": login,
            "password": password,
        },
    )


def portal(credentials: dict) -> dict:
    """A new OIDC web app, ``Portal``, that signs people in with the authorization code flow."""
    return oidc_client(
        credentials,
        "Portal",
        {"token_endpoint_auth_method": "client_secret_basic"},
        {"redirect_uris": [REDIRECT], "grant_types": ["authorization_code"]},
    )


def demo_signs_in(credentials: dict, app: dict) -> httpx.Response:
    demo = credentials["demo_user"]
    return sign_in(credentials, app["client_id"], demo["login"], demo["password"])


async def test_sign_on_policy_requires_mfa_for_a_group(okta_client, okta_credentials):
    guarded = await group_with(okta_client, "Needs MFA", "demo@example.com")
    made, _, err = await okta_client.create_policy(
        Policy.from_dict(
            {
                "type": "OKTA_SIGN_ON",
                "name": "MFA for the guarded",
                "conditions": {"people": {"groups": {"include": [guarded]}}},
            }
        )
    )
    assert err is None
    rule, _, err = await okta_client.create_policy_rule(
        made.id,
        PolicyRule.from_dict(
            {
                "type": "SIGN_ON",
                "name": "Require a factor",
                "actions": {"signon": {"access": "ALLOW", "requireFactor": True}},
            }
        ),
    )
    assert err is None and rule.priority == 1
    app = portal(okta_credentials)
    stopped = demo_signs_in(okta_credentials, app)
    assert stopped.status_code == 401 and NO_FACTOR in stopped.text
    assert (await okta_client.deactivate_policy_rule(made.id, rule.id))[-1] is None
    allowed = demo_signs_in(okta_credentials, app)
    assert allowed.status_code == 302 and "code=" in allowed.headers["location"]


def authn(credentials: dict, path: str = "", **body) -> httpx.Response:
    return httpx.post(f"{credentials['org_url']}/api/v1/authn{path}", json=body)


async def test_authn_follows_the_sign_on_policy(okta_client, okta_credentials, universe):
    universe.control("POST", "/clock", json={"freeze": True, "at": NOW})
    guarded = await group_with(okta_client, "Needs MFA", "demo@example.com")
    made, _, _ = await okta_client.create_policy(
        Policy.from_dict(
            {
                "type": "OKTA_SIGN_ON",
                "name": "MFA for the guarded",
                "conditions": {"people": {"groups": {"include": [guarded]}}},
            }
        )
    )
    await okta_client.create_policy_rule(
        made.id,
        PolicyRule.from_dict(
            {
                "type": "SIGN_ON",
                "name": "Require a factor",
                "actions": {"signon": {"access": "ALLOW", "requireFactor": True}},
            }
        ),
    )
    demo = okta_credentials["demo_user"]
    wrong = authn(okta_credentials, username=demo["login"], password="nope")
    assert wrong.status_code == 401 and wrong.json()["errorCode"] == "E0000004"
    enroll = authn(okta_credentials, username=demo["login"], password=demo["password"])
    assert enroll.status_code == 200 and enroll.json()["status"] == "MFA_ENROLL"
    assert "sessionToken" not in enroll.json()

    uid = enroll.json()["_embedded"]["user"]["id"]
    factor, _, _ = await okta_client.enroll_factor(
        uid, UserFactor.from_dict({"factorType": "token:software:totp", "provider": "OKTA"})
    )
    secret = factor.embedded["activation"]["sharedSecret"]
    await send(
        okta_client,
        "POST",
        f"/api/v1/users/{uid}/factors/{factor.id}/lifecycle/activate",
        {"passCode": totp.now(secret, NOW)},
    )
    required = authn(okta_credentials, username=demo["login"], password=demo["password"]).json()
    assert required["status"] == "MFA_REQUIRED"
    assert [f["id"] for f in required["_embedded"]["factors"]] == [factor.id]
    verify = f"/factors/{factor.id}/verify"
    bad = authn(okta_credentials, verify, stateToken=required["stateToken"], passCode="000000")
    assert bad.status_code == 403 and bad.json()["errorCode"] == "E0000068"
    good = authn(
        okta_credentials,
        verify,
        stateToken=required["stateToken"],
        passCode=totp.now(secret, NOW + 30),
    )
    assert good.json()["status"] == "SUCCESS" and good.json()["sessionToken"]
    replay = authn(okta_credentials, verify, stateToken=required["stateToken"], passCode="123456")
    assert replay.status_code == 401 and replay.json()["errorCode"] == "E0000011"

    outside = authn(okta_credentials, username="admin@example.com", password=ADMIN_PASSWORD)
    assert outside.json()["status"] == "SUCCESS"
    await okta_client.create_policy_rule(
        made.id,
        PolicyRule.from_dict(
            {
                "type": "SIGN_ON",
                "name": "Deny first",
                "priority": 1,
                "actions": {"signon": {"access": "DENY"}},
            }
        ),
    )
    denied = authn(okta_credentials, username=demo["login"], password=demo["password"])
    assert denied.status_code == 401 and denied.json()["errorCode"] == "E0000004"


async def test_an_app_sign_in_policy_decides_who_signs_in_to_its_app(
    okta_client, okta_client_for, okta_credentials, universe
):
    blocked = await group_with(okta_client, "Blocked from portal", "demo@example.com")
    made, _, err = await okta_client.create_policy(
        Policy.from_dict({"type": "ACCESS_POLICY", "name": "Portal sign-in"})
    )
    assert err is None
    await okta_client.create_policy_rule(
        made.id,
        PolicyRule.from_dict(
            {
                "type": "ACCESS_POLICY",
                "name": "Not the blocked",
                "conditions": {"people": {"groups": {"include": [blocked]}}},
                "actions": {"appSignOn": {"access": "DENY"}},
            }
        ),
    )
    await okta_client.create_policy_rule(
        made.id,
        PolicyRule.from_dict(
            {
                "type": "ACCESS_POLICY",
                "name": "Everyone else",
                "actions": {"appSignOn": {"access": "ALLOW"}},
            }
        ),
    )
    app = portal(okta_credentials)
    before = demo_signs_in(okta_credentials, app)
    assert before.status_code == 302  # the default app sign-in policy lets everyone in

    passwords, _, _ = await okta_client.list_policies(type="PASSWORD")
    err = (await okta_client.assign_application_policy(app["client_id"], passwords[0].id))[-1]
    assert err.status == 400 and err.error_code == "E0000001"
    assert (await okta_client.assign_application_policy(app["client_id"], made.id))[-1] is None
    apps, _, err = await okta_client.list_policy_apps(made.id)
    assert err is None and [a.id for a in apps] == [app["client_id"]]

    stopped = demo_signs_in(okta_credentials, app)
    assert stopped.status_code == 401 and DENIED in stopped.text
    admin = sign_in(okta_credentials, app["client_id"], "admin@example.com", ADMIN_PASSWORD)
    assert admin.status_code == 302 and "code=" in admin.headers["location"]

    user, _, _ = await okta_client.get_user("demo@example.com")
    universe.call(lambda: universe.universe.tokens.issue("okta", "00demo-ap", user.id, kind="ssws"))
    await okta_client.assign_role_to_user(
        user.id, AssignRoleToUserRequest(StandardRoleAssignmentSchema(type="READ_ONLY_ADMIN"))
    )
    reader = okta_client_for("00demo-ap")
    apps, _, err = await reader.list_policy_apps(made.id)
    assert err is None and len(apps) == 1
    err = (await reader.assign_application_policy(app["client_id"], made.id))[-1]
    assert err.status == 403 and err.error_code == "E0000006"


async def test_a_password_policy_keeps_a_minimum_age(okta_client, universe):
    universe.control("POST", "/clock", json={"freeze": True, "at": NOW})
    passwords, _, _ = await okta_client.list_policies(type="PASSWORD")
    default = passwords[0].to_dict()
    default["settings"]["password"]["age"] = {"minAgeMinutes": 60, "historyCount": 2}
    replaced, _, err = await okta_client.replace_policy(default["id"], Policy.from_dict(default))
    assert err is None and replaced.settings.password.age.min_age_minutes == 60
    demo, _, _ = await okta_client.get_user("demo@example.com")

    def change(old: str, new: str) -> ChangePasswordRequest:
        return ChangePasswordRequest.from_dict(
            {"oldPassword": {"value": old}, "newPassword": {"value": new}}
        )

    universe.control("POST", "/clock", json={"freeze": True, "at": NOW + 3600})
    _, _, err = await okta_client.change_password(
        demo.id, change("Demo-Passw0rd!", "Fresh-Passw0rd1")
    )
    assert err is None
    universe.control("POST", "/clock", json={"freeze": True, "at": NOW + 3660})
    _, _, err = await okta_client.change_password(
        demo.id, change("Fresh-Passw0rd1", "Fresh-Passw0rd2")
    )
    assert err.status == 400 and err.error_code == "E0000001"
    assert "changed too recently" in err.error_causes[0]["errorSummary"]
    universe.control("POST", "/clock", json={"freeze": True, "at": NOW + 7300})
    _, _, err = await okta_client.change_password(
        demo.id, change("Fresh-Passw0rd1", "Demo-Passw0rd!")
    )
    assert err.status == 400 and "last 2 passwords" in err.error_causes[0]["errorSummary"]
    _, _, err = await okta_client.change_password(
        demo.id, change("Fresh-Passw0rd1", "Fresh-Passw0rd3")
    )
    assert err is None
