"""Drive's resources and rules, with no HTTP: files, parents, permissions, revisions, changes.

This is the file store every Google area builds on. A spreadsheet or a document is a Drive file
of its native mimeType: create it with ``create_file(owner, name, mime_type)``, check a caller
with ``require(principal, file_id, "writer")`` (404/403 exactly as Drive answers), and after
changing its content call ``touch(file_id, principal)`` so its version, modifiedTime and the
change log move. Roles are computed from permissions on the file, on every folder above it and
on its shared drive; user, group (nested), domain and anyone grants all count.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from darkfactory.twins.google.drive.roles import Access, at_least, best
from darkfactory.twins.google.errors import GoogleError, not_found
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.state import TwinState

FOLDER = "application/vnd.google-apps.folder"
NATIVE_PREFIX = "application/vnd.google-apps."
ID_ALPHABET = MIXED_ALNUM + "-_"
APP_DATA_SCOPE = "https://www.googleapis.com/auth/drive.appdata"
# On a file row: app data hidden from a caller (parameters: no ``drive.appdata`` scope, client).
HIDDEN_APP_DATA = (
    "space = 'appDataFolder' AND (? OR id NOT IN "
    "(SELECT file_id FROM google_drive_app_files WHERE client_id = ?))"
)


class DriveState(TwinState):
    """Files, folders, permissions and revisions; reached as ``twin.drive``."""

    # -- ids ------------------------------------------------------------------------------------
    def new_file_id(self) -> str:
        return self.universe.ids.token("google.file", 43, ID_ALPHABET, prefix="1")

    def new_folder_root_id(self, kind: str) -> str:
        return "0A" + self.universe.ids.token(f"google.{kind}", 13, MIXED_ALNUM) + "Uk9PVA"

    # -- reading --------------------------------------------------------------------------------
    def file(self, file_id: str) -> dict | None:
        row = self.db.one("SELECT * FROM google_drive_files WHERE id = ?", (file_id,))
        return None if row is None else self.file_from_row(row, self.parents(file_id))

    def file_from_row(self, row, parents: list[str]) -> dict:
        """A ``google_drive_files`` row as ``file`` gives it, with its ``parents`` known."""
        found = dict(row)
        found["extra"] = {} if found["extra"] == "{}" else json.loads(found["extra"])
        found["parents"] = list(parents)
        found["copy_requires_writer"] = bool(found["extra"].get("copyRequiresWriterPermission"))
        if found["drive_id"] and not found["copy_requires_writer"]:
            shared = self.shared_drive(found["drive_id"])
            restrictions = shared["extra"].get("restrictions", {}) if shared else {}
            found["copy_requires_writer"] = bool(restrictions.get("copyRequiresWriterPermission"))
        return found

    def files_of(self, file_ids: list[str]) -> dict[str, dict]:
        """``file`` of many files at once, by id (those that exist)."""
        if not file_ids:
            return {}
        rows = self.db.all(
            "SELECT * FROM google_drive_files WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(file_ids),),
        )
        parents = self.parents_of(file_ids)
        return {row["id"]: self.file_from_row(row, parents[row["id"]]) for row in rows}

    def parents(self, file_id: str) -> list[str]:
        rows = self.db.all(
            "SELECT parent_id FROM google_drive_parents WHERE file_id = ? ORDER BY rowid",
            (file_id,),
        )
        return [r["parent_id"] for r in rows]

    def parents_of(self, file_ids: list[str]) -> dict[str, list[str]]:
        """``parents`` of many files at once."""
        found: dict[str, list[str]] = {file_id: [] for file_id in file_ids}
        rows = self.db.all(
            "SELECT file_id, parent_id FROM google_drive_parents WHERE file_id IN "
            "(SELECT value FROM json_each(?)) ORDER BY rowid",
            (json.dumps(file_ids),),
        )
        for row in rows:
            found[row["file_id"]].append(row["parent_id"])
        return found

    def children(self, folder_id: str) -> list[str]:
        rows = self.db.all(
            "SELECT file_id FROM google_drive_parents WHERE parent_id = ? ORDER BY rowid",
            (folder_id,),
        )
        return [r["file_id"] for r in rows]

    def ancestors(
        self, item_id: str, parents: Callable[[str], list[str]] | None = None
    ) -> list[str]:
        """Every folder above an item (nearest first), ending with its shared drive if any."""
        parents = parents or self.parents
        found: list[str] = []
        frontier = parents(item_id)
        while frontier:
            fresh = [p for p in frontier if p not in found and p != item_id]
            found += fresh
            frontier = [grand for p in fresh for grand in parents(p)]
        return found

    def permissions_of(
        self, item_id: str, parents: Callable[[str], list[str]] | None = None
    ) -> list[dict]:
        """The permissions that apply to an item, its own first, then those inherited from the
        folders above it and its shared drive; each lists where its roles come from in
        ``details`` (``[(role, inherited_from or None, permission_type)]``)."""
        merged: dict[str, dict] = {}
        now = self.now()
        for source in [item_id, *self.ancestors(item_id, parents)]:
            is_drive = self.shared_drive(source) is not None
            rows = self.db.all(
                "SELECT * FROM google_drive_permissions WHERE item_id = ? "
                "AND (expiration IS NULL OR expiration > ?) ORDER BY rowid",
                (source, now),
            )
            for row in rows:
                role = row["role"]
                if source != item_id and role == "owner":
                    role = "writer"
                found = merged.setdefault(row["id"], {**dict(row), "role": role, "details": []})
                found["role"] = best(found["role"], role)
                inherited = None if source == item_id else source
                found["details"].append((role, inherited, "member" if is_drive else "file"))
        return list(merged.values())

    def shared_drive(self, drive_id: str) -> dict | None:
        row = self.db.one("SELECT * FROM google_drive_drives WHERE id = ?", (drive_id,))
        if row is None:
            return None
        found = dict(row)
        found["extra"] = json.loads(found["extra"])
        return found

    def descendants(self, folder_id: str) -> list[str]:
        """Everything below a folder, nearest first."""
        found: list[str] = []
        frontier = self.children(folder_id)
        while frontier:
            fresh = [c for c in frontier if c not in found and c != folder_id]
            found += fresh
            frontier = [grand for c in fresh for grand in self.children(c)]
        return found

    def owner(self, item_id: str) -> str | None:
        return self.db.scalar(
            "SELECT email FROM google_drive_permissions WHERE item_id = ? AND role = 'owner'",
            (item_id,),
        )

    def _root(self, space: str, email: str, also: str = "", *params: Any) -> str | None:
        """The id of the root folder ``email`` owns in ``space`` (meeting ``also``, if given),
        found among the few root folders rather than among everything ``email`` owns."""
        return self.db.scalar(
            "SELECT f.id FROM google_drive_files f WHERE f.is_root = 1 AND f.space = ? AND EXISTS "
            "(SELECT 1 FROM google_drive_permissions p WHERE p.item_id = f.id "
            f"AND p.role = 'owner' AND +p.email = ?){also}",  # "+": search by item, not by email
            (space, email, *params),
        )

    def root_of(self, email: str) -> str:
        """The id of ``email``'s My Drive folder (made on first use)."""
        found = self._root("drive", email)
        if found:
            return found
        root_id = self.new_folder_root_id("root")
        now = self.now()
        self.db.insert(
            "google_drive_files",
            {
                "id": root_id,
                "name": "My Drive",
                "mime_type": FOLDER,
                "created": now,
                "modified": now,
                "modified_by": email,
                "is_root": 1,
            },
        )
        self._grant_owner(root_id, email)
        return root_id

    def app_data_folder(self, principal: Principal) -> str:
        """The principal's hidden ``appDataFolder`` for its OAuth client (made on first use)."""
        found = self._root(
            "appDataFolder",
            principal.email,
            " AND f.id IN (SELECT file_id FROM google_drive_app_files WHERE client_id = ?)",
            principal.client_id,
        )
        if found:
            return found
        folder_id = self.new_folder_root_id("appdata")
        now = self.now()
        self.db.insert(
            "google_drive_files",
            {
                "id": folder_id,
                "name": "Application Data",
                "mime_type": FOLDER,
                "created": now,
                "modified": now,
                "modified_by": principal.email,
                "is_root": 1,
                "space": "appDataFolder",
            },
        )
        self._grant_owner(folder_id, principal.email)
        self.db.insert(
            "google_drive_app_files", {"file_id": folder_id, "client_id": principal.client_id}
        )
        return folder_id

    def hidden_app_data(self, principal: Principal) -> set[str]:
        """App data the principal may not reach: other clients' (and all of it without the
        ``drive.appdata`` scope)."""
        rows = self.db.all(
            f"SELECT id FROM google_drive_files WHERE {HIDDEN_APP_DATA}",
            (int(APP_DATA_SCOPE not in principal.scopes), principal.client_id),
        )
        return {r["id"] for r in rows}

    # -- access ---------------------------------------------------------------------------------
    def direct_role(self, principal: Principal, emails: list[str], item_id: str) -> str | None:
        """The best role granted on the item itself to the principal's ``emails`` (itself and
        its groups), its domain or anyone."""
        grantee, params = self._grantee(principal, emails)
        rows = self.db.all(
            f"SELECT role FROM google_drive_permissions WHERE item_id = ? AND {grantee}",
            [item_id, *params],
        )
        return best(*(row["role"] for row in rows))

    def _grantee(self, principal: Principal, emails: list[str]) -> tuple[str, list]:
        """SQL on a ``google_drive_permissions`` row: a live grant to the principal's ``emails``
        (itself and its groups), its domain or anyone."""
        sql = (
            "(expiration IS NULL OR expiration > ?) AND ("
            f"(type IN ('user', 'group') AND email IN ({','.join('?' * len(emails))})) "
            "OR (type = 'domain' AND domain = ?) OR type = 'anyone')"
        )
        return sql, [self.now(), *emails, principal.domain]

    def findable(self, principal: Principal, emails: list[str]) -> tuple[str, list]:
        """SQL on ``google_drive_files f``: the principal may find the file in a search, by a
        grant on it or on a folder above it (or its shared drive). Link-only grants
        (``anyone``/``domain`` without ``allowFileDiscovery``) open a file by id but do not
        make it findable; app data is found only by the client that made it, with the
        ``drive.appdata`` scope, and a ``drive.file`` caller finds only its client's files."""
        grantee, params = self._grantee(principal, emails)
        finds = f"{grantee} AND (type IN ('user', 'group') OR allow_file_discovery)"
        sql = (  # a grant on the file itself first: most files need no walk up their folders
            f"(EXISTS (SELECT 1 FROM google_drive_permissions WHERE item_id = f.id AND {finds}) "
            "OR EXISTS (WITH RECURSIVE up(id) AS (SELECT parent_id FROM google_drive_parents "
            "WHERE file_id = f.id UNION SELECT p.parent_id FROM google_drive_parents p JOIN up "
            "ON p.file_id = up.id) SELECT 1 FROM up JOIN google_drive_permissions ON "
            f"item_id = up.id WHERE {finds})) AND NOT ({HIDDEN_APP_DATA})"
        )
        params += [*params, int(APP_DATA_SCOPE not in principal.scopes), principal.client_id]
        if principal.app_only:
            sql += " AND f.id IN (SELECT file_id FROM google_drive_app_files WHERE client_id = ?)"
            params.append(principal.client_id)
        return sql, params

    def app_files(self, principal: Principal) -> set[str]:
        """The files the principal's OAuth client created."""
        rows = self.db.all(
            "SELECT file_id FROM google_drive_app_files WHERE client_id = ?", (principal.client_id,)
        )
        return {r["file_id"] for r in rows}

    def access(self, principal: Principal) -> Access:
        return Access(self, principal)

    def role_of(self, principal: Principal, item_id: str) -> str | None:
        """The principal's role on a file, folder or shared drive, or None."""
        return self.access(principal).role(item_id)

    def require(
        self, principal: Principal, file_id: str, role: str = "reader", access: Access | None = None
    ) -> dict:
        """The file, if ``principal`` holds at least ``role`` on it; else Drive's 404 or 403."""
        found = self.file(file_id) if file_id else None
        held = (access or self.access(principal)).role(file_id) if found else None
        if found is None or held is None:
            raise not_found(f"File not found: {file_id}.", location="fileId")
        if not at_least(held, role):
            raise GoogleError(
                403,
                "insufficientFilePermissions",
                "The user does not have sufficient permissions for this file.",
            )
        return found

    # -- writing --------------------------------------------------------------------------------
    def create_file(
        self,
        owner: Principal,
        name: str,
        mime_type: str,
        parents: list[str] | None = None,
        content: bytes | None = None,
        extra: dict[str, Any] | None = None,
        drive_id: str | None = None,
        file_id: str | None = None,
    ) -> dict:
        """A new file owned by ``owner`` (in its My Drive root unless ``parents``/``drive_id``).

        Callers check the parents themselves (``files.create`` does); native files (Sheets, Docs)
        pass no ``content``: their body lives in their own area's tables, keyed by the file id.
        """
        file_id = file_id or self.new_file_id()
        now = self.now()
        parents = parents or [drive_id or self.root_of(owner.email)]
        space = self.db.scalar("SELECT space FROM google_drive_files WHERE id = ?", (parents[0],))
        self.db.insert(
            "google_drive_files",
            {
                "id": file_id,
                "name": name,
                "mime_type": mime_type,
                "drive_id": drive_id,
                "created": now,
                "modified": now,
                "modified_by": owner.email,
                "space": space or "drive",
                "extra": json.dumps(extra or {}),
            },
        )
        for parent in parents:
            self.db.insert("google_drive_parents", {"file_id": file_id, "parent_id": parent})
        if drive_id is None:
            self._grant_owner(file_id, owner.email)
        if owner.client_id:
            self.db.insert(
                "google_drive_app_files", {"file_id": file_id, "client_id": owner.client_id}
            )
        if content is not None or (mime_type.startswith(NATIVE_PREFIX) and mime_type != FOLDER):
            self.add_revision(file_id, owner.email, mime_type, content or b"", extra)
        self.record_change(file_id)
        return self.file(file_id)

    def touch(self, file_id: str, principal: Principal, **columns: Any) -> None:
        """Mark a file changed by ``principal`` (new version and modifiedTime, a change entry)."""
        sets = ", ".join(f"{name} = ?" for name in columns)
        self.db.execute(
            "UPDATE google_drive_files SET version = version + 1, modified = ?, modified_by = ?"
            + (f", {sets}" if sets else "")
            + " WHERE id = ?",
            (self.now(), principal.email, *columns.values(), file_id),
        )
        self.record_change(file_id)

    def add_revision(
        self, file_id: str, email: str, mime_type: str, content: bytes, extra: dict | None = None
    ) -> dict:
        number = self.universe.ids.sequence("google.revision")
        revision = {
            "file_id": file_id,
            "id": f"0B{self.universe.ids.derive(f'{file_id}:{number}', 40, MIXED_ALNUM)}",
            "modified": self.now(),
            "modified_by": email,
            "mime_type": mime_type,
            "size": len(content),
            "md5": hashlib.md5(content).hexdigest(),
            "content": content,
            "original_filename": (extra or {}).get("originalFilename"),
        }
        self.db.insert("google_drive_revisions", revision)
        self._reset_approvals(file_id)
        return revision

    def _reset_approvals(self, file_id: str) -> None:
        """New content takes back the approvals given so far on an approval in progress that
        resets on change (``RESET_APPROVAL``): its reviewers must approve the new content."""
        rows = self.db.all(
            "SELECT * FROM google_drive_approvals WHERE file_id = ? AND status = 'IN_PROGRESS' "
            "AND behavior = 'RESET_APPROVAL'",
            (file_id,),
        )
        for row in rows:
            reviewers = [
                {**r, "response": "NO_RESPONSE" if r["response"] == "APPROVED" else r["response"]}
                for r in json.loads(row["reviewers"])
            ]
            self.db.execute(
                "UPDATE google_drive_approvals SET reviewers = ?, modified = ? "
                "WHERE file_id = ? AND id = ?",
                (json.dumps(reviewers), self.now(), file_id, row["id"]),
            )

    def head(self, file_id: str) -> dict | None:
        """The current revision (content, size, md5) of a blob file."""
        row = self.db.one(
            "SELECT * FROM google_drive_revisions WHERE file_id = ? ORDER BY rowid DESC LIMIT 1",
            (file_id,),
        )
        return dict(row) if row else None

    def head_size(self, file_id: str) -> int:
        head = self.head(file_id)
        return head["size"] if head else 0

    def record_change(
        self,
        file_id: str,
        removed: bool = False,
        drive_id: str | None = None,
        audience: list[str] | None = None,
    ) -> None:
        """Log a change of a file; a removal names who could see it (``audience``)."""
        if drive_id is None and file_id:
            drive_id = self.db.scalar(
                "SELECT drive_id FROM google_drive_files WHERE id = ?", (file_id,)
            )
        self.db.insert(
            "google_drive_changes",
            {
                "file_id": file_id,
                "drive_id": drive_id,
                "time": self.now(),
                "removed": int(removed),
                "audience": json.dumps(audience) if audience is not None else None,
            },
        )

    def delete_tree(self, file_id: str) -> None:
        """Delete an item for good, with every item below it that has the same owner and no
        parent left outside; others' items below it lose that parent (they stay theirs)."""
        owner = self.owner(file_id)
        doomed = {file_id}
        for child in self.descendants(file_id):
            if set(self.parents(child)) <= doomed and self.owner(child) == owner:
                doomed.add(child)
        for item in doomed:
            drive_id = self.db.scalar(
                "SELECT drive_id FROM google_drive_files WHERE id = ?", (item,)
            )
            self.record_change(item, removed=True, drive_id=drive_id, audience=self.audience(item))
        marks = ",".join("?" * len(doomed))
        self.db.execute(
            f"DELETE FROM google_drive_permissions WHERE item_id IN ({marks})", list(doomed)
        )
        self.db.execute(
            f"DELETE FROM google_drive_parents WHERE parent_id IN ({marks})", list(doomed)
        )
        self.db.execute(f"DELETE FROM google_drive_files WHERE id IN ({marks})", list(doomed))

    def _grant_owner(self, item_id: str, email: str) -> None:
        account = self.universe.twins["google"].state.account(email)
        self.grant(item_id, account["id"], "user", email, "owner")

    def create_shared_drive(
        self, organizer: Principal, name: str, request_id: str, extra: dict[str, Any]
    ) -> str:
        """A new shared drive whose first member, ``organizer``, organizes it; its id."""
        drive_id = self.new_folder_root_id("drive")
        self.db.insert(
            "google_drive_drives",
            {
                "id": drive_id,
                "name": name,
                "created": self.now(),
                "request_id": request_id,
                "extra": json.dumps(extra),
            },
        )
        self.grant(drive_id, organizer.id, "user", organizer.email, "organizer")
        return drive_id

    def grant(self, item_id: str, permission_id: str, kind: str, email: str, role: str) -> None:
        """A new permission giving the user or group ``email`` (``kind``) ``role`` on the item."""
        self.db.insert(
            "google_drive_permissions",
            {
                "item_id": item_id,
                "id": permission_id,
                "type": kind,
                "role": role,
                "email": email,
                "created": self.now(),
            },
        )

    def usage(self, email: str) -> dict[str, int]:
        """Bytes of content in files ``email`` owns: all of it, and the part in the trash."""
        rows = self.db.all(
            "SELECT f.trashed, COALESCE(SUM(r.size), 0) AS bytes FROM google_drive_files f "
            "JOIN google_drive_permissions p ON p.item_id = f.id AND p.role = 'owner' "
            "JOIN google_drive_revisions r ON r.file_id = f.id WHERE p.email = ? "
            "GROUP BY f.trashed",
            (email,),
        )
        by_state = {row["trashed"]: row["bytes"] for row in rows}
        return {"total": sum(by_state.values()), "trash": by_state.get(1, 0)}

    def shared_with_me_time(self, file_id: str, principal: Principal) -> float | None:
        """When the file was first shared with the principal or one of its groups directly."""
        groups = self.universe.twins["google"].state.groups_of(principal.email)
        emails = [principal.email, *groups]
        return self.db.scalar(
            "SELECT MIN(created) FROM google_drive_permissions WHERE item_id = ? AND role != "
            f"'owner' AND email IN ({','.join('?' * len(emails))})",
            [file_id, *emails],
        )

    def audience(self, file_id: str) -> list[str]:
        """The users a file is shared with by name (groups expanded), for removal changes."""
        state = self.universe.twins["google"].state
        found: list[str] = []
        for permission in self.permissions_of(file_id):
            if permission["type"] == "user":
                found.append(permission["email"])
            elif permission["type"] == "group":
                found += state.members_of(permission["email"])
        return sorted(set(found))
