"""Org resources through the okta SDK: log streams, user types, SMS templates, push providers,
device assurance policies, principal rate limits and rate limit settings, each with its rules
and the admins it refuses."""

from __future__ import annotations

import pytest
from okta.models import (
    DeviceAssurance,
    LogStreamPutSchema,
    PerClientRateLimitSettings,
    PrincipalRateLimitEntity,
    PushProvider,
    RateLimitWarningThresholdRequest,
    SmsTemplate,
    UserType,
    UserTypePostRequest,
)

from darkfactory.twins.okta.testing import assert_only_scope_managers_write, send

TOKEN = "11111111-2222-4333-8444-555555555555"


def splunk(name: str, token: str | None = TOKEN) -> dict:
    settings = {"edition": "aws", "host": "acme.splunkcloud.com"}
    if token:
        settings["token"] = token
    return {"name": name, "type": "splunk_cloud_logstreaming", "settings": settings}


def eventbridge(name: str) -> dict:
    # One character: the SDK's model checks the source name against a one-character pattern.
    settings = {"accountId": "123456789012", "eventSourceName": "o", "region": "us-east-1"}
    return {"name": name, "type": "aws_eventbridge", "settings": settings}


async def create_stream(client, stream: dict):
    """The SDK's ``LogStream`` model insists on read-only fields, so a new stream is sent as
    JSON through the SDK's request executor."""
    return await send(client, "POST", "/api/v1/logStreams", stream)


def sms_template(name: str, text: str = "Your code is ${code}") -> SmsTemplate:
    return SmsTemplate.from_dict(
        {"name": name, "type": "SMS_VERIFY_CODE", "template": text, "translations": {}}
    )


def apns(name: str) -> PushProvider:
    return PushProvider.from_dict(
        {
            "name": name,
            "providerType": "APNS",
            "configuration": {
                "keyId": "ABCDE12345",
                "teamId": "TEAM123456",
                "tokenSigningKey": "k",
            },
        }
    )


def windows_policy(name: str) -> DeviceAssurance:
    return DeviceAssurance.from_dict(
        {"name": name, "platform": "WINDOWS", "osVersion": {"minimum": "10.0.19041"}}
    )


async def test_log_streams_validate_hide_the_token_and_switch_on_and_off(okta_client):
    # A Splunk stream never shows its token (the SDK's model, wanting one, cannot read it).
    siem, err = await create_stream(okta_client, splunk("SIEM"))
    assert err is None and siem["status"] == "ACTIVE" and siem["id"].startswith("0oa")
    assert siem["settings"] == {"edition": "aws", "host": "acme.splunkcloud.com"}
    assert siem["_links"]["deactivate"]["href"].endswith("/lifecycle/deactivate")
    _, err = await create_stream(okta_client, splunk("SIEM"))
    assert err.status == 400 and "already exists" in err.error_causes[0]["errorSummary"]
    _, err = await create_stream(okta_client, splunk("Bad token", "not-a-token"))
    assert err.status == 400 and "settings.token" in err.error_causes[0]["errorSummary"]
    renamed, err = await send(
        okta_client, "PUT", f"/api/v1/logStreams/{siem['id']}", splunk("SIEM 2", None)
    )
    assert err is None and renamed["name"] == "SIEM 2"  # the token is kept

    created, err = await create_stream(okta_client, eventbridge("Bus"))
    assert err is None
    stream, _, err = await okta_client.get_log_stream(created["id"])
    assert err is None and stream.name == "Bus" and stream.settings.account_id == "123456789012"
    _, err = await create_stream(
        okta_client, {**eventbridge("Far"), "settings": {"region": "mars"}}
    )
    assert err.status == 400 and err.error_code == "E0000001"
    replaced, _, err = await okta_client.replace_log_stream(
        stream.id, LogStreamPutSchema.from_dict(eventbridge("Bus 2"))
    )
    assert err is None and replaced.name == "Bus 2"
    off, _, err = await okta_client.deactivate_log_stream(stream.id)
    assert err is None and off.status == "INACTIVE"
    listed, _, _ = await okta_client.list_log_streams(filter='type eq "aws_eventbridge"')
    assert [s.name for s in listed] == ["Bus 2"]
    assert (await okta_client.delete_log_stream(stream.id))[-1] is None
    _, _, err = await okta_client.get_log_stream(stream.id)
    assert err.status == 404 and err.error_code == "E0000007"


