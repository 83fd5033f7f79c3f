"""Discovery documents: the copies shipped in google-api-python-client, pointed at the twin.

``GET /google/discovery/v1/apis/{api}/{version}/rest`` answers the vendor's own document with
``rootUrl``/``baseUrl``/``batchPath`` and the media-upload paths rewritten to the twin, so a client
built from it sends every request (uploads, downloads, batches) here. The same documents give the
per-method scopes ``auth.require`` enforces and the method lists ``coverage`` counts.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path

import googleapiclient
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.google.errors import not_found
from darkfactory.twins.kit.operation import TWIN_KEY

DOCUMENTS = Path(googleapiclient.__file__).parent / "discovery_cache" / "documents"
APIS = (
    ("drive", "v3"),
    ("drive", "v2"),
    ("sheets", "v4"),
    ("docs", "v1"),
    ("oauth2", "v2"),
    ("admin", "directory_v1"),
)


def preferred(api: str) -> str:
    """The version of ``api`` whose method ids are the plain discovery ids (its first in APIS)."""
    return next(version for name, version in APIS if name == api)


def qualified(api: str, version: str, method_id: str) -> str:
    """A method's operation name: its discovery id, with the version after the API's name for
    a version other than the preferred one (``drive.v2.files.insert``), so that two versions'
    ``drive.files.get`` stay two operations."""
    if version == preferred(api):
        return method_id
    return f"{api}.{version}.{method_id.split('.', 1)[1]}"


def version_of(operation: str) -> str:
    """The API version an operation name belongs to (``drive.v2.files.get`` -> ``v2``)."""
    api, _, rest = operation.partition(".")
    second = rest.split(".", 1)[0]
    return second if (api, second) in APIS else preferred(api)


@functools.cache
def document(api: str, version: str) -> dict:
    """The vendor's discovery document for ``api``/``version`` (one of ``APIS``)."""
    return json.loads((DOCUMENTS / f"{api}.{version}.json").read_text())


def _walk(resources: dict):
    for resource in resources.values():
        yield from resource.get("methods", {}).values()
        yield from _walk(resource.get("resources", {}))


def _every_method(doc: dict):
    """The methods of a document: its own (oauth2's ``tokeninfo``) and its resources'."""
    yield from doc.get("methods", {}).values()
    yield from _walk(doc.get("resources", {}))


@functools.cache
def _methods() -> dict[str, dict]:
    found = {}
    for api, version in APIS:
        for method in _every_method(document(api, version)):
            found[qualified(api, version, method["id"])] = method
    return found


def method(method_id: str) -> dict | None:
    """The discovery description of a method by its operation name (``drive.files.create``,
    ``drive.v2.files.insert``)."""
    return _methods().get(method_id)


def method_scopes(method_id: str) -> list[str]:
    """The OAuth scopes any one of which lets a token call ``method_id``."""
    found = method(method_id)
    return list(found.get("scopes", [])) if found else []


def method_ids(api: str, version: str) -> list[str]:
    """The operation names of every method of ``api``/``version`` (see ``qualified``)."""
    methods = _every_method(document(api, version))
    return sorted(qualified(api, version, m["id"]) for m in methods)


def pointed_at(api: str, version: str, root_url: str) -> dict:
    """The document with every URL in it leading to ``root_url`` (``http://host:port/google/``)."""
    doc = copy.deepcopy(document(api, version))
    mount = "/" + root_url.split("://", 1)[-1].split("/", 1)[-1]
    doc["rootUrl"] = root_url
    doc["mtlsRootUrl"] = root_url
    doc["baseUrl"] = root_url + doc["servicePath"]
    doc["batchPath"] = f"batch/{api}/{version}"
    for found in _walk(doc.get("resources", {})):
        for protocol in found.get("mediaUpload", {}).get("protocols", {}).values():
            protocol["path"] = mount.rstrip("/") + protocol["path"]
    return doc


@functools.lru_cache(maxsize=16)
def served(api: str, version: str, root_url: str) -> bytes:
    return json.dumps(pointed_at(api, version, root_url)).encode()


def routes() -> list[Route]:
    async def rest(request: Request) -> Response:
        api, version = request.path_params["api"], request.path_params["version"]
        if (api, version) not in APIS:
            error = not_found(f"Requested entity was not found. ({api} {version})")
            return error.response()
        twin = request.scope[TWIN_KEY]
        return Response(served(api, version, twin.client_url), media_type="application/json")

    async def directory(request: Request) -> Response:
        twin = request.scope[TWIN_KEY]
        items = [
            {
                "kind": "discovery#directoryItem",
                "id": f"{api}:{version}",
                "name": api,
                "version": version,
                "title": document(api, version).get("title", api),
                "discoveryRestUrl": f"{twin.client_url}discovery/v1/apis/{api}/{version}/rest",
                "preferred": version == preferred(api),
            }
            for api, version in APIS
        ]
        return JSONResponse(
            {"kind": "discovery#directoryList", "discoveryVersion": "v1", "items": items}
        )

    return [
        Route("/discovery/v1/apis", directory, methods=["GET"]),
        Route("/discovery/v1/apis/{api}/{version}/rest", rest, methods=["GET"]),
    ]
