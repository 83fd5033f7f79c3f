"""``files.list``: corpora, the ``q`` search, ``orderBy`` and paging over what the caller may see.

Only items the caller can find are candidates: link-only shares (``anyone``/``domain`` without
``allowFileDiscovery``) open by id but stay out of searches, and My Drive root folders are never
listed. Shared-drive items take part only with ``includeItemsFromAllDrives`` (which itself needs
``supportsAllDrives``), and app data only with ``spaces=appDataFolder``, as in Drive.

One SQL statement finds the candidates, with as much of ``q`` as SQL can test
(``query_sql``) and the order when SQL can sort by every key; when both are SQL's it reads the
page and one row more. What SQL cannot test, the query's Python predicate tests on the rows SQL
found, and keys SQL cannot sort by (names, ``sharedWithMeTime``) sort in Python. When the
mask asks of each file only fields of its row's columns (``wire.RowShape``; Drive's default
does), the statement reads those columns alone and each file's answer is made from its row.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterator

from darkfactory.twins.google.api import flag
from darkfactory.twins.google.drive import native, paging, query_sql, wire
from darkfactory.twins.google.drive.query import Subject, compile_query
from darkfactory.twins.google.drive.roles import Access
from darkfactory.twins.google.drive.state import APP_DATA_SCOPE, FOLDER, DriveState
from darkfactory.twins.google.errors import GoogleError
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.operation import Call

SHARING_WORDS = ("owners", "writers", "readers", "sharedWithMe", "visibility")
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/javascript")
ORDER_KEYS: dict[str, Callable[[dict, Access], object]] = {
    "createdTime": lambda f, a: f["created"],
    "folder": lambda f, a: f["mime_type"] != FOLDER,
    "modifiedByMeTime": lambda f, a: f["modified"],
    "modifiedTime": lambda f, a: f["modified"],
    "name": lambda f, a: f["name"].lower(),
    "name_natural": lambda f, a: f["name"].lower(),
    "quotaBytesUsed": lambda f, a: a.drive.head_size(f["id"]),
    "recency": lambda f, a: f["modified"],
    "sharedWithMeTime": lambda f, a: a.drive.shared_with_me_time(f["id"], a.principal) or 0,
    "starred": lambda f, a: not f["extra"].get("starred", False),
    "viewedByMeTime": lambda f, a: f["modified"],
}


def full_text(drive: DriveState, file: dict) -> str:
    """What ``fullText contains`` searches: name, description and readable content."""
    parts = [file["name"], file["extra"].get("description", "")]
    kind = native.of(file["mime_type"])
    if kind is not None:
        content = kind.content(drive.universe, file["id"])
        if isinstance(content, native.Table):
            parts += [cell for _, rows in content.sheets for row in rows for cell in row]
        else:
            parts += [content.title, *(p.text for p in content.paragraphs)]
    elif file["mime_type"].startswith(TEXT_TYPES):
        head = drive.head(file["id"])
        parts.append(head["content"].decode("utf-8", "replace") if head else "")
    return "\n".join(parts)


def subject(file: dict, access: Access, aliases: dict, text: bool, sharing: bool) -> Subject:
    """What ``q`` sees of a file; content (``text``) and sharing facts only when it asks."""
    drive = access.drive
    me = access.principal
    permissions = access.permissions(file["id"]) if sharing and not file["drive_id"] else []
    owners = {
        p["email"] for p in permissions if p["role"] == "owner" and p["details"][0][1] is None
    }
    writers = {
        p["email"]
        for p in permissions
        if p["email"] and p["role"] in ("owner", "writer", "fileOrganizer", "organizer")
    }
    readers = {p["email"] for p in permissions if p["email"]}
    shared_time = drive.shared_with_me_time(file["id"], me) if sharing else None
    visibility = "limited"
    for permission in permissions:
        if permission["type"] == "anyone":
            visibility = "anyoneCanFind" if permission["allow_file_discovery"] else "anyoneWithLink"
        elif permission["type"] == "domain" and visibility == "limited":
            visibility = (
                "domainCanFind" if permission["allow_file_discovery"] else ("domainWithLink")
            )
    times = {
        "modifiedTime": file["modified"],
        "createdTime": file["created"],
        "viewedByMeTime": file["modified"],
    }
    if shared_time is not None:
        times["sharedWithMeTime"] = shared_time
    return Subject(
        name=file["name"],
        mimeType=file["mime_type"],
        fullText=full_text(drive, file) if text else "",
        visibility=visibility,
        times=times,
        flags={
            "trashed": bool(file["trashed"]),
            "starred": bool(file["extra"].get("starred", False)),
            "sharedWithMe": shared_time is not None
            and me.email.lower() not in {o.lower() for o in owners}
            and not file["drive_id"],
        },
        sets={
            "parents": set(file["parents"]),
            "owners": owners,
            "writers": writers,
            "readers": readers,
        },
        maps={
            "properties": file["extra"].get("properties", {}),
            "appProperties": file["extra"].get("appProperties", {}),
        },
        aliases=aliases,
    )


def _scope(call: Call, access: Access) -> tuple[str, list]:
    """SQL on ``google_drive_files f``: the files the caller may find in the request's corpora
    and spaces."""
    corpora = call.query.get("corpora", "user")
    drive_id = call.query.get("driveId")
    all_drives = flag(call, "includeItemsFromAllDrives") or flag(call, "includeTeamDriveItems")
    supports = flag(call, "supportsAllDrives") or flag(call, "supportsTeamDrives")
    if all_drives and not supports:
        raise GoogleError(
            403,
            "forbidden",
            "The includeItemsFromAllDrives parameter can only "
            "be set to true when supportsAllDrives is also set to true.",
        )
    if corpora not in ("user", "drive", "allDrives", "domain"):
        raise GoogleError(400, "invalid", "Invalid value for: corpora", location="corpora")
    if corpora == "drive":
        if not drive_id:
            raise GoogleError(
                400,
                "required",
                "The driveId parameter must be specified when "
                "the corpora parameter is set to drive.",
                location="driveId",
            )
        if not all_drives:
            raise GoogleError(
                403,
                "forbidden",
                "The includeItemsFromAllDrives parameter must "
                "be set to true when corpora is set to drive.",
            )
        if access.role(drive_id) is None:
            raise GoogleError(
                404, "notFound", f"Shared drive not found: {drive_id}", location="driveId"
            )
        sql, params = "f.drive_id = ?", [drive_id]
    elif drive_id:
        raise GoogleError(
            400,
            "invalid",
            "The driveId parameter can only be set when corpora is set to drive.",
            location="driveId",
        )
    elif (corpora == "allDrives" and all_drives) or (corpora == "user" and all_drives):
        sql, params = "f.is_root = 0", []
    else:
        sql, params = "f.drive_id IS NULL AND f.is_root = 0", []
    chosen = spaces(call, access.principal)
    findable, more = access.drive.findable(access.principal, access.emails)
    sql += f" AND f.space IN ({','.join('?' * len(chosen))}) AND {findable}"
    return sql, [*params, *chosen, *more]


def spaces(call: Call, principal: Principal) -> list[str]:
    """The ``spaces`` a request searches (``drive`` by default, ``appDataFolder`` on request)."""
    chosen = [s.strip() for s in call.query.get("spaces", "drive").split(",") if s.strip()]
    if not chosen or set(chosen) - {"drive", "appDataFolder", "photos"}:
        raise GoogleError(400, "invalid", "Invalid Value", location="spaces")
    if "appDataFolder" in chosen and APP_DATA_SCOPE not in principal.scopes:
        raise GoogleError(
            403,
            "insufficientScopes",
            "The granted scopes do not give access to all of the requested spaces.",
        )
    return chosen


def order_keys(spec: str) -> list[list[str]]:
    """``orderBy`` as its keys' words (``["name", "desc"]``); Drive's 400 if one is unknown."""
    keys = [part.strip().split() for part in spec.split(",") if part.strip()]
    for words in keys:
        if words[0] not in ORDER_KEYS or len(words) > 2 or words[1:] not in ([], ["desc"]):
            raise GoogleError(400, "invalid", f"Invalid field selection {spec}", location="orderBy")
    return keys


def sort(keys: list[list[str]], files: list[dict], access: Access) -> list[dict]:
    """``files`` in ``orderBy``'s order (equal keys keep the order they came in)."""
    for words in reversed(keys):
        key = ORDER_KEYS[words[0]]
        files = sorted(files, key=lambda f, k=key: k(f, access), reverse=words[1:] == ["desc"])
    return files