async def test_user_types_keep_their_name_and_the_default_stays(okta_client):
    types, _, err = await okta_client.list_user_types()
    assert err is None and [(t.name, t.default) for t in types] == [("user", True)]
    default = types[0]
    demo, _, _ = await okta_client.get_user("demo@example.com")
    assert demo.type.id == default.id
    contractor, _, err = await okta_client.create_user_type(
        UserType.from_dict({"name": "contractor", "displayName": "Contractor"})
    )
    assert err is None and contractor.id.startswith("oty") and contractor.default is False
    updated, _, err = await okta_client.update_user_type(
        contractor.id, UserTypePostRequest.from_dict({"displayName": "Contract worker"})
    )
    assert err is None and updated.display_name == "Contract worker"
    assert updated.name == "contractor"
    _, err = await send(
        okta_client,
        "PUT",
        f"/api/v1/meta/types/user/{contractor.id}",
        {"name": "vendor", "displayName": "Vendor"},
    )
    assert err.status == 400 and err.error_code == "E0000001"
    _, err = await okta_client.delete_user_type(default.id)
    assert err.status == 400 and err.error_code == "E0000001"
    assert (await okta_client.delete_user_type(contractor.id))[-1] is None


async def test_sms_templates_need_the_code_and_update_in_part(okta_client):
    template, _, err = await okta_client.create_sms_template(sms_template("Custom"))
    assert err is None and template.id.startswith("cst")
    _, _, err = await okta_client.create_sms_template(sms_template("No code", "Hello"))
    assert err.status == 400 and "${code}" in err.error_causes[0]["errorSummary"]
    _, _, err = await okta_client.create_sms_template(sms_template("Long", "${code}" + "x" * 154))
    assert err.status == 400 and err.error_code == "E0000001"
    partial, err = await send(
        okta_client,
        "POST",
        f"/api/v1/templates/sms/{template.id}",
        {"translations": {"fr": "Votre code est ${code}"}},
    )
    assert err is None and partial["template"] == "Your code is ${code}"
    assert partial["translations"] == {"fr": "Votre code est ${code}"}
    listed, _, _ = await okta_client.list_sms_templates(template_type="SMS_VERIFY_CODE")
    assert [t.id for t in listed] == [template.id]
    assert (await okta_client.delete_sms_template(template.id))[-1] is None


async def test_push_providers_keep_their_keys_secret_and_their_type(okta_client):
    provider, _, err = await okta_client.create_push_provider(apns("iOS app"))
    assert err is None
    raw, _ = await send(okta_client, "GET", f"/api/v1/push-providers/{provider.id}")
    assert raw["configuration"] == {"keyId": "ABCDE12345", "teamId": "TEAM123456"}
    assert raw["lastUpdatedDate"] and "status" not in raw
    fcm = {"name": "iOS app", "providerType": "FCM", "configuration": {"serviceAccountJson": {}}}
    _, err = await send(okta_client, "PUT", f"/api/v1/push-providers/{provider.id}", fcm)
    assert err.status == 400 and err.error_code == "E0000001"
    bad = apns("Bad").to_dict()
    bad["configuration"]["keyId"] = "short"
    _, err = await send(okta_client, "POST", "/api/v1/push-providers", bad)
    assert err.status == 400 and "keyId" in err.error_causes[0]["errorSummary"]
    listed, _, _ = await okta_client.list_push_providers(type="FCM")
    assert listed == []
    assert (await okta_client.delete_push_provider(provider.id))[-1] is None


