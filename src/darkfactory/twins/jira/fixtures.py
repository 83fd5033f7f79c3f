"""The seeded Jira site: an administrator with an API token, people (the company's among them,
``kit.company``) and groups, the catalog (statuses, resolutions, priorities, issue types, link
types, custom fields), the default screens, the default permission, notification and workflow
schemes, and three projects (one restricted) with a few issues."""

from __future__ import annotations

import random
from typing import Any

from darkfactory.twins.jira import adf
from darkfactory.twins.jira.permissions.state import MEMBER_EXCLUDED, PROJECT_PERMISSIONS
from darkfactory.twins.jira.projects.state import (
    DEFAULT_ISSUE_TYPE_SCHEME,
    ROLE_ADMINISTRATORS,
    ROLE_MEMBER,
    ROLE_VIEWER,
)
from darkfactory.twins.jira.state import JiraState
from darkfactory.twins.jira.users.state import ADMIN_GROUP, USERS_GROUP
from darkfactory.twins.jira.workflows.state import DEFAULT_WORKFLOW
from darkfactory.twins.kit import company
from darkfactory.twins.kit.ids import LOWER_ALNUM
from darkfactory.twins.kit.names import FIRST, LAST

ADMIN_EMAIL = "admin@example.com"
GUEST_EMAIL = "guest@example.com"
DEFAULTS = {"users": 6}
VIEWER_PERMISSIONS = ("BROWSE_PROJECTS", "VIEW_VOTERS_AND_WATCHERS")
SUMMARIES = [
    "Set up the build pipeline",
    "Login page rejects valid passwords",
    "Write onboarding guide",
    "Upgrade the database driver",
    "Search results are slow",
    "Add dark mode",
]


def seed(state: JiraState, options: dict[str, Any]) -> None:
    sizes = {**DEFAULTS, **options}
    rng = random.Random(state.universe.seed)
    for name in (ADMIN_GROUP, USERS_GROUP, "developers"):
        state.create_group(name)
    admin = state.create_user(ADMIN_EMAIL, "Ada Admin", (ADMIN_GROUP, USERS_GROUP))
    token = "ATATT3x" + state.universe.ids.derive("jira.admin-token", 40, LOWER_ALNUM)
    state.universe.tokens.issue("jira", token, admin["accountId"], kind="api_token")
    people = [
        state.create_user(
            f"{FIRST[i % len(FIRST)].lower()}{i // len(FIRST) or ''}@example.com",
            f"{FIRST[i % len(FIRST)]} {rng.choice(LAST)}",
            (USERS_GROUP, "developers") if i % 2 == 0 else (USERS_GROUP,),
        )
        for i in range(sizes["users"])
    ]
    guest = state.create_user(GUEST_EMAIL, "Gus Guest")
    staff = [
        state.create_user(p.email, p.name, (USERS_GROUP,))
        for p in company.directory(state.universe)
    ]
    for person in [*people, guest, *staff]:
        seeded = "ATATT3x" + state.universe.ids.derive(
            f"jira.token.{person['emailAddress']}", 40, LOWER_ALNUM
        )
        state.universe.tokens.issue("jira", seeded, person["accountId"], kind="api_token")
    _catalog(state)
    _schemes(state)
    demo = state.create_project(
        "DEMO", "Demo", admin["accountId"], "A demo software project", member_groups=(USERS_GROUP,)
    )
    state.create_project(
        "OPS",
        "Operations",
        people[0]["accountId"],
        "Keeping the lights on",
        member_groups=(USERS_GROUP,),
    )
    sec = state.create_project("SEC", "Security", admin["accountId"], "Restricted to its members")
    state.set_role_actors(sec, ROLE_MEMBER, [people[0]["accountId"]], [], replace=False)
    _issues(state, demo, admin["accountId"], [p["accountId"] for p in people], rng)
    _projects(state)


def _projects(state: JiraState) -> None:
    """The company's declared projects: led by one of its people, members in the Member role,
    and the site's administrator, who made them, in the Administrators role."""
    admin = state.find_user(ADMIN_EMAIL)["accountId"]
    for project in company.collections(state.universe)["projects"]:
        lead = state.find_user(project["lead"])["accountId"]
        created = state.create_project(
            project["key"], project["name"], lead, project.get("description", "")
        )
        members = [state.find_user(e)["accountId"] for e in project.get("members", [])]
        state.set_role_actors(created, ROLE_MEMBER, members, [], replace=False)
        state.set_role_actors(created, ROLE_ADMINISTRATORS, [admin], [], replace=False)


