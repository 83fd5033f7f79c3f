"""Drive's JSON shapes: users, files, permissions, shared drives, revisions, as Drive v3 answers.

Without a ``fields`` parameter Drive v3 answers a short default set of fields per resource
(``DEFAULT_FIELDS``); ``partial`` applies whichever mask holds.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from darkfactory.twins.google import fields
from darkfactory.twins.google.api import timestamp
from darkfactory.twins.google.drive import formats
from darkfactory.twins.google.drive.roles import Access, at_least, may_start_approval
from darkfactory.twins.google.drive.state import FOLDER, NATIVE_PREFIX
from darkfactory.twins.kit.operation import Call

DEFAULT_FIELDS = {
    "File": "kind,id,name,mimeType",
    "FileList": "kind,nextPageToken,incompleteSearch,files(kind,id,name,mimeType)",
    "Permission": "kind,id,type,role",
    "PermissionList": "kind,nextPageToken,permissions(kind,id,type,role)",
    "Drive": "kind,id,name",
    "DriveList": "kind,nextPageToken,drives(kind,id,name)",
    "ApprovalList": "kind,nextPageToken",  # items only when the mask names them
    "TeamDrive": "kind,id,name",
    "TeamDriveList": "kind,nextPageToken,teamDrives(kind,id,name)",
    "Revision": "kind,id,mimeType,modifiedTime",
    "RevisionList": "kind,nextPageToken,revisions(kind,id,mimeType,modifiedTime)",
    "ChangeList": "kind,nextPageToken,newStartPageToken,"
    "changes(kind,type,changeType,time,removed,fileId,driveId,file(kind,id,name,mimeType))",
}


def partial(call: Call, value: dict, schema: str) -> dict:
    """``value`` cut to the request's ``fields`` (or Drive's default set for ``schema``)."""
    chosen = call.query.get("fields") or DEFAULT_FIELDS.get(schema)
    return fields.partial(value, chosen, "drive", "v3", schema)


def wanted(call: Call, schema: str, key: str | None = None) -> set[str] | None:
    """The fields the request's mask (or Drive's default) asks of the resource, or of its
    ``key`` items in a list (None: all of them)."""
    chosen: fields.Mask | None = fields.parse(call.query.get("fields") or DEFAULT_FIELDS[schema])
    if key is not None:
        if key not in chosen and "*" not in chosen:
            return set()
        chosen = chosen.get(key, chosen.get("*"))
    return None if chosen is None or "*" in chosen else set(chosen)


def user_json(call: Call, email: str, me: str | None = None) -> dict:
    account = call.twin.state.account(email) or {"name": email, "id": "", "email": email}
    return {
        "kind": "drive#user",
        "displayName": account["name"],
        "photoLink": f"{call.twin.client_url}drive/photos/{account['id']}",
        "me": email.lower() == (me or "").lower(),
        "permissionId": account["id"],
        "emailAddress": account["email"],
    }


def permission_json(call: Call, permission: dict, in_drive: bool = False) -> dict:
    answer = {
        "kind": "drive#permission",
        "id": permission["id"],
        "type": permission["type"],
        "role": permission["role"],
    }
    if permission["type"] in ("user", "group"):
        state = call.twin.state
        named = state.account(permission["email"]) or state.group(permission["email"]) or {}
        answer |= {
            "emailAddress": permission["email"],
            "displayName": named.get("name", permission["email"]),
        }
    if permission["type"] == "domain":
        answer |= {"domain": permission["domain"], "displayName": permission["domain"]}
    if permission["type"] in ("domain", "anyone"):
        answer["allowFileDiscovery"] = bool(permission["allow_file_discovery"])
    if permission.get("expiration"):
        answer["expirationTime"] = timestamp(permission["expiration"])
    if permission.get("pending_owner"):
        answer["pendingOwner"] = True
    answer["deleted"] = False
    details = permission.get("details") or [(permission["role"], None, "file")]
    answer["permissionDetails"] = [
        {
            "permissionType": kind,
            "role": role,
            "inherited": source is not None,
            **({"inheritedFrom": source} if source else {}),
        }
        for role, source, kind in details
    ]
    if in_drive:
        answer["teamDrivePermissionDetails"] = answer["permissionDetails"]
    return answer


def capabilities(file: dict, role: str | None, in_drive: bool) -> dict:
    folder = file["mime_type"] == FOLDER
    owner = role == "owner"
    writer = at_least(role, "writer")
    manager = at_least(role, "fileOrganizer") if in_drive else owner
    readable = at_least(role, "reader") and (not file["copy_requires_writer"] or writer)
    can_share = (
        writer if in_drive else owner or (writer and file["extra"].get("writersCanShare", True))
    )
    return {
        "canAddChildren": folder and writer,
        "canChangeCopyRequiresWriterPermission": not folder and (manager or (in_drive and writer)),
        "canChangeViewersCanCopyContent": not folder and (manager or (in_drive and writer)),
        "canComment": at_least(role, "commenter"),
        "canCopy": not folder and readable,
        "canDelete": (at_least(role, "organizer") if in_drive else owner),
        "canDeleteChildren": folder and (at_least(role, "organizer") if in_drive else owner),
        "canDownload": readable,
        "canEdit": writer,
        "canListChildren": folder and at_least(role, "reader"),
        "canModifyContent": writer,
        "canMoveItemWithinDrive": writer,
        "canMoveItemOutOfDrive": manager,
        "canReadRevisions": writer,
        "canRemoveChildren": folder and writer,
        "canRename": writer,
        "canShare": bool(can_share),
        "canTrash": manager,
        "canTrashChildren": folder and manager,
        "canUntrash": manager,
        "canReadDrive": in_drive and at_least(role, "reader"),
        "canReadLabels": at_least(role, "reader"),
        "canModifyLabels": writer,
        "canAcceptOwnership": False,
    }


VIEW_PAGES = {formats.SPREADSHEET: "spreadsheets", formats.DOCUMENT: "documents"}


def _view_link(call: Call, file: dict) -> str:
    """The twin's page for the file: the grid or document view of a native file, else its page."""
    pages = VIEW_PAGES.get(file["mime_type"], "files")
    return f"{call.twin.universe.url}/ui/google/{pages}/{file['id']}"


