"""``files.listLabels`` and ``files.modifyLabels``: the organisation's Drive labels on a file.

The domain publishes two labels (``CATALOG``): *Sensitivity*, one choice of level, and
*Project*, a code, a due date, a budget and an owner. Anyone who reads a file lists its labels;
its editors apply, change and remove them. A field is set with the ``set...Values`` of its own
type only; a choice must be one of the field's, a user one of the domain's; ``unsetValues``
clears a field and ``removeLabel`` the whole label. Unknown labels or fields are Drive's 400.
``files.get`` with ``includeLabels`` shows the file's labels of those ids as ``labelInfo``.
Drive v2 answers the same labels (``v2.files``), listing them as ``items``.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from starlette.routing import Route

from darkfactory.twins.google.api import body
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import paging, wire
from darkfactory.twins.google.drive.items import visible
from darkfactory.twins.google.drive.state import DriveState
from darkfactory.twins.google.errors import GoogleError
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.operation import Call, operation


@dataclass(frozen=True)
class Field:
    value_type: str  # selection, text, dateString, integer or user
    choices: tuple[str, ...] = ()


CATALOG: dict[str, dict[str, Field]] = {
    "sensitivityLabel0001": {
        "levelField01": Field("selection", ("public01", "internal01", "confidential01")),
    },
    "projectLabel00000001": {
        "codeField001": Field("text"),
        "dueField0001": Field("dateString"),
        "budgetField1": Field("integer"),
        "ownerField01": Field("user"),
    },
}
REVISION = "1"
SETTERS = {
    "setSelectionValues": "selection",
    "setTextValues": "text",
    "setDateValues": "dateString",
    "setIntegerValues": "integer",
    "setUserValues": "user",
}


def _invalid(message: str) -> GoogleError:
    return GoogleError(400, "invalid", message, location="labelModifications")


def label_json(call: Call, label_id: str, values: dict[str, list]) -> dict:
    """A label on a file, its fields each with the values of its type (users as Drive users)."""
    fields = {}
    for field_id, found in values.items():
        kind = CATALOG[label_id][field_id].value_type
        shown = [wire.user_json(call, v) for v in found] if kind == "user" else found
        fields[field_id] = {"kind": "drive#labelField", "id": field_id, "valueType": kind}
        fields[field_id][kind] = shown
    return {"kind": "drive#label", "id": label_id, "revisionId": REVISION, "fields": fields}


def applied(drive: DriveState, file_id: str) -> dict[str, dict[str, list]]:
    rows = drive.db.all(
        "SELECT * FROM google_drive_labels WHERE file_id = ? ORDER BY rowid", (file_id,)
    )
    return {r["label_id"]: json.loads(r["fields"]) for r in rows}


def labels_of(call: Call, principal: Principal) -> list[dict]:
    """The labels on the file in the path, which the caller may read."""
    file = visible(call, principal, call.path_params["fileId"])
    found = applied(call.twin.drive, file["id"])
    return [label_json(call, label_id, values) for label_id, values in found.items()]


def label_info(call: Call, file_id: str) -> dict:
    """``labelInfo`` for a file read with ``includeLabels`` (the ids of the labels wanted)."""
    wanted = {i.strip() for i in call.query.get("includeLabels", "").split(",") if i.strip()}
    if not wanted:
        return {}
    found = applied(call.twin.drive, file_id)
    labels = [label_json(call, i, values) for i, values in found.items() if i in wanted]
    return {"labelInfo": {"labels": labels}}


def _values(call: Call, field: Field, change: dict) -> list:
    """The new values a field modification sets, checked against the field's type."""
    given = [(name, change[name]) for name in SETTERS if change.get(name) is not None]
    if len(given) != 1 or SETTERS[given[0][0]] != field.value_type:
        raise _invalid(f"The field takes {field.value_type} values.")
    values = given[0][1] if isinstance(given[0][1], list) else [given[0][1]]
    for value in values:
        _check(call, field, value)
    if field.value_type == "integer":  # int64, written as a JSON string
        return [str(int(v)) for v in values]
    return [str(v) for v in values]


def _check(call: Call, field: Field, value) -> None:
    kind = field.value_type
    if kind == "selection" and value not in field.choices:
        raise _invalid(f"Invalid choice: {value}")
    if kind == "integer" and not str(value).lstrip("-").isdigit():
        raise _invalid(f"Invalid integer: {value}")
    if kind == "user" and call.twin.state.account(str(value)) is None:
        raise _invalid(f"Invalid user: {value}")
    if kind == "dateString":
        try:
            datetime.date.fromisoformat(str(value))
        except ValueError:
            raise _invalid(f"Invalid date: {value}") from None


def modify(call: Call, principal: Principal) -> list[dict]:
    """Apply the request's label modifications to the file (its editors only): the labels
    changed, as they now stand (a removed one without fields)."""
    drive: DriveState = call.twin.drive
    file = visible(call, principal, call.path_params["fileId"], "writer")
    changes = body(call, "ModifyLabelsRequest").get("labelModifications") or []
    current = applied(drive, file["id"])
    touched: list[str] = []
    for change in changes:
        label_id = change.get("labelId")
        if label_id not in CATALOG:
            raise _invalid(f"Invalid label: {label_id}")
        touched.append(label_id)
        if change.get("removeLabel"):
            current.pop(label_id, None)
            continue
        values = current.setdefault(label_id, {})
        for field_change in change.get("fieldModifications") or []:
            field_id = field_change.get("fieldId")
            field = CATALOG[label_id].get(field_id)
            if field is None:
                raise _invalid(f"Invalid field: {field_id}")
            if field_change.get("unsetValues"):
                values.pop(field_id, None)
            else:
                values[field_id] = _values(call, field, field_change)
    drive.db.execute("DELETE FROM google_drive_labels WHERE file_id = ?", (file["id"],))
    for label_id, values in current.items():
        drive.db.insert(
            "google_drive_labels",
            {"file_id": file["id"], "label_id": label_id, "fields": json.dumps(values)},
        )
    drive.record_change(file["id"])
    return [
        label_json(call, label_id, current[label_id])
        if label_id in current
        else {"kind": "drive#label", "id": label_id}
        for label_id in dict.fromkeys(touched)
    ]


@operation("drive.files.listLabels")
def list_labels(call: Call) -> dict:
    principal = require(call)
    chosen, token = paging.page(call, labels_of(call, principal), 100, 100, "maxResults")
    answer: dict = {"kind": "drive#labelList", "labels": chosen}
    if token:
        answer["nextPageToken"] = token
    return wire.partial(call, answer, "LabelList")


@operation("drive.files.modifyLabels")
def modify_labels(call: Call) -> dict:
    principal = require(call)
    answer = {"kind": "drive#modifyLabelsResponse", "modifiedLabels": modify(call, principal)}
    return wire.partial(call, answer, "ModifyLabelsResponse")


def routes() -> list[Route]:
    return [
        Route("/drive/v3/files/{fileId}/listLabels", list_labels, methods=["GET"]),
        Route("/drive/v3/files/{fileId}/modifyLabels", modify_labels, methods=["POST"]),
    ]
