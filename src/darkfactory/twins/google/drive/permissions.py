"""``permissions.*``: who may do what to a file, a folder (inherited below it) or a shared drive.

Roles are owner, organizer, fileOrganizer, writer, commenter and reader; grantees are a user,
a group, a domain or anyone. Sharing needs ``canShare`` (the owner, or a writer while
``writersCanShare``; writers and up in a shared drive, organizers for its members); app data is
never shared. Making
someone owner needs ``transferOwnership=true``, the current owner, and a user of the same
domain; the previous owner stays on as a writer. Permissions inherited from a folder or a
shared drive show on every item below it and can only be changed where they are granted.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.api import body, flag, parse_timestamp
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import paging, wire
from darkfactory.twins.google.drive.items import supports_all_drives, visible
from darkfactory.twins.google.drive.roles import ROLES
from darkfactory.twins.google.drive.state import FOLDER, DriveState
from darkfactory.twins.google.errors import GoogleError, bad_request, not_found
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.google.state import DIGITS
from darkfactory.twins.kit.operation import Call, operation

TYPES = ("user", "group", "domain", "anyone")
DRIVE_ROLES = ("organizer", "fileOrganizer")


def insufficient() -> GoogleError:
    return GoogleError(
        403,
        "insufficientFilePermissions",
        "The user does not have sufficient permissions for this file.",
    )


def target(call: Call, principal: Principal, item_id: str) -> tuple[dict, bool]:
    """The item being shared (a file, or a shared drive's members) and whether the caller may
    share it."""
    drive: DriveState = call.twin.drive
    shared = drive.shared_drive(item_id)
    if shared is not None:
        role = drive.role_of(principal, item_id)
        if role is None or not supports_all_drives(call):
            raise not_found(f"File not found: {item_id}.", location="fileId")
        return {"id": item_id, "drive_id": item_id, "is_drive": True}, role == "organizer"
    access = drive.access(principal)
    file = visible(call, principal, item_id, "reader", access)
    caps = wire.capabilities(file, access.role(file["id"]), file["drive_id"] is not None)
    return {**file, "is_drive": False}, caps["canShare"] and file["space"] == "drive"


def find(drive: DriveState, item_id: str, permission_id: str) -> dict:
    for permission in drive.permissions_of(item_id):
        if permission["id"] == permission_id:
            return permission
    raise not_found(f"Permission not found: {permission_id}.", location="permissionId")


def id_for(call: Call, kind: str, email: str | None, domain: str | None, discoverable: bool) -> str:
    """The id Drive gives a grantee's permission (a user's is their account's id)."""
    state = call.twin.state
    if kind == "anyone":
        return "anyone" if discoverable else "anyoneWithLink"
    if kind == "domain":
        return call.universe.ids.derive(f"domain:{domain}", 20, DIGITS)
    known = state.account(email) or state.group(email)
    return known["id"] if known else call.universe.ids.derive(f"email:{email}", 20, DIGITS)


def _validate(item: dict, grant: dict) -> None:
    kind, role = grant.get("type"), grant.get("role")
    if not kind:
        raise GoogleError(
            400, "required", "The permission type field is required.", location="permission.type"
        )
    if not role:
        raise GoogleError(
            400, "required", "The permission role field is required.", location="permission.role"
        )
    if kind not in TYPES:
        raise bad_request("The permission type is invalid.", "invalid")
    if role not in ROLES:
        raise bad_request("The permission role is invalid.", "invalid")
    if kind in ("user", "group") and not grant.get("emailAddress"):
        raise GoogleError(
            400,
            "required",
            "The permission emailAddress field is required.",
            location="permission.emailAddress",
        )
    if kind == "domain" and not grant.get("domain"):
        raise GoogleError(
            400,
            "required",
            "The permission domain field is required.",
            location="permission.domain",
        )
    in_drive = item["drive_id"] is not None
    if role in DRIVE_ROLES and not in_drive:
        raise bad_request(
            f"The permission role '{role}' is only valid in shared drives.", "invalidSharingRequest"
        )
    if role == "owner" and in_drive:
        raise GoogleError(
            403,
            "teamDrivesOwnershipTransferNotSupported",
            "Shared drive items cannot have an owner.",
        )
    if role == "owner" and kind != "user":
        raise bad_request("The owner of a file must be a user.", "invalidSharingRequest")


def _expiration(grant: dict, kind: str, role: str, now: float) -> float | None:
    if "expirationTime" not in grant or grant["expirationTime"] is None:
        return None
    if kind not in ("user", "group") or role == "owner":
        raise bad_request(
            "Expiration dates can only be set on user and group permissions.",
            "invalidSharingRequest",
        )
    try:
        when = parse_timestamp(str(grant["expirationTime"]))
    except ValueError:
        raise GoogleError(
            400, "invalid", "Invalid expiration time.", location="permission.expirationTime"
        ) from None
    if when <= now:
        raise bad_request("The expiration time must be in the future.", "expirationDateInPast")
    return when


def _transfer(call: Call, principal: Principal, item: dict, email: str) -> None:
    """Make ``email`` the owner; the caller (the owner) becomes a writer."""
    drive: DriveState = call.twin.drive
    if not flag(call, "transferOwnership"):
        raise GoogleError(
            403,
            "forbidden",
            "The transferOwnership parameter must be enabled when the permission role is 'owner'.",
        )
    owner = drive.owner(item["id"])
    if owner is None or owner.lower() != principal.email.lower():
        raise insufficient()
    account = call.twin.state.account(email)
    if account is None or account["domain"] != principal.domain:
        raise GoogleError(
            403,
            "forbidden",
            "Ownership can only be transferred to another user "
            "in the same organization as the current owner.",
        )
    drive.db.execute(
        "UPDATE google_drive_permissions SET role = 'writer' WHERE item_id = ? AND role = 'owner'",
        (item["id"],),
    )
    if flag(call, "moveToNewOwnersRoot"):
        drive.db.execute("DELETE FROM google_drive_parents WHERE file_id = ?", (item["id"],))
        drive.db.insert(
            "google_drive_parents",
            {"file_id": item["id"], "parent_id": drive.root_of(account["email"])},
        )


def _within_restrictions(call: Call, principal: Principal, item: dict, grant: dict) -> None:
    """A shared drive's ``restrictions``: grantees from its domain only (``domainUsersOnly``),
    items shared with its members only (``driveMembersOnly``), folders shared by organizers only
    (``sharingFoldersRequiresOrganizerPermission``)."""
    drive: DriveState = call.twin.drive
    shared = drive.shared_drive(item["drive_id"]) if item["drive_id"] else None
    restrictions = shared["extra"].get("restrictions", {}) if shared else {}
    kind = grant["type"]
    grantee_domain = grant.get("domain") or str(grant.get("emailAddress", "")).rpartition("@")[2]
    if restrictions.get("domainUsersOnly") and (
        kind == "anyone" or grantee_domain.lower() != principal.domain.lower()
    ):
        raise GoogleError(
            403,
            "teamDriveDomainUsersOnlyRestriction",
            "The shared drive only allows sharing with users of its domain.",
        )
    if item["is_drive"]:
        return
    if restrictions.get("driveMembersOnly"):
        members = {p["email"].lower() for p in drive.permissions_of(shared["id"]) if p["email"]}
        if kind in ("anyone", "domain") or grant["emailAddress"].lower() not in members:
            raise GoogleError(
                403,
                "teamDriveTeamMembersOnlyRestriction",
                "The shared drive only allows sharing its items with its members.",
            )
    folder = item.get("mime_type") == FOLDER
    organizer_only = restrictions.get("sharingFoldersRequiresOrganizerPermission")
    if folder and organizer_only and drive.role_of(principal, item["id"]) != "organizer":
        raise GoogleError(
            403,
            "insufficientFilePermissions",
            "Only organizers may share folders in this shared drive.",
        )


def _answer(call: Call, item_id: str, permission_id: str, in_drive: bool) -> dict:
    permission = find(call.twin.drive, item_id, permission_id)
    return wire.partial(call, wire.permission_json(call, permission, in_drive), "Permission")


# -- handlers -----------------------------------------------------------------------------------
@operation("drive.permissions.create")
def create(call: Call) -> dict:
    principal = require(call)
    item, permission_id = grant_on(
        call, principal, call.path_params["fileId"], body(call, "Permission")
    )
    return _answer(call, item["id"], permission_id, item["drive_id"] is not None)


def grant_on(call: Call, principal: Principal, item_id: str, grant: dict) -> tuple[dict, str]:
    """Share an item as v3's ``grant`` says: the item and the permission's id."""
    drive: DriveState = call.twin.drive
    item, can_share = target(call, principal, item_id)
    if not can_share:
        raise insufficient()
    _validate(item, grant)
    _within_restrictions(call, principal, item, grant)
    kind, role = grant["type"], grant["role"]
    email = grant.get("emailAddress")
    discoverable = bool(grant.get("allowFileDiscovery", False))
    if role == "owner":
        _transfer(call, principal, item, email)
    permission_id = id_for(call, kind, email, grant.get("domain"), discoverable)
    expiration = _expiration(grant, kind, role, drive.now())
    existing = drive.db.one(
        "SELECT * FROM google_drive_permissions WHERE item_id = ? AND id = ?",
        (item["id"], permission_id),
    )
    if existing is not None:
        drive.db.execute(
            "UPDATE google_drive_permissions SET role = ?, expiration = ? "
            "WHERE item_id = ? AND id = ?",
            (role, expiration, item["id"], permission_id),
        )
    else:
        drive.db.insert(
            "google_drive_permissions",
            {
                "item_id": item["id"],
                "id": permission_id,
                "type": kind,
                "role": role,
                "email": email if kind in ("user", "group") else None,
                "domain": grant.get("domain") if kind == "domain" else None,
                "allow_file_discovery": int(discoverable),
                "expiration": expiration,
                "created": drive.now(),
            },
        )
    _changed(drive, item)
    return item, permission_id


@operation("drive.permissions.list")
def list_(call: Call) -> dict:
    principal = require(call)
    item, _ = target(call, principal, call.path_params["fileId"])
    in_drive = item["drive_id"] is not None
    permissions = call.twin.drive.permissions_of(item["id"])
    chosen, token = paging.page(call, permissions, 100, 100)
    answer = {
        "kind": "drive#permissionList",
        "permissions": [wire.permission_json(call, p, in_drive) for p in chosen],
    }
    if token:
        answer["nextPageToken"] = token
    return wire.partial(call, answer, "PermissionList")


@operation("drive.permissions.get")
def get(call: Call) -> dict:
    principal = require(call)
    item, _ = target(call, principal, call.path_params["fileId"])
    return _answer(call, item["id"], call.path_params["permissionId"], item["drive_id"] is not None)


def _direct(drive: DriveState, item_id: str, permission_id: str) -> dict:
    permission = find(drive, item_id, permission_id)
    if all(source is not None for _, source, _ in permission["details"]):
        raise GoogleError(
            403,
            "cannotModifyInheritedPermission",
            "The permission is inherited and can only be changed where it is granted.",
        )
    return permission


@operation("drive.permissions.update")
def update(call: Call) -> dict:
    principal = require(call)
    file_id, permission_id = call.path_params["fileId"], call.path_params["permissionId"]
    item = change_on(call, principal, file_id, permission_id, body(call, "Permission"))
    return _answer(call, item["id"], permission_id, item["drive_id"] is not None)


def change_on(
    call: Call, principal: Principal, item_id: str, permission_id: str, change: dict
) -> dict:
    """Change a permission's role or expiration as v3's ``change`` says; the item."""
    drive: DriveState = call.twin.drive
    item, can_share = target(call, principal, item_id)
    if not can_share:
        raise insufficient()
    permission = _direct(drive, item["id"], permission_id)
    if set(change) - {"role", "expirationTime", "kind", "id", "type"}:
        raise GoogleError(
            403,
            "fieldNotWritable",
            "The resource body includes fields which are not directly writable.",
        )
    role = change.get("role", permission["role"])
    if role not in ROLES:
        raise bad_request("The permission role is invalid.", "invalid")
    if permission["role"] == "owner" and role != "owner":
        raise GoogleError(403, "cannotRemoveOwner", "The owner of a file cannot be removed.")
    _validate(
        item,
        {
            **permission,
            "type": permission["type"],
            "role": role,
            "emailAddress": permission["email"],
            "domain": permission["domain"],
        },
    )
    if role == "owner" and permission["role"] != "owner":
        _transfer(call, principal, item, permission["email"])
    expiration = permission["expiration"]
    if "expirationTime" in change:
        expiration = _expiration(change, permission["type"], role, drive.now())
    if flag(call, "removeExpiration"):
        expiration = None
    drive.db.execute(
        "UPDATE google_drive_permissions SET role = ?, expiration = ? WHERE item_id = ? AND id = ?",
        (role, expiration, item["id"], permission["id"]),
    )
    _changed(drive, item)
    return item


@operation("drive.permissions.delete")
def delete(call: Call) -> Response:
    principal = require(call)
    revoke_on(call, principal, call.path_params["fileId"], call.path_params["permissionId"])
    return Response(status_code=204)


def revoke_on(call: Call, principal: Principal, item_id: str, permission_id: str) -> None:
    """Remove a permission granted on the item (one's own, or any for who may share)."""
    drive: DriveState = call.twin.drive
    item, can_share = target(call, principal, item_id)
    permission = _direct(drive, item["id"], permission_id)
    own = (permission["email"] or "").lower() == principal.email.lower()
    if not can_share and not own:
        raise insufficient()
    if permission["role"] == "owner":
        raise GoogleError(403, "cannotRemoveOwner", "The owner of a file cannot be removed.")
    if item["is_drive"] and permission["role"] == "organizer":
        organizers = drive.db.scalar(
            "SELECT COUNT(*) FROM google_drive_permissions WHERE item_id = ? AND role = "
            "'organizer'",
            (item["id"],),
        )
        if organizers <= 1:
            raise GoogleError(
                403,
                "cannotRemoveLastOrganizer",
                "The last organizer of a shared drive cannot be removed.",
            )
    before = drive.audience(item["id"]) if not item["is_drive"] else []
    drive.db.execute(
        "DELETE FROM google_drive_permissions WHERE item_id = ? AND id = ?",
        (item["id"], permission["id"]),
    )
    if not item["is_drive"]:
        lost = sorted(set(before) - set(drive.audience(item["id"])))
        drive.record_change(item["id"], removed=True, audience=lost)


def _changed(drive: DriveState, item: dict) -> None:
    if not item["is_drive"]:
        drive.record_change(item["id"])


def routes() -> list[Route]:
    base = "/drive/v3/files/{fileId}/permissions"
    return [
        Route(base, create, methods=["POST"]),
        Route(base, list_, methods=["GET"]),
        Route(base + "/{permissionId}", get, methods=["GET"]),
        Route(base + "/{permissionId}", update, methods=["PATCH"]),
        Route(base + "/{permissionId}", delete, methods=["DELETE"]),
    ]
