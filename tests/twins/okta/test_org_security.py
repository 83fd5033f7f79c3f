"""The org's sign-in defences through the okta SDK: behavior detection rules, ThreatInsight and
attack protection settings, and the admins they refuse."""

from __future__ import annotations

import pytest
from okta.models import (
    AttackProtectionAuthenticatorSettings,
    BehaviorRule,
    ThreatInsightConfiguration,
    UserLockoutSettings,
)

from darkfactory.twins.okta.testing import assert_only_scope_managers_write, send


def velocity(name: str, kph: int = 500) -> BehaviorRule:
    return BehaviorRule.from_dict(
        {"name": name, "type": "VELOCITY", "settings": {"velocityKph": kph}}
    )


async def test_a_fresh_org_has_oktas_behavior_rules_and_they_change(okta_client):
    rules, _, err = await okta_client.list_behavior_detection_rules()
    assert err is None
    names = [r.name for r in rules]
    assert {"New Device", "New IP", "New Country", "Velocity"} <= set(names)
    created, _, err = await okta_client.create_behavior_detection_rule(velocity("Fast travel"))
    assert err is None and created.status.value == "ACTIVE" and created.settings.velocity_kph == 500
    _, err = await send(
        okta_client,
        "POST",
        "/api/v1/behaviors",
        {"name": "Slow", "type": "VELOCITY", "settings": {"velocityKph": 0}},
    )
    assert err.status == 400 and err.error_code == "E0000001"
    _, err = await send(
        okta_client,
        "POST",
        "/api/v1/behaviors",
        {"name": "Near", "type": "ANOMALOUS_LOCATION", "settings": {"granularity": "LAT_LONG"}},
    )
    assert err.status == 400 and "radiusKilometers" in err.error_causes[0]["errorSummary"]
    _, err = await send(
        okta_client,
        "PUT",
        f"/api/v1/behaviors/{created.id}",
        {"name": "Fast travel", "type": "ANOMALOUS_IP"},
    )
    assert err.status == 400 and err.error_code == "E0000001"
    off, _, err = await okta_client.deactivate_behavior_detection_rule(created.id)
    assert err is None and off.status.value == "INACTIVE"
    assert (await okta_client.delete_behavior_detection_rule(created.id))[-1] is None


async def test_threat_insight_excludes_only_real_zones(okta_client):
    current, _, err = await okta_client.get_current_configuration()
    assert err is None and current.action == "none" and current.exclude_zones == []
    zones, _, _ = await okta_client.list_network_zones()
    legacy = next(z.id for z in zones if z.name == "LegacyIpZone")
    changed, _, err = await okta_client.update_configuration(
        ThreatInsightConfiguration(action="block", exclude_zones=[legacy])
    )
    assert err is None and changed.action == "block" and changed.exclude_zones == [legacy]
    _, _, err = await okta_client.update_configuration(
        ThreatInsightConfiguration(action="block", exclude_zones=["nzonothere"])
    )
    assert err.status == 400 and err.error_code == "E0000001"
    again, _, _ = await okta_client.get_current_configuration()
    assert again.exclude_zones == [legacy]


async def test_attack_protection_settings_start_off_and_change(okta_client):
    (lockout,), _, err = await okta_client.get_user_lockout_settings()
    assert err is None and lockout.prevent_brute_force_lockout_from_unknown_devices is False
    changed, _, err = await okta_client.replace_user_lockout_settings(
        UserLockoutSettings(prevent_brute_force_lockout_from_unknown_devices=True)
    )
    assert err is None and changed.prevent_brute_force_lockout_from_unknown_devices is True
    (lockout,), _, _ = await okta_client.get_user_lockout_settings()
    assert lockout.prevent_brute_force_lockout_from_unknown_devices is True
    (settings,), _, _ = await okta_client.get_authenticator_settings()
    assert settings.verify_knowledge_second_when2fa_required is False
    _, err = await send(
        okta_client,
        "PUT",
        "/attack-protection/api/v1/authenticator-settings",
        {"verifyKnowledgeSecondWhen2faRequired": "yes"},
    )
    assert err.status == 400 and err.error_code == "E0000003"


WRITES = {
    "okta.behaviors": lambda c: c.create_behavior_detection_rule(velocity("Denied")),
    "okta.threatInsights": lambda c: c.update_configuration(
        ThreatInsightConfiguration(action="audit", exclude_zones=[])
    ),
    "okta.orgs": lambda c: c.replace_authenticator_settings(
        AttackProtectionAuthenticatorSettings(verify_knowledge_second_when2fa_required=True)
    ),
}


@pytest.mark.parametrize("scope", list(WRITES))
async def test_only_admins_holding_the_scope_change_defences(scope, okta_client_as):
    await assert_only_scope_managers_write(okta_client_as, scope, WRITES[scope])
