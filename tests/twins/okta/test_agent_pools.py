"""Agent pools through the okta SDK: the seeded AD pool and its two agents, one behind; update
settings per release channel; an update started at once that brings the agent up to date when
its time has run; a scheduled update's switches, pause, resume, stop and retry, each refused in
a status that forbids it; and the admins refused."""

from __future__ import annotations

import pytest
from okta.models import AgentPoolUpdate, AgentPoolUpdateSetting

from darkfactory.twins.okta.testing import send

ADHOC_SECONDS = 10 * 60


async def ad_pool(client):
    pools, _, err = await client.list_agent_pools()
    assert err is None and [p.type for p in pools] == ["AD"]
    return pools[0]


def scheduled(**more) -> AgentPoolUpdate:
    schedule = {"cron": "0 8 ? * 6#3", "duration": 120, "timezone": "America/New_York"}
    return AgentPoolUpdate.from_dict({"name": "Monthly", "schedule": schedule, **more})


async def test_a_fresh_org_has_one_ad_pool_with_an_agent_behind(okta_client):
    pool = await ad_pool(okta_client)
    assert pool.name == "example.com" and pool.operational_status == "OPERATIONAL"
    assert (pool.disrupted_agents, pool.inactive_agents) == (0, 0)
    versions = {a.name: (a.version, a.is_latest_g_aed_version) for a in pool.agents}
    assert versions == {"WIN-DC01": ("3.20.0", True), "WIN-DC02": ("3.18.0", False)}
    assert all(a.pool_id == pool.id and a.type == "AD" for a in pool.agents)
    none, _, err = await okta_client.list_agent_pools(pool_type="LDAP")
    assert err is None and none == []
    capped, _, _ = await okta_client.list_agent_pools(limit_per_pool_type=0)
    assert capped == []

    settings, _, err = await okta_client.get_agent_pools_update_settings(pool.id)
    assert err is None and settings.release_channel == "GA"
    assert (settings.latest_version, settings.pool_name) == ("3.20.0", "example.com")
    changed, _, err = await okta_client.update_agent_pools_update_settings(
        pool.id,
        AgentPoolUpdateSetting.from_dict(
            {"agentType": "AD", "releaseChannel": "EA", "continueOnError": True}
        ),
    )
    assert err is None and changed.latest_version == "3.21.0" and changed.continue_on_error
    # The SDK's model refuses an unknown channel itself, so the wrong ones go as JSON.
    path = f"/api/v1/agentPools/{pool.id}/updates/settings"
    for wrong in ({"agentType": "LDAP"}, {"agentType": "AD", "releaseChannel": "NIGHTLY"}):
        _, err = await send(okta_client, "POST", path, wrong)
        assert err.status == 400 and err.error_code == "E0000001"
    _, _, err = await okta_client.get_agent_pools_update_settings("0oa0000000000000000")
    assert err.status == 404 and err.error_code == "E0000007"


async def test_an_update_started_at_once_brings_the_agent_behind_up_to_date(okta_client, universe):
    pool = await ad_pool(okta_client)
    behind = next(a for a in pool.agents if a.name == "WIN-DC02")
    update, _, err = await okta_client.create_agent_pools_update(
        pool.id, AgentPoolUpdate.from_dict({"name": "Now", "notifyAdmin": True})
    )
    assert err is None and update.status == "InProgress" and update.target_version == "3.20.0"
    assert [(a.id, a.update_status) for a in update.agents] == [(behind.id, "InProgress")]
    # Running, it can be neither deleted nor retried; nor (not scheduled) switched on.
    _, err = await okta_client.delete_agent_pools_update(pool.id, update.id)
    assert err.status == 400 and err.error_code == "E0000001"
    for refused in (okta_client.retry_agent_pools_update, okta_client.activate_agent_pools_update):
        _, _, err = await refused(pool.id, update.id)
        assert err.status == 400 and err.error_code == "E0000001"

    universe.call(universe.universe.clock.advance, ADHOC_SECONDS + 1)
    done, _, err = await okta_client.get_agent_pools_update_instance(pool.id, update.id)
    assert err is None and done.status == "Success"
    assert [(a.version, a.update_status) for a in done.agents] == [("3.20.0", "Success")]
    pool = await ad_pool(okta_client)
    assert all(a.is_latest_g_aed_version for a in pool.agents)
    # Nothing is left to update.
    _, _, err = await okta_client.create_agent_pools_update(
        pool.id, AgentPoolUpdate.from_dict({"name": "Again"})
    )
    assert err.status == 400 and "No agent" in err.error_causes[0]["errorSummary"]
    assert (await okta_client.delete_agent_pools_update(pool.id, update.id))[-1] is None
    _, _, err = await okta_client.get_agent_pools_update_instance(pool.id, update.id)
    assert err.status == 404


