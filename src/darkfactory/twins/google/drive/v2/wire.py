"""Drive v2's JSON shapes, read from and written to the same rows as v3's.

v2 names what v3 calls ``name`` a ``title``, its times ``...Date``, keeps ``starred`` and
``trashed`` under ``labels``, gives parents as references (``{"kind": "drive#parentReference",
"id", ...}``) and properties as a list of ``{key, value, visibility}``. ``file_json`` renders a
file from v3's own rendering; ``metadata_in`` turns a v2 request body into v3's metadata so both
versions write through the same rules (``drive.writes``). Without ``fields`` v2 answers every
field.
"""

from __future__ import annotations

from darkfactory.twins.google import bodies, discovery, fields
from darkfactory.twins.google.drive import wire
from darkfactory.twins.google.drive.roles import Access
from darkfactory.twins.kit.operation import Call

RENAMED = {
    "name": "title",
    "createdTime": "createdDate",
    "modifiedTime": "modifiedDate",
    "modifiedByMeTime": "modifiedByMeDate",
    "sharedWithMeTime": "sharedWithMeDate",
    "trashedTime": "trashedDate",
    "size": "fileSize",
    "webViewLink": "alternateLink",
}
KEPT = (
    "kind",
    "id",
    "mimeType",
    "description",
    "version",
    "iconLink",
    "hasThumbnail",
    "thumbnailVersion",
    "explicitlyTrashed",
    "spaces",
    "driveId",
    "teamDriveId",
    "folderColorRgb",
    "originalFilename",
    "md5Checksum",
    "quotaBytesUsed",
    "headRevisionId",
    "fileExtension",
    "fullFileExtension",
    "exportLinks",
    "webContentLink",
    "copyRequiresWriterPermission",
    "writersCanShare",
    "hasAugmentedPermissions",
    "isAppAuthorized",
    "inheritedPermissionsDisabled",
    "ownedByMe",
    "shared",
    "permissionIds",
)
CAPABILITIES = discovery.document("drive", "v2")["schemas"]["File"]["properties"]["capabilities"]
VISIBILITY = {"properties": "PUBLIC", "appProperties": "PRIVATE"}
V3_TIMES = {"createdDate": "createdTime", "modifiedDate": "modifiedTime"}


def link(call: Call, path: str) -> str:
    """The twin's v2 URL of a resource path (``files/ID/parents/PID``)."""
    return f"{call.twin.client_url}drive/v2/{path}"


def user_json(v3_user: dict) -> dict:
    return {
        "kind": "drive#user",
        "displayName": v3_user["displayName"],
        "picture": {"url": v3_user["photoLink"]},
        "isAuthenticatedUser": v3_user["me"],
        "permissionId": v3_user["permissionId"],
        "emailAddress": v3_user["emailAddress"],
    }


def parent_json(call: Call, file_id: str, parent_id: str, root_id: str) -> dict:
    return {
        "kind": "drive#parentReference",
        "id": parent_id,
        "selfLink": link(call, f"files/{file_id}/parents/{parent_id}"),
        "parentLink": link(call, f"files/{parent_id}"),
        "isRoot": parent_id == root_id,
    }


def permission_json(call: Call, v3_permission: dict, file_id: str) -> dict:
    """A v3 permission as v2 writes it: ``commenter`` is a reader with that additional role,
    the grantee's address also as ``value``, its domain's name as ``name``."""
    role = v3_permission["role"]
    answer = {
        "kind": "drive#permission",
        "id": v3_permission["id"],
        "selfLink": link(call, f"files/{file_id}/permissions/{v3_permission['id']}"),
        "type": v3_permission["type"],
        "role": "reader" if role == "commenter" else role,
    }
    if role == "commenter":
        answer["additionalRoles"] = ["commenter"]
    if "emailAddress" in v3_permission:
        answer |= {
            "emailAddress": v3_permission["emailAddress"],
            "value": v3_permission["emailAddress"],
        }
    if "displayName" in v3_permission:
        answer["name"] = v3_permission["displayName"]
    if "domain" in v3_permission:
        answer |= {"domain": v3_permission["domain"], "value": v3_permission["domain"]}
    if "allowFileDiscovery" in v3_permission:
        answer["withLink"] = not v3_permission["allowFileDiscovery"]
    if "expirationTime" in v3_permission:
        answer["expirationDate"] = v3_permission["expirationTime"]
    for key in ("pendingOwner", "deleted", "permissionDetails", "teamDrivePermissionDetails"):
        if key in v3_permission:
            answer[key] = v3_permission[key]
    return answer


