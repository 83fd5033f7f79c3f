"""Org-wide settings objects that exist once per org: read as a fresh org has them until an
admin replaces them, each replacement checked and written to the System Log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from starlette.responses import JSONResponse
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import authorize, body
from darkfactory.twins.okta.errors import validation
from darkfactory.twins.okta.state import state_of


@dataclass(frozen=True)
class Setting:
    """One settings object at ``path``: its operations, scope, fresh value and check."""

    path: str
    get: str  # operationId of the read
    replace: str  # operationId of the write
    scope: str  # "okta.orgs" (+ ".read" / ".manage")
    fresh: dict
    check: Callable[[Call, dict], dict]  # payload -> stored value; raises E0000001
    method: str = "PUT"
    shown: Callable[[Call, dict], dict] = lambda call, value: value  # value -> wire JSON
    read_as_list: bool = False  # the read answers ``[value]``


def flag(name: str) -> Callable[[Call, dict], dict]:
    """A check for a settings object holding one boolean ``name``."""

    def check(call: Call, payload: dict) -> dict:
        if not isinstance(payload.get(name), bool):
            raise validation(name, f"{name}: must be true or false")
        return {name: payload[name]}

    return check


def value(call: Call, setting: Setting) -> dict:
    """The setting's current value."""
    return call.universe.store.setting(f"okta.setting.{setting.path}") or setting.fresh


def routes(setting: Setting) -> list[Route]:
    @operation(setting.get)
    def get(call: Call) -> JSONResponse:
        authorize(call, f"{setting.scope}.read")
        shown = setting.shown(call, value(call, setting))
        return JSONResponse([shown] if setting.read_as_list else shown)

    @operation(setting.replace)
    def replace(call: Call) -> dict:
        actor = authorize(call, f"{setting.scope}.manage")
        stored = setting.check(call, body(call))
        call.universe.store.set_setting(f"okta.setting.{setting.path}", stored)
        name = setting.path.rsplit("/", 1)[-1]
        target = {"id": name, "type": "OrgSetting", "alternateId": name, "displayName": name}
        state_of(call).log("system.org.settings.update", f"Update {name}", actor, target)
        return setting.shown(call, stored)

    return [
        Route(setting.path, get, methods=["GET"]),
        Route(setting.path, replace, methods=[setting.method]),
    ]
