"""Drive v2 ``about.get``: v3's ``about`` in v2's words (quota in bytes, formats as lists, the
root folder and the largest change id), every field unless ``fields`` cuts it."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import about, changes
from darkfactory.twins.google.drive import wire as v3_wire
from darkfactory.twins.google.drive.v2 import wire
from darkfactory.twins.kit.operation import Call, operation


def _formats(formats: dict[str, list[str]]) -> list[dict]:
    return [{"source": source, "targets": targets} for source, targets in formats.items()]


@operation("drive.v2.about.get")
def get(call: Call) -> dict:
    principal = require(call)
    v3 = about.about_of(call, principal)
    quota = v3["storageQuota"]
    drive = call.twin.drive
    user = wire.user_json(v3_wire.user_json(call, principal.email, me=principal.email))
    answer = {
        "kind": "drive#about",
        "selfLink": wire.link(call, "about"),
        "name": user["displayName"],
        "user": user,
        "permissionId": user["permissionId"],
        "rootFolderId": drive.root_of(principal.email),
        "quotaType": "LIMITED",
        "quotaBytesTotal": quota["limit"],
        "quotaBytesUsed": quota["usageInDrive"],
        "quotaBytesUsedAggregate": quota["usage"],
        "quotaBytesUsedInTrash": quota["usageInDriveTrash"],
        "largestChangeId": str(changes.next_token(drive) - 1),
        "remainingChangeIds": "0",
        "importFormats": _formats(v3["importFormats"]),
        "exportFormats": _formats(v3["exportFormats"]),
        "maxUploadSizes": [{"type": "*", "size": v3["maxUploadSize"]}],
        "isCurrentAppInstalled": v3["appInstalled"],
        "languageCode": "en",
        "folderColorPalette": v3["folderColorPalette"],
        "canCreateDrives": v3["canCreateDrives"],
        "canCreateTeamDrives": v3["canCreateTeamDrives"],
    }
    return wire.partial(call, answer, "About")


def routes() -> list[Route]:
    return [Route("/drive/v2/about", get, methods=["GET"])]