async def test_device_assurance_policies_keep_their_platform(okta_client):
    policy, _, err = await okta_client.create_device_assurance_policy(windows_policy("Win 10+"))
    assert err is None and policy.id.startswith("dae")
    raw, _ = await send(okta_client, "GET", f"/api/v1/device-assurances/{policy.id}")
    assert raw["osVersion"] == {"minimum": "10.0.19041"} and raw["createdBy"].startswith("00u")
    assert raw["createdDate"] and raw["lastUpdate"] and "status" not in raw
    mac = {"name": "Win 10+", "platform": "MACOS"}
    _, err = await send(okta_client, "PUT", f"/api/v1/device-assurances/{policy.id}", mac)
    assert err.status == 400 and err.error_code == "E0000001"
    _, _, err = await okta_client.create_device_assurance_policy(windows_policy("Win 10+"))
    assert err.status == 400 and "already exists" in err.error_causes[0]["errorSummary"]
    assert (await okta_client.delete_device_assurance_policy(policy.id))[-1] is None


async def test_principal_rate_limits_are_one_per_token_within_percentages(okta_client):
    tokens, _, _ = await okta_client.list_api_tokens()
    entity = PrincipalRateLimitEntity.from_dict(
        {"principalId": tokens[0].id, "principalType": "SSWS_TOKEN", "defaultPercentage": 50}
    )
    created, resp, err = await okta_client.create_principal_rate_limit_entity(entity)
    assert err is None and resp.status_code == 201
    assert created.default_percentage == 50 and created.default_concurrency_percentage == 100
    assert created.org_id.startswith("00o")
    _, _, err = await okta_client.create_principal_rate_limit_entity(entity)
    assert err.status == 400 and err.error_code == "E0000001"
    ghost = PrincipalRateLimitEntity.from_dict(
        {"principalId": "00Tghost", "principalType": "SSWS_TOKEN"}
    )
    _, _, err = await okta_client.create_principal_rate_limit_entity(ghost)
    assert err.status == 400 and err.error_code == "E0000001"
    listed, _, _ = await okta_client.list_principal_rate_limit_entities(
        filter='principalType eq "SSWS_TOKEN"'
    )
    assert [e.id for e in listed] == [created.id]
    entity.default_percentage = 101
    _, _, err = await okta_client.replace_principal_rate_limit_entity(created.id, entity)
    assert err.status == 400 and err.error_code == "E0000001"


async def test_rate_limit_settings_start_as_a_fresh_org_and_change(okta_client):
    threshold, _, err = await okta_client.get_rate_limit_settings_warning_threshold()
    assert err is None and threshold.warning_threshold == 90
    changed, _, err = await okta_client.replace_rate_limit_settings_warning_threshold(
        RateLimitWarningThresholdRequest(warning_threshold=60)
    )
    assert err is None and changed.warning_threshold == 60
    _, err = await send(
        okta_client,
        "PUT",
        "/api/v1/rate-limit-settings/warning-threshold",
        {"warningThreshold": 10},
    )
    assert err.status == 400 and err.error_code == "E0000001"
    per_client, _, _ = await okta_client.get_rate_limit_settings_per_client()
    assert per_client.default_mode == "ENFORCE"
    per_client, _, err = await okta_client.replace_rate_limit_settings_per_client(
        PerClientRateLimitSettings.from_dict(
            {"defaultMode": "PREVIEW", "useCaseModeOverrides": {"LOGIN_PAGE": "ENFORCE"}}
        )
    )
    assert err is None and per_client.default_mode == "PREVIEW"
    notifications, _, _ = await okta_client.get_rate_limit_settings_admin_notifications()
    assert notifications.notifications_enabled is True


# One write per family, and the scope that permits it; the answer's last item is the error.
WRITES = {
    "okta.logStreams": lambda c: create_stream(c, eventbridge("Denied")),
    "okta.userTypes": lambda c: c.create_user_type(
        UserType.from_dict({"name": "denied", "displayName": "Denied"})
    ),
    "okta.templates": lambda c: c.create_sms_template(sms_template("Denied")),
    "okta.pushProviders": lambda c: c.create_push_provider(apns("Denied")),
    "okta.deviceAssurance": lambda c: c.create_device_assurance_policy(windows_policy("Denied")),
    "okta.orgs": lambda c: c.replace_rate_limit_settings_warning_threshold(
        RateLimitWarningThresholdRequest(warning_threshold=50)
    ),
}


@pytest.mark.parametrize("scope", list(WRITES))
async def test_only_admins_holding_the_scope_change_org_resources(scope, okta_client_as):
    await assert_only_scope_managers_write(okta_client_as, scope, WRITES[scope])