def _properties(v3_file: dict) -> list[dict]:
    return [
        {"kind": "drive#property", "key": key, "value": value, "visibility": visibility}
        for source, visibility in VISIBILITY.items()
        for key, value in v3_file.get(source, {}).items()
    ]


def file_json(call: Call, file: dict, access: Access) -> dict:
    """A file as Drive v2 describes it to ``access.principal``."""
    v3 = wire.file_json(call, file, access)
    answer = {key: v3[key] for key in KEPT if key in v3}
    answer |= {new: v3[old] for old, new in RENAMED.items() if old in v3}
    caps = v3["capabilities"]
    root = call.twin.drive.root_of(access.principal.email)
    answer |= {
        "selfLink": link(call, f"files/{file['id']}"),
        "etag": f'"{file["id"]}/{file["version"]}"',
        "labels": {
            "starred": v3["starred"],
            "hidden": False,
            "trashed": v3["trashed"],
            "restricted": v3["copyRequiresWriterPermission"],
            "viewed": v3["viewedByMe"],
            "modified": v3["modifiedByMe"],
        },
        "parents": [parent_json(call, file["id"], p, root) for p in file["parents"]],
        "capabilities": {k: v for k, v in caps.items() if k in CAPABILITIES["properties"]},
        "editable": caps["canEdit"],
        "copyable": caps["canCopy"],
        "canComment": caps["canComment"],
        "canReadRevisions": caps["canReadRevisions"],
        "shareable": caps["canShare"],
        "lastModifyingUser": user_json(v3["lastModifyingUser"]),
        "lastModifyingUserName": v3["lastModifyingUser"]["displayName"],
        "properties": _properties(v3),
    }
    if "owners" in v3:
        answer["owners"] = [user_json(owner) for owner in v3["owners"]]
        answer["ownerNames"] = [owner["displayName"] for owner in v3["owners"]]
    if "trashingUser" in v3:
        answer["trashingUser"] = user_json(v3["trashingUser"])
    if "webContentLink" in v3:
        answer["downloadUrl"] = f"{link(call, 'files/' + file['id'])}?alt=media"
    if "permissions" in v3:
        answer["permissions"] = [permission_json(call, p, file["id"]) for p in v3["permissions"]]
    role = access.role(file["id"]) or "reader"
    answer["userPermission"] = permission_json(
        call, {"id": "me", "type": "user", "role": role}, file["id"]
    )
    return answer


def partial(call: Call, value: dict, schema: str) -> dict:
    """``value`` cut to the request's ``fields`` (v2 has no default cut: all fields)."""
    return fields.partial(value, call.query.get("fields"), "drive", "v2", schema)


def metadata_in(body: dict) -> dict:
    """A v2 ``File`` body (checked against v2's schema) as the v3 metadata ``drive.writes``
    takes; read-only v2 fields are ignored, as Drive v2 ignores them."""
    v2 = bodies.check(body, "File", "drive", "v2")
    metadata: dict = {}
    for key in ("id", "mimeType", "description", "folderColorRgb", "originalFilename"):
        if v2.get(key) is not None:
            metadata[key] = v2[key]
    for key in ("writersCanShare", "copyRequiresWriterPermission"):
        if v2.get(key) is not None:
            metadata[key] = v2[key]
    if v2.get("title") is not None:
        metadata["name"] = v2["title"]
    for v2_key, v3_key in V3_TIMES.items():
        if v2.get(v2_key):
            metadata[v3_key] = v2[v2_key]
    if v2.get("lastViewedByMeDate"):
        metadata["viewedByMeTime"] = v2["lastViewedByMeDate"]
    labels = v2.get("labels") or {}
    for key in ("starred", "trashed"):
        if labels.get(key) is not None:
            metadata[key] = labels[key]
    if labels.get("restricted") is not None:
        metadata["copyRequiresWriterPermission"] = labels["restricted"]
    if v2.get("parents") is not None:
        metadata["parents"] = [p["id"] for p in v2["parents"] if p and p.get("id")]
    for item in v2.get("properties") or []:
        source = "appProperties" if item.get("visibility") == "PRIVATE" else "properties"
        metadata.setdefault(source, {})[item["key"]] = item.get("value")
    return metadata
