"""Webhooks over REST: dynamic webhooks an app registers for itself (``/rest/api/3/webhook``:
register, list, delete, refresh, failed) and the site's admin webhooks
(``/rest/webhooks/1.0/webhook``: create, list, get, update, delete)."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.jira.api import actor, admin, bean, body, created, integer, no_content, rest
from darkfactory.twins.jira.errors import JiraError, bad_request, not_found
from darkfactory.twins.jira.search.jql.evaluate import Query
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.jira.times import jira_time
from darkfactory.twins.jira.webhooks.state import DYNAMIC_LIFETIME_S, EVENTS
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

ADMIN_PATH = "/rest/webhooks/1.0/webhook"
ISSUE_FILTER = "issue-related-events-section"


def _problems(call: Call, account_id: str, url: str, events: list, jql: str) -> list[str]:
    """What is wrong with a webhook's URL, events and JQL filter, in Jira's words."""
    found = []
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        found.append(f"The webhook URL '{url}' is invalid.")
    if not events:
        found.append("At least one event must be given.")
    found += [f"The event '{e}' is not supported." for e in events if e not in EVENTS]
    if jql:
        try:
            Query(state_of(call), account_id, jql)
        except JiraError as error:
            found += error.detail["messages"] or ["The JQL filter is invalid."]
    return found


# -- dynamic webhooks -----------------------------------------------------------------------------
def _dynamic_json(hook: dict) -> dict:
    return {
        "id": hook["id"],
        "jqlFilter": hook["jqlFilter"],
        "events": hook["events"],
        "expirationDate": int(hook["expires"] * 1000),
    }


@operation("registerDynamicWebhooks")
def register_dynamic_webhooks(call: Call) -> dict:
    account_id = actor(call)
    data = body(call)
    url, specs = data.get("url") or "", data.get("webhooks")
    if not isinstance(specs, list) or not specs:
        raise bad_request("At least one webhook must be given.")
    results = []
    for spec in specs:
        spec = spec if isinstance(spec, dict) else {}
        events = [str(e) for e in spec.get("events") or []]
        jql = str(spec.get("jqlFilter") or "")
        problems = _problems(call, account_id, url, events, jql)
        if not jql:
            problems.append("The JQL filter is required.")
        if problems:
            results.append({"errors": problems})
            continue
        hook = state_of(call).create_webhook(
            account_id, {"url": url, "events": events, "jqlFilter": jql}, dynamic=True
        )
        results.append({"createdWebhookId": hook["id"]})
    return {"webhookRegistrationResult": results}


@operation("getDynamicWebhooksForApp")
def get_dynamic_webhooks_for_app(call: Call) -> dict:
    hooks = state_of(call).webhooks(actor(call), dynamic=True)
    return bean(call, [_dynamic_json(h) for h in hooks], default_max=100)


def _own_dynamic(call: Call) -> tuple[object, list[dict]]:
    account_id = actor(call)
    ids = body(call).get("webhookIds")
    if not isinstance(ids, list) or not ids:
        raise bad_request("At least one webhook ID must be given.")
    state = state_of(call)
    own = {h["id"]: h for h in state.webhooks(account_id, dynamic=True)}
    missing = [i for i in ids if i not in own]
    if missing:
        raise bad_request(f"Webhooks with IDs {missing} do not exist or belong to another app.")
    return state, [own[i] for i in ids]


@operation("deleteWebhookById")
def delete_webhook_by_id(call: Call):
    state, hooks = _own_dynamic(call)
    for hook in hooks:
        state.delete("webhook", hook["id"])
    return Response(status_code=202)


@operation("refreshWebhooks")
def refresh_webhooks(call: Call) -> dict:
    state, hooks = _own_dynamic(call)
    expires = state.now() + DYNAMIC_LIFETIME_S
    for hook in hooks:
        state.put("webhook", str(hook["id"]), {**hook, "expires": expires})
    return {"expirationDate": int(expires * 1000)}


@operation("getFailedWebhooks")
def get_failed_webhooks(call: Call) -> dict:
    actor(call)
    size = min(max(integer(call, "maxResults", 100), 1), 100)
    after = integer(call, "after", 0)
    failures = [f for f in state_of(call).find("webhook_failure") if f["at"] * 1000 > after]
    page = failures[:size]
    out: dict = {
        "values": [
            {"id": f["id"], "body": f["body"], "url": f["url"], "failureTime": int(f["at"] * 1000)}
            for f in page
        ],
        "maxResults": size,
    }
    if len(failures) > size:
        out["next"] = (
            f"{call.twin.base_url}/rest/api/3/webhook/failed?after={int(page[-1]['at'] * 1000)}"
        )
    return out


# -- admin webhooks -------------------------------------------------------------------------------
def _admin_json(call: Call, hook: dict) -> dict:
    state = state_of(call)
    user = state.get("user", hook["owner"]) or {}
    return {
        "name": hook["name"],
        "url": hook["url"],
        "excludeBody": hook.get("excludeBody", False),
        "filters": {ISSUE_FILTER: hook.get("jqlFilter", "")},
        "events": hook["events"],
        "enabled": hook["enabled"],
        "self": f"{call.twin.base_url}{ADMIN_PATH}/{hook['id']}",
        "lastUpdatedUser": hook["owner"],
        "lastUpdatedDisplayName": user.get("displayName", ""),
        "lastUpdated": jira_time(hook["lastUpdated"]),
    }


def _admin_spec(call: Call, account_id: str) -> dict:
    data = body(call)
    events = [str(e) for e in data.get("events") or []]
    jql = str((data.get("filters") or {}).get(ISSUE_FILTER) or "")
    problems = _problems(call, account_id, data.get("url") or "", events, jql)
    if not str(data.get("name") or "").strip():
        problems.append("The webhook name must not be empty.")
    if problems:
        raise bad_request(*problems)
    return {
        "name": str(data["name"]),
        "url": str(data["url"]),
        "events": events,
        "jqlFilter": jql,
        "excludeBody": bool(data.get("excludeBody", False)),
        "enabled": bool(data.get("enabled", True)),
    }


def _admin_hook(call: Call) -> dict:
    hook = state_of(call).get("webhook", call.path_params["id"])
    if hook is None or hook["dynamic"]:
        raise not_found(f"No webhook with id {call.path_params['id']}.")
    return hook


@operation("createWebhook")
def create_webhook(call: Call):
    account_id = admin(call)
    hook = state_of(call).create_webhook(account_id, _admin_spec(call, account_id), dynamic=False)
    return created(_admin_json(call, hook))


@operation("getWebhooks")
def get_webhooks(call: Call) -> list:
    admin(call)
    return [_admin_json(call, h) for h in state_of(call).webhooks(dynamic=False)]


@operation("getWebhook")
def get_webhook(call: Call) -> dict:
    admin(call)
    return _admin_json(call, _admin_hook(call))


@operation("updateWebhook")
def update_webhook(call: Call) -> dict:
    account_id = admin(call)
    hook = _admin_hook(call)
    state = state_of(call)
    changed = {
        **hook,
        **_admin_spec(call, account_id),
        "owner": account_id,
        "lastUpdated": state.now(),
    }
    state.put("webhook", str(hook["id"]), changed)
    return _admin_json(call, changed)


@operation("deleteWebhook")
def delete_webhook(call: Call):
    admin(call)
    state_of(call).delete("webhook", _admin_hook(call)["id"])
    return no_content()


def routes() -> list[Route]:
    return [
        *rest("/webhook", register_dynamic_webhooks, "POST"),
        *rest("/webhook", get_dynamic_webhooks_for_app, "GET"),
        *rest("/webhook", delete_webhook_by_id, "DELETE"),
        *rest("/webhook/refresh", refresh_webhooks, "PUT"),
        *rest("/webhook/failed", get_failed_webhooks, "GET"),
        Route(ADMIN_PATH, create_webhook, methods=["POST"]),
        Route(ADMIN_PATH, get_webhooks, methods=["GET"]),
        Route(f"{ADMIN_PATH}/{{id}}", get_webhook, methods=["GET"]),
        Route(f"{ADMIN_PATH}/{{id}}", update_webhook, methods=["PUT"]),
        Route(f"{ADMIN_PATH}/{{id}}", delete_webhook, methods=["DELETE"]),
    ]
