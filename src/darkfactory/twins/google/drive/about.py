"""``about.get``: the caller, their storage quota and what Drive can import and export."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import formats, wire
from darkfactory.twins.google.errors import required
from darkfactory.twins.kit.operation import Call, operation

QUOTA = 15 * 1024**3


@operation("drive.about.get")
def get(call: Call) -> dict:
    principal = require(call)
    if not call.query.get("fields"):
        raise required("fields", "The 'fields' parameter is required for this method.")
    usage = call.twin.drive.usage(principal.email)
    about = {
        "kind": "drive#about",
        "user": wire.user_json(call, principal.email, me=principal.email),
        "storageQuota": {
            "limit": str(QUOTA),
            "usage": str(usage["total"]),
            "usageInDrive": str(usage["total"]),
            "usageInDriveTrash": str(usage["trash"]),
        },
        "importFormats": formats.IMPORTS,
        "exportFormats": formats.EXPORTS,
        "maxImportSizes": {native: "10485760" for native in formats.EXPORTS},
        "maxUploadSize": str(formats.MAX_UPLOAD_SIZE),
        "appInstalled": False,
        "folderColorPalette": formats.FOLDER_COLORS,
        "driveThemes": [],
        "canCreateDrives": principal.kind == "user",
        "canCreateTeamDrives": principal.kind == "user",
    }
    return wire.partial(call, about, "About")


def routes() -> list[Route]:
    return [Route("/drive/v3/about", get, methods=["GET"])]