def files(call: Call, principal: Principal) -> dict:
    shape = wire.row_shape(call, "FileList", "files")
    chosen, token, access = matching(call, principal, call.query.get("q", ""), shape=shape)
    answer = {"kind": "drive#fileList", "incompleteSearch": False, "files": chosen}
    if token:
        answer["nextPageToken"] = token
    if shape is not None:
        return wire.partial_list(call, answer, "FileList", "files")
    keys = wire.wanted(call, "FileList", "files")
    answer["files"] = [wire.file_json(call, f, access, keys) for f in chosen]
    return wire.partial(call, answer, "FileList")


def _files(
    access: Access, cursor: sqlite3.Cursor, chunk: int, test: Callable[[dict], bool]
) -> Iterator[dict]:
    """The files of a cursor's rows that ``test`` keeps where SQL did not settle ``q``, their
    parents read a chunk of rows at a time."""
    while batch := cursor.fetchmany(chunk):
        access.load_parents([r["id"] for r in batch])
        for row in batch:
            file = access.drive.file_from_row(row, access.parents(row["id"]))
            if file.pop("settled") or test(file):
                yield file


def _shaped(
    call: Call,
    access: Access,
    cursor: sqlite3.Cursor,
    chunk: int,
    test: Callable[[dict], bool],
    shape: wire.RowShape,
) -> Iterator[dict]:
    """``_files`` as ``shape`` gives them, from the rows' own columns where SQL settled ``q``;
    the other files are read whole for ``test``, a chunk of rows at a time."""
    while batch := cursor.fetchmany(chunk):
        unsettled = access.drive.files_of([r["id"] for r in batch if not r["settled"]])
        for row in batch:
            if row["settled"]:
                yield shape(call, row)
            elif test(file := unsettled[row["id"]]):
                yield shape(call, file)


