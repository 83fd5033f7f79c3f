"""The Slack twin's coverage: slack_sdk's WebClient methods against the twin's Web API methods."""

from __future__ import annotations

import inspect
import re

from slack_sdk import WebClient

from darkfactory.twins.slack import methods  # noqa: F401  (registers the methods)
from darkfactory.twins.slack.api import METHODS

TITLE = "Slack Web API coverage"
PACKAGE = "slack_sdk"  # the distribution the operation list is read from
SOURCE = "slack_sdk's `WebClient` (every method name it passes to `api_call`)"


def operations() -> list[str]:
    # A comment may sit between ``api_call(`` and the name (as for ``files.remote.add``).
    return re.findall(r'api_call\(\s*(?:#[^\n]*\s*)*"([\w.]+)"', inspect.getsource(WebClient))


def implemented() -> list[str]:
    return list(METHODS)


def family(operation: str) -> str:
    parts = operation.split(".")
    return ".".join(parts[:2]) if parts[0] == "admin" else parts[0]
