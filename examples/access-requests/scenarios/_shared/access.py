"""Check helpers for access requests, run in the sandbox beside each check's capabilities."""
# ruff: noqa: F821 (jira_issues, jira_issue and slack_messages are the sandbox's capabilities)


def tickets():
    return jira_issues("labels = access-request ORDER BY created ASC")


def decided_by(issue, verdict, email):
    return any(c["body"] == verdict + " by " + email for c in jira_issue(issue["key"])["comments"])


def approvals_posted():
    return [m for m in slack_messages("access-approvals") if "asks for" in m["text"]]
