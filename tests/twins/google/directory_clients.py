"""Directory API test helpers: services acting as a user of example.com with every Directory
scope (through domain-wide delegation), and the checks of Google's refusals."""

from __future__ import annotations

import json

import pytest
from googleapiclient.errors import HttpError

from darkfactory.twins.google import discovery

ADMIN = "admin@example.com"
ALICE = "alice@example.com"
BOB = "bob@example.com"
CAROL = "carol@example.com"
NOT_AUTHORIZED = "Not Authorized to access this resource/api"
SCOPES = sorted(discovery.document("admin", "directory_v1")["auth"]["oauth2"]["scopes"])


def directory_as(google_service_for, email: str = ADMIN):
    """The Directory API acting as ``email`` with all of its scopes."""
    return google_service_for("admin", "directory_v1", user=None, scopes=SCOPES, subject=email)


def failure(request) -> tuple[int, dict]:
    """Run a request that must fail: its status and Google's first ``errors[]`` item."""
    with pytest.raises(HttpError) as caught:
        request.execute()
    error = json.loads(caught.value.content)["error"]
    assert error["code"] == caught.value.status_code
    assert error["errors"][0]["message"] == error["message"]
    if not request.methodId.startswith("admin."):  # the Admin SDK's older methods
        assert set(error) == {"code", "message", "errors"}
    return caught.value.status_code, error["errors"][0]


def assert_not_authorized(request) -> None:
    """The request is refused as Google refuses a caller without the right privileges."""
    status, error = failure(request)
    assert (status, error["reason"], error["domain"]) == (403, "forbidden", "global")
    assert error["message"] == NOT_AUTHORIZED


SCHEMAS = discovery.document("admin", "directory_v1")["schemas"]


def assert_shaped(value, schema: str) -> None:
    """Every key of ``value``, at every depth, is a property of the Directory's ``schema``."""
    _shaped(value, {"$ref": schema}, schema)


def _shaped(value, schema: dict, path: str) -> None:
    while "$ref" in schema:
        schema = SCHEMAS[schema["$ref"]]
    if isinstance(value, list):
        assert schema.get("type") in ("array", "any"), path
        for item in value:
            _shaped(item, schema.get("items", {}), path + "[]")
    elif isinstance(value, dict) and schema.get("type") == "object":
        properties = schema.get("properties", {})
        for key, item in value.items():
            child = properties.get(key, schema.get("additionalProperties"))
            assert child is not None, f"{path}.{key} is not in the discovery schema"
            _shaped(item, child, f"{path}.{key}")
