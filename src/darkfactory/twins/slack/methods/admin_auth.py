"""``admin.auth.policy.*``: who may sign in with email and password instead of the org's SSO.

The org signs people in through SSO; only people assigned to the ``email_password`` policy may
sign in with their email and password. The sign-in page (``oauth.py``) asks ``may_use_password``.
"""

from __future__ import annotations

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.pagination import page
from darkfactory.twins.slack.state import SlackState

POLICIES = ("email_password",)
ENTITY_TYPES = ("USER",)
MAX_ENTITIES = 10000


def may_use_password(state: SlackState, user_id: str) -> bool:
    return (
        state.db.one(
            "SELECT 1 FROM slack_auth_policies WHERE policy_name = 'email_password' "
            "AND entity_id = ?",
            (user_id,),
        )
        is not None
    )


def _policy(call: SlackCall) -> str:
    name = call.require("policy_name", "policy_not_found")
    if name not in POLICIES:
        raise SlackError("policy_not_found")
    return name


def _entities(call: SlackCall) -> list[str]:
    if call.require("entity_type") not in ENTITY_TYPES:
        raise SlackError("invalid_arguments")
    ids = call.listing("entity_ids")
    if not ids:
        raise SlackError("invalid_arguments")
    for user_id in ids:
        row = call.state.db.one("SELECT is_bot FROM slack_users WHERE id = ?", (user_id,))
        if row is None or row["is_bot"]:
            raise SlackError("entity_not_found")
    return ids


def _count(call: SlackCall, policy: str) -> int:
    return call.state.db.scalar(
        "SELECT COUNT(*) FROM slack_auth_policies WHERE policy_name = ?", (policy,)
    )


@web_method("admin.auth.policy.assignEntities", scopes="admin.users:write")
def policy_assign_entities(call: SlackCall) -> dict:
    policy = _policy(call)
    ids = _entities(call)
    if _count(call, policy) + len(ids) > MAX_ENTITIES:
        raise SlackError("over_max_entity_limit")
    for user_id in ids:
        call.state.db.execute(
            "INSERT OR IGNORE INTO slack_auth_policies(policy_name, entity_id, entity_type, "
            "date_added) VALUES (?, ?, 'USER', ?)",
            (policy, user_id, call.state.now()),
        )
    return {"entity_total_count": _count(call, policy)}


@web_method("admin.auth.policy.removeEntities", scopes="admin.users:write")
def policy_remove_entities(call: SlackCall) -> dict:
    policy = _policy(call)
    for user_id in _entities(call):
        call.state.db.execute(
            "DELETE FROM slack_auth_policies WHERE policy_name = ? AND entity_id = ?",
            (policy, user_id),
        )
    return {"entity_total_count": _count(call, policy)}


@web_method("admin.auth.policy.getEntities", scopes="admin.users:read")
def policy_get_entities(call: SlackCall) -> dict:
    policy = _policy(call)
    if call.get("entity_type") not in (None, *ENTITY_TYPES):
        raise SlackError("invalid_arguments")
    rows = call.state.db.all(
        "SELECT entity_id, entity_type, date_added FROM slack_auth_policies "
        "WHERE policy_name = ? ORDER BY date_added, entity_id",
        (policy,),
    )
    chunk, meta = page(call, rows, default_limit=100)
    return {
        "entities": [
            {
                "entity_id": r["entity_id"],
                "entity_type": r["entity_type"],
                "date_added": int(r["date_added"]),
            }
            for r in chunk
        ],
        "entity_total_count": len(rows),
        "response_metadata": meta,
    }
