"""Device assurance policies: ``/api/v1/device-assurances``, what a device must be (OS version,
disk encryption, screen lock ...) per platform, for policies to require."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.api import grant_of, timestamp
from darkfactory.twins.okta.errors import validation

PLATFORMS = ("ANDROID", "CHROMEOS", "IOS", "MACOS", "WINDOWS")
# The checks a policy may carry, as Okta's platform schemas name them.
CHECKS = (
    "diskEncryptionType",
    "jailbreak",
    "osVersion",
    "osVersionConstraints",
    "screenLockType",
    "secureHardwarePresent",
    "thirdPartySignalProviders",
    "devicePostureChecks",
    "displayRemediationMode",
    "gracePeriod",
)
READ_ONLY = ("id", "createdBy", "createdDate", "lastUpdate", "lastUpdatedBy", "_links")


def _clean(call: Call, payload: dict, own_id: str | None) -> dict:
    name, platform = payload.get("name"), payload.get("platform")
    if not name or not isinstance(name, str):
        raise validation("name", "name: The field cannot be left blank")
    if platform not in PLATFORMS:
        raise validation("platform", f"platform: must be one of {', '.join(PLATFORMS)}")
    by = grant_of(call).principal
    created_by = by
    if own_id is not None:
        current = resources.document(call, KIND, own_id)["document"]
        if current["platform"] != platform:
            raise validation("platform", "platform: The platform of a policy cannot be changed")
        created_by = current["createdBy"]
    resources.unique(call, KIND, "name", name, own_id)
    unknown = sorted(set(payload) - {"name", "platform", *CHECKS, *READ_ONLY})
    if unknown:
        raise validation(unknown[0], f"{unknown[0]}: Property is not supported")
    return {
        "name": name,
        "platform": platform,
        **{check: payload[check] for check in CHECKS if payload.get(check) is not None},
        "createdBy": created_by,
        "lastUpdatedBy": by,
    }


def _stamps(resource: dict) -> dict:
    return {
        "createdDate": timestamp(resource["created"]),
        "lastUpdate": timestamp(resource["last_updated"]),
    }


KIND = resources.Kind(
    name="DeviceAssurance",
    path="/api/v1/device-assurances",
    id_param="deviceAssuranceId",
    prefix="dae",
    scope="okta.deviceAssurance",
    event="device.assurance.policy",
    clean=_clean,
    paged=False,
    lifecycle=False,
    stamps=_stamps,
)


def routes() -> list[Route]:
    return resources.routes(
        KIND,
        {
            "create": "createDeviceAssurancePolicy",
            "list": "listDeviceAssurancePolicies",
            "get": "getDeviceAssurancePolicy",
            "replace": "replaceDeviceAssurancePolicy",
            "delete": "deleteDeviceAssurancePolicy",
        },
    )
