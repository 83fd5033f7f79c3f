"""The Okta twin's coverage: the ``okta`` SDK's API operations against the twin's operations.

Each SDK API class (``UserApi``, ``GroupRuleApi`` ...) is a family; its public coroutine methods
are Okta's operationIds in snake_case. The twin's handlers are named by those operationIds.
"""

from __future__ import annotations

import inspect
import re

import okta.api

from darkfactory.twins.okta import MODULES

TITLE = "Okta Management API coverage"
PACKAGE = "okta"  # the distribution the operation list is read from
SOURCE = "the `okta` SDK's API classes (`okta.api.*Api`, one method per operationId)"


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _sdk() -> dict[str, str]:
    """operationId -> family (the API class without ``Api``)."""
    found: dict[str, str] = {}
    for class_name, cls in inspect.getmembers(okta.api, inspect.isclass):
        if not class_name.endswith("Api"):
            continue
        for method, _ in inspect.getmembers(cls, inspect.iscoroutinefunction):
            if not method.startswith("_"):
                found.setdefault(_camel(method), class_name.removesuffix("Api"))
    return found


def _served() -> set[str]:
    names = set()
    for module in MODULES:
        for route in module.routes():
            names.add(getattr(route.endpoint, "operation", ""))
    return names - {""}


def operations() -> list[str]:
    return [f"{family}.{op}" for op, family in _sdk().items()]


def implemented() -> list[str]:
    sdk = _sdk()
    return [f"{sdk[op]}.{op}" if op in sdk else op for op in _served()]


def family(operation: str) -> str:
    return re.sub(r"\..*", "", operation)
