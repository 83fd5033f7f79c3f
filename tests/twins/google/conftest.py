"""Drive test helpers: services acting as the seeded users of example.com."""

from __future__ import annotations

import json

import pytest
from googleapiclient.errors import HttpError

ALICE = "alice@example.com"
BOB = "bob@example.com"
CAROL = "carol@example.com"
DAVE = "dave@partner.example"
FOLDER = "application/vnd.google-apps.folder"


@pytest.fixture
def alice(google_service_for):
    return google_service_for("drive", "v3", user=ALICE)


@pytest.fixture
def bob(google_service_for):
    return google_service_for("drive", "v3", user=BOB)


@pytest.fixture
def carol(google_service_for):
    return google_service_for("drive", "v3", user=CAROL)


def error_of(request) -> tuple[int, str]:
    """Run a request that must fail; its HTTP status and Google's error reason."""
    with pytest.raises(HttpError) as caught:
        request.execute()
    body = json.loads(caught.value.content)["error"]
    assert body["code"] == caught.value.status_code
    return caught.value.status_code, body["errors"][0]["reason"]
