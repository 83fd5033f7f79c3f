"""Drive v2 at ``/google/drive/v2/...`` (uploads under ``/google/upload/drive/v2/...``), served
from the same files, permissions and changes as v3: a file made through one is the same file
in the other.

``wire`` translates between the versions' shapes; one module per discovery resource holds
its handlers, named ``drive.v2.<resource>.<method>``.
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from darkfactory.twins.google.drive.v2 import (
    about,
    apps,
    comments,
    cse,
    drives,
    files,
    history,
    labels,
    permissions,
    properties,
    references,
)


def routes() -> list[BaseRoute]:
    return (
        cse.routes()
        + files.routes()
        + references.routes()
        + permissions.routes()
        + properties.routes()
        + history.routes()
        + drives.routes()
        + about.routes()
        + comments.routes()
        + apps.routes()
        + labels.routes()
    )
