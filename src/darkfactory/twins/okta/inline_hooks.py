"""Inline hooks: ``/api/v1/inlineHooks`` registration, lifecycle, and ``execute`` against the hook.

A hook's HTTP channel names the endpoint Okta calls (``https://``, or ``http://`` on the loopback
for local services) and an optional ``authScheme`` header whose secret is never echoed.
``execute`` posts a payload to the endpoint and answers with the endpoint's JSON.
"""

from __future__ import annotations

import copy
from urllib.parse import urlsplit

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit import TwinError, operation
from darkfactory.twins.kit.operation import Call, read_call, run
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.api import authorize, body
from darkfactory.twins.okta.errors import OktaError, validation
from darkfactory.twins.okta.state import state_of

TYPES = (
    "com.okta.import.transform",
    "com.okta.oauth2.tokens.transform",
    "com.okta.saml.tokens.transform",
    "com.okta.telephony.provider",
    "com.okta.user.credential.password.import",
    "com.okta.user.pre-registration",
)
LOOPBACK = ("127.0.0.1", "localhost", "::1")
TIMEOUT_S = 3.0  # Okta waits three seconds for an inline hook


def _clean(call: Call, payload: dict, own_id: str | None) -> dict:
    if not payload.get("name"):
        raise validation("name", "name: The field cannot be left blank")
    if payload.get("type") not in TYPES:
        raise validation("type", f"type: must be one of {', '.join(TYPES)}")
    channel = copy.deepcopy(payload.get("channel") or {})
    if channel.get("type", "HTTP") != "HTTP":
        raise validation("channel.type", "channel.type: only HTTP channels are supported")
    config = channel.setdefault("config", {})
    uri = urlsplit(str(config.get("uri") or ""))
    secure = uri.scheme == "https" or (uri.scheme == "http" and uri.hostname in LOOPBACK)
    if not (secure and uri.netloc):
        raise validation("channel.config.uri", "uri: The URI must begin with https://")
    config.setdefault("method", "POST")
    config.setdefault("headers", [])
    if own_id and not (config.get("authScheme") or {}).get("value"):
        old = resources.document(call, KIND, own_id)["document"]["channel"]["config"]
        if old.get("authScheme"):  # a replacement that omits the secret keeps it
            config["authScheme"] = {**old["authScheme"], **(config.get("authScheme") or {})}
    channel.setdefault("version", "1.0.0")
    channel["type"] = "HTTP"
    return {
        "name": payload["name"],
        "type": payload["type"],
        "version": payload.get("version") or "1.0.0",
        "channel": channel,
    }


KIND = resources.Kind(
    name="InlineHook",
    path="/api/v1/inlineHooks",
    id_param="inlineHookId",
    prefix="cal",
    scope="okta.inlineHooks",
    event="inline_hook",
    clean=_clean,
    hidden=("channel.config.authScheme.value",),
    delete_needs_inactive=True,
    past_tense=True,
    listed=lambda call, document: call.query.get("type") in (None, document["type"]),
    paged=False,
)


@operation("updateInlineHook")
def update_inline_hook(call: Call) -> dict:
    """A partial update: the fields sent replace those stored, ``channel.config`` merged."""
    actor = authorize(call, "okta.inlineHooks.manage")
    hook, payload = resources.document(call, KIND), body(call)
    merged = {**hook["document"], **{k: v for k, v in payload.items() if k != "channel"}}
    if payload.get("channel"):
        old = hook["document"]["channel"]
        config = {**old["config"], **(payload["channel"].get("config") or {})}
        merged["channel"] = {**old, **payload["channel"], "config": config}
    return resources.store(call, KIND, hook, _clean(call, merged, hook["id"]), actor)


def _headers(config: dict) -> dict:
    headers = {h["key"]: h["value"] for h in config.get("headers") or [] if h.get("key")}
    scheme = config.get("authScheme") or {}
    if scheme.get("key") and scheme.get("value"):
        headers[scheme["key"]] = scheme["value"]
    return headers


async def execute_inline_hook(request: Request) -> Response:
    """Post the payload to the hook's endpoint and answer with what it returns.

    The caller is authorized and the hook read before the endpoint is called; the call itself
    happens outside any transaction.
    """
    call = await read_call(request, "executeInlineHook")
    try:
        with call.universe.store.transaction():
            authorize(call, "okta.inlineHooks.manage")
            hook = resources.document(call, KIND)
            payload = body(call)
    except TwinError as error:
        return call.twin.render_error(request, error)
    config = hook["document"]["channel"]["config"]
    answer, problem = None, None
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT_S) as client:
            reply = await client.request(
                config.get("method", "POST"), config["uri"], json=payload, headers=_headers(config)
            )
        reply.raise_for_status()
        answer = reply.json()
    except (httpx.HTTPError, ValueError) as error:
        problem = f"The inline hook's endpoint failed: {error}"

    def handler(call: Call) -> JSONResponse:
        name = hook["document"]["name"]
        target = {"id": hook["id"], "type": "InlineHook", "alternateId": name, "displayName": name}
        state_of(call).log(
            "inline_hook.executed",
            "Inline hook executed",
            None,
            target,
            outcome="FAILURE" if problem else "SUCCESS",
        )
        if problem:
            error = OktaError("E0000001", 400, "Api validation failed: inline hook", [problem])
            return call.twin.render_error(call.request, error)
        return JSONResponse(answer)

    return await run(call, handler)


execute_inline_hook.operation = "executeInlineHook"  # type: ignore[attr-defined]


def routes() -> list[Route]:
    one = "/api/v1/inlineHooks/{inlineHookId}"
    return [
        *resources.routes(
            KIND,
            {
                "create": "createInlineHook",
                "list": "listInlineHooks",
                "get": "getInlineHook",
                "replace": "replaceInlineHook",
                "delete": "deleteInlineHook",
                "activate": "activateInlineHook",
                "deactivate": "deactivateInlineHook",
            },
        ),
        Route(one, update_inline_hook, methods=["POST"]),
        Route(f"{one}/execute", execute_inline_hook, methods=["POST"]),
    ]
