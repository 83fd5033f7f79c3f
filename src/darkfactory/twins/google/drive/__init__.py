"""Drive v3 at ``/google/drive/v3/...`` (uploads under ``/google/upload/drive/v3/...``).

One module per discovery resource: ``files``, ``permissions``, ``drives``, ``changes``,
``about``, ``revisions``; ``state`` is the file store the other areas create their files in.
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from darkfactory.twins.google.drive import about
from darkfactory.twins.google.drive.schema import SCHEMA

__all__ = ["SCHEMA", "routes"]


def routes() -> list[BaseRoute]:
    return about.routes()
