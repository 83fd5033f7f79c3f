"""The coverage table counts only operations of Atlassian's published v3 document."""

from __future__ import annotations

from darkfactory.twins.jira import coverage


def test_every_platform_route_is_an_operation_of_the_published_spec():
    served = set(coverage.implemented())
    unlisted = sorted(op for op in served if op.startswith("Unlisted."))
    assert not unlisted, f"routes that are no v3 operation: {unlisted}"
    platform = served & set(coverage.operations())
    assert len(platform) >= 140
    assert {
        "Issues.createIssue",
        "Issue search.searchAndReconsileIssuesUsingJql",
        "Permission schemes.createPermissionGrant",
    } <= platform
    assert "Agile.createSprint" in served
