"""Push providers: ``/api/v1/push-providers``, the APNs or FCM credentials a custom
authenticator app's push notifications go out with; their keys are write-only."""

from __future__ import annotations

import re

from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.api import timestamp
from darkfactory.twins.okta.errors import validation

APPLE_ID = re.compile(r"^[A-Z0-9]{10}$")


def _configuration(provider_type: str, given: dict) -> dict:
    if provider_type == "APNS":
        for field in ("keyId", "teamId"):
            if not APPLE_ID.match(str(given.get(field) or "")):
                raise validation("configuration", f"configuration.{field}: Invalid 10-character ID")
        if not given.get("tokenSigningKey"):
            raise validation(
                "configuration", "configuration.tokenSigningKey: The field cannot be left blank"
            )
        fields = ("keyId", "teamId", "tokenSigningKey", "fileName")
        return {f: given[f] for f in fields if given.get(f) is not None}
    account = given.get("serviceAccountJson")
    if not isinstance(account, dict) or not account.get("project_id"):
        raise validation(
            "configuration", "configuration.serviceAccountJson: A service account key is required"
        )
    shown = {"serviceAccountJson": account, "projectId": account["project_id"]}
    return {**shown, **({"fileName": given["fileName"]} if given.get("fileName") else {})}


def _clean(call: Call, payload: dict, own_id: str | None) -> dict:
    name, provider_type = payload.get("name"), payload.get("providerType")
    if not name or not isinstance(name, str):
        raise validation("name", "name: The field cannot be left blank")
    if provider_type not in ("APNS", "FCM"):
        raise validation("providerType", "providerType: must be one of APNS, FCM")
    given = payload.get("configuration") if isinstance(payload.get("configuration"), dict) else {}
    if own_id is not None:
        current = resources.document(call, KIND, own_id)["document"]
        if current["providerType"] != provider_type:
            raise validation("providerType", "providerType: The provider type cannot be changed")
        given = {**current["configuration"], **given}  # secrets kept unless replaced
    resources.unique(call, KIND, "name", name, own_id)
    configuration = _configuration(provider_type, given)
    return {"name": name, "providerType": provider_type, "configuration": configuration}


KIND = resources.Kind(
    name="PushProvider",
    path="/api/v1/push-providers",
    id_param="pushProviderId",
    prefix="ppc",
    scope="okta.pushProviders",
    event="system.push_provider",
    clean=_clean,
    hidden=("configuration.tokenSigningKey", "configuration.serviceAccountJson"),
    paged=False,
    lifecycle=False,
    listed=lambda call, document: call.query.get("type") in (None, document["providerType"]),
    stamps=lambda resource: {"lastUpdatedDate": timestamp(resource["last_updated"])},
)


def routes() -> list[Route]:
    return resources.routes(
        KIND,
        {
            "create": "createPushProvider",
            "list": "listPushProviders",
            "get": "getPushProvider",
            "replace": "replacePushProvider",
            "delete": "deletePushProvider",
        },
    )