def matching(
    call: Call,
    principal: Principal,
    q: str,
    order: str = "",
    size_param: str = "pageSize",
    shape: wire.RowShape | None = None,
) -> tuple[list, str | None, Access]:
    """One page of the files ``q`` finds for the caller, ordered by ``order`` (v3's words; the
    request's ``orderBy`` when empty), the next page's token and the caller's access. With a
    ``shape`` the page holds each file as it gives it; when SQL orders the files, only the
    columns it reads are selected."""
    drive: DriveState = call.twin.drive
    access = drive.access(principal)
    keys = order_keys(order or call.query.get("orderBy", ""))
    offset, size = paging.bounds(call, 100, 1000, size_param)
    where, params = _scope(call, access)
    settled: tuple[str, tuple] = ("1", ())
    predicate = compile_query(q) if q.strip() else None
    if predicate is not None:
        root = drive.root_of(principal.email)
        viewer = query_sql.Viewer(principal.email, tuple(access.emails), root, drive.now())
        narrowed = query_sql.clause(q, viewer)
        where, params = f"{where} AND ({narrowed.sql})", [*params, *narrowed.params]
        settled = (narrowed.sure, narrowed.sure_params)
        aliases = {"root": root, "me": principal.email}
        text = "fullText" in q
        sharing = any(word in q for word in SHARING_WORDS)

    def test(file: dict) -> bool:
        return predicate(subject(file, access, aliases, text, sharing))

    sql_order = query_sql.order_by(keys)
    narrow = shape is not None and sql_order is not None
    columns = ", ".join(f"f.{c}" for c in shape.columns) if narrow else "f.*"
    sql = (
        f"SELECT {columns}, ({settled[0]}) AS settled FROM google_drive_files f WHERE {where} "
        f"{sql_order or 'ORDER BY f.rowid'}"
    )
    params = [*settled[1], *params]
    needed = offset + size + 1  # the page, and one past it to know that another follows
    if sql_order is not None and settled[0] == "1":
        sql, params = f"{sql} LIMIT ?", [*params, needed]
    cursor = drive.db.execute(sql, params)
    if narrow:
        ordered = list(itertools.islice(_shaped(call, access, cursor, needed, test, shape), needed))
    elif sql_order is not None:
        ordered = list(itertools.islice(_files(access, cursor, needed, test), needed))
    else:
        ordered = sort(keys, list(_files(access, cursor, needed, test)), access)
    chosen, token = paging.page(call, ordered, 100, 1000, size_param)
    if shape is not None and not narrow:
        chosen = [shape(call, file) for file in chosen]
    return chosen, token, access
