"""Slack's Web API wire format: ``/slack/api/<method>``, tokens, arguments, ``{"ok": ...}``.

Methods register themselves with ``@web_method("conversations.history", scopes=...)`` in the
module of ``methods/`` named by the longest start of the method's name that names a module or a
folder there (its parts snake_cased and joined by ``_``): ``chat.postMessage`` is found in
``methods/chat.py`` as ``post_message``, ``users.profile.get`` in ``methods/users.py`` as
``profile_get``, ``admin.teams.create`` in ``methods/admin_teams.py`` and
``team.externalTeams.list`` in ``methods/team_external_teams.py``. A family too large for one
module is a folder: ``conversations/`` keeps Slack Connect's methods in ``shared.py`` and
``conversations.canvases.*`` in ``canvases.py``. The retired families (``channels.*``,
``groups.*``, ``im.*``, ``mpim.*``) have their modules too, each answering ``method_deprecated``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit.errors import TwinError
from darkfactory.twins.kit.operation import Call, read_call, run
from darkfactory.twins.kit.responses import JSONResponse
from darkfactory.twins.kit.tokens import Grant

Handler = Callable[["SlackCall"], dict[str, Any] | Response]


@dataclass(frozen=True)
class WebMethod:
    name: str
    handler: Handler
    scopes: tuple[str, ...]  # any one of these suffices
    auth: bool = True
    token: str | None = None  # the one special token kind (SPECIAL_TOKENS) the method takes


METHODS: dict[str, WebMethod] = {}
# Callables run on the twin's state before each call: rules that catch up with the clock.
PREPARERS: list[Callable[[Any], None]] = []
# Callables told of every call that succeeded, with its answer (the audit log listens here).
OBSERVERS: list[Callable[[SlackCall, dict[str, Any]], None]] = []
# Token kinds good only for the methods that name them: configuration tokens for
# ``apps.manifest.*``, app-level tokens (xapp-) for ``apps.connections.open``.
SPECIAL_TOKENS = ("config", "app")


def web_method(
    name: str, scopes: tuple[str, ...] | str = (), auth: bool = True, token: str | None = None
):
    """Register a Web API method handler; ``scopes`` lists alternatives, any one is enough;
    ``token`` names the special token kind the method takes instead of bot and user tokens."""
    wanted = (scopes,) if isinstance(scopes, str) else tuple(scopes)

    def register(handler: Handler) -> Handler:
        METHODS[name] = WebMethod(name, handler, wanted, auth, token)
        return handler

    return register


class SlackError(TwinError):
    """``{"ok": false, "error": code}``: Slack answers most errors with HTTP 200."""

    def __init__(self, code: str, status: int = 200, **detail: Any) -> None:
        super().__init__(code, status, **detail)


STRUCTURED = {
    "blocks",
    "attachments",
    "profile",
    "metadata",
    "users",
    "view",
    "types",
    "unfurls",
    "changes",
    "document_content",
    "criteria",
    "loading_messages",
    "prompts",
    "schema",
    "description_blocks",
    "initial_fields",
    "cells",
    "ids",
    "user_ids",
    "channel_ids",
    "dialog",
    "chunks",
}


def _plain(value: Any) -> Any:
    """A JSON argument as Slack reads it: scalars become the strings a form would carry."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return value


class SlackCall:
    """One Web API call: its arguments (query, form or JSON merged) and the caller's grant."""

    def __init__(self, call: Call, method: WebMethod, grant: Grant | None) -> None:
        self.call = call
        self.method = method
        self.grant = grant
        # (a query string is parsed only when there is one: most calls carry a body alone)
        self.args: dict[str, Any] = dict(call.query) if call.request.scope["query_string"] else {}
        if call.form is not None:
            self.args.update({k: v for k, v in call.form.items() if isinstance(v, str)})
        elif isinstance(call.json, dict):
            self.args.update({str(k): _plain(v) for k, v in call.json.items()})

    @property
    def universe(self):
        return self.call.universe

    @property
    def state(self):
        return self.call.twin.state

    @property
    def user(self) -> str:
        """The user id the caller acts as (a bot token acts as its bot user)."""
        assert self.grant is not None
        return self.grant.principal

    @property
    def is_bot(self) -> bool:
        return self.grant is not None and self.grant.kind == "bot"

    def require_scope(self, *scopes: str) -> None:
        if self.grant is None or not scopes or any(self.grant.has(s) for s in scopes):
            return
        raise SlackError(
            "missing_scope", needed=",".join(scopes), provided=",".join(self.grant.scopes)
        )

    # -- argument access --------------------------------------------------------------------------
    def get(self, name: str, default: Any = None) -> Any:
        value = self.args.get(name)
        if isinstance(value, list | dict) and name not in STRUCTURED:
            raise SlackError(
                "invalid_arguments",
                response_metadata={"messages": [f"[ERROR] {name} must be a string"]},
            )
        return default if value in (None, "") else value

    def require(self, name: str, error: str | None = None) -> Any:
        value = self.get(name)
        if value is None:
            raise SlackError(
                error or "invalid_arguments",
                response_metadata={"messages": [f"[ERROR] missing required field: {name}"]},
            )
        return value

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        return str(value).lower() in ("1", "true", "yes")

    def integer(self, name: str, default: int | None = None, lo: int = 0, hi: int | None = None):
        value = self.get(name)
        if value is None:
            return default
        try:
            number = int(value)
        except (TypeError, ValueError, OverflowError):
            raise SlackError(
                "invalid_arguments",
                response_metadata={"messages": [f"[ERROR] {name} must be an integer"]},
            ) from None
        number = max(lo, number)
        return min(hi, number) if hi is not None else number

    def listing(self, name: str) -> list[str]:
        """A comma-separated (or JSON array) argument as a list."""
        value = self.get(name)
        if value is None:
            return []
        if isinstance(value, list):
            return [str(v) for v in value]
        return [part.strip() for part in str(value).split(",") if part.strip()]

    def structured(self, name: str) -> Any:
        """An argument that is JSON when sent as a form field (``blocks``, ``attachments``...)."""
        value = self.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise SlackError(f"invalid_{name}") from None
        return value


