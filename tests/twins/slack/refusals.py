"""The error code a Web API call is refused with, for tests of deny paths."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError


def error_of(call, **kwargs) -> str:
    """The ``error`` of the SlackApiError ``call(**kwargs)`` raises; fails if it raises none."""
    with pytest.raises(SlackApiError) as refused:
        call(**kwargs)
    return refused.value.response["error"]
