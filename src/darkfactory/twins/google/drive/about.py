"""``about.get``: the caller, their storage quota and what Drive can import and export (the
native types whose areas registered content, and loaders for imports)."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import formats, native, wire
from darkfactory.twins.google.errors import required
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.operation import Call, operation

QUOTA = 15 * 1024**3


@operation("drive.about.get")
def get(call: Call) -> dict:
    principal = require(call)
    if not call.query.get("fields"):
        raise required("fields", "The 'fields' parameter is required for this method.")
    return wire.partial(call, about_of(call, principal), "About")


def about_of(call: Call, principal: Principal) -> dict:
    """What v3's ``about`` tells the caller (Drive v2 rewords it)."""
    usage = call.twin.drive.usage(principal.email)
    return {
        "kind": "drive#about",
        "user": wire.user_json(call, principal.email, me=principal.email),
        "storageQuota": {
            "limit": str(QUOTA),
            "usage": str(usage["total"]),
            "usageInDrive": str(usage["total"]),
            "usageInDriveTrash": str(usage["trash"]),
        },
        "importFormats": _imports(),
        "exportFormats": {k: v for k, v in formats.EXPORTS.items() if native.of(k)},
        "maxImportSizes": {k: "10485760" for k in formats.EXPORTS if native.of(k)},
        "maxUploadSize": str(formats.MAX_UPLOAD_SIZE),
        "appInstalled": False,
        "folderColorPalette": formats.FOLDER_COLORS,
        "driveThemes": [],
        "canCreateDrives": principal.kind == "user",
        "canCreateTeamDrives": principal.kind == "user",
    }


def _imports() -> dict[str, list[str]]:
    """What uploads can convert into, given which native types can load content."""
    loadable = {k for k in formats.EXPORTS if (kind := native.of(k)) and kind.load}
    found = {
        source: [t for t in targets if t in loadable] for source, targets in formats.IMPORTS.items()
    }
    return {source: targets for source, targets in found.items() if targets}


def routes() -> list[Route]:
    return [Route("/drive/v3/about", get, methods=["GET"])]