def bearer_token(call: Call) -> str | None:
    header = call.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    if call.form is not None and call.form.get("token"):
        return str(call.form.get("token"))
    if isinstance(call.json, dict) and call.json.get("token"):
        return str(call.json["token"])
    return call.query.get("token")


def authenticate(call: Call, token: str | None, kind: str | None = None, status: int = 200):
    """The live grant behind ``token``; ``kind`` names the one special token kind accepted
    (``None``: bot and user tokens only). Refusals carry ``status`` as their HTTP status."""
    if not token:
        raise SlackError("not_authed", status)
    grant = call.universe.tokens.lookup("slack", token)
    if grant is None or grant.kind == "refresh":
        raise SlackError("invalid_auth", status)
    if grant.meta.get("expires", float("inf")) <= call.universe.clock.now():
        raise SlackError("token_expired", status)
    if (grant.kind in SPECIAL_TOKENS or kind) and grant.kind != kind:
        raise SlackError("not_allowed_token_type", status)
    if call.twin.state.user_is_deactivated(grant.principal):
        raise SlackError("account_inactive", status)
    return grant


@functools.lru_cache(maxsize=256)
def scope_headers(granted: tuple[str, ...], accepted: tuple[str, ...]) -> list[tuple[bytes, bytes]]:
    """The headers naming a token's scopes and the scopes a method accepts, as sent: written
    once for each pair of scope lists, which few tokens and methods share between them."""
    return [
        (b"x-oauth-scopes", ",".join(granted).encode("latin-1")),
        (b"x-accepted-oauth-scopes", ",".join(accepted).encode("latin-1")),
    ]


def answer(result: dict[str, Any] | Response, grant: Grant | None, method: WebMethod) -> Response:
    """``{"ok": true}`` and ``result``; with a token, the scope headers first, then the length
    and type of the body (the order Starlette writes them in when given the headers)."""
    if isinstance(result, Response):
        return result
    response = JSONResponse({"ok": True, **result})
    if grant is not None:
        response.raw_headers[:0] = scope_headers(grant.scopes, method.scopes)
    return response


async def dispatch(request: Request) -> Response:
    name = request.path_params["method"]
    call = await read_call(request, name)
    method = METHODS.get(name)

    def prepare(call: Call) -> SlackCall:
        """What every call does before its method's handler: checks, and the writes they make."""
        if method is None:
            raise SlackError("unknown_method", status=404, req_method=name)
        if call.body_error:
            raise SlackError("invalid_form_data")
        grant = None
        if method.auth:
            grant = authenticate(call, bearer_token(call), method.token)
            if grant.kind == "user":
                client = call.request.client
                call.twin.state.record_access(
                    grant.principal,
                    client.host if client else "",
                    call.headers.get("user-agent", ""),
                )
        call.twin.state.deliver_scheduled()
        for catch_up in PREPARERS:
            catch_up(call.twin.state)
        slack_call = SlackCall(call, method, grant)
        throttle(slack_call)
        slack_call.require_scope(*method.scopes)
        if name.startswith("admin.") and not call.twin.state.is_org_admin(grant.principal):
            raise SlackError("not_an_admin")
        return slack_call

    def handle(slack_call: SlackCall) -> Response:
        result = slack_call.method.handler(slack_call)
        if isinstance(result, dict):
            for observe in OBSERVERS:
                observe(slack_call, result)
        return answer(result, slack_call.grant, slack_call.method)

    return await run(call, handle, prepare=prepare)


def throttle(call: SlackCall) -> None:
    """Count the call against its method's rate limit, when the universe applies them: Slack
    counts per workspace and per app (a token outside any app counts alone)."""
    limiter = call.call.twin.rate_limiter
    if not limiter.enabled:
        return
    grant = call.grant
    if grant is None:
        app, team = str(call.args.get("client_id") or ""), call.state.team_id()
    else:
        app = grant.meta.get("app_id") or grant.token
        row = call.state.db.one("SELECT team_id FROM slack_users WHERE id = ?", (grant.principal,))
        team = row["team_id"] if row else call.state.team_id()
    wait = limiter.admit(call.method.name, team, app, str(call.args.get("channel") or ""))
    if wait is not None:
        raise SlackError("ratelimited", 429, retry_after=wait)


def render_error(error: TwinError) -> Response:
    body = {"ok": False, "error": error.code}
    retry_after = error.detail.pop("retry_after", None)
    body.update(error.detail)
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return JSONResponse(body, error.status, headers=headers)


def routes() -> list[Route]:
    return [Route("/api/{method}", dispatch, methods=["GET", "POST"])]
