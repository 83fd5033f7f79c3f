"""Listing an official SDK client's resource methods (``chat.completions.create`` ...), for the
LLM twins' coverage tables."""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable
from typing import Any

SKIP = {"with_raw_response", "with_streaming_response", "aio"}


def resource_methods(root: Any, is_resource: Callable[[Any], bool], prefix: str = "") -> list[str]:
    """Dotted names of the public methods on every resource reachable from ``root``."""
    found: list[str] = []
    cls = type(root)
    for name in dir(cls):
        if name.startswith("_") or name in SKIP:
            continue
        attr = inspect.getattr_static(cls, name)
        if isinstance(attr, functools.cached_property | property):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                value = getattr(root, name)
            if is_resource(value):
                found += resource_methods(value, is_resource, f"{prefix}{name}.")
        elif inspect.isfunction(attr) and prefix:
            found.append(prefix + name)
    return found


def served(routes: list) -> set[str]:
    """The operation names of a twin's API routes."""
    return {getattr(route.endpoint, "operation", "") for route in routes} - {""}


def family(operation: str) -> str:
    return operation.split(".")[0]
