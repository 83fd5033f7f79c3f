"""``apps.*``: the Drive apps a user has: the Docs and Sheets editors the twin serves, which open
and convert their formats, and every OAuth app the user has authorized (by its Cloud project,
the app's id), which opens nothing until it says so.

``apps.list`` needs the ``drive.apps.readonly`` scope alone; ``appFilterMimeTypes`` and
``appFilterExtensions`` keep the apps that open one of the types or extensions (the union of
both lists). Drive v2 answers the same apps (``v2.apps``).
"""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import wire
from darkfactory.twins.google.drive.formats import (
    CSV,
    DOCUMENT,
    DOCX,
    EXPORTS,
    HTML,
    IMPORTS,
    MARKDOWN,
    PLAIN,
    SPREADSHEET,
    TSV,
    XLSX,
)
from darkfactory.twins.google.errors import not_found
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.google.state import DIGITS
from darkfactory.twins.kit.operation import Call, operation

EXTENSIONS = {
    PLAIN: "txt",
    HTML: "html",
    MARKDOWN: "md",
    DOCX: "docx",
    CSV: "csv",
    TSV: "tsv",
    XLSX: "xlsx",
    "application/pdf": "pdf",
}
EDITORS = {
    DOCUMENT: ("Google Docs", "documents", "Document"),
    SPREADSHEET: ("Google Sheets", "spreadsheets", "Spreadsheet"),
}
DRIVE_WIDE = {
    "https://www.googleapis.com/auth/drive",
    "https://www.googleapis.com/auth/drive.readonly",
}


def _editor(call: Call, native: str) -> dict:
    """The twin's editor of a native type as a Drive app."""
    name, pages, object_type = EDITORS[native]
    secondary = sorted({*EXPORTS[native], *(m for m, to in IMPORTS.items() if native in to)})
    base = f"{call.twin.universe.url}/ui/google/{pages}"
    return {
        "kind": "drive#app",
        "id": call.universe.ids.derive(f"google.app:{native}", 12, DIGITS),
        "name": name,
        "objectType": object_type,
        "shortDescription": f"Create and edit {object_type.lower()}s.",
        "longDescription": f"{name} opens, converts and edits {object_type.lower()}s in Drive.",
        "supportsCreate": True,
        "supportsImport": True,
        "supportsMultiOpen": False,
        "supportsOfflineCreate": True,
        "installed": True,
        "authorized": True,
        "hasDriveWideScope": True,
        "useByDefault": True,
        "productUrl": base,
        "productId": "",
        "openUrlTemplate": base + "/{ids}",
        "createUrl": base,
        "createInFolderTemplate": base + "?folder={folderId}",
        "primaryMimeTypes": [native],
        "secondaryMimeTypes": secondary,
        "primaryFileExtensions": [],
        "secondaryFileExtensions": sorted({EXTENSIONS[m] for m in secondary}),
        "icons": [],
    }


def _authorized(call: Call, principal: Principal) -> list[dict]:
    """The OAuth apps ``principal`` has granted a refresh token to, one per Cloud project."""
    scopes_by_client: dict[str, set[str]] = {}
    for grant in call.universe.tokens.of("google", principal.email, "refresh"):
        scopes_by_client.setdefault(grant.meta["client_id"], set()).update(grant.scopes)
    apps: dict[str, dict] = {}
    for client_id, scopes in scopes_by_client.items():
        client = call.universe.store.one(
            "SELECT * FROM google_oauth_clients WHERE client_id = ?", (client_id,)
        )
        if client is None:
            continue
        app_id = client_id.split("-", 1)[0]
        found = apps.setdefault(app_id, {"name": client["name"], "scopes": set()})
        found["scopes"] |= scopes
    return [
        {
            "kind": "drive#app",
            "id": app_id,
            "name": found["name"],
            "objectType": "",
            "supportsCreate": False,
            "supportsImport": False,
            "supportsMultiOpen": False,
            "supportsOfflineCreate": False,
            "installed": False,
            "authorized": True,
            "hasDriveWideScope": bool(found["scopes"] & DRIVE_WIDE),
            "useByDefault": False,
            "primaryMimeTypes": [],
            "secondaryMimeTypes": [],
            "primaryFileExtensions": [],
            "secondaryFileExtensions": [],
            "icons": [],
        }
        for app_id, found in apps.items()
    ]


def apps_of(call: Call, principal: Principal) -> list[dict]:
    """Every app of the caller: the editors, then the authorized apps."""
    return [_editor(call, native) for native in EDITORS] + _authorized(call, principal)


def _opens(app: dict, types: set[str], extensions: set[str]) -> bool:
    mimes = {*app["primaryMimeTypes"], *app["secondaryMimeTypes"]}
    known = {*app["primaryFileExtensions"], *app["secondaryFileExtensions"]}
    return bool(mimes & types or known & extensions)


def listed(call: Call, principal: Principal) -> tuple[list[dict], list[str]]:
    """The caller's apps as ``apps.list`` filters them, and the ids of the default ones."""
    types = {t.strip() for t in call.query.get("appFilterMimeTypes", "").split(",") if t.strip()}
    extensions = {
        e.strip().lstrip(".") for e in call.query.get("appFilterExtensions", "").split(",")
    } - {""}
    apps = apps_of(call, principal)
    if types or extensions:
        apps = [app for app in apps if _opens(app, types, extensions)]
    return apps, [app["id"] for app in apps if app["useByDefault"]]


def one(call: Call, principal: Principal) -> dict:
    """The app in the path; Drive's 404 if the caller has no such app."""
    app_id = call.path_params["appId"]
    for app in apps_of(call, principal):
        if app["id"] == app_id:
            return app
    raise not_found(f"App not found: {app_id}", location="appId")


@operation("drive.apps.list")
def list_(call: Call) -> dict:
    principal = require(call)
    apps, defaults = listed(call, principal)
    answer = {
        "kind": "drive#appList",
        "selfLink": f"{call.twin.client_url}drive/v3/apps",
        "defaultAppIds": defaults,
        "items": apps,
    }
    return wire.partial(call, answer, "AppList")


@operation("drive.apps.get")
def get(call: Call) -> dict:
    return wire.partial(call, one(call, require(call)), "App")


def routes() -> list[Route]:
    return [
        Route("/drive/v3/apps", list_, methods=["GET"]),
        Route("/drive/v3/apps/{appId}", get, methods=["GET"]),
    ]
