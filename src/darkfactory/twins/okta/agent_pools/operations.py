"""Agent pools API: ``/api/v1/agentPools``, the pools and their agents, each pool's update
settings, and updates: created scheduled or started at once, paused, resumed, stopped, retried."""

from __future__ import annotations

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.agent_pools import state as rules
from darkfactory.twins.okta.agent_pools.state import POOL, UPDATE
from darkfactory.twins.okta.api import authorize, body, flag, page
from darkfactory.twins.okta.errors import not_found, validation
from darkfactory.twins.okta.state import state_of

SYSTEM = {"id": "system", "type": "System", "alternateId": "system", "displayName": "Okta"}
EDITABLE = ("name", "notifyAdmin", "schedule", "sortOrder", "targetVersion", "enabled")


def _href(call: Call, *parts: str) -> str:
    return "/".join((f"{call.twin.base_url}{POOL.path}", *parts))


def _agent_json(call: Call, pool: dict, agent: dict) -> dict:
    shown = {k: v for k, v in agent.items() if k != "id"}
    return {
        "id": agent["id"],
        **shown,
        "type": pool["document"]["type"],
        "poolId": pool["id"],
        "isLatestGAedVersion": agent["version"] == rules.CHANNELS["GA"][0],
        "_links": {"self": {"href": _href(call, pool["id"], "agents", agent["id"])}},
    }


def _pool_json(call: Call, pool: dict) -> dict:
    agents = pool["document"]["agents"]
    counts = {
        s: sum(a["operationalStatus"] == s for a in agents) for s in ("DISRUPTED", "INACTIVE")
    }
    working = len(agents) - counts["DISRUPTED"] - counts["INACTIVE"]
    overall = "OPERATIONAL" if working == len(agents) else "DEGRADED" if working else "DISRUPTED"
    return {
        "id": pool["id"],
        "name": pool["document"]["name"],
        "type": pool["document"]["type"],
        "operationalStatus": overall,
        "disruptedAgents": counts["DISRUPTED"],
        "inactiveAgents": counts["INACTIVE"],
        "agents": [_agent_json(call, pool, a) for a in agents],
        "_links": {"self": {"href": _href(call, pool["id"])}},
    }


def _update_json(call: Call, pool: dict, update: dict) -> dict:
    job = update["document"]
    agents = [a for a in pool["document"]["agents"] if a["id"] in job["agentIds"]]
    fields = ("name", "agentType", "enabled", "notifyAdmin", "sortOrder", "status")
    return {
        "id": update["id"],
        **{f: job[f] for f in fields},
        "agents": [_agent_json(call, pool, a) for a in agents],
        **({"schedule": job["schedule"]} if job.get("schedule") else {}),
        "targetVersion": job["targetVersion"],
        **({"reason": job["reason"]} if job.get("reason") else {}),
        "_links": {"self": {"href": _href(call, pool["id"], "updates", update["id"])}},
    }


def _pool(call: Call) -> dict:
    return resources.document(call, POOL, call.path_params["poolId"])


def _settled(call: Call, pool: dict, update: dict) -> tuple[dict, dict]:
    """The pool and update as they are now: a running update past its duration has finished."""
    job = update["document"]
    if job["status"] == "InProgress" and call.universe.clock.now() >= job["startedAt"] + 60 * (
        rules.minutes(job)
    ):
        pool_doc, job = rules.finish(pool, update)
        pool = {**pool, "document": pool_doc}
        resources.store(call, POOL, pool, pool_doc, SYSTEM)
        resources.store(call, UPDATE, update, job, SYSTEM)
        update = resources.document(call, UPDATE, update["id"])
    return pool, update


def _updates(call: Call, pool: dict) -> list[dict]:
    mine = [u for u in resources.documents(call, UPDATE) if u["document"]["poolId"] == pool["id"]]
    return [_settled(call, resources.document(call, POOL, pool["id"]), u)[1] for u in mine]


def _update(call: Call) -> tuple[dict, dict]:
    pool = _pool(call)
    update = resources.document(call, UPDATE, call.path_params["updateId"])
    if update["document"]["poolId"] != pool["id"]:
        raise not_found(update["id"], UPDATE.name)
    return _settled(call, pool, update)


def _agent_ids(pool: dict, payload: dict, target: str) -> list[str]:
    """The agents an update names, all of this pool's; by default those not on ``target``."""
    known = {a["id"]: a for a in pool["document"]["agents"]}
    given = payload.get("agents")
    if given is None:
        return [a for a, agent in known.items() if agent["version"] != target]
    if not isinstance(given, list) or not all(isinstance(a, dict) for a in given):
        raise validation("agents", "agents: must be a list of agents")
    ids = [a.get("id") for a in given]
    stray = [i for i in ids if i not in known]
    if stray:
        raise validation("agents", f"agents: Agent {stray[0]} is not in the pool {pool['id']}")
    return ids