async def test_a_scheduled_update_is_switched_paused_resumed_stopped_and_retried(okta_client):
    pool = await ad_pool(okta_client)
    update, _, err = await okta_client.create_agent_pools_update(pool.id, scheduled())
    assert err is None and update.status == "Scheduled" and update.enabled is True
    assert update.schedule.cron == "0 8 ? * 6#3"
    off, _, err = await okta_client.deactivate_agent_pools_update(pool.id, update.id)
    assert err is None and off.enabled is False
    on, _, _ = await okta_client.activate_agent_pools_update(pool.id, update.id)
    assert on.enabled is True
    renamed, _, err = await okta_client.update_agent_pools_update(
        pool.id, update.id, AgentPoolUpdate.from_dict({"name": "Quarterly"})
    )
    assert err is None and renamed.name == "Quarterly" and len(renamed.agents) == 1
    listed, _, _ = await okta_client.list_agent_pools_updates(pool.id, scheduled=True)
    assert [u.id for u in listed] == [update.id]
    assert (await okta_client.list_agent_pools_updates(pool.id, scheduled=False))[0] == []

    _, _, err = await okta_client.resume_agent_pools_update(pool.id, update.id)
    assert err.status == 400  # only a paused update resumes
    paused, _, _ = await okta_client.pause_agent_pools_update(pool.id, update.id)
    assert paused.status == "Paused"
    running, _, _ = await okta_client.resume_agent_pools_update(pool.id, update.id)
    assert running.status == "InProgress"
    _, _, err = await okta_client.update_agent_pools_update(
        pool.id, update.id, AgentPoolUpdate.from_dict({"name": "Too late"})
    )
    assert err.status == 400
    stopped, _, _ = await okta_client.stop_agent_pools_update(pool.id, update.id)
    assert stopped.status == "Cancelled" and stopped.agents[0].update_status == "Cancelled"
    assert stopped.agents[0].version == "3.18.0"
    _, _, err = await okta_client.stop_agent_pools_update(pool.id, update.id)
    assert err.status == 400 and err.error_code == "E0000001"
    retried, _, err = await okta_client.retry_agent_pools_update(pool.id, update.id)
    assert err is None and retried.status == "InProgress"


async def test_an_update_names_only_its_pools_agents_of_its_type(okta_client):
    pool = await ad_pool(okta_client)
    _, _, err = await okta_client.create_agent_pools_update(
        pool.id, AgentPoolUpdate.from_dict({"name": "Bad", "agentType": "LDAP"})
    )
    assert err.status == 400 and err.error_code == "E0000001"
    # The SDK's model drops an agent's id (read-only there), so updates naming agents go as JSON.
    path = f"/api/v1/agentPools/{pool.id}/updates"
    stray = {"name": "Bad", "agents": [{"id": "a530000000000000000"}]}
    _, err = await send(okta_client, "POST", path, stray)
    assert err.status == 400 and "not in the pool" in err.error_causes[0]["errorSummary"]
    current = next(a for a in pool.agents if a.name == "WIN-DC01")
    named, err = await send(
        okta_client, "POST", path, {**scheduled().to_dict(), "agents": [{"id": current.id}]}
    )
    assert err is None and [a["name"] for a in named["agents"]] == ["WIN-DC01"]
    _, _, err = await okta_client.get_agent_pools_update_instance(pool.id, "upd000000000000000")
    assert err.status == 404 and err.error_code == "E0000007"


@pytest.mark.parametrize(
    "action", ["pause", "resume", "stop", "retry", "activate", "deactivate", "update", "delete"]
)
async def test_only_admins_holding_the_agent_pools_scope_act_on_updates(
    action, okta_client, okta_client_as
):
    pool = await ad_pool(okta_client)
    update, _, _ = await okta_client.create_agent_pools_update(pool.id, scheduled())
    extra = (AgentPoolUpdate.from_dict({"name": "Renamed"}),) if action == "update" else ()

    def act(client):
        return getattr(client, f"{action}_agent_pools_update")(pool.id, update.id, *extra)

    reader = okta_client_as(role="READ_ONLY_ADMIN")
    scoped_reader = okta_client_as(scopes=["okta.agentPools.read"])
    assert (await reader.get_agent_pools_update_instance(pool.id, update.id))[-1] is None
    assert (await scoped_reader.list_agent_pools_updates(pool.id))[-1] is None
    for client in (reader, okta_client_as(), scoped_reader):
        err = (await act(client))[-1]
        assert err.status == 403 and err.error_code == "E0000006"
    # The scope admits the caller; a scheduled update then refuses only what its status forbids.
    err = (await act(okta_client_as(scopes=["okta.agentPools.manage"])))[-1]
    if action in ("resume", "retry"):
        assert err.status == 400 and err.error_code == "E0000001"
    else:
        assert err is None


async def test_pools_and_their_settings_are_refused_to_those_without_the_scope(okta_client_as):
    for client in (okta_client_as(), okta_client_as(scopes=["okta.users.read"])):
        err = (await client.list_agent_pools())[-1]
        assert err.status == 403 and err.error_code == "E0000006"
    pool = await ad_pool(okta_client_as(role="READ_ONLY_ADMIN"))
    setting = AgentPoolUpdateSetting.from_dict({"agentType": "AD", "releaseChannel": "EA"})
    for client in (
        okta_client_as(role="READ_ONLY_ADMIN"),
        okta_client_as(),
        okta_client_as(scopes=["okta.agentPools.read"]),
    ):
        err = (await client.update_agent_pools_update_settings(pool.id, setting))[-1]
        assert err.status == 403 and err.error_code == "E0000006"
    manager = okta_client_as(scopes=["okta.agentPools.manage"])
    assert (await manager.update_agent_pools_update_settings(pool.id, setting))[-1] is None
    for client in (okta_client_as(role="READ_ONLY_ADMIN"), okta_client_as()):
        err = (await client.create_agent_pools_update(pool.id, scheduled()))[-1]
        assert err.status == 403 and err.error_code == "E0000006"