# What a file's row tells of it: each field's value, and the columns of its row the value reads
# (None: it reads the row's decoded extras).
ROW_FIELDS: dict[str, tuple[Callable[[Call, Mapping], object], tuple[str, ...] | None]] = {
    "kind": (lambda call, file: "drive#file", ()),
    "id": (lambda call, file: file["id"], ("id",)),
    "name": (lambda call, file: file["name"], ("name",)),
    "mimeType": (lambda call, file: file["mime_type"], ("mime_type",)),
    "starred": (lambda call, file: bool(file["extra"].get("starred", False)), None),
    "trashed": (lambda call, file: bool(file["trashed"]), ("trashed",)),
    "explicitlyTrashed": (
        lambda call, file: bool(file["explicitly_trashed"]),
        ("explicitly_trashed",),
    ),
    "spaces": (lambda call, file: [file["space"]], ("space",)),
    "version": (lambda call, file: str(file["version"]), ("version",)),
    "webViewLink": (_view_link, ("id", "mime_type")),
    "iconLink": (
        lambda call, file: f"{call.twin.client_url}drive/icons/{file['mime_type']}",
        ("mime_type",),
    ),
    "hasThumbnail": (lambda call, file: False, ()),
    "thumbnailVersion": (lambda call, file: "0", ()),
    "createdTime": (lambda call, file: timestamp(file["created"]), ("created",)),
    "modifiedTime": (lambda call, file: timestamp(file["modified"]), ("modified",)),
}
EXTRA_FIELDS = ("description", "properties", "appProperties", "folderColorRgb", "originalFilename")
BASIC_KEYS = {*ROW_FIELDS, "parents", *EXTRA_FIELDS, "driveId", "teamDriveId"}