def _checked(pool: dict, payload: dict, current: dict | None) -> dict:
    """An update's document from ``payload`` (merged over ``current``), checked."""
    job = {**(current or {}), **{k: payload[k] for k in EDITABLE if k in payload}}
    agent_type = payload.get("agentType", pool["document"]["type"])
    if agent_type != pool["document"]["type"]:
        raise validation(
            "agentType", f"agentType: The pool's agents are {pool['document']['type']}"
        )
    schedule = job.get("schedule")
    if schedule is not None and not (isinstance(schedule, dict) and schedule.get("cron")):
        raise validation("schedule", "schedule.cron: The field cannot be left blank")
    target = job.get("targetVersion") or rules.latest(pool)
    agent_ids = _agent_ids(pool, payload, target) if "agents" in payload or not current else None
    if agent_ids is not None and not agent_ids:
        raise validation("agents", "agents: No agent in the pool needs this update")
    return {
        "poolId": pool["id"],
        "name": job.get("name") or pool["document"]["name"],
        "agentType": agent_type,
        "enabled": job.get("enabled", True) is not False,
        "notifyAdmin": bool(job.get("notifyAdmin", False)),
        "sortOrder": job.get("sortOrder", 0),
        "targetVersion": target,
        "schedule": schedule,
        "agentIds": agent_ids if agent_ids is not None else current["agentIds"],
        "status": job.get("status", "Scheduled" if schedule else "InProgress"),
    }


def _start(call: Call, pool: dict, job: dict, status: str) -> tuple[dict, dict]:
    """``job`` in ``status``, its agents marked; InProgress starts its clock."""
    job = {**job, "status": status}
    if status == "InProgress":
        job["startedAt"] = call.universe.clock.now()
    message = "Update cancelled." if status == "Cancelled" else "Queued for update."
    agent_status = {"Cancelled": "Cancelled", "InProgress": "InProgress"}.get(status, "Scheduled")
    pending = [
        a["id"]
        for a in pool["document"]["agents"]
        if a["id"] in job["agentIds"]
        and (status != "Cancelled" or a.get("updateStatus") in rules.PENDING)
    ]
    return rules.mark(pool, pending, agent_status, message), job


@operation("listAgentPools")
def list_agent_pools(call: Call) -> Response:
    authorize(call, "okta.agentPools.read")
    wanted = call.query.get("poolType")
    if wanted is not None and wanted not in rules.AGENT_TYPES:
        raise validation("poolType", f"poolType: must be one of {', '.join(rules.AGENT_TYPES)}")
    try:
        per_type = int(call.query.get("limitPerPoolType", 5))
    except ValueError as error:
        raise validation("limitPerPoolType") from error
    shown, seen = [], {}
    for pool in resources.documents(call, POOL):
        kind = pool["document"]["type"]
        if wanted in (None, kind) and seen.get(kind, 0) < per_type:
            seen[kind] = seen.get(kind, 0) + 1
            shown.append(_pool_json(call, pool))
    return page(call, shown)


@operation("listAgentPoolsUpdates")
def list_agent_pools_updates(call: Call) -> list:
    authorize(call, "okta.agentPools.read")
    pool = _pool(call)
    updates = _updates(call, pool)
    if call.query.get("scheduled") is not None:
        scheduled = flag(call, "scheduled", False)
        updates = [u for u in updates if bool(u["document"].get("schedule")) == scheduled]
    pool = _pool(call)
    return [_update_json(call, pool, u) for u in updates]


@operation("createAgentPoolsUpdate")
def create_agent_pools_update(call: Call) -> JSONResponse:
    actor = authorize(call, "okta.agentPools.manage")
    pool = _pool(call)
    job = _checked(pool, body(call), None)
    pool_doc, job = _start(call, pool, job, job["status"])
    state = state_of(call)
    update_id = state.new_id(UPDATE.prefix)
    resources.insert(state, UPDATE, update_id, job)
    resources.store(call, POOL, pool, pool_doc, actor)
    update = resources.document(call, UPDATE, update_id)
    resources.log(call, UPDATE, "create", update, actor)
    return JSONResponse(_update_json(call, _pool(call), update), 201)


@operation("getAgentPoolsUpdateInstance")
def get_agent_pools_update_instance(call: Call) -> dict:
    authorize(call, "okta.agentPools.read")
    return _update_json(call, *_update(call))