def _catalog(state: JiraState) -> None:
    state.create_status("To Do", "new", "Work that has not been started.")
    state.create_status(
        "In Progress", "indeterminate", "This work item is being actively worked on.", "3"
    )
    state.create_status("Done", "done", "Work has been completed.")
    state.create_status("In Review", "indeterminate", "Waiting for a review.")
    for name, description in (
        ("Done", "Work has been completed on this issue."),
        ("Won't Do", "This issue won't be actioned."),
        ("Duplicate", "The problem is a duplicate of an existing issue."),
        ("Cannot Reproduce", "All attempts at reproducing this issue failed."),
    ):
        state.add_named("resolution", name, description=description)
    for name, color in (
        ("Highest", "#d04437"),
        ("High", "#f15C75"),
        ("Medium", "#f79232"),
        ("Low", "#707070"),
        ("Lowest", "#999999"),
    ):
        state.add_named("priority", name, description=f"{name} priority", statusColor=color)
    for name, description, subtask in (
        ("Epic", "A big user story that needs to be broken down.", False),
        ("Story", "Functionality or a feature expressed as a user goal.", False),
        ("Task", "A small, distinct piece of work.", False),
        ("Bug", "A problem or error.", False),
        ("Subtask", "A small piece of work that's part of a larger task.", True),
    ):
        state.add_named("issuetype", name, description=description, subtask=subtask)
    state.create_issue_type_scheme(
        "Default Issue Type Scheme",
        [t["id"] for t in state.find("issuetype")],
        description="Default issue type scheme is the list of global issue types.",
        scheme_id=DEFAULT_ISSUE_TYPE_SCHEME,
    )
    for name, inward, outward in (
        ("Blocks", "is blocked by", "blocks"),
        ("Cloners", "is cloned by", "clones"),
        ("Duplicate", "is duplicated by", "duplicates"),
        ("Relates", "relates to", "relates to"),
    ):
        link_id = state.next_id("linktype")
        state.put(
            "linktype", link_id, {"id": link_id, "name": name, "inward": inward, "outward": outward}
        )
    state.create_custom_field("Story point estimate", "float")
    state.create_custom_field("Sprint", "com.pyxis.greenhopper.jira:gh-sprint")
    severity = state.create_custom_field("Severity", "select")
    for value in ("Critical", "Major", "Minor"):
        state.add_option(severity["id"], value)
    state.create_custom_field("Customer", "textfield")
    state.seed_screens([f["id"] for f in state.find("field")])


def _schemes(state: JiraState) -> None:
    for role_id, name, description in (
        (ROLE_ADMINISTRATORS, "Administrators", "Administrators of the project"),
        (ROLE_MEMBER, "Member", "Members work on the project's issues"),
        (ROLE_VIEWER, "Viewer", "Viewers can browse the project"),
    ):
        state.put("role", role_id, {"id": role_id, "name": name, "description": description})
    grants = [
        {"holder": {"type": "projectRole", "value": ROLE_ADMINISTRATORS}, "permission": p}
        for p in PROJECT_PERMISSIONS
    ]
    grants += [
        {"holder": {"type": "projectRole", "value": ROLE_MEMBER}, "permission": p}
        for p in PROJECT_PERMISSIONS
        if p not in MEMBER_EXCLUDED
    ]
    grants += [
        {"holder": {"type": "projectRole", "value": ROLE_VIEWER}, "permission": p}
        for p in VIEWER_PERMISSIONS
    ]
    state.create_permission_scheme(
        "Default Permission Scheme", "The default permission scheme", grants, scheme_id="0"
    )
    statuses = [state.status(n)["id"] for n in ("To Do", "In Progress", "Done")]
    state.create_workflow(
        DEFAULT_WORKFLOW,
        "Generated by Jira Software",
        statuses,
        [{"name": state.status(s)["name"], "to": s, "type": "global"} for s in statuses],
    )
    state.create_workflow_scheme("Default Workflow Scheme", DEFAULT_WORKFLOW, {})
    state.seed_notification_scheme()


def _issues(
    state: JiraState, project: dict, admin: str, people: list[str], rng: random.Random
) -> None:
    types = {state.get("issuetype", t)["name"]: t for t in project["issueTypes"]}
    for number, summary in enumerate(SUMMARIES):
        kind = (
            "Bug"
            if "rejects" in summary or "slow" in summary
            else "Task"
            if number % 2
            else "Story"
        )
        issue = state.create_issue(
            admin,
            project,
            {
                "summary": summary,
                "issuetype": types[kind],
                "description": adf.from_text(f"{summary}. Details to follow."),
                "assignee": rng.choice(people),
                "labels": ["seed"] if number % 3 == 0 else [],
            },
        )
        transitions = {t["name"]: t["id"] for t in state.transitions_of(project, issue)}
        if number % 3 == 1:
            state.transition(admin, issue, transitions["In Progress"], {})
        elif number % 3 == 2:
            state.transition(admin, issue, transitions["Done"], {})