def _basics(call: Call, file: dict, keys: set[str] | None) -> dict:
    """What the file row alone tells: every key in ``BASIC_KEYS``, or those of them in
    ``keys``."""
    answer = {
        key: field(call, file)
        for key, (field, _) in ROW_FIELDS.items()
        if keys is None or key in keys
    }
    if file["parents"]:
        answer["parents"] = file["parents"]
    extra = file["extra"]
    for key in EXTRA_FIELDS:
        if key in extra:
            answer[key] = extra[key]
    if file["drive_id"]:
        answer |= {"driveId": file["drive_id"], "teamDriveId": file["drive_id"]}
    return answer


@dataclass(frozen=True)
class RowShape:
    """Files as a list's mask asks for them when it names only fields read from columns of a
    file's row (``ROW_FIELDS`` but extras): a row, or a file, gives its answer directly.
    ``columns`` are those the fields read, and the file's id."""

    fields: tuple[tuple[str, Callable[[Call, Mapping], object]], ...]
    columns: tuple[str, ...]

    def __call__(self, call: Call, file: Mapping) -> dict:
        return {key: field(call, file) for key, field in self.fields}


def row_shape(call: Call, schema: str, key: str) -> RowShape | None:
    """How each of a list's ``key`` items is shaped, when the request's mask (or Drive's
    default) names of them only fields ``ROW_FIELDS`` reads from columns, none nested: in the
    mask's order, which ``partial`` would give them; else None."""
    chosen = fields.parse(call.query.get("fields") or DEFAULT_FIELDS[schema]).get(key)
    if not chosen or any(sub is not None for sub in chosen.values()):
        return None
    read = [ROW_FIELDS.get(name, (None, None)) for name in chosen]
    if any(columns is None for _, columns in read):
        return None
    shaped = tuple((name, field) for name, (field, _) in zip(chosen, read, strict=True))
    read_columns = (column for _, columns in read for column in columns)
    return RowShape(shaped, tuple(dict.fromkeys(("id", *read_columns))))


def partial_list(call: Call, value: dict, schema: str, key: str) -> dict:
    """``partial`` of a list whose ``key`` items are already as the mask asks."""
    items = value[key]
    answer = partial(call, {**value, key: []}, schema)
    if key in answer:
        answer[key] = items
    return answer