@operation("updateAgentPoolsUpdate")
def update_agent_pools_update(call: Call) -> JSONResponse:
    actor = authorize(call, "okta.agentPools.manage")
    pool, update = _update(call)
    if update["document"]["status"] not in ("Scheduled", "Paused"):
        raise validation(
            f"Cannot change an agent pool update whose status is {update['document']['status']}."
        )
    job = _checked(pool, body(call), update["document"])
    resources.store(call, UPDATE, update, job, actor)
    return JSONResponse(
        _update_json(call, _pool(call), resources.document(call, UPDATE, update["id"])), 201
    )


@operation("deleteAgentPoolsUpdate")
def delete_agent_pools_update(call: Call) -> Response:
    actor = authorize(call, "okta.agentPools.manage")
    _, update = _update(call)
    if update["document"]["status"] == "InProgress":
        raise validation("Cannot delete an agent pool update in progress; stop it first.")
    call.universe.store.execute(
        "DELETE FROM okta_resources WHERE kind = ? AND id = ?", (UPDATE.name, update["id"])
    )
    resources.log(call, UPDATE, "delete", update, actor)
    return Response(status_code=204)


def _action(action: str) -> Route:
    def handler(call: Call) -> JSONResponse:
        actor = authorize(call, "okta.agentPools.manage")
        pool, update = _update(call)
        target = rules.require(update, action)
        job = dict(update["document"])
        if action in ("activate", "deactivate"):
            job["enabled"] = action == "activate"
        else:
            if action == "retry":
                behind = [
                    a["id"]
                    for a in pool["document"]["agents"]
                    if a["version"] != job["targetVersion"]
                ]
                job = {**job, "agentIds": [a for a in job["agentIds"] if a in behind]}
                job.pop("reason", None)
            pool_doc, job = _start(call, pool, job, target)
            resources.store(call, POOL, pool, pool_doc, actor)
        resources.store(call, UPDATE, update, job, actor)
        update = resources.document(call, UPDATE, update["id"])
        return JSONResponse(_update_json(call, _pool(call), update), 201)

    return Route(
        f"{POOL.path}/{{poolId}}/updates/{{updateId}}/{action}",
        operation(f"{action}AgentPoolsUpdate")(handler),
        methods=["POST"],
    )


def _settings_json(pool: dict) -> dict:
    settings = pool["document"]["settings"]
    latest, minimal = rules.CHANNELS[settings["releaseChannel"]]
    return {
        "agentType": pool["document"]["type"],
        "continueOnError": settings["continueOnError"],
        "latestVersion": latest,
        "minimalSupportedVersion": minimal,
        "poolId": pool["id"],
        "poolName": pool["document"]["name"],
        "releaseChannel": settings["releaseChannel"],
    }


@operation("getAgentPoolsUpdateSettings")
def get_agent_pools_update_settings(call: Call) -> dict:
    authorize(call, "okta.agentPools.read")
    return _settings_json(_pool(call))


@operation("updateAgentPoolsUpdateSettings")
def update_agent_pools_update_settings(call: Call) -> JSONResponse:
    actor = authorize(call, "okta.agentPools.manage")
    pool, payload = _pool(call), body(call)
    if payload.get("agentType") != pool["document"]["type"]:
        raise validation(
            "agentType", f"agentType: The pool's agents are {pool['document']['type']}"
        )
    settings = dict(pool["document"]["settings"])
    channel = payload.get("releaseChannel", settings["releaseChannel"])
    if channel not in rules.CHANNELS:
        raise validation(
            "releaseChannel", f"releaseChannel: must be one of {', '.join(rules.CHANNELS)}"
        )
    if not isinstance(payload.get("continueOnError", False), bool):
        raise validation("continueOnError", "continueOnError: must be true or false")
    settings.update(
        releaseChannel=channel,
        continueOnError=payload.get("continueOnError", settings["continueOnError"]),
    )
    resources.store(call, POOL, pool, {**pool["document"], "settings": settings}, actor)
    return JSONResponse(_settings_json(_pool(call)), 201)


def routes() -> list[Route]:
    one = f"{POOL.path}/{{poolId}}/updates"
    return [
        Route(POOL.path, list_agent_pools, methods=["GET"]),
        Route(one, list_agent_pools_updates, methods=["GET"]),
        Route(one, create_agent_pools_update, methods=["POST"]),
        Route(f"{one}/settings", get_agent_pools_update_settings, methods=["GET"]),
        Route(f"{one}/settings", update_agent_pools_update_settings, methods=["POST"]),
        Route(f"{one}/{{updateId}}", get_agent_pools_update_instance, methods=["GET"]),
        Route(f"{one}/{{updateId}}", update_agent_pools_update, methods=["POST"]),
        Route(f"{one}/{{updateId}}", delete_agent_pools_update, methods=["DELETE"]),
        *(_action(action) for action in rules.ACTIONS),
    ]
