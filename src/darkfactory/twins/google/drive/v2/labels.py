"""Drive v2 ``files.listLabels`` and ``files.modifyLabels``: v3's labels (``drive.labels``),
listed as ``items``."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import labels, paging
from darkfactory.twins.google.drive.v2 import wire
from darkfactory.twins.kit.operation import Call, operation


@operation("drive.v2.files.listLabels")
def list_labels(call: Call) -> dict:
    principal = require(call)
    chosen, token = paging.page(call, labels.labels_of(call, principal), 100, 100, "maxResults")
    answer: dict = {"kind": "drive#labelList", "items": chosen}
    if token:
        answer["nextPageToken"] = token
    return wire.partial(call, answer, "LabelList")


@operation("drive.v2.files.modifyLabels")
def modify_labels(call: Call) -> dict:
    principal = require(call)
    modified = labels.modify(call, principal)
    answer = {"kind": "drive#modifyLabelsResponse", "modifiedLabels": modified}
    return wire.partial(call, answer, "ModifyLabelsResponse")


def routes() -> list[Route]:
    return [
        Route("/drive/v2/files/{fileId}/listLabels", list_labels, methods=["GET"]),
        Route("/drive/v2/files/{fileId}/modifyLabels", modify_labels, methods=["POST"]),
    ]