def file_json(call: Call, file: dict, access: Access, keys: set[str] | None = None) -> dict:
    """A file as Drive v3 describes it to ``access.principal`` (only the row's facts when the
    caller asked for no more than ``BASIC_KEYS``)."""
    if keys is not None and keys <= BASIC_KEYS:
        return _basics(call, file, keys)
    answer = _basics(call, file, None)
    drive = call.twin.drive
    me = access.principal.email
    role = access.role(file["id"])
    in_drive = file["drive_id"] is not None
    extra = file["extra"]
    mime = file["mime_type"]
    native = mime.startswith(NATIVE_PREFIX)
    caps = capabilities(file, role, in_drive)
    answer |= {
        "viewedByMe": True,
        "modifiedByMe": file["modified_by"].lower() == me.lower(),
        "lastModifyingUser": user_json(call, file["modified_by"], me),
        "capabilities": caps,
        "viewersCanCopyContent": not file["copy_requires_writer"],
        "copyRequiresWriterPermission": file["copy_requires_writer"],
        "writersCanShare": bool(extra.get("writersCanShare", True)),
        "hasAugmentedPermissions": False,
        "isAppAuthorized": False,
        "inheritedPermissionsDisabled": False,
        "quotaBytesUsed": "0",
    }
    if file["modified_by"].lower() == me.lower():
        answer["modifiedByMeTime"] = timestamp(file["modified"])
    if file["trashed"]:
        answer["trashedTime"] = timestamp(file["trashed_time"])
        if file["trashed_by"]:
            answer["trashingUser"] = user_json(call, file["trashed_by"], me)
    permissions = access.permissions(file["id"])
    if not in_drive:
        owners = [
            p["email"] for p in permissions if p["role"] == "owner" and not p["details"][0][1]
        ]
        answer["owners"] = [user_json(call, email, me) for email in owners]
        answer["ownedByMe"] = me.lower() in (o.lower() for o in owners)
        answer["shared"] = any(p["role"] != "owner" for p in permissions)
        if caps["canShare"]:
            answer["permissions"] = [permission_json(call, p) for p in permissions]
        answer["permissionIds"] = [p["id"] for p in permissions]
    caps["canStartApproval"] = may_start_approval(role, drive.owner(file["id"]), access.principal)
    shared_time = drive.shared_with_me_time(file["id"], access.principal)
    if shared_time is not None and not answer.get("ownedByMe"):
        answer["sharedWithMeTime"] = timestamp(shared_time)
    if native:
        answer["exportLinks"] = {
            target: f"{call.twin.client_url}drive/v3/files/{file['id']}/export?mimeType={target}"
            for target in formats.EXPORTS.get(mime, [])
        }
    elif mime != FOLDER:
        answer |= _blob_fields(call, file)
    return answer


def _blob_fields(call: Call, file: dict) -> dict:
    head = call.twin.drive.head(file["id"]) or {"size": 0, "md5": "", "id": None}
    stem, extension = os.path.splitext(file["name"])
    answer = {
        "size": str(head["size"]),
        "quotaBytesUsed": str(head["size"]),
        "md5Checksum": head["md5"],
        "webContentLink": f"{call.twin.client_url}drive/v3/files/{file['id']}?alt=media",
    }
    if head["id"]:
        answer["headRevisionId"] = head["id"]
    if extension and stem:
        answer |= {"fileExtension": extension[1:], "fullFileExtension": extension[1:]}
    return answer


def drive_json(call: Call, drive: dict, role: str | None) -> dict:
    organizer = at_least(role, "organizer")
    return {
        "kind": "drive#drive",
        "id": drive["id"],
        "name": drive["name"],
        "createdTime": timestamp(drive["created"]),
        "hidden": bool(drive["hidden"]),
        "themeId": drive["extra"].get("themeId", ""),
        "colorRgb": drive["extra"].get("colorRgb", "#4986e7"),
        "restrictions": drive["extra"].get("restrictions", {}),
        "capabilities": {
            "canAddChildren": at_least(role, "writer"),
            "canComment": at_least(role, "commenter"),
            "canCopy": at_least(role, "reader"),
            "canDeleteDrive": organizer,
            "canDownload": at_least(role, "reader"),
            "canEdit": at_least(role, "writer"),
            "canListChildren": at_least(role, "reader"),
            "canManageMembers": organizer,
            "canReadRevisions": at_least(role, "writer"),
            "canRename": organizer,
            "canRenameDrive": organizer,
            "canChangeDriveBackground": organizer,
            "canShare": at_least(role, "writer"),
            "canTrashChildren": at_least(role, "fileOrganizer"),
        },
    }


def revision_json(call: Call, revision: dict, native: bool) -> dict:
    answer = {
        "kind": "drive#revision",
        "id": revision["id"],
        "mimeType": revision["mime_type"],
        "modifiedTime": timestamp(revision["modified"]),
        "keepForever": bool(revision["keep_forever"]),
        "published": False,
        "lastModifyingUser": user_json(call, revision["modified_by"]),
    }
    if not native:
        answer |= {"size": str(revision["size"]), "md5Checksum": revision["md5"]}
        if revision["original_filename"]:
            answer["originalFilename"] = revision["original_filename"]
    return answer
