"""Log streams: ``/api/v1/logStreams``, the System Log sent on to AWS EventBridge or Splunk Cloud.

A stream's type decides the settings it needs, each checked as Okta's schema patterns say; the
Splunk token is write-only. Names are unique in the org.
"""

from __future__ import annotations

import re

from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.errors import validation

# type -> {setting: pattern}
SETTINGS = {
    "aws_eventbridge": {
        "accountId": r"^\d{12}$",
        "eventSourceName": r"^[\.\-_A-Za-z0-9]{1,75}$",
        "region": r"^(ap-northeast-[123]|ap-south(east)?-[12]|ca-central-1|eu-central-1|"
        r"eu-north-1|eu-west-[123]|sa-east-1|us-east-[12]|us-west-[12])$",
    },
    "splunk_cloud_logstreaming": {
        "edition": r"^(aws|aws_govcloud|gcp)$",
        "host": r"^[A-Za-z0-9\-\.]{17,116}$",
        "token": r"(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
    },
}


def _clean(call: Call, payload: dict, own_id: str | None) -> dict:
    name, stream_type = payload.get("name"), payload.get("type")
    if not name or not isinstance(name, str) or len(name) > 100:
        raise validation("name", "name: The field must have 1 to 100 characters")
    if stream_type not in SETTINGS:
        raise validation("type", f"type: must be one of {', '.join(SETTINGS)}")
    given = payload.get("settings") if isinstance(payload.get("settings"), dict) else {}
    if own_id is not None:  # a replaced Splunk stream keeps its token unless given a new one
        given = {**resources.document(call, KIND, own_id)["document"]["settings"], **given}
    settings = {}
    for field, pattern in SETTINGS[stream_type].items():
        value = given.get(field)
        if not isinstance(value, str) or not re.match(pattern, value):
            raise validation("settings", f"settings.{field}: Invalid value {value!r}")
        settings[field] = value
    resources.unique(call, KIND, "name", name, own_id)
    return {"name": name, "type": stream_type, "settings": settings}


KIND = resources.Kind(
    name="LogStream",
    path="/api/v1/logStreams",
    id_param="logStreamId",
    prefix="0oa",
    scope="okta.logStreams",
    event="system.log_stream",
    clean=_clean,
    hidden=("settings.token",),
    listed=lambda call, document: (
        call.query.get("filter") in (None, f'type eq "{document["type"]}"')
    ),
)


def routes() -> list[Route]:
    return resources.routes(
        KIND,
        {
            "create": "createLogStream",
            "list": "listLogStreams",
            "get": "getLogStream",
            "replace": "replaceLogStream",
            "delete": "deleteLogStream",
            "activate": "activateLogStream",
            "deactivate": "deactivateLogStream",
        },
    )
