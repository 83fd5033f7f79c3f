"""The Drive browser at ``/ui/google/``: My Drive, Shared with me, shared drives, Trash, a file
page (or, for a file the viewer cannot open, a page to ask for access; those who may share
see the pending requests and approve or deny them), new folders, uploads and a sharing dialog.

Pages are rendered on the server from the viewing user's point of view (``?as=EMAIL``, kept in
a cookie); every change the page makes (sharing, new folders, uploads, trashing, restoring) is
a real Drive API call with the viewer's access token, so the UI obeys the same rules as any
client and shows in the journal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.api import timestamp
from darkfactory.twins.google.drive import accessproposals
from darkfactory.twins.google.drive.roles import ROLES, Access
from darkfactory.twins.google.drive.state import FOLDER, DriveState
from darkfactory.twins.google.viewer import VIEWER_COOKIE, ui_token, viewer_account
from darkfactory.twins.kit.dashboard import page

if TYPE_CHECKING:
    from darkfactory.twins.google import GoogleTwin


def routes(twin: GoogleTwin) -> list[Route]:
    state = twin.state
    drive: DriveState = twin.drive
    universe = twin.universe

    def seen_by(request: Request) -> tuple[dict, Access]:
        """The viewer's account and Drive access."""
        me = viewer_account(request, state)
        return me, drive.access(state.principal(me["email"]))

    def row(file: dict, access) -> dict:
        owner = drive.owner(file["id"])
        return {
            "id": file["id"],
            "name": file["name"],
            "mime": file["mime_type"],
            "folder": file["mime_type"] == FOLDER,
            "owner": "me"
            if owner and owner.lower() == access.principal.email.lower()
            else owner or "shared drive",
            "modified": timestamp(file["modified"]),
            "role": access.role(file["id"]),
            "trashed": bool(file["trashed"]),
        }

    def render(request: Request, me: dict, template: str, **context) -> Response:
        shared_drives = [
            drive.shared_drive(r["id"])
            for r in drive.db.all("SELECT id FROM google_drive_drives ORDER BY name")
            if drive.role_of(state.principal(me["email"]), r["id"]) is not None
        ]
        response = page(
            request,
            f"google/{template}",
            me=me,
            people=state.accounts("user"),
            token=ui_token(twin, me["email"]),
            api=twin.client_url,
            roles=ROLES,
            shared_drives=shared_drives,
            **context,
        )
        response.set_cookie(VIEWER_COOKIE, me["email"], samesite="lax")
        return response

    def folder_view(request: Request, folder_id: str | None, title: str) -> Response:
        me, access = seen_by(request)
        folder_id = folder_id or drive.root_of(access.principal.email)
        if access.role(folder_id) is None:
            return Response("File not found", status_code=404)
        items = [drive.file(c) for c in drive.children(folder_id)]
        rows = [row(f, access) for f in items if f and not f["trashed"] and access.role(f["id"])]
        rows.sort(key=lambda r: (not r["folder"], r["name"].lower()))
        return render(request, me, "drive.html", title=title, rows=rows, folder_id=folder_id)

    async def home(request: Request) -> Response:
        return folder_view(request, None, "My Drive")

    async def folder(request: Request) -> Response:
        folder_id = request.path_params["folder_id"]
        shared = drive.shared_drive(folder_id)
        found = shared or drive.file(folder_id)
        return folder_view(request, folder_id, found["name"] if found else "Folder")

    async def trash(request: Request) -> Response:
        me, access = seen_by(request)
        ids = drive.db.all(
            "SELECT f.id FROM google_drive_files f JOIN google_drive_permissions p ON "
            "p.item_id = f.id AND p.role = 'owner' WHERE p.email = ? AND f.explicitly_trashed = 1 "
            "ORDER BY f.trashed_time DESC",
            (access.principal.email,),
        )
        rows = [row(drive.file(r["id"]), access) for r in ids]
        return render(request, me, "drive.html", title="Trash", rows=rows, folder_id=None)

    async def shared_with_me(request: Request) -> Response:
        me, access = seen_by(request)
        ids = [
            r["item_id"]
            for r in drive.db.all(
                "SELECT DISTINCT item_id FROM google_drive_permissions WHERE role != 'owner'"
            )
        ]
        rows = []
        for file_id in ids:
            file = drive.file(file_id)
            if file is None or file["drive_id"] or file["trashed"]:
                continue
            owner = drive.owner(file_id) or ""
            if (
                owner.lower() != access.principal.email.lower()
                and drive.shared_with_me_time(file_id, access.principal) is not None
            ):
                rows.append(row(file, access))
        return render(request, me, "drive.html", title="Shared with me", rows=rows, folder_id=None)

    def need_access(request: Request, me: dict, file: dict, **context) -> Response:
        """Drive's "You need access" page, where the viewer asks for a role on the file."""
        response = render(request, me, "request_access.html", file=file, **context)
        response.status_code = 403
        return response

    async def file_page(request: Request) -> Response:
        me, access = seen_by(request)
        file = drive.file(request.path_params["file_id"])
        if file is None or file["space"] != "drive":
            return Response("File not found", status_code=404)
        if access.role(file["id"]) is None:
            return need_access(request, me, file, sent=False, problem=None)
        head = drive.head(file["id"])
        preview = None
        if head and file["mime_type"].startswith("text/"):
            preview = bytes(head["content"][:20000]).decode("utf-8", "replace")
        permissions = drive.permissions_of(file["id"])
        return render(
            request,
            me,
            "file.html",
            file=row(file, access),
            preview=preview,
            permissions=permissions,
            size=head["size"] if head else None,
        )

    async def request_access(request: Request) -> Response:
        me, access = seen_by(request)
        file = drive.file(request.path_params["file_id"])
        if file is None or file["space"] != "drive":
            return Response("File not found", status_code=404)
        form = await request.form()
        try:
            with universe.store.transaction():
                accessproposals.propose(
                    drive,
                    access.principal,
                    file["id"],
                    str(form.get("role", "")),
                    str(form.get("message", "")),
                )
        except ValueError as refused:
            return need_access(request, me, file, sent=False, problem=str(refused))
        return need_access(request, me, file, sent=True, problem=None)

    return [
        Route("/", home, methods=["GET"]),
        Route("/files/{file_id}/access", request_access, methods=["POST"]),
        Route("/shared", shared_with_me, methods=["GET"]),
        Route("/trash", trash, methods=["GET"]),
        Route("/folders/{folder_id}", folder, methods=["GET"]),
        Route("/files/{file_id}", file_page, methods=["GET"]),
    ]
