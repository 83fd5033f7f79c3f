"""The Google coverage table counts only real discovery methods, and counts what is served."""

from __future__ import annotations

from darkfactory.twins.google import coverage


def test_every_served_name_is_a_discovery_method_or_request_kind():
    unknown = set(coverage.implemented()) - set(coverage.operations())
    assert not unknown, f"names the discovery documents do not have: {sorted(unknown)}"


def test_drive_methods_are_counted():
    served = set(coverage.implemented())
    for name in (
        "drive.files.create",
        "drive.permissions.update",
        "drive.drives.list",
        "drive.changes.watch",
        "drive.replies.create",
        "drive.about.get",
    ):
        assert name in served
    assert sum(name.startswith("drive.") for name in served) >= 40


def test_drive_v2_and_the_oauth_endpoints_are_counted():
    listed, served = set(coverage.operations()), set(coverage.implemented())
    v2 = {name for name in listed if name.startswith("drive.v2.")}
    assert "drive.v2.files.insert" in v2 and "drive.files.insert" not in listed
    assert {"drive.v2.files.insert", "drive.v2.children.list", "drive.v2.about.get"} <= served
    assert sum(name in served for name in v2) >= 57
    oauth = {"oauth2.tokeninfo", "oauth2.userinfo.get", "oauth2.token", "oauth2.revoke"}
    assert oauth <= served
