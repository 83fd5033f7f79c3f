"""Agent pools' rules: the seeded AD pool, release channels' versions, an update's status
machine and how a running update brings its agents to the target version; no HTTP."""

from __future__ import annotations

from darkfactory.twins.okta import resources
from darkfactory.twins.okta.errors import validation

AGENT_TYPES = ("AD", "IWA", "LDAP", "MFA", "OPP", "RUM", "Radius")
# A release channel's latest version and the oldest version Okta still supports.
CHANNELS = {
    "GA": ("3.20.0", "3.18.0"),
    "EA": ("3.21.0", "3.18.0"),
    "BETA": ("3.22.0", "3.19.0"),
    "TEST": ("3.23.0", "3.19.0"),
}
AD_HOC_MINUTES = 10  # how long an update started by hand takes, without a schedule's duration
# An action on an update: the statuses it may start from and the status it leaves (None: same).
ACTIONS = {
    "activate": (("Scheduled",), None),
    "deactivate": (("Scheduled",), None),
    "pause": (("InProgress", "Scheduled"), "Paused"),
    "resume": (("Paused",), "InProgress"),
    "stop": (("InProgress", "Paused", "Scheduled"), "Cancelled"),
    "retry": (("Failed", "Cancelled"), "InProgress"),
}
PENDING = ("Scheduled", "InProgress", "PendingCompletion")


def _kind(name: str, prefix: str) -> resources.Kind:
    return resources.Kind(
        name=name,
        path="/api/v1/agentPools",
        id_param="poolId",
        prefix=prefix,
        scope="okta.agentPools",
        event="agent_pool",
        clean=lambda call, payload, own_id: payload,
        lifecycle=False,
    )


POOL = _kind("AgentPool", "0oa")
UPDATE = _kind("AgentPoolUpdate", "upd")


def seed(state) -> None:
    """One AD pool, as a fresh org has once its AD agent is installed on two domain
    controllers: one agent on the latest GA version, one a release behind."""
    pool_id = state.new_id(POOL.prefix)
    agents = [
        {
            "id": state.new_id("a53"),
            "name": name,
            "version": version,
            "operationalStatus": "OPERATIONAL",
            "isHidden": False,
            "lastConnection": int(state.now() * 1000),
        }
        for name, version in (("WIN-DC01", CHANNELS["GA"][0]), ("WIN-DC02", "3.18.0"))
    ]
    settings = {"releaseChannel": "GA", "continueOnError": False}
    pool = {"name": "example.com", "type": "AD", "agents": agents, "settings": settings}
    resources.insert(state, POOL, pool_id, pool)


def latest(pool: dict) -> str:
    return CHANNELS[pool["document"]["settings"]["releaseChannel"]][0]


def require(update: dict, action: str) -> str | None:
    """The status ``action`` leaves ``update`` in; E0000001 when its status forbids it."""
    sources, target = ACTIONS[action]
    status = update["document"]["status"]
    if status not in sources:
        raise validation(f"Cannot {action} an agent pool update whose status is {status}.")
    return target


def finish(pool: dict, update: dict) -> tuple[dict, dict]:
    """Run ``update`` to its end: each connected agent moves to the target version; one that is
    not fails, and unless the pool continues on error, the agents after it are cancelled.
    Answers the pool's and the update's new documents."""
    job, settings = update["document"], pool["document"]["settings"]
    agents = {a["id"]: a for a in pool["document"]["agents"]}
    failed = False
    for agent_id in job["agentIds"]:
        agent = agents[agent_id]
        if failed and not settings["continueOnError"]:
            agent.update(updateStatus="Cancelled", updateMessage="Update cancelled.")
        elif agent["operationalStatus"] != "OPERATIONAL":
            failed = True
            agent.update(updateStatus="Failed", updateMessage="Agent is not connected.")
        else:
            agent.update(version=job["targetVersion"], updateStatus="Success", updateMessage="")
    status = "Failed" if failed else "Success"
    job = {**job, "status": status, **({"reason": "Update failed."} if failed else {})}
    return pool["document"], job


def mark(pool: dict, agent_ids: list[str], status: str, message: str) -> dict:
    """The pool's document with the agents of an update marked ``status``."""
    for agent in pool["document"]["agents"]:
        if agent["id"] in agent_ids:
            agent.update(updateStatus=status, updateMessage=message)
    return pool["document"]


def minutes(job: dict) -> int:
    return (job.get("schedule") or {}).get("duration") or AD_HOC_MINUTES
