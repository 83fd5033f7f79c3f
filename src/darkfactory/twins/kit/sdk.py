"""Vendor SDKs for pytest fixtures, imported when a fixture is used: where one is not installed,
the test that asked for it is skipped with a reason naming the package."""

from __future__ import annotations

from types import ModuleType

import pytest

EXTRA = "darkfactory[sdks]"


def sdk(module: str, package: str) -> ModuleType:
    """``module`` imported, or the running test skipped because ``package`` is missing."""
    return pytest.importorskip(
        module, reason=f"needs the {package} package (pip install '{EXTRA}' brings it)"
    )
