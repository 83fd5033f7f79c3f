"""Drive v3 at ``/google/drive/v3/...`` (uploads under ``/google/upload/drive/v3/...``).

One module per discovery resource: ``files`` (with ``media`` for uploads, ``listing`` for
``files.list``, ``download`` and ``export``, ``operations`` for ``files.download``,
``labels``, ``cse`` for ``files.generateCseToken``), ``permissions``, ``accessproposals``,
``approvals``, ``drives`` (and its older name ``teamdrives``), ``changes``, ``about``,
``apps``, ``revisions``, ``comments`` (with ``replies``), ``watch`` (push notifications);
``state`` is the file store the other areas create their files in. Drive v2 (``v2/``) serves
the same state in v2's words.
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from darkfactory.twins.google.drive import (
    about,
    accessproposals,
    approvals,
    apps,
    changes,
    comments,
    cse,
    drives,
    files,
    fixtures,
    labels,
    media,
    operations,
    permissions,
    revisions,
    teamdrives,
    ui,
    v2,
    watch,
)
from darkfactory.twins.google.drive.schema import SCHEMA

__all__ = ["SCHEMA", "routes", "seed", "ui_routes"]

seed = fixtures.seed


def routes() -> list[BaseRoute]:
    return (
        cse.routes()
        + files.routes()
        + media.routes()
        + operations.routes()
        + labels.routes()
        + permissions.routes()
        + revisions.routes()
        + comments.routes()
        + accessproposals.routes()
        + approvals.routes()
        + apps.routes()
        + drives.routes()
        + teamdrives.routes()
        + changes.routes()
        + about.routes()
        + watch.routes()
        + v2.routes()
    )


def ui_routes(twin) -> list[BaseRoute]:
    return ui.routes(twin)
